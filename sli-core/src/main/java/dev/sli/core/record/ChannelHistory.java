package dev.sli.core.record;

import java.util.Arrays;

/**
 * Sealed per-bucket scalar amounts ("channels": event counts, milliseconds, slices) of one series, kept
 * as running prefix sums in a ring, so that the sum of a channel over any span of retained buckets costs
 * two array reads whatever the span's length.
 *
 * <p>Layout: row {@code b mod rows} holds, for each channel, the sum over every bucket from the first
 * one ever appended up to and including bucket {@code b}; {@code rows} is the power of two above
 * {@code capacity}, which leaves at least one row for the prefix just before the oldest retained bucket. Not thread-safe: the owning series guards it.
 */
final class ChannelHistory {

    private final int channels;
    private final int capacity;
    private final int rows;
    private final int rowMask;
    private final long[] prefix;
    /** First bucket not yet sealed; {@link Long#MIN_VALUE} before the first append. */
    private long frontier = Long.MIN_VALUE;
    /** The first bucket ever appended. */
    private long origin;

    ChannelHistory(int channels, int capacityBuckets) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1, got " + channels);
        }
        if (capacityBuckets < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 bucket, got " + capacityBuckets);
        }
        this.channels = channels;
        this.capacity = capacityBuckets;
        // a power of two, so that a bucket's row is a mask, not a division
        this.rows = Integer.highestOneBit(capacityBuckets) << 1;
        this.rowMask = rows - 1;
        this.prefix = new long[Math.multiplyExact(rows, channels)];
    }

    int channels() {
        return channels;
    }

    /** Whether any bucket has been sealed. */
    boolean isEmpty() {
        return frontier == Long.MIN_VALUE;
    }

    /** The first bucket not yet sealed ({@link Long#MIN_VALUE} when empty). */
    long frontier() {
        return frontier;
    }

    /** The oldest bucket whose amounts are still retained (buckets before the first append count as empty). */
    long oldestRetained() {
        return isEmpty() ? Long.MIN_VALUE : frontier - capacity;
    }

    private int row(long bucket) {
        return ((int) bucket & rowMask) * channels;
    }

    /**
     * Seals {@code bucket} with {@code values} (one per channel); buckets skipped since the frontier are
     * sealed empty.
     *
     * @throws IllegalArgumentException if {@code bucket} is before the frontier (use {@link #addLate})
     */
    void append(long bucket, long[] values) {
        if (values.length != channels) {
            throw new IllegalArgumentException("expected " + channels + " values, got " + values.length);
        }
        if (isEmpty()) {
            origin = bucket;
            frontier = bucket;
            System.arraycopy(values, 0, prefix, row(bucket), channels);
            frontier = bucket + 1;
            return;
        }
        if (bucket < frontier) {
            throw new IllegalArgumentException("bucket " + bucket + " is already sealed (frontier " + frontier + ")");
        }
        int last = row(frontier - 1);
        long gapStart = Math.max(frontier, bucket - capacity);
        for (long b = gapStart; b < bucket; b++) {
            System.arraycopy(prefix, last, prefix, row(b), channels);
        }
        int target = row(bucket);
        for (int c = 0; c < channels; c++) {
            prefix[target + c] = prefix[last + c] + values[c];
        }
        frontier = bucket + 1;
    }

    /** Seals every bucket before {@code endBucket} that is not sealed yet as empty. */
    void advanceTo(long endBucket) {
        if (!isEmpty() && endBucket > frontier) {
            int last = row(frontier - 1);
            for (long b = Math.max(frontier, endBucket - capacity); b < endBucket; b++) {
                System.arraycopy(prefix, last, prefix, row(b), channels);
            }
            frontier = endBucket;
        }
    }

    /**
     * Adds {@code delta} to an already sealed, still retained {@code bucket} (late data). Costs one row
     * update per bucket from {@code bucket} to the frontier.
     *
     * @return false if the bucket is no longer retained (or not sealed yet), in which case nothing changed
     */
    boolean addLate(long bucket, long[] delta) {
        if (isEmpty() || bucket >= frontier || bucket < oldestRetained()) {
            return false;
        }
        if (bucket < origin) {
            for (long b = bucket; b < origin; b++) {
                Arrays.fill(prefix, row(b), row(b) + channels, 0L);
            }
            origin = bucket;
        }
        for (long b = bucket; b < frontier; b++) {
            int r = row(b);
            for (int c = 0; c < channels; c++) {
                prefix[r + c] += delta[c];
            }
        }
        return true;
    }

    /** The prefix of {@code channel} through {@code bucket}, for a bucket in [oldestRetained − 1, frontier). */
    private long prefixThrough(int channel, long bucket) {
        if (bucket < origin) {
            return 0;
        }
        return prefix[row(bucket) + channel];
    }

    /**
     * The sum of {@code channel} over buckets {@code [fromBucket, toBucket)}, clipped to the retained,
     * sealed buckets.
     */
    long sum(int channel, long fromBucket, long toBucket) {
        if (isEmpty()) {
            return 0;
        }
        long from = Math.max(fromBucket, oldestRetained());
        long to = Math.min(toBucket, frontier);
        if (to <= from) {
            return 0;
        }
        return prefixThrough(channel, to - 1) - prefixThrough(channel, from - 1);
    }

    /** Sums every channel over {@code [fromBucket, toBucket)} into {@code out}. */
    void sums(long fromBucket, long toBucket, long[] out) {
        for (int c = 0; c < channels; c++) {
            out[c] = sum(c, fromBucket, toBucket);
        }
    }

    /** The amounts of one sealed bucket (zeros if not retained). */
    void bucket(long bucket, long[] out) {
        sums(bucket, bucket + 1, out);
    }

    @Override
    public String toString() {
        return "ChannelHistory[channels=" + channels + ", capacity=" + capacity + ", frontier=" + frontier
                + ", origin=" + origin + ", last=" + (isEmpty() ? "[]" : Arrays.toString(
                        Arrays.copyOfRange(prefix, row(frontier - 1), row(frontier - 1) + channels))) + "]";
    }

    /**
     * The first bucket in {@code [fromBucket, toBucket)}, clipped to the retained, sealed buckets, whose own
     * amount in {@code channel} is not zero; {@link Long#MIN_VALUE} if none. A binary search over the prefix
     * sums, which never decrease because amounts are not negative.
     */
    long firstNonZero(int channel, long fromBucket, long toBucket) {
        if (isEmpty()) {
            return Long.MIN_VALUE;
        }
        long from = Math.max(fromBucket, oldestRetained());
        long to = Math.min(toBucket, frontier);
        if (to <= from) {
            return Long.MIN_VALUE;
        }
        long base = prefixThrough(channel, from - 1);
        if (prefixThrough(channel, to - 1) == base) {
            return Long.MIN_VALUE;
        }
        long lo = from;
        long hi = to - 1; // the prefix through hi is above base
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (prefixThrough(channel, mid) > base) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The last bucket in {@code [fromBucket, toBucket)}, clipped to the retained, sealed buckets, whose own
     * amount in {@code channel} is not zero; {@link Long#MIN_VALUE} if none. A binary search over the prefix
     * sums.
     */
    long lastNonZero(int channel, long fromBucket, long toBucket) {
        if (isEmpty()) {
            return Long.MIN_VALUE;
        }
        long from = Math.max(fromBucket, oldestRetained());
        long to = Math.min(toBucket, frontier);
        if (to <= from) {
            return Long.MIN_VALUE;
        }
        long top = prefixThrough(channel, to - 1);
        if (prefixThrough(channel, from - 1) == top) {
            return Long.MIN_VALUE;
        }
        long lo = from;
        long hi = to - 1; // the first bucket whose prefix reaches top is the last with an amount
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (prefixThrough(channel, mid) == top) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
