package dev.sli.core.record;

import dev.sli.core.window.BucketGrid;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns black-box check results {@code (epochMillis, up, latencyNanos)} into per-bucket up and down time in
 * milliseconds and up/down check counts: a result classifies the time from its timestamp until the next result
 * or until the staleness limit after it, whichever comes first; time beyond is unknown. Not thread-safe: the
 * caller serialises all calls; recording allocates nothing.
 *
 * <h2>Staleness</h2>
 * Built {@link #forCheckInterval for a check interval}, the staleness limit is twice that interval: one missed
 * or late check leaves no gap, two in a row make the time after the last result's limit unknown. A limit can
 * also be given {@link #withStaleness directly}.
 *
 * <h2>Time</h2>
 * As in {@link ReadinessGroupIntegrator} does for each workload: all time before the <em>frontier</em> is decided; results and
 * {@link #advanceTo} move it forward; a bucket is handed once to the {@link ProbeSink} as soon as the frontier
 * reaches its end, unless it holds no up or down time and no checks (then it is wholly unknown).
 *
 * <h2>Checks and bad input</h2>
 * Each accepted result with a new timestamp counts one up or down check in the open bucket (the bucket of its
 * timestamp, or of the frontier if it is late). Never throws on results; each rejected result is counted under
 * exactly one reason, checked in this order: timestamp outside {@code ±}{@value #MAX_ABS_EPOCH_MILLIS} ms,
 * negative latency, timestamp before the last accepted result's (out of order). A rejected result leaves the
 * previous one in force. A result with the same timestamp as the last accepted one replaces its classification
 * from then on and is not a further check; if its check is still in the open bucket, that check is re-counted
 * with the new classification, otherwise the sealed bucket keeps it. A result before the frontier that is not
 * out of order takes effect from the frontier, its staleness still running from its own timestamp.
 */
final class ProbeIntegrator extends BucketAccrual {



    private final long stalenessMillis;
    private final ProbeSink sink;

    private long upMs;
    private long downMs;
    private long upChecks;
    private long downChecks;

    private boolean hasResult;
    private long resultMillis;
    private long expiryMillis;
    private boolean up;
    /** The bucket the last accepted result's check was counted in. */
    private long checkBucket;

    private long accepted;
    private long rejectedOutOfRange;
    private long rejectedNegativeLatency;
    private long rejectedOutOfOrder;
    private long duplicates;
    private long late;

    private ProbeIntegrator(BucketGrid grid, long stalenessMillis, ProbeSink sink) {
        super(grid);
        this.stalenessMillis = stalenessMillis;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * An integrator for a check that runs every {@code checkInterval}; results go stale after twice that.
     *
     * @throws IllegalArgumentException unless {@code checkInterval} is a whole number of milliseconds between
     *     1 ms and 182.5 days
     */
    static ProbeIntegrator forCheckInterval(BucketGrid grid, Duration checkInterval, ProbeSink sink) {
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (checkInterval.isNegative() || checkInterval.isZero()
                || checkInterval.multipliedBy(2).compareTo(MAX_STALENESS) > 0
                || !Duration.ofMillis(checkInterval.toMillis()).equals(checkInterval)) {
            throw new IllegalArgumentException("checkInterval must be a whole number of milliseconds between 1ms"
                    + " and 182.5d, got " + checkInterval);
        }
        return new ProbeIntegrator(grid, 2 * checkInterval.toMillis(), sink);
    }

    /**
     * An integrator whose results go stale {@code staleness} after their timestamp.
     *
     * @throws IllegalArgumentException unless {@code staleness} is a whole number of milliseconds between
     *     1 ms and 365 days
     */
    static ProbeIntegrator withStaleness(BucketGrid grid, Duration staleness, ProbeSink sink) {
        return new ProbeIntegrator(grid, checkedStalenessMillis(staleness), sink);
    }

    /**
     * Records a check result at {@code epochMillis}; {@code latencyNanos} is validated (not negative) but not
     * kept. Completes every bucket that ends at or before {@code epochMillis}.
     */
    void result(long epochMillis, boolean up, long latencyNanos) {
        if (epochMillis > MAX_ABS_EPOCH_MILLIS || epochMillis < -MAX_ABS_EPOCH_MILLIS) {
            rejectedOutOfRange++;
            return;
        }
        if (latencyNanos < 0) {
            rejectedNegativeLatency++;
            return;
        }
        if (hasResult && epochMillis < resultMillis) {
            rejectedOutOfOrder++;
            return;
        }
        if (!started) {
            start(epochMillis);
        }
        boolean duplicate = hasResult && epochMillis == resultMillis;
        if (epochMillis > frontier) {
            accrueTo(epochMillis);
        } else if (epochMillis < frontier) {
            late++;
        }
        if (duplicate) {
            duplicates++;
            if (checkBucket == openBucket) {
                uncount(this.up);
                count(up);
            }
        } else {
            count(up);
            checkBucket = openBucket;
        }
        hasResult = true;
        resultMillis = epochMillis;
        expiryMillis = epochMillis + stalenessMillis;
        this.up = up;
        accepted++;
    }

    private void count(boolean up) {
        if (up) {
            upChecks++;
        } else {
            downChecks++;
        }
    }

    private void uncount(boolean up) {
        if (up) {
            upChecks--;
        } else {
            downChecks--;
        }
    }

    /**
     * Hands the in-progress bucket (the one containing the frontier), as accrued up to the frontier, to
     * {@code reader} without completing it.
     *
     * @return false, and calls nothing, if no result or {@link #advanceTo} has been seen yet
     */
    boolean peekOpen(ProbeSink reader) {
        if (!started) {
            return false;
        }
        reader.bucket(openBucket, upMs, downMs, upChecks, downChecks);
        return true;
    }

    @Override
    void clearOpen() {
        upMs = 0;
        downMs = 0;
        upChecks = 0;
        downChecks = 0;
    }

    @Override
    void openAmounts(long[] out) {
        out[0] = upMs;
        out[1] = downMs;
        out[2] = upChecks;
        out[3] = downChecks;
    }

    @Override
    void restoreOpenAmounts(long[] in) {
        upMs = in[0];
        downMs = in[1];
        upChecks = in[2];
        downChecks = in[3];
    }

    @Override
    void writeInForce(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeBoolean(hasResult);
        out.writeLong(resultMillis);
        out.writeLong(expiryMillis);
        out.writeBoolean(up);
        out.writeLong(checkBucket);
    }

    @Override
    void readInForce(java.io.DataInputStream in) throws java.io.IOException {
        boolean has = in.readBoolean(); // read whole before anything changes
        long at = in.readLong();
        long expiry = in.readLong();
        boolean wasUp = in.readBoolean();
        long check = in.readLong();
        hasResult = has;
        resultMillis = at;
        expiryMillis = expiry;
        up = wasUp;
        checkBucket = check;
    }

    /** Accrues the result in force, if any, from the frontier up to {@code limit} or its staleness limit. */
    @Override
    long accrueStretch(long limit) {
        if (!hasResult || frontier >= expiryMillis) {
            return NOTHING_IN_FORCE;
        }
        long end = Math.min(limit, expiryMillis);
        if (up) {
            upMs += end - frontier;
        } else {
            downMs += end - frontier;
        }
        return end;
    }

    /** Hands the open bucket to the sink if it holds any time or check. */
    @Override
    void handOver(long bucket) {
        if ((upMs | downMs | upChecks | downChecks) != 0) {
            sink.bucket(bucket, upMs, downMs, upChecks, downChecks);
        }
    }

    /** The staleness limit in milliseconds. */
    long stalenessMillis() {
        return stalenessMillis;
    }

    /** The grid the amounts are bucketed on. */
    BucketGrid grid() {
        return grid;
    }

    /** Results accepted (including duplicates and late results). */
    long acceptedResults() {
        return accepted;
    }

    /** Results rejected because their timestamp was before the last accepted result's. */
    long rejectedOutOfOrder() {
        return rejectedOutOfOrder;
    }

    /** Results rejected because their latency was negative. */
    long rejectedNegativeLatency() {
        return rejectedNegativeLatency;
    }

    /** Results rejected because their timestamp was further than {@value #MAX_ABS_EPOCH_MILLIS} ms from the epoch. */
    long rejectedOutOfRange() {
        return rejectedOutOfRange;
    }

    /** Accepted results whose timestamp equalled the previous accepted result's, replacing its classification. */
    long duplicateResults() {
        return duplicates;
    }

    /** Accepted results timestamped before the frontier, which took effect only from the frontier. */
    long lateResults() {
        return late;
    }
}
