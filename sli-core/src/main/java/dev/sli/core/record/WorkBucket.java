package dev.sli.core.record;

import org.HdrHistogram.Histogram;

/**
 * The work finished or abandoned within one bucket: counts, completions within each threshold and a
 * completion-time histogram in milliseconds. A reused, mutable buffer owned by one {@link WorkTracker}: not
 * thread-safe, and only valid while a {@link WorkSink} call that received it is running.
 *
 * <p>Only successful finishes ({@code ok}) are completions: they go into {@link #completed()}, the threshold
 * counts and the histogram. An SLI such as "80 % done within 1 h" is then
 * {@code completedWithin(i) / (completed() + failed() + abandoned())}, or {@code / completed()} if failures and
 * abandonments are judged elsewhere.
 */
final class WorkBucket {

    /** Histogram range: 1 ms to 30 days, 3 significant digits. */
    static final long HISTOGRAM_LOWEST_MILLIS = 1;
    static final long HISTOGRAM_HIGHEST_MILLIS = 30L * 24 * 60 * 60 * 1000;
    static final int HISTOGRAM_DIGITS = 3;

    private final long[] thresholdMillis;
    private final long[] completedWithin;
    private final Histogram completionTimes =
            new Histogram(HISTOGRAM_LOWEST_MILLIS, HISTOGRAM_HIGHEST_MILLIS, HISTOGRAM_DIGITS);
    private long bucket;
    private long completed;
    private long failed;
    private long abandoned;
    private long clamped;

    WorkBucket(long[] thresholdMillis) {
        this.thresholdMillis = thresholdMillis.clone();
        this.completedWithin = new long[thresholdMillis.length];
    }

    /** The bucket index, {@code floorDiv(epochMillis, resolutionMillis)}. */
    long bucket() {
        return bucket;
    }

    /** Items that finished ok in this bucket. */
    long completed() {
        return completed;
    }

    /** Items that finished not ok in this bucket. */
    long failed() {
        return failed;
    }

    /** Items whose age passed the abandon limit in this bucket. */
    long abandoned() {
        return abandoned;
    }

    /** Completions longer than 30 days, recorded in the histogram at 30 days. */
    long clamped() {
        return clamped;
    }

    /** How many thresholds there are. */
    int thresholdCount() {
        return thresholdMillis.length;
    }

    /** Threshold {@code i} in milliseconds; thresholds ascend with {@code i}. */
    long thresholdMillis(int i) {
        return thresholdMillis[i];
    }

    /** Completions that took at most threshold {@code i} ({@code finish - start <= threshold}); exact. */
    long completedWithin(int i) {
        return completedWithin[i];
    }

    /**
     * The completion times (ms) of this bucket's completions: the live histogram, reset after the sink call,
     * so {@code copy()} or {@code add} it to keep it.
     */
    Histogram completionTimes() {
        return completionTimes;
    }

    /** Whether nothing was finished or abandoned in this bucket. */
    boolean isEmpty() {
        return completed == 0 && failed == 0 && abandoned == 0;
    }

    void reset(long bucket) {
        this.bucket = bucket;
        if (completed != 0) {
            completionTimes.reset();
            java.util.Arrays.fill(completedWithin, 0);
        }
        completed = 0;
        failed = 0;
        abandoned = 0;
        clamped = 0;
    }

    /** Records one ok completion; returns whether it was clamped into the histogram's range. */
    boolean recordCompletion(long durationMillis) {
        completed++;
        for (int i = 0; i < thresholdMillis.length; i++) {
            if (durationMillis <= thresholdMillis[i]) {
                completedWithin[i]++;
            }
        }
        boolean clamp = durationMillis > HISTOGRAM_HIGHEST_MILLIS;
        completionTimes.recordValue(clamp ? HISTOGRAM_HIGHEST_MILLIS : durationMillis);
        if (clamp) {
            clamped++;
        }
        return clamp;
    }

    /**
     * Puts back what a checkpoint held for bucket {@code bucket}: the counts in {@code amounts} (laid out as
     * {@link WorkSeries} seals them: completed, failed, abandoned, clamped, then one per threshold) and the
     * completion times {@code times} (null: none).
     */
    void restore(long bucket, long[] amounts, Histogram times) {
        reset(bucket);
        completed = amounts[WorkSeries.COMPLETED];
        failed = amounts[WorkSeries.FAILED];
        abandoned = amounts[WorkSeries.ABANDONED];
        clamped = amounts[WorkSeries.CLAMPED];
        for (int i = 0; i < completedWithin.length; i++) {
            completedWithin[i] = amounts[WorkSeries.FIRST_THRESHOLD + i];
        }
        completionTimes.reset();
        if (times != null) {
            completionTimes.add(times);
        }
    }

    void recordFailure() {
        failed++;
    }

    void recordAbandoned() {
        abandoned++;
    }
}
