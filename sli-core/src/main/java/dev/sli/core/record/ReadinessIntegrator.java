package dev.sli.core.record;

import dev.sli.core.window.BucketGrid;
import java.time.Duration;
import java.util.Objects;

/**
 * Integrates one workload's readiness gauge {@code (epochMillis, desired, ready)} over time into per-bucket
 * amounts in milliseconds and replica-milliseconds, with Prometheus lookback semantics: a sample holds from
 * its timestamp until the next sample or until the staleness limit after it, whichever comes first, and time
 * beyond that is unknown (not observed). Not thread-safe: the caller serialises all calls; recording
 * allocates nothing.
 *
 * <h2>What a bucket gets</h2>
 * For every stretch of {@code ms} milliseconds in force with values {@code (desired, ready)}, split exactly at
 * bucket boundaries:
 * <ul>
 *   <li>observed ms {@code += ms};
 *   <li>fully-ready ms {@code += ms} when {@code ready >= desired}: a rollout surge ({@code ready > desired})
 *       and a workload scaled to zero ({@code desired == 0}) count as fully ready;
 *   <li>ready-replica ms {@code += min(ready, desired) * ms}: surge replicas do <em>not</em> count, so replica
 *       availability ({@code readyReplicaMs / desiredReplicaMs}) never exceeds 100 %;
 *   <li>desired-replica ms {@code += desired * ms}.
 * </ul>
 *
 * <h2>Lookback</h2>
 * A sample at {@code ts} is in force over {@code [ts, min(next, ts + staleness))}: exactly the instants at which a
 * Prometheus 2.x instant lookup (newest sample with {@code t - 5m <= ts <= t}) sees it, up to the single instant
 * {@code ts + staleness}, which has no length. This is time, not evaluation steps: an 8-minute gap in 1-minute
 * scrapes leaves 4 minutes unknown, where a 1-minute PromQL subquery finds 3 steps without data.
 *
 * <h2>Time</h2>
 * The integrator keeps a <em>frontier</em>: all time before it is decided. Samples and {@link #advanceTo}
 * move it forward; a bucket is complete, and handed once to the {@link ReadinessSink}, as soon as the
 * frontier reaches its end (also when staleness has already ended accrual inside it). Buckets without any
 * observed time are not handed over: a bucket before the frontier that the sink never saw is wholly unknown.
 *
 * <h2>Bad and awkward input</h2>
 * Never throws on samples; each rejected sample is counted under exactly one reason, checked in this order:
 * timestamp outside {@code ±}{@value #MAX_ABS_EPOCH_MILLIS} ms ({@link #rejectedOutOfRange()}), negative
 * desired or ready ({@link #rejectedNegative()}), timestamp before the last accepted sample's
 * ({@link #rejectedOutOfOrder()}, as Prometheus drops them). A rejected sample leaves the previous one in
 * force. A sample with the same timestamp as the last accepted one replaces its values from then on
 * ({@link #duplicateSamples()}). A sample that is not out of order but lies before the frontier (because
 * {@link #advanceTo} already decided that time) takes effect from the frontier, and its staleness still runs
 * from its own timestamp ({@link #lateSamples()}).
 */
final class ReadinessIntegrator extends BucketAccrual {

    /** The default staleness limit, Prometheus' lookback delta. */
    static final Duration DEFAULT_STALENESS = Duration.ofMinutes(5);


    private final long stalenessMillis;
    private final ReadinessSink sink;

    private long observedMs;
    private long fullyReadyMs;
    private long readyReplicaMs;
    private long desiredReplicaMs;

    // The last accepted sample; it is in force from the frontier until `expiryMillis`.
    private boolean hasSample;
    private long sampleMillis;
    private long expiryMillis;
    private int desired;
    private int ready;

    private long accepted;
    private long rejectedOutOfRange;
    private long rejectedNegative;
    private long rejectedOutOfOrder;
    private long duplicates;
    private long late;

