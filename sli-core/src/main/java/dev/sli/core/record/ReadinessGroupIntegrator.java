package dev.sli.core.record;

import dev.sli.core.window.BucketGrid;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Integrates the readiness gauges {@code (epochMillis, desired, ready)} of a fixed group of workloads into joint
 * per-bucket amounts in milliseconds and replica-milliseconds, with Prometheus' lookback semantics per workload
 * (a group of one is a single workload): each workload's sample holds from its timestamp until that workload's
 * next sample or the staleness limit after it, whichever comes first. Not thread-safe: the caller serialises all
 * calls; recording allocates nothing.
 *
 * <h2>What a bucket gets</h2>
 * At every instant a workload is <em>in force</em> if it has a sample in force. For every stretch of {@code ms}
 * milliseconds with the same workloads in force and the same values, split exactly at bucket boundaries:
 * <ul>
 *   <li>observed ms {@code += ms} if at least one workload is in force; time with none is unknown;
 *   <li>fully-ready ms {@code += ms} if observed and every workload in force has {@code ready >= desired}
 *       ({@code desired == 0} and a surge {@code ready > desired} count as ready). Workloads not in force are
 *       left out, exactly as PromQL's {@code min(ready >= bool desired)} at a step sees only the workloads
 *       with data there;
 *   <li>all-observed ms {@code += ms} if <em>every</em> workload of the group is in force, and
 *       all-observed-ready ms {@code += ms} if moreover all are ready: the stricter policy, in which a
 *       workload without data counts as not ready, is {@code allObservedReadyMs / observedMs};
 *   <li>ready-replica ms {@code += ms * sum(min(ready, desired))} and desired-replica ms
 *       {@code += ms * sum(desired)}, both summed over the workloads in force. These are exact while the
 *       group's summed desired replicas stay below 10<sup>11</sup>.
 * </ul>
 *
 * <h2>Lookback</h2>
 * A sample at {@code ts} is in force over {@code [ts, min(next, ts + staleness))} of its own workload: the
 * instants at which a Prometheus 2.x instant lookup (newest sample with {@code t - 5m <= ts <= t}) sees it, up
 * to the single instant {@code ts + staleness}, which has no length. Time before the first sample is unknown.
 *
 * <h2>Time</h2>
 * One <em>frontier</em> for the whole group: all time before it is decided. Samples of any workload and
 * {@link #advanceTo} move it forward, so the caller feeds samples in global time order; equal timestamps
 * across workloads are fine. A bucket is complete, and handed once and in order to the
 * {@link ReadinessGroupSink}, as soon as the frontier reaches its end. Buckets without any observed time are not
 * handed over. {@link #peekOpen} shows the bucket that contains the frontier, as accrued so far.
 *
 * <h2>Bad and awkward input</h2>
 * Never throws on samples; each rejected sample is counted under exactly one reason, checked in this order: a
 * workload index outside {@code 0..N-1} ({@link #rejectedInvalidWorkload()}, the only group-wide counter), then,
 * per workload, a timestamp outside {@code ±}{@value #MAX_ABS_EPOCH_MILLIS} ms ({@link #rejectedOutOfRange(int)}),
 * negative desired or ready ({@link #rejectedNegative(int)}), a timestamp before that workload's last accepted
 * sample's ({@link #rejectedOutOfOrder(int)}). A rejected sample changes nothing: the workload's previous sample
 * stays in force and the frontier does not move. A sample with the same timestamp as its workload's last
 * accepted one replaces its values from then on ({@link #duplicateSamples(int)}). A sample that is in order for
 * its workload but lies before the frontier (because another workload's sample or {@link #advanceTo} already
 * decided that time) takes effect from the frontier, and its staleness still runs from its own timestamp
 * ({@link #lateSamples(int)}).
 */
final class ReadinessGroupIntegrator extends BucketAccrual {

    /** The default staleness limit, Prometheus' lookback delta. */
    static final Duration DEFAULT_STALENESS = Duration.ofMinutes(5);

    private final long stalenessMillis;
    private final ReadinessGroupSink sink;
    private final List<String> names;
    private final int size;

    private long observedMs;
    private long fullyReadyMs;
    private long allObservedMs;
    private long allObservedReadyMs;
    private long readyReplicaMs;
    private long desiredReplicaMs;

    // Per workload, the last accepted sample; it is in force from the frontier until `expiryMillis[w]`.
    private final boolean[] hasSample;
    private final long[] sampleMillis;
    private final long[] expiryMillis;
    private final int[] desired;
    private final int[] ready;

    private final long[] accepted;
    private final long[] rejectedOutOfRange;
    private final long[] rejectedNegative;
    private final long[] rejectedOutOfOrder;
    private final long[] duplicates;
    private final long[] late;
    private long rejectedInvalidWorkload;

    /** A group integrator with the default 5-minute staleness limit. */
    ReadinessGroupIntegrator(BucketGrid grid, List<String> workloads, ReadinessGroupSink sink) {
        this(grid, DEFAULT_STALENESS, workloads, sink);
    }

    /**
     * A group integrator for {@code workloads} (workload {@code i} is {@code workloads.get(i)}), whose samples
     * stop being in force {@code staleness} after their timestamp.
     *
     * @throws IllegalArgumentException if there are no workloads, a name is blank or repeated, or
     *     {@code staleness} is not a whole number of milliseconds between 1 ms and 365 days
     */
    ReadinessGroupIntegrator(BucketGrid grid, Duration staleness, List<String> workloads, ReadinessGroupSink sink) {
        super(grid);
        this.stalenessMillis = checkedStalenessMillis(staleness);
        this.names = checkedNames(workloads);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.size = names.size();
        hasSample = new boolean[size];
        sampleMillis = new long[size];
        expiryMillis = new long[size];
        desired = new int[size];
        ready = new int[size];
        accepted = new long[size];
        rejectedOutOfRange = new long[size];
        rejectedNegative = new long[size];
        rejectedOutOfOrder = new long[size];
        duplicates = new long[size];
        late = new long[size];
    }

    private static List<String> checkedNames(List<String> workloads) {
        Objects.requireNonNull(workloads, "workloads");
        List<String> copy = List.copyOf(workloads); // throws NullPointerException on a null name
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("workloads: a group needs at least one workload");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < copy.size(); i++) {
            String name = copy.get(i);
            if (name.isBlank()) {
                throw new IllegalArgumentException("workloads[" + i + "]: must not be blank");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("workloads[" + i + "]: '" + name + "' appears twice");
            }
        }
        return copy;
    }

    /**
     * Records that at {@code epochMillis} {@code workload} wanted {@code desired} replicas and had {@code ready}
     * ready. Completes (hands to the sink) every bucket that ends at or before {@code epochMillis}.
     */
    void sample(int workload, long epochMillis, int desired, int ready) {
        if (workload < 0 || workload >= size) {
            rejectedInvalidWorkload++;
            return;
        }
        if (epochMillis > MAX_ABS_EPOCH_MILLIS || epochMillis < -MAX_ABS_EPOCH_MILLIS) {
            rejectedOutOfRange[workload]++;
            return;
        }
        if (desired < 0 || ready < 0) {
            rejectedNegative[workload]++;
            return;
        }
        boolean had = hasSample[workload];
        if (had && epochMillis < sampleMillis[workload]) {
            rejectedOutOfOrder[workload]++;
            return;
        }
        if (!started) {
            start(epochMillis);
        }
        if (had && epochMillis == sampleMillis[workload]) {
            duplicates[workload]++;
        }
        if (epochMillis > frontier) {
            accrueTo(epochMillis);
        } else if (epochMillis < frontier) {
            late[workload]++;
        }
        hasSample[workload] = true;
        sampleMillis[workload] = epochMillis;
        expiryMillis[workload] = epochMillis + stalenessMillis;
        this.desired[workload] = desired;
        this.ready[workload] = ready;
        accepted[workload]++;
    }

    /**
     * Hands the in-progress bucket (the one containing the frontier), as accrued up to the frontier, to
     * {@code reader} without completing it.
     *
     * @return false, and calls nothing, if no accepted sample or {@link #advanceTo} has been seen yet
     */
    boolean peekOpen(ReadinessGroupSink reader) {
        if (!started) {
            return false;
        }
        reader.bucket(openBucket, observedMs, fullyReadyMs, allObservedMs, allObservedReadyMs, readyReplicaMs,
                desiredReplicaMs);
        return true;
    }

    @Override
    void clearOpen() {
        observedMs = 0;
        fullyReadyMs = 0;
        allObservedMs = 0;
        allObservedReadyMs = 0;
        readyReplicaMs = 0;
        desiredReplicaMs = 0;
    }

    /**
     * Accrues the group over one stretch in which it does not change: from the frontier up to
     * {@code limit} or the next staleness limit of a workload in force, whichever comes first.
     */
    @Override
    long accrueStretch(long limit) {
        long end = limit;
        int inForce = 0;
        boolean allReady = true;
        long readyReplicas = 0;
        long desiredReplicas = 0;
        for (int w = 0; w < size; w++) {
            long expiry = expiryMillis[w];
            if (hasSample[w] && frontier < expiry) {
                int d = desired[w];
                int r = ready[w];
                inForce++;
                allReady &= r >= d;
                readyReplicas += Math.min(r, d);
                desiredReplicas += d;
                end = Math.min(end, expiry);
            }
        }
        if (inForce == 0) {
            return NOTHING_IN_FORCE;
        }
        long ms = end - frontier;
        observedMs += ms;
        if (allReady) {
            fullyReadyMs += ms;
        }
        if (inForce == size) {
            allObservedMs += ms;
            if (allReady) {
                allObservedReadyMs += ms;
            }
        }
        readyReplicaMs += readyReplicas * ms;
        desiredReplicaMs += desiredReplicas * ms;
        return end;
    }

    @Override
    void openAmounts(long[] out) {
        out[0] = observedMs;
        out[1] = fullyReadyMs;
        out[2] = allObservedMs;
        out[3] = allObservedReadyMs;
        out[4] = readyReplicaMs;
        out[5] = desiredReplicaMs;
    }

    @Override
    void restoreOpenAmounts(long[] in) {
        observedMs = in[0];
        fullyReadyMs = in[1];
        allObservedMs = in[2];
        allObservedReadyMs = in[3];
        readyReplicaMs = in[4];
        desiredReplicaMs = in[5];
    }

    @Override
    void writeInForce(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(size);
        for (int w = 0; w < size; w++) {
            out.writeBoolean(hasSample[w]);
            out.writeLong(sampleMillis[w]);
            out.writeLong(expiryMillis[w]);
            out.writeInt(desired[w]);
            out.writeInt(ready[w]);
        }
    }

    @Override
    void readInForce(java.io.DataInputStream in) throws java.io.IOException {
        int n = in.readInt();
        if (n != size) {
            throw new java.io.IOException("the checkpoint has " + n + " workloads, the group " + size);
        }
        boolean[] has = new boolean[size]; // read whole before anything changes
        long[] at = new long[size];
        long[] expiry = new long[size];
        int[] d = new int[size];
        int[] r = new int[size];
        for (int w = 0; w < size; w++) {
            has[w] = in.readBoolean();
            at[w] = in.readLong();
            expiry[w] = in.readLong();
            d[w] = in.readInt();
            r[w] = in.readInt();
            if (d[w] < 0 || r[w] < 0) {
                throw new java.io.IOException("workload " + w + " has negative replicas");
            }
        }
        System.arraycopy(has, 0, hasSample, 0, size);
        System.arraycopy(at, 0, sampleMillis, 0, size);
        System.arraycopy(expiry, 0, expiryMillis, 0, size);
        System.arraycopy(d, 0, desired, 0, size);
        System.arraycopy(r, 0, ready, 0, size);
    }

    /** Hands the open bucket to the sink if anything was observed in it. */
    @Override
    void handOver(long bucket) {
        if (observedMs != 0) {
            sink.bucket(bucket, observedMs, fullyReadyMs, allObservedMs, allObservedReadyMs, readyReplicaMs,
                    desiredReplicaMs);
        }
    }

    /** The number of workloads in the group. */
    int size() {
        return size;
    }

    /** The workload names, in index order (immutable). */
    List<String> workloads() {
        return names;
    }

    /** The staleness limit in milliseconds. */
    long stalenessMillis() {
        return stalenessMillis;
    }

    /** The grid the amounts are bucketed on. */
    BucketGrid grid() {
        return grid;
    }

    /** Samples rejected because their workload index was outside {@code 0..size()-1}. */
    long rejectedInvalidWorkload() {
        return rejectedInvalidWorkload;
    }

    /**
     * Samples of {@code workload} accepted (including duplicates and late samples).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= workload < size()}, here and in the other per-workload
     *     counters
     */
    long acceptedSamples(int workload) {
        return accepted[Objects.checkIndex(workload, size)];
    }

    /** Samples of {@code workload} rejected because their timestamp was before its last accepted sample's. */
    long rejectedOutOfOrder(int workload) {
        return rejectedOutOfOrder[Objects.checkIndex(workload, size)];
    }

    /** Samples of {@code workload} rejected because desired or ready was negative. */
    long rejectedNegative(int workload) {
        return rejectedNegative[Objects.checkIndex(workload, size)];
    }

    /** Samples of {@code workload} rejected because their timestamp was further than the limit from the epoch. */
    long rejectedOutOfRange(int workload) {
        return rejectedOutOfRange[Objects.checkIndex(workload, size)];
    }

    /** Accepted samples of {@code workload} with the timestamp of its previous accepted sample, replacing it. */
    long duplicateSamples(int workload) {
        return duplicates[Objects.checkIndex(workload, size)];
    }

    /** Accepted samples of {@code workload} timestamped before the frontier, in effect only from the frontier. */
    long lateSamples(int workload) {
        return late[Objects.checkIndex(workload, size)];
    }

    /** All rejected samples of the group: every per-workload reason plus {@link #rejectedInvalidWorkload()}. */
    long rejectedSamples() {
        long total = rejectedInvalidWorkload;
        for (int w = 0; w < size; w++) {
            total += rejectedOutOfRange[w] + rejectedNegative[w] + rejectedOutOfOrder[w];
        }
        return total;
    }
}
