package dev.sli.core.record;

import dev.sli.core.slo.Coverage;
import dev.sli.core.window.WindowSpan;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a {@link LatencySeries} held over one window: request count, successes, clamped durations, the
 * exact maximum, and the window's histogram, so that it answers any quantile and the count at or under
 * any duration. Counts at or under a {@linkplain LatencySeries.Builder#thresholds declared threshold} are
 * exact; any other duration is answered from the histogram, exactly for the top of that duration's
 * histogram bucket ({@link #countedUpToNanos}), which is within the series' precision of it
 * ({@link #isExact} says which). Immutable and safe to hand to another thread. With no requests in the
 * window, {@link #count()} is 0 and the maximum and quantiles are empty, never 0.
 */
public final class LatencySnapshot {

    private final String series;
    private final WindowSpan span;
    private final Coverage coverage;
    private final long count;
    private final long okCount;
    private final long clampedCount;
    private final WindowHistogram histogram;
    private final HistogramLayout layout;
    private final double[] quantiles;
    private final long[] quantileNanos;
    private final long[] thresholdsNanos;
    private final long[] atOrUnder;
    private final Map<Rejection, Long> rejections;

    LatencySnapshot(String series, WindowSpan span, Coverage coverage, long count, long okCount, long clampedCount,
            WindowHistogram histogram, HistogramLayout layout, double[] quantiles, long[] thresholdsNanos,
            long[] atOrUnder, Map<Rejection, Long> rejections) {
        if (histogram.total() != count) {
            throw new IllegalStateException("histogram holds " + histogram.total() + " requests, counters " + count);
        }
        this.series = series;
        this.span = span;
        this.coverage = coverage;
        this.count = count;
        this.okCount = okCount;
        this.clampedCount = clampedCount;
        this.histogram = histogram;
        this.layout = layout;
        this.quantiles = quantiles.clone();
        this.quantileNanos = new long[quantiles.length];
        if (count > 0) {
            for (int i = 0; i < quantiles.length; i++) {
                quantileNanos[i] = histogram.valueAtQuantile(quantiles[i]);
            }
        }
        this.thresholdsNanos = thresholdsNanos.clone();
        this.atOrUnder = atOrUnder.clone();
        this.rejections = Collections.unmodifiableMap(new EnumMap<>(rejections));
    }

    /** The series this snapshot is of. */
    public String series() {
        return series;
    }

    /** The window covered. */
    public WindowSpan span() {
        return span;
    }

    /** How much of the window holds data: from the first to the last bucket with requests. */
    public Coverage coverage() {
        return coverage;
    }

    /** Requests recorded in the window. */
    public long count() {
        return count;
    }

    /** Requests recorded as successful. */
    public long okCount() {
        return okCount;
    }

    /** Requests whose duration was above the trackable range and was clamped to its top. */
    public long clampedCount() {
        return clampedCount;
    }

    /** The largest duration in the window, exactly, in nanoseconds; empty without requests. */
    public OptionalLong maxNanos() {
        return count == 0 ? OptionalLong.empty() : OptionalLong.of(histogram.maxNanos());
    }

    /** The success fraction in [0, 1]; empty without requests. */
    public OptionalDouble successRate() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) okCount / count);
    }

    /**
     * The duration at quantile {@code q} in nanoseconds: the smallest recorded duration that at least
     * {@code ceil(q × count)} requests did not exceed, reported as the top of its histogram bucket (within
     * the series' precision: 0.1 % at 3 significant digits) but never above the exact maximum; empty
     * without requests. Any quantile may be asked; those passed to the query were computed up front.
     *
     * @throws IllegalArgumentException if {@code q} is not in [0, 1]
     */
    public OptionalLong quantileNanos(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        if (count == 0) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < quantiles.length; i++) {
            if (Double.compare(quantiles[i], q) == 0) {
                return OptionalLong.of(quantileNanos[i]);
            }
        }
        return OptionalLong.of(histogram.valueAtQuantile(q));
    }

    /**
     * Requests at or under {@code thresholdNanos}: exactly, for a threshold declared on the series;
     * otherwise the exact count of requests at or under {@link #countedUpToNanos(long)
     * countedUpToNanos(thresholdNanos)}, the top of the threshold's histogram bucket.
     */
    public long atOrUnder(long thresholdNanos) {
        int i = Arrays.binarySearch(thresholdsNanos, thresholdNanos);
        return i >= 0 ? atOrUnder[i] : histogram.atOrUnder(thresholdNanos);
    }

    /** Whether {@link #atOrUnder} is exact for {@code thresholdNanos} (it was declared on the series). */
    public boolean isExact(long thresholdNanos) {
        return Arrays.binarySearch(thresholdsNanos, thresholdNanos) >= 0;
    }

    /**
     * The duration up to which {@link #atOrUnder(long) atOrUnder(thresholdNanos)} counts: the threshold
     * itself when {@linkplain #isExact exact}, else the top of its histogram bucket, at most
     * {@code thresholdNanos × (1 + 10^-digits)} (about 1 ms above 2 s at 3 significant digits).
     */
    public long countedUpToNanos(long thresholdNanos) {
        return isExact(thresholdNanos) ? thresholdNanos : WindowHistogram.countedUpToNanos(layout, thresholdNanos);
    }

    /** {@link #atOrUnder} as a fraction of the requests, in [0, 1]; empty without requests. */
    public OptionalDouble fractionAtOrUnder(long thresholdNanos) {
        long n = atOrUnder(thresholdNanos);
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) n / count);
    }

    /** Lifetime counts of rejected samples of the series, by reason, when the snapshot was taken. */
    public Map<Rejection, Long> rejections() {
        return rejections;
    }

    @Override
    public String toString() {
        return "LatencySnapshot[" + series + " " + span + " count=" + count + " ok=" + okCount + " max="
                + maxNanos() + " quantiles=" + Arrays.toString(quantiles) + "→" + Arrays.toString(quantileNanos) + "]";
    }
}