    /** An integrator with the default 5-minute staleness limit. */
    ReadinessIntegrator(BucketGrid grid, ReadinessSink sink) {
        this(grid, DEFAULT_STALENESS, sink);
    }

    /**
     * An integrator whose samples stop being in force {@code staleness} after their timestamp.
     *
     * @throws IllegalArgumentException unless {@code staleness} is a whole number of milliseconds between
     *     1 ms and 365 days
     */
    ReadinessIntegrator(BucketGrid grid, Duration staleness, ReadinessSink sink) {
        super(grid);
        this.stalenessMillis = checkedStalenessMillis(staleness);
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Records that at {@code epochMillis} the workload wanted {@code desired} replicas and had {@code ready}
     * ready. Completes (hands to the sink) every bucket that ends at or before {@code epochMillis}.
     */
    void sample(long epochMillis, int desired, int ready) {
        if (epochMillis > MAX_ABS_EPOCH_MILLIS || epochMillis < -MAX_ABS_EPOCH_MILLIS) {
            rejectedOutOfRange++;
            return;
        }
        if (desired < 0 || ready < 0) {
            rejectedNegative++;
            return;
        }
        if (hasSample && epochMillis < sampleMillis) {
            rejectedOutOfOrder++;
            return;
        }
        if (!started) {
            start(epochMillis);
        }
        if (hasSample && epochMillis == sampleMillis) {
            duplicates++;
        }
        if (epochMillis > frontier) {
            accrueTo(epochMillis);
        } else if (epochMillis < frontier) {
            late++;
        }
        hasSample = true;
        sampleMillis = epochMillis;
        expiryMillis = epochMillis + stalenessMillis;
        this.desired = desired;
        this.ready = ready;
        accepted++;
    }

    /**
     * Hands the in-progress bucket (the one containing the frontier), as accrued up to the frontier, to
     * {@code reader} without completing it.
     *
     * @return false, and calls nothing, if no sample or {@link #advanceTo} has been seen yet
     */
    boolean peekOpen(ReadinessSink reader) {
        if (!started) {
            return false;
        }
        reader.bucket(openBucket, observedMs, fullyReadyMs, readyReplicaMs, desiredReplicaMs);
        return true;
    }

    @Override
    void clearOpen() {
        observedMs = 0;
        fullyReadyMs = 0;
        readyReplicaMs = 0;
        desiredReplicaMs = 0;
    }

    /** Accrues the sample in force, if any, from the frontier up to {@code limit} or its staleness limit. */
    @Override
    long accrueStretch(long limit) {
        if (!hasSample || frontier >= expiryMillis) {
            return NOTHING_IN_FORCE;
        }
        long end = Math.min(limit, expiryMillis);
        long ms = end - frontier;
        observedMs += ms;
        if (ready >= desired) {
            fullyReadyMs += ms;
        }
        readyReplicaMs += Math.min(ready, desired) * ms;
        desiredReplicaMs += desired * ms;
        return end;
    }

    /** Hands the open bucket to the sink if anything was observed in it. */
    @Override
    void handOver(long bucket) {
        if (observedMs != 0) {
            sink.bucket(bucket, observedMs, fullyReadyMs, readyReplicaMs, desiredReplicaMs);
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

    /** Samples accepted (including duplicates and late samples). */
    long acceptedSamples() {
        return accepted;
    }

    /** Samples rejected because their timestamp was before the last accepted sample's. */
    long rejectedOutOfOrder() {
        return rejectedOutOfOrder;
    }

    /** Samples rejected because desired or ready was negative. */
    long rejectedNegative() {
        return rejectedNegative;
    }

    /** Samples rejected because their timestamp was further than {@value #MAX_ABS_EPOCH_MILLIS} ms from the epoch. */
    long rejectedOutOfRange() {
        return rejectedOutOfRange;
    }

    /** Accepted samples whose timestamp equalled the previous accepted sample's, replacing its values. */
    long duplicateSamples() {
        return duplicates;
    }

    /** Accepted samples timestamped before the frontier, which took effect only from the frontier. */
    long lateSamples() {
        return late;
    }
}
