package dev.sli.core.history;

import java.util.Arrays;
import java.util.Objects;

/**
 * The shape of a series' sealed history, which a stored history must match to be reused: the bucket
 * resolution, the retention, the width of each level's blocks and the histogram range. Immutable.
 *
 * @param resolutionMillis length of one bucket
 * @param retentionBuckets buckets retained
 * @param levelWidths buckets per block of each level; {@code levelWidths[0] == 1}
 * @param highestTrackableNanos top of the histogram range
 * @param significantDigits histogram precision
 * @param channels scalar amounts per bucket
 */
public record HistoryShape(long resolutionMillis, int retentionBuckets, long[] levelWidths, long highestTrackableNanos,
        int significantDigits, int channels, long[] thresholdsNanos) {

    public HistoryShape {
        Objects.requireNonNull(levelWidths, "levelWidths");
        if (levelWidths.length == 0 || levelWidths[0] != 1) {
            throw new IllegalArgumentException("levelWidths must start with 1, got " + Arrays.toString(levelWidths));
        }
        levelWidths = levelWidths.clone();
        thresholdsNanos = Objects.requireNonNull(thresholdsNanos, "thresholdsNanos").clone();
    }

    /** The declared thresholds (latency only), nanoseconds, copied: data counted against others must not mix in. */
    @Override
    public long[] thresholdsNanos() {
        return thresholdsNanos.clone();
    }

    /**
     * The shape of a series that keeps only per-bucket amounts (every kind but latency): one level of
     * single buckets, no histogram.
     */
    public static HistoryShape ofAmounts(long resolutionMillis, int retentionBuckets, int channels) {
        return new HistoryShape(resolutionMillis, retentionBuckets, new long[] {1}, 0, 0, channels, new long[0]);
    }

    /** The widths, copied. */
    @Override
    public long[] levelWidths() {
        return levelWidths.clone();
    }

    /** How many levels there are. */
    public int levels() {
        return levelWidths.length;
    }

    /** Buckets per block of {@code level}. */
    public long width(int level) {
        return levelWidths[level];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryShape s && s.resolutionMillis == resolutionMillis
                && s.retentionBuckets == retentionBuckets && Arrays.equals(s.levelWidths, levelWidths)
                && s.highestTrackableNanos == highestTrackableNanos && s.significantDigits == significantDigits
                && s.channels == channels && Arrays.equals(s.thresholdsNanos, thresholdsNanos);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resolutionMillis, retentionBuckets, Arrays.hashCode(levelWidths), highestTrackableNanos,
                significantDigits, channels, Arrays.hashCode(thresholdsNanos));
    }

    @Override
    public String toString() {
        return "HistoryShape[" + resolutionMillis + " ms buckets, " + retentionBuckets + " retained, levels "
                + Arrays.toString(levelWidths) + ", 1.." + highestTrackableNanos + " ns at " + significantDigits
                + " digits, " + channels + " channels"
                + (thresholdsNanos.length == 0 ? "" : ", thresholds " + Arrays.toString(thresholdsNanos) + " ns") + "]";
    }
}
