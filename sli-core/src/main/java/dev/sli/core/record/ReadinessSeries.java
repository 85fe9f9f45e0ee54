package dev.sli.core.record;

import dev.sli.core.slo.Coverage;
import dev.sli.core.slo.Indicator;
import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.slo.SliUnit;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The readiness SLI of one workload, from its desired and ready replica counts (a gauge, as
 * kube-state-metrics exports it): time-based availability (the share of observed time the workload was
 * fully ready) and replica availability (ready replica-time over desired replica-time).
 *
 * <p>A sample holds until the next one or until the staleness limit (5 minutes by default, as in
 * Prometheus) after it; time beyond that is <em>unknown</em>, reported apart, never counted as up or
 * down. Ready above desired (a rollout surge) counts as fully ready; surge replicas do not raise replica
 * availability above 100 %.
 *
 * <p><b>Threads.</b> {@link #record} and {@link #recordAt} may be called from any thread; they take no
 * lock, never block and allocate nothing. Samples must arrive in time order (out-of-order ones are
 * counted and dropped, as Prometheus drops them). Queries return immutable snapshots.
 */
public final class ReadinessSeries {

    static final int OBSERVED = 0;
    static final int FULLY_READY = 1;
    static final int READY_REPLICA = 2;
    static final int DESIRED_REPLICA = 3;

    private final String name;
    private final GaugeCore core;
    private final ReadinessIntegrator integrator;
    private final long[] values = new long[4];

    private ReadinessSeries(String name, SeriesOptions options, Duration staleness) {
        this.name = name;
        this.core = new GaugeCore(options, 4);
        this.integrator = new ReadinessIntegrator(options.grid(), staleness, (bucket, observed, fully, readyRep, desiredRep) -> {
            values[OBSERVED] = observed;
            values[FULLY_READY] = fully;
            values[READY_REPLICA] = readyRep;
            values[DESIRED_REPLICA] = desiredRep;
            core.sealed(bucket, values);
        });
        core.bind((t, v, ref) -> integrator.sample(t, (int) (v >> 32), (int) v), integrator::advanceTo);
    }

    /** A series with the Prometheus staleness limit of 5 minutes. */
    public static ReadinessSeries create(String name, SeriesOptions options) {
        return create(name, options, ReadinessIntegrator.DEFAULT_STALENESS);
    }

    /**
     * A series whose samples go stale {@code staleness} after their timestamp.
     *
     * @throws IllegalArgumentException for a blank name or a staleness outside 1 ms to 365 days
     */
    public static ReadinessSeries create(String name, SeriesOptions options, Duration staleness) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(staleness, "staleness");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank");
        }
        return new ReadinessSeries(name, options, staleness);
    }

    /** The series (workload) name. */
    public String name() {
        return name;
    }

    /** Records the workload's desired and ready replica counts now. Negative counts are counted as rejected. */
    public void record(int desired, int ready) {
        recordAt(core.clock.epochMillis(), desired, ready);
    }

    /** Records the workload's desired and ready replica counts as of {@code epochMillis}. */
    public void recordAt(long epochMillis, int desired, int ready) {
        core.offer(epochMillis, ((long) desired << 32) | (ready & 0xFFFF_FFFFL), null);
    }

    /** Availability over {@code window} evaluated now. */
    public ReadinessSnapshot snapshot(Window window) {
        return snapshotAt(window, core.clock.epochMillis());
    }

    /**
     * Availability over {@code window} evaluated at {@code atMillis}; time up to {@code atMillis} is
     * decided first (a workload not seen for longer than the staleness limit stops accruing).
     * A window longer than the retention throws {@link IllegalArgumentException}: never a cut answer.
     */
    public ReadinessSnapshot snapshotAt(Window window, long atMillis) {
        core.options.requireWithinRetention(window, atMillis, name);
        WindowSpan span = window.spanAt(atMillis, core.grid);
        long[] sums = new long[4];
        long[] counts = new long[3];
        core.sums(span, atMillis, sums, () -> {
            counts[0] = integrator.rejectedNegative() + integrator.rejectedOutOfRange();
            counts[1] = integrator.rejectedOutOfOrder();
        });
        Map<Rejection, Long> fromIntegrator = new EnumMap<>(Rejection.class);
        fromIntegrator.put(Rejection.INVALID_VALUE, counts[0]);
        fromIntegrator.put(Rejection.OUT_OF_ORDER, counts[1]);
        return new ReadinessSnapshot(name, span, sums[OBSERVED], sums[FULLY_READY], sums[READY_REPLICA],
                sums[DESIRED_REPLICA], core.rejections(fromIntegrator));
    }

    /**
     * Time-based availability as an SLI: fully-ready milliseconds are good, observed but not fully ready
     * are bad, unobserved are unknown.
     */
    public Indicator timeIndicator() {
        return span -> {
            core.options.requireSpanWithinRetention(span, name);
            long[] sums = new long[4];
            Coverage[] coverage = new Coverage[1];
            core.sums(span, span.endMillis(), sums,
                    () -> coverage[0] = Observed.time(core.history(), core.grid, span, sums[OBSERVED], OBSERVED));
            return new SliMeasurement(span, SliUnit.MILLISECONDS, sums[FULLY_READY], sums[OBSERVED] - sums[FULLY_READY],
                    span.lengthMillis() - sums[OBSERVED], coverage[0]);
        };
    }

    /**
     * Replica availability as an SLI, over observed time: ready replica-milliseconds are good, missing
     * ones bad; unobserved time has no replica count, so nothing is unknown in this unit.
     */
    public Indicator replicaIndicator() {
        return span -> {
            core.options.requireSpanWithinRetention(span, name);
            long[] sums = new long[4];
            Coverage[] coverage = new Coverage[1];
            core.sums(span, span.endMillis(), sums,
                    () -> coverage[0] = Observed.time(core.history(), core.grid, span, sums[OBSERVED], OBSERVED));
            return new SliMeasurement(span, SliUnit.REPLICA_MILLISECONDS, sums[READY_REPLICA],
                    sums[DESIRED_REPLICA] - sums[READY_REPLICA], 0, coverage[0]);
        };
    }

    @Override
    public String toString() {
        return "ReadinessSeries[" + name + "]";
    }
}
