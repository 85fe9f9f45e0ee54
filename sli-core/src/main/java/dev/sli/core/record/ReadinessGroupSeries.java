package dev.sli.core.record;

import dev.sli.core.history.SealedHistory;
import dev.sli.core.slo.Coverage;
import dev.sli.core.slo.Indicator;
import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.slo.SliUnit;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The readiness SLI of a service made of several workloads (an API, a web front end, a database): the
 * service is up while every workload that has data has all its desired replicas ready, as
 * {@code min by () (ready >= bool desired)} says in PromQL, and unknown while none has data. Also
 * replica availability summed over the workloads, and, for a stricter reading, the time in which every
 * workload had data.
 *
 * <p>Each workload's sample holds until its next sample or the staleness limit (5 minutes by default).
 *
 * <p><b>Threads.</b> {@link #recordAt} may be called from any thread; it takes no lock, never blocks
 * and allocates nothing. Each workload's samples must arrive in time order. Queries return immutable
 * snapshots.
 */
public final class ReadinessGroupSeries implements Series {

    static final int OBSERVED = 0;
    static final int FULLY_READY = 1;
    static final int ALL_OBSERVED = 2;
    static final int ALL_OBSERVED_READY = 3;
    static final int READY_REPLICA = 4;
    static final int DESIRED_REPLICA = 5;

    private final String name;
    private final List<String> workloads;
    private final GaugeCore core;
    private final ReadinessGroupIntegrator integrator;
    /** The first byte of this kind's checkpoint block. */
    private static final byte CHECKPOINT_FORMAT = 'R';
    private final long[] values = new long[6];
    /** Boxed workload indexes, made once, so that recording never boxes. */
    private final Integer[] indexes;
    private static final Integer INVALID_INDEX = -1;

    private ReadinessGroupSeries(String name, SeriesOptions options, List<String> workloads, Duration staleness,
            SealedHistory.Factory history) {
        this.name = name;
        this.workloads = List.copyOf(workloads);
        this.core = new GaugeCore(options, 6, name, history);
        this.indexes = new Integer[this.workloads.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = Integer.valueOf(i);
        }
        this.integrator = new ReadinessGroupIntegrator(options.grid(), staleness, this.workloads,
                (bucket, observed, fully, allObserved, allReady, readyRep, desiredRep) -> {
                    values[OBSERVED] = observed;
                    values[FULLY_READY] = fully;
                    values[ALL_OBSERVED] = allObserved;
                    values[ALL_OBSERVED_READY] = allReady;
                    values[READY_REPLICA] = readyRep;
                    values[DESIRED_REPLICA] = desiredRep;
                    core.sealed(bucket, values);
                });
        core.restore(integrator, CHECKPOINT_FORMAT);
        core.bind((t, v, ref) -> integrator.sample((int) ref, t, (int) (v >> 32), (int) v), integrator::advanceTo);
    }

    /**
     * Writes the integrator's state to the series' store as its checkpoint: the bucket in progress as accrued so
     * far, and the samples in force, so that a series built again on the store after a restart (or a kill)
     * continues their lookback instead of starting with unknown time. Called by the store's flusher and at
     * close; without a persistent store it keeps nothing. Any thread.
     */
    public void checkpoint() {
        core.checkpoint(integrator, 6, CHECKPOINT_FORMAT);
    }

    /** A builder for a series called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link ReadinessGroupSeries}; not thread-safe. */
    public static final class Builder extends SeriesBuilder<Builder> {
        private final List<String> workloads = new ArrayList<>();
        private Duration staleAfter = Duration.ofMinutes(5);

        private Builder(String name) {
            super(name);
        }

        /** The workloads of the group, in index order (at least one; one workload is a group of one). */
        public Builder workloads(String... workloads) {
            return workloads(List.of(workloads));
        }

        /** The workloads of the group, in index order. */
        public Builder workloads(List<String> workloads) {
            for (String w : workloads) {
                this.workloads.add(Objects.requireNonNull(w, "workload"));
            }
            return this;
        }

        /** How long a sample holds before its workload's time is unknown (default 5 minutes, as Prometheus' lookback). */
        public Builder staleAfter(Duration staleAfter) {
            this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
            return this;
        }

        /** @throws IllegalArgumentException if the name is blank, no workload is given, or names repeat */
        public ReadinessGroupSeries build() {
            requireName();
            return new ReadinessGroupSeries(name, options, List.copyOf(workloads), staleAfter, history);
        }
    }

    /** {@link SeriesKind#READINESS}. */
    @Override
    public SeriesKind kind() {
        return SeriesKind.READINESS;
    }

    /** The options the series was built with. */
    @Override
    public SeriesOptions options() {
        return core.options;
    }

    /** Lifetime counts of rejected samples, by reason. */
    @Override
    public Map<Rejection, Long> rejections() {
        long[] counts = new long[2];
        core.underRole(() -> readCounts(counts));
        return core.rejections(countsMap(counts));
    }

    /** The series name. */
    @Override
    public String name() {
        return name;
    }

    /** The workloads of the group, in the order given. */
    public List<String> workloads() {
        return workloads;
    }

    /**
     * Records the only workload of a group of one now: {@code desired} and {@code ready} replicas.
     *
     * @throws IllegalStateException if the group has more than one workload (name the workload instead)
     */
    public void record(int desired, int ready) {
        recordAt(core.clock.epochMillis(), desired, ready);
    }

    /**
     * Records the only workload of a group of one at {@code epochMillis}.
     *
     * @throws IllegalStateException if the group has more than one workload (name the workload instead)
     */
    public void recordAt(long epochMillis, int desired, int ready) {
        if (workloads.size() != 1) {
            throw new IllegalStateException("series '" + name + "' has " + workloads.size()
                    + " workloads; record(desired, ready) is for a group of one: pass the workload");
        }
        recordAt(epochMillis, 0, desired, ready);
    }

    /** Records workload {@code workload}'s (an index into {@link #workloads()}) replica counts now. */
    public void record(int workload, int desired, int ready) {
        recordAt(core.clock.epochMillis(), workload, desired, ready);
    }

    /**
     * Records workload {@code workload}'s replica counts as of {@code epochMillis}; an index outside the
     * group, or negative counts, are counted as {@link Rejection#INVALID_VALUE}.
     */
    public void recordAt(long epochMillis, int workload, int desired, int ready) {
        Integer index = workload >= 0 && workload < indexes.length ? indexes[workload] : INVALID_INDEX;
        core.offer(epochMillis, ((long) desired << 32) | (ready & 0xFFFF_FFFFL), index);
    }

    /** Records by workload name; a name not in the group is counted as {@link Rejection#INVALID_VALUE}. */
    public void recordAt(long epochMillis, String workload, int desired, int ready) {
        int index = workloads.indexOf(workload);
        if (index < 0) {
            core.reject(Rejection.INVALID_VALUE);
            return;
        }
        recordAt(epochMillis, index, desired, ready);
    }

    /** Readiness of the group over {@code window} evaluated now. */
    public ReadinessGroupSnapshot snapshot(Window window) {
        return snapshotAt(window, core.clock.epochMillis());
    }

    /**
     * Readiness of the group over {@code window} evaluated at {@code atMillis}; time up to it is decided first.
     * A window longer than the retention throws {@link IllegalArgumentException}: never a cut answer.
     */
    public ReadinessGroupSnapshot snapshotAt(Window window, long atMillis) {
        core.options.requireWithinRetention(window, atMillis, name);
        WindowSpan span = window.spanAt(atMillis, core.grid);
        long[] sums = new long[6];
        long[] counts = new long[2];
        Coverage[] coverage = new Coverage[1];
        core.sums(span, atMillis, sums, () -> {
            coverage[0] = Observed.time(core.history(), core.grid, span, sums[OBSERVED], OBSERVED); // sums are read first
            readCounts(counts);
        });
        return new ReadinessGroupSnapshot(name, span, coverage[0], sums[OBSERVED], sums[FULLY_READY], sums[ALL_OBSERVED],
                sums[ALL_OBSERVED_READY], sums[READY_REPLICA], sums[DESIRED_REPLICA], core.rejections(countsMap(counts)));
    }

    /** Time-based availability: fully-ready time good, observed but not ready bad, unobserved unknown. */
    public Indicator timeIndicator() {
        return Indicator.onGrid(core.grid, span -> {
            core.options.requireSpanWithinRetention(span, name);
            long[] sums = new long[6];
            Coverage[] coverage = new Coverage[1];
            core.sums(span, span.endMillis(), sums,
                    () -> coverage[0] = Observed.time(core.history(), core.grid, span, sums[OBSERVED], OBSERVED));
            return new SliMeasurement(span, SliUnit.MILLISECONDS, sums[FULLY_READY], sums[OBSERVED] - sums[FULLY_READY],
                    span.lengthMillis() - sums[OBSERVED], coverage[0]);
        }, core::settledBeforeMillis);
    }

    /** Replica availability over observed time, summed over the workloads in force. */
    public Indicator replicaIndicator() {
        return Indicator.onGrid(core.grid, span -> {
            core.options.requireSpanWithinRetention(span, name);
            long[] sums = new long[6];
            Coverage[] coverage = new Coverage[1];
            core.sums(span, span.endMillis(), sums,
                    () -> coverage[0] = Observed.time(core.history(), core.grid, span, sums[OBSERVED], OBSERVED));
            return new SliMeasurement(span, SliUnit.REPLICA_MILLISECONDS, sums[READY_REPLICA],
                    sums[DESIRED_REPLICA] - sums[READY_REPLICA], 0, coverage[0]);
        }, core::settledBeforeMillis);
    }

    @Override
    public String toString() {
        return "ReadinessGroupSeries[" + name + " " + workloads + "]";
    }

    /** Reads the integrator's rejection counts into {@code counts}; call under the consumer role. */
    private void readCounts(long[] counts) {
        long outOfOrder = 0;
        long invalid = integrator.rejectedInvalidWorkload();
        for (int i = 0; i < workloads.size(); i++) {
            outOfOrder += integrator.rejectedOutOfOrder(i);
            invalid += integrator.rejectedNegative(i) + integrator.rejectedOutOfRange(i);
        }
        counts[0] = invalid;
        counts[1] = outOfOrder;
    }

    /** Counts read under the consumer role: [0] INVALID_VALUE, [1] OUT_OF_ORDER. */
    private static Map<Rejection, Long> countsMap(long[] counts) {
        Map<Rejection, Long> m = new EnumMap<>(Rejection.class);
        m.put(Rejection.INVALID_VALUE, counts[0]);
        m.put(Rejection.OUT_OF_ORDER, counts[1]);
        return m;
    }
}
