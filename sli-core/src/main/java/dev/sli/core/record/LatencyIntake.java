package dev.sli.core.record;


/** The intake of a {@link LatencySeries}: samples are {@code durationNanos << 1 | ok}. */
final class LatencyIntake extends SegmentIntake<LatencyAccumulator> {

    private final LatencySeries series;
    private final long highestTrackableNanos;
    private final int significantDigits;
    private final long[] thresholdsNanos;

    LatencyIntake(LatencySeries series, SeriesOptions options, long highestTrackableNanos, int significantDigits,
            long[] thresholdsNanos) {
        super(options);
        this.series = series;
        this.highestTrackableNanos = highestTrackableNanos;
        this.significantDigits = significantDigits;
        this.thresholdsNanos = thresholdsNanos;
    }

    static long encode(long durationNanos, boolean ok) {
        return (durationNanos << 1) | (ok ? 1L : 0L);
    }

    @Override
    LatencyAccumulator newAccumulator() {
        return new LatencyAccumulator(highestTrackableNanos, significantDigits, thresholdsNanos.length);
    }

    @Override
    void accumulate(LatencyAccumulator acc, long sample) {
        long d = sample >> 1;
        if (d > highestTrackableNanos) {
            d = highestTrackableNanos;
            acc.clamped++;
        }
        acc.histogram.recordValue(d);
        acc.ok += sample & 1;
        if (d > acc.maxNanos) {
            acc.maxNanos = d;
        }
        long[] thresholds = thresholdsNanos;
        for (int i = 0; i < thresholds.length; i++) {
            if (d <= thresholds[i]) {
                acc.atOrUnder[i]++;
            }
        }
    }

    @Override
    void merge(LatencyAccumulator target, LatencyAccumulator source) {
        target.add(source);
    }

    @Override
    void clear(LatencyAccumulator acc) {
        acc.clear();
    }

    @Override
    void onSealed(long bucket, LatencyAccumulator acc) {
        series.history().seal(bucket, acc);
    }

    @Override
    void onCheckpointBegin() {
        series.history().checkpointBegin();
    }

    @Override
    void onCheckpoint(long bucket, LatencyAccumulator acc) {
        series.history().checkpoint(bucket, acc);
    }

    @Override
    void onCheckpointEnd() {
        series.history().checkpointEnd();
    }

    @Override
    void onAdvanced(long endBucket) {
        LatencyHistory history = series.history();
        history.advanceTo(endBucket);
        publishBounds(history.oldestAcceptedBucket(), history.frontier());
    }
}
