package dev.sli.core.record;

import org.HdrHistogram.Histogram;

/** What one bucket of a latency series gathers before it is sealed; guarded by the intake's locks. */
final class LatencyAccumulator {
    final Histogram histogram;
    long ok;
    long clamped;
    long maxNanos;
    final long[] atOrUnder;

    LatencyAccumulator(long highestTrackableNanos, int significantDigits, int thresholds) {
        this.histogram = new Histogram(1, highestTrackableNanos, significantDigits);
        this.atOrUnder = new long[thresholds];
    }

    void add(LatencyAccumulator other) {
        histogram.add(other.histogram);
        ok += other.ok;
        clamped += other.clamped;
        maxNanos = Math.max(maxNanos, other.maxNanos);
        for (int i = 0; i < atOrUnder.length; i++) {
            atOrUnder[i] += other.atOrUnder[i];
        }
    }

    void clear() {
        histogram.reset();
        ok = 0;
        clamped = 0;
        maxNanos = 0;
        java.util.Arrays.fill(atOrUnder, 0);
    }
}
