package dev.sli.core.record;

import dev.sli.core.history.SealedHistory;
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
 * The uptime SLI of a black-box check (uptime.com, blackbox_exporter): each result classifies the time
 * until the next result as up or down, for at most twice the check interval; beyond that time is
 * <em>unknown</em>, reported apart.
 *
 * <p><b>Threads.</b> {@link #record} and {@link #recordAt} may be called from any thread; they take no
 * lock, never block and allocate nothing. Results must arrive in time order (out-of-order ones are
 * counted and dropped). Queries return immutable snapshots.
 */
public final class ProbeSeries implements Series {

    static final int UP_MS = 0;
    static final int DOWN_MS = 1;
    static final int UP_CHECKS = 2;
    static final int DOWN_CHECKS = 3;

    private final String name;
    private final GaugeCore core;
    private final ProbeIntegrator integrator;
    /** The first byte of this kind's checkpoint block. */
    private static final byte CHECKPOINT_FORMAT = 'P';
    private final long[] values = new long[4];

    private ProbeSeries(String name, SeriesOptions options, Duration checkInterval, SealedHistory.Factory history) {
        this.name = name;
        this.core = new GaugeCore(options, 4, name, history);
        this.integrator = ProbeIntegrator.forCheckInterval(options.grid(), checkInterval, (bucket, up, down, upChecks, downChecks) -> {
            values[UP_MS] = up;
            values[DOWN_MS] = down;
            values[UP_CHECKS] = upChecks;
            values[DOWN_CHECKS] = downChecks;
            core.sealed(bucket, values);
        });
        core.restore(integrator, CHECKPOINT_FORMAT);
        core.bind((t, v, ref) -> integrator.result(t, (v & 1) != 0, v >> 1), integrator::advanceTo);
    }

    /**
     * Writes the integrator's state to the series' store as its checkpoint: the bucket in progress as accrued so
     * far, and the samples in force, so that a series built again on the store after a restart (or a kill)
     * continues their lookback instead of starting with unknown time. Called by the store's flusher and at
     * close; without a persistent store it keeps nothing. Any thread.
     */
    public void checkpoint() {
        core.checkpoint(integrator, 4, CHECKPOINT_FORMAT);
    }

    /** A builder for a series called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link ProbeSeries}; not thread-safe. */
    public static final class Builder extends SeriesBuilder<Builder> {
        private Duration checkInterval = Duration.ofMinutes(1);

        private Builder(String name) {
            super(name);
        }

        /** How often the probe checks (default 1 minute); a result holds for two intervals, then time is unknown. */
        public Builder checkInterval(Duration checkInterval) {
            this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
            return this;
        }

        /** @throws IllegalArgumentException if the name is blank or the interval is not positive */
        public ProbeSeries build() {
            requireName();
            return new ProbeSeries(name, options, checkInterval, history);
        }
    }

    /** {@link SeriesKind#PROBE}. */
    @Override
    public SeriesKind kind() {
        return SeriesKind.PROBE;
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

    /** The series (check) name. */
    @Override
    public String name() {
        return name;
    }

    /** Records a check result now: up or down, and how long the check took (negative is rejected). */
    public void record(boolean up, long latencyNanos) {
        recordAt(core.clock.epochMillis(), up, latencyNanos);
    }

    /** Records a check result as of {@code epochMillis}. */
    public void recordAt(long epochMillis, boolean up, long latencyNanos) {
        if ((latencyNanos >>> 62) != 0 && latencyNanos > 0) {
            latencyNanos = (1L << 62) - 1;
        }
        core.offer(epochMillis, (latencyNanos << 1) | (up ? 1L : 0L), null);
    }

    /** Uptime over {@code window} evaluated now. */
    public ProbeSnapshot snapshot(Window window) {
        return snapshotAt(window, core.clock.epochMillis());
    }

    /**
     * Uptime over {@code window} evaluated at {@code atMillis}; time up to it is decided first.
     * A window longer than the retention throws {@link IllegalArgumentException}: never a cut answer.
     */
    public ProbeSnapshot snapshotAt(Window window, long atMillis) {
        core.options.requireWithinRetention(window, atMillis, name);
        WindowSpan span = window.spanAt(atMillis, core.grid);
        long[] sums = new long[4];
        long[] counts = new long[2];
        Coverage[] coverage = new Coverage[1];
        core.sums(span, atMillis, sums, () -> {
            coverage[0] = Observed.time(core.history(), core.grid, span, sums[UP_MS] + sums[DOWN_MS], UP_MS, DOWN_MS); // sums are read first
            readCounts(counts);
        });
        return new ProbeSnapshot(name, span, coverage[0], sums[UP_MS], sums[DOWN_MS], sums[UP_CHECKS], sums[DOWN_CHECKS],
                core.rejections(countsMap(counts)));
    }

    /** Uptime as an SLI: up milliseconds good, down bad, neither unknown. */
    public Indicator indicator() {
        return Indicator.onGrid(core.grid, span -> {
            core.options.requireSpanWithinRetention(span, name);
            long[] sums = new long[4];
            Coverage[] coverage = new Coverage[1];
            core.sums(span, span.endMillis(), sums, () -> coverage[0] = Observed.time(core.history(), core.grid, span,
                    sums[UP_MS] + sums[DOWN_MS], UP_MS, DOWN_MS));
            return new SliMeasurement(span, SliUnit.MILLISECONDS, sums[UP_MS], sums[DOWN_MS],
                    span.lengthMillis() - sums[UP_MS] - sums[DOWN_MS], coverage[0]);
        }, core::settledBeforeMillis);
    }

    @Override
    public String toString() {
        return "ProbeSeries[" + name + "]";
    }

    /** Reads the integrator's rejection counts into {@code counts}; call under the consumer role. */
    private void readCounts(long[] counts) {
        counts[0] = integrator.rejectedNegativeLatency() + integrator.rejectedOutOfRange();
        counts[1] = integrator.rejectedOutOfOrder();
    }

    /** Counts read under the consumer role: [0] INVALID_VALUE, [1] OUT_OF_ORDER. */
    private static Map<Rejection, Long> countsMap(long[] counts) {
        Map<Rejection, Long> m = new EnumMap<>(Rejection.class);
        m.put(Rejection.INVALID_VALUE, counts[0]);
        m.put(Rejection.OUT_OF_ORDER, counts[1]);
        return m;
    }
}
