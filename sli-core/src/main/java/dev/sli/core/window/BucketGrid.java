package dev.sli.core.window;

import java.time.Duration;
import java.util.Objects;

/**
 * The fixed, epoch-aligned grid that time is cut into: bucket {@code n} covers
 * {@code [n * resolutionMillis, (n + 1) * resolutionMillis)} in epoch milliseconds, so the same instant
 * falls in the same bucket in every process and after every restart. Immutable and thread-safe.
 */
public final class BucketGrid {

    /** One-minute buckets, the default resolution. */
    public static final BucketGrid DEFAULT = new BucketGrid(60_000L);

    /** The most buckets a series keeps: 2<sup>24</sup>, the cap of every retention. */
    public static final long MAX_RETENTION_BUCKETS = 1L << 24;

    private final long resolutionMillis;

    private BucketGrid(long resolutionMillis) {
        this.resolutionMillis = resolutionMillis;
    }

    /**
     * A grid of {@code resolution}-long buckets.
     *
     * @throws IllegalArgumentException unless the resolution is a whole number of milliseconds between
     *     1 s and 1 day that divides a day evenly (so that buckets never straddle midnight UTC)
     */
    public static BucketGrid of(Duration resolution) {
        Objects.requireNonNull(resolution, "resolution");
        long millis;
        try {
            millis = resolution.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("resolution " + resolution + " is out of range", e);
        }
        if (!Duration.ofMillis(millis).equals(resolution)) {
            throw new IllegalArgumentException("resolution must be a whole number of milliseconds, got " + resolution);
        }
        if (millis < 1000 || millis > 86_400_000L || 86_400_000L % millis != 0) {
            throw new IllegalArgumentException(
                    "resolution must be between 1s and 1d and divide a day evenly, got " + resolution);
        }
        return millis == DEFAULT.resolutionMillis ? DEFAULT : new BucketGrid(millis);
    }

    /** The length of one bucket in milliseconds. */
    public long resolutionMillis() {
        return resolutionMillis;
    }

    /** The length of one bucket. */
    public Duration resolution() {
        return Duration.ofMillis(resolutionMillis);
    }

    /** The bucket that contains {@code epochMillis}; negative before 1970. */
    public long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, resolutionMillis);
    }

    /**
     * The first millisecond of {@code bucket}, saturated to {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE}
     * for a bucket whose start is not a {@code long} (the first bucket of the range starts before
     * {@code Long.MIN_VALUE}), so that no caller sees an overflowed, wrapped-around instant.
     */
    public long startMillis(long bucket) {
        long high = Math.multiplyHigh(bucket, resolutionMillis);
        long low = bucket * resolutionMillis;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low;
        }
        return bucket < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    /** {@code epochMillis} rounded down to a bucket boundary. */
    public long alignDown(long epochMillis) {
        return startMillis(bucketOf(epochMillis));
    }

    /** Whether {@code epochMillis} lies on a bucket boundary. */
    public boolean isAligned(long epochMillis) {
        return Math.floorMod(epochMillis, resolutionMillis) == 0;
    }

    /**
     * How many buckets {@code length} spans.
     *
     * @throws IllegalArgumentException if {@code length} is not a positive whole number of buckets
     */
    public long bucketsIn(Duration length) {
        Objects.requireNonNull(length, "length");
        long millis;
        try {
            millis = length.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("length " + length + " is out of range: not a number of milliseconds"
                    + " that fits in a long", e);
        }
        if (millis <= 0 || millis % resolutionMillis != 0 || !Duration.ofMillis(millis).equals(length)) {
            throw new IllegalArgumentException("window length " + length
                    + " is not a positive whole number of " + resolution() + " buckets");
        }
        return millis / resolutionMillis;
    }

    /**
     * The longest retention a series on this grid can keep: {@value #MAX_RETENTION_BUCKETS} buckets
     * (about 31.9 years of one-minute buckets).
     */
    public Duration maxRetention() {
        return Duration.ofMillis(MAX_RETENTION_BUCKETS * resolutionMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BucketGrid && ((BucketGrid) o).resolutionMillis == resolutionMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(resolutionMillis);
    }

    @Override
    public String toString() {
        return "BucketGrid[" + resolution() + "]";
    }
}
