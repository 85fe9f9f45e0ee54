package dev.sli.core.record;

import dev.sli.core.window.WindowSpan;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a {@link LatencySeries} held over one window: request count, successes, clamped durations, the
 * exact maximum, the requested quantiles and the exact counts at or under each declared threshold.
 * Immutable and safe to hand to another thread. With no requests in the window, {@link #count()} is 0
 * and the maximum and quantiles are empty, never 0.
 */
public final class LatencySnapshot {

    private final String series;
    private final WindowSpan span;
    private final long count;
    private final long okCount;
    private final long clampedCount;
    private final long maxNanos;
    private final double[] quantiles;
    private final long[] quantileNanos;
    private final long[] thresholdsNanos;
    private final long[] atOrUnder;
    private final Map<Rejection, Long> rejections;

    LatencySnapshot(String series, WindowSpan span, long count, long okCount, long clampedCount, long maxNanos,
            double[] quantiles, long[] quantileNanos, long[] thresholdsNanos, long[] atOrUnder,
            Map<Rejection, Long> rejections) {
        this.series = series;
        this.span = span;
        this.count = count;
        this.okCount = okCount;
        this.clampedCount = clampedCount;
        this.maxNanos = maxNanos;
        this.quantiles = quantiles.clone();
        this.quantileNanos = quantileNanos.clone();
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
        return count == 0 ? OptionalLong.empty() : OptionalLong.of(maxNanos);
    }

    /** The success fraction in [0, 1]; empty without requests. */
    public OptionalDouble successRate() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) okCount / count);
    }

    /**
     * The duration at quantile {@code q} (one of those requested) in nanoseconds: the smallest recorded
     * duration that at least {@code ceil(q * count)} requests did not exceed, at histogram precision;
     * empty without requests.
     *
     * @throws IllegalArgumentException if {@code q} was not requested
     */
    public OptionalLong quantileNanos(double q) {
        for (int i = 0; i < quantiles.length; i++) {
            if (Double.compare(quantiles[i], q) == 0) {
                return count == 0 ? OptionalLong.empty() : OptionalLong.of(quantileNanos[i]);
            }
        }
        throw new IllegalArgumentException("quantile " + q + " was not requested; requested: "
                + Arrays.toString(quantiles));
    }

    /**
     * Requests at or under the declared threshold {@code thresholdNanos}, exactly.
     *
     * @throws IllegalArgumentException if the threshold was not declared on the series
     */
    public long atOrUnder(long thresholdNanos) {
        int i = Arrays.binarySearch(thresholdsNanos, thresholdNanos);
        if (i < 0) {
            throw new IllegalArgumentException("threshold " + thresholdNanos + " ns was not declared; declared: "
                    + Arrays.toString(thresholdsNanos));
        }
        return atOrUnder[i];
    }

    /** The fraction of requests at or under the declared threshold, in [0, 1]; empty without requests. */
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
