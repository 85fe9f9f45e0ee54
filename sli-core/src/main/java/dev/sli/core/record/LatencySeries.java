package dev.sli.core.record;

import dev.sli.core.slo.Coverage;
import dev.sli.core.slo.Indicator;
import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.slo.SliUnit;
import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;

/**
 * The latency SLI of one request stream: each request's duration and whether it succeeded, kept per
 * bucket as an HdrHistogram plus exact counts, and answered over any window as quantiles, the fraction
 * at or under a threshold, and the maximum.
 *
 * <p><b>Threads.</b> {@link #record} and {@link #recordAt} may be called from any number of threads at
 * once; they take no lock, never throw for bad data (they count it, see
 * {@link LatencySnapshot#rejections()}), and allocate nothing in steady state. Live recording never
 * waits; historic recording that races through buckets faster than they can be sealed helps seal them
 * (backpressure), and the thread that crosses a bucket boundary may seal the previous bucket itself. Queries may run on any
 * thread concurrently with recording; they return immutable snapshots.
 *
 * <p><b>Precision.</b> Quantiles are exact to the histogram's significant digits (3 by default: within
 * 0.1 %); counts at or under a {@linkplain Builder#thresholds declared threshold} are exact; durations
 * above {@link Builder#highestTrackable} are clamped to it and counted as clamped.
 */
public final class LatencySeries implements Series {

    private final String name;
    private final SeriesOptions options;
    private final BucketGrid grid;
    private final Clock clock;
    private final long highestTrackableNanos;
    private final long[] thresholdsNanos;
    private final LatencyHistory history;
    private final LatencyIntake intake;

    private LatencySeries(Builder b) {
        this.name = b.name;
        this.options = b.options;
        this.grid = options.grid();
        this.clock = options.clock();
        this.highestTrackableNanos = b.highestTrackable.toNanos();
        this.thresholdsNanos = b.thresholds.stream().mapToLong(Duration::toNanos).sorted().distinct().toArray();
        this.history = new LatencyHistory(grid, options.retentionBuckets(), highestTrackableNanos,
                b.significantDigits, thresholdsNanos, name, b.history);
        this.intake = new LatencyIntake(this, options, highestTrackableNanos, b.significantDigits, thresholdsNanos);
    }

    /**
     * Seals every bucket before the newest one that holds samples (and before the clock's bucket), so that
     * they reach the series' history; what a store's flusher calls each interval. Thread-safe; recording
     * never waits for it.
     */
    public void sealCompleted() {
        intake.sealBeforeNewest();
    }

    /**
     * Hands the buckets not sealed yet, as they stand, to the series' history: a persistent one keeps them,
     * so that a process killed after this loses only what was recorded later. A store's flusher calls it
     * every flush interval; a no-op with the heap history. Thread-safe; recording never waits for it.
     */
    public void checkpoint() {
        intake.checkpoint();
    }

    /** A builder for a series called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    LatencyHistory history() {
        return history;
    }

    /** The series name. */
    @Override
    public String name() {
        return name;
    }

    /** {@link SeriesKind#LATENCY}. */
    @Override
    public SeriesKind kind() {
        return SeriesKind.LATENCY;
    }

    /** The options the series was built with. */
    @Override
    public SeriesOptions options() {
        return options;
    }

    // ---- recording ---------------------------------------------------------------------------------

    /**
     * Records one request that took {@code durationNanos} and succeeded or not, now (by the series'
     * clock). A negative duration is counted as {@link Rejection#NEGATIVE_DURATION}; one above the
     * trackable range is clamped to it and counted as clamped.
     */
    public void record(long durationNanos, boolean ok) {
        recordAt(clock.epochMillis(), durationNanos, ok);
    }

    /**
     * Records one request that finished at {@code epochMillis} (historic data, replay). Timestamps more
     * than {@link SeriesOptions#maxFuture()} ahead of the clock, or older than the retention, are
     * counted as rejected; samples for already sealed buckets correct those buckets.
     */
    public void recordAt(long epochMillis, long durationNanos, boolean ok) {
        if ((durationNanos >>> 62) != 0) {
            if (durationNanos < 0) {
                intake.reject(Rejection.NEGATIVE_DURATION);
                return;
            }
            durationNanos = highestTrackableNanos + 1; // clamped, and counted as such, when accumulated
        }
        intake.append(epochMillis, LatencyIntake.encode(durationNanos, ok));
    }

    // ---- queries -----------------------------------------------------------------------------------

    /** The window evaluated now (by the series' clock); see {@link #snapshotAt}. */
    public LatencySnapshot snapshot(Window window, double... quantiles) {
        return snapshotAt(window, clock.epochMillis(), quantiles);
    }

    /**
     * Counts, maximum and histogram of {@code window} evaluated at {@code atMillis} (sealing every bucket
     * before the one containing {@code atMillis} first). The snapshot answers any quantile and any
     * threshold; the {@code quantiles} given here are computed up front. Costs a few dozen sealed blocks
     * whatever the window's length or the instant, inside the retention.
     *
     * @param quantiles each in [0, 1]
     * @throws IllegalArgumentException if a quantile is outside [0, 1] or NaN, or the window is longer
     *     than the retention
     */
    public LatencySnapshot snapshotAt(Window window, long atMillis, double... quantiles) {
        Objects.requireNonNull(window, "window");
        double[] qs = quantiles.clone();
        for (double q : qs) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
            }
        }
        options.requireWithinRetention(window, atMillis, name);
        WindowSpan span = window.spanAt(atMillis, grid);
        intake.sealBefore(grid.bucketOf(span.endMillis())); // always: late samples may wait in cells
        long from = grid.bucketOf(span.startMillis());
        long to = grid.bucketOf(span.endMillis());
        long[] sums = new long[history.channels.channels()];
        WindowHistogram h;
        Coverage coverage;
        long stamp = intake.sealLock.readLock();
        try {
            history.channels.sums(from, to, sums);
            h = history.window(from, to);
            coverage = Observed.events(history.channels, grid, span, LatencyHistory.TOTAL);
        } finally {
            intake.sealLock.unlockRead(stamp);
        }
        return new LatencySnapshot(name, span, coverage, sums[LatencyHistory.TOTAL], sums[LatencyHistory.OK],
                sums[LatencyHistory.CLAMPED], h, history.layout, qs, thresholdsNanos,
                Arrays.copyOfRange(sums, LatencyHistory.FIRST_THRESHOLD, sums.length), rejections());
    }

    /**
     * An SLI indicator "requests at or under {@code threshold}" (good) versus slower ones (bad), over any
     * span. A threshold declared with {@link Builder#thresholds} is counted exactly, in time that does not
     * depend on the span; any other is counted from the histogram, exactly for the top of its histogram
     * bucket (see {@link LatencySnapshot#countedUpToNanos}), at the cost of composing the span's blocks.
     *
     * @throws IllegalArgumentException if the threshold is not positive
     */
    public Indicator thresholdIndicator(Duration threshold) {
        if (threshold == null || threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("threshold must be positive, got " + threshold);
        }
        long nanos = threshold.toNanos();
        int index = Arrays.binarySearch(thresholdsNanos, nanos);
        if (index >= 0) {
            return goodOfTotal(LatencyHistory.FIRST_THRESHOLD + index);
        }
        return Indicator.onGrid(grid, span -> {
            options.requireSpanWithinRetention(span, name);
            sealBefore(span.endMillis());
            long from = grid.bucketOf(span.startMillis());
            long to = grid.bucketOf(span.endMillis());
            WindowHistogram h;
            Coverage coverage;
            long stamp = intake.sealLock.readLock();
            try {
                h = history.window(from, to);
                coverage = Observed.events(history.channels, grid, span, LatencyHistory.TOTAL);
            } finally {
                intake.sealLock.unlockRead(stamp);
            }
            long good = h.atOrUnder(nanos);
            return new SliMeasurement(span, SliUnit.EVENTS, good, h.total() - good, 0, coverage);
        });
    }

    /**
     * An SLI indicator "requests that succeeded" (good) versus failed ones (bad), over any span, in time
     * that does not depend on the span's length.
     */
    public Indicator successIndicator() {
        return goodOfTotal(LatencyHistory.OK);
    }

    /** Events counted in {@code goodChannel} are good, the rest of the requests bad; read optimistically. */
    private Indicator goodOfTotal(int goodChannel) {
        return Indicator.onGrid(grid, span -> {
            options.requireSpanWithinRetention(span, name);
            sealBefore(span.endMillis());
            long from = grid.bucketOf(span.startMillis());
            long to = grid.bucketOf(span.endMillis());
            StampedLock lock = intake.sealLock;
            long total = 0;
            long good = 0;
            Coverage coverage = null;
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                try {
                    total = history.channels.sum(LatencyHistory.TOTAL, from, to);
                    good = history.channels.sum(goodChannel, from, to);
                    coverage = Observed.events(history.channels, grid, span, LatencyHistory.TOTAL);
                } catch (RuntimeException torn) { // a seal moved the history under the optimistic read
                    coverage = null;
                }
            }
            if (coverage == null || !lock.validate(stamp)) {
                stamp = lock.readLock();
                try {
                    total = history.channels.sum(LatencyHistory.TOTAL, from, to);
                    good = history.channels.sum(goodChannel, from, to);
                    coverage = Observed.events(history.channels, grid, span, LatencyHistory.TOTAL);
                } finally {
                    lock.unlockRead(stamp);
                }
            }
            return new SliMeasurement(span, SliUnit.EVENTS, good, total - good, 0, coverage);
        });
    }

    /**
     * A time-slice SLI for a percentile objective ("the p99 of each minute under 2 s"): a slice is good
     * when its {@code quantile} is at or under {@code threshold}, unknown without requests. Each slice is
     * decided once from its sealed blocks and remembered (a late sample in it makes it decided again), so
     * evaluating the objective at many instants, as a burn-down chart does, decides each slice once.
     *
     * @throws IllegalArgumentException if the quantile is outside [0, 1], the threshold is not positive,
     *     or the slice is not a whole number of buckets
     */
    public Indicator percentileSliceIndicator(double quantile, Duration threshold, Duration slice) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + quantile);
        }
        if (threshold == null || threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("threshold must be positive, got " + threshold);
        }
        long sliceBuckets = grid.bucketsIn(slice);
        long thresholdNanos = threshold.toNanos();
        return Indicator.onGrid(grid, span -> {
            options.requireSpanWithinRetention(span, name);
            sealBefore(span.endMillis());
            long from = grid.bucketOf(span.startMillis());
            long to = grid.bucketOf(span.endMillis());
            if (Math.floorMod(from, sliceBuckets) != 0 || Math.floorMod(to, sliceBuckets) != 0) {
                throw new IllegalArgumentException("span " + span + " does not start and end on " + slice + " slices");
            }
            long good = 0;
            long bad = 0;
            long unknown = 0;
            long firstKnown = Long.MIN_VALUE;
            long lastKnown = Long.MIN_VALUE;
            long w = intake.sealLock.writeLock(); // the verdicts are remembered
            try {
                SliceVerdicts verdicts = history.sliceVerdicts(quantile, thresholdNanos, sliceBuckets);
                for (long n = from / sliceBuckets, end = to / sliceBuckets; n < end; n++) {
                    byte v = verdicts.get(n);
                    if (v == SliceVerdicts.UNDECIDED) {
                        WindowHistogram h = history.window(n * sliceBuckets, (n + 1) * sliceBuckets);
                        v = h.total() == 0 ? SliceVerdicts.UNKNOWN
                                : h.valueAtQuantile(quantile) <= thresholdNanos ? SliceVerdicts.GOOD
                                : SliceVerdicts.BAD;
                        verdicts.put(n, v);
                    }
                    if (v == SliceVerdicts.UNKNOWN) {
                        unknown++;
                        continue;
                    }
                    if (v == SliceVerdicts.GOOD) {
                        good++;
                    } else {
                        bad++;
                    }
                    if (firstKnown == Long.MIN_VALUE) {
                        firstKnown = n;
                    }
                    lastKnown = n;
                }
            } finally {
                intake.sealLock.unlockWrite(w);
            }
            long sliceMillis = sliceBuckets * grid.resolutionMillis();
            Coverage coverage = firstKnown == Long.MIN_VALUE ? Coverage.none(span)
                    : Coverage.of(span, (good + bad) * sliceMillis,
                            new WindowSpan(firstKnown * sliceMillis, (lastKnown + 1) * sliceMillis));
            return new SliMeasurement(span, SliUnit.SLICES, good, bad, unknown, coverage);
        });
    }

    private List<Duration> declaredThresholds() {
        List<Duration> list = new ArrayList<>();
        for (long t : thresholdsNanos) {
            list.add(Duration.ofNanos(t));
        }
        return list;
    }

    /** Seals every bucket that ends at or before {@code endMillis}, and late samples, if any wait. */
    private void sealBefore(long endMillis) {
        long end = grid.bucketOf(endMillis);
        if (intake.needsSeal(end)) {
            intake.sealBefore(end);
        }
    }

    /**
     * Seals every bucket before the one containing {@code atMillis}. Queries do this themselves; call it
     * to bound the memory of a series that records but is rarely queried.
     */
    public void sealBefore(java.time.Instant at) {
        intake.sealBefore(grid.bucketOf(at.toEpochMilli()));
    }

    /** Buckets holding unsealed samples right now (a racy reading), for tests of the backpressure. */
    int openBucketsForTest() {
        return intake.openBuckets();
    }

    /** Lifetime counts of rejected samples, by reason. */
    @Override
    public Map<Rejection, Long> rejections() {
        Map<Rejection, Long> counts = new EnumMap<>(Rejection.class);
        for (Rejection r : Rejection.values()) {
            long n = intake.rejectedBeforeBuffering(r);
            if (r == Rejection.BEFORE_RETENTION) {
                long stamp = intake.sealLock.readLock();
                try {
                    n += history.droppedBeforeRetention();
                } finally {
                    intake.sealLock.unlockRead(stamp);
                }
            }
            counts.put(r, n);
        }
        return counts;
    }

    /** Heap held by the sealed histogram blocks (buckets, hours, days), in bytes; for capacity planning. */
    public long sealedHistogramBytes() {
        long stamp = intake.sealLock.readLock();
        try {
            return history.blockBytes();
        } finally {
            intake.sealLock.unlockRead(stamp);
        }
    }

    @Override
    public String toString() {
        return "LatencySeries[" + name + "]";
    }

    /** Builds a {@link LatencySeries}; not thread-safe. */
    public static final class Builder extends SeriesBuilder<Builder> {
        private Duration highestTrackable = Duration.ofHours(1);
        private int significantDigits = 3;
        private final List<Duration> thresholds = new ArrayList<>();

        private Builder(String name) {
            super(name);
        }

        /** The longest duration kept apart; longer ones are clamped to it and counted (default 1 hour). */
        public Builder highestTrackable(Duration highestTrackable) {
            this.highestTrackable = Objects.requireNonNull(highestTrackable, "highestTrackable");
            return this;
        }

        /** Decimal digits of histogram precision, 1 to 5 (default 3: within 0.1 %). */
        public Builder significantDigits(int significantDigits) {
            this.significantDigits = significantDigits;
            return this;
        }

        /** Thresholds whose at-or-under counts are kept exactly (an SLO such as "responses within 2 s"). */
        public Builder thresholds(Duration... thresholds) {
            for (Duration t : thresholds) {
                this.thresholds.add(Objects.requireNonNull(t, "threshold"));
            }
            return this;
        }

        /**
         * @throws IllegalArgumentException for a blank name, a highest trackable duration under 1 µs,
         *     digits outside 1..5, or a threshold not in (0, highestTrackable]
         */
        public LatencySeries build() {
            requireName();
            if (highestTrackable.compareTo(Duration.ofNanos(1000)) < 0) {
                throw new IllegalArgumentException("highestTrackable: must be at least 1µs, got " + highestTrackable);
            }
            if (significantDigits < 1 || significantDigits > 5) {
                throw new IllegalArgumentException("significantDigits: must be between 1 and 5, got " + significantDigits);
            }
            for (Duration t : thresholds) {
                if (t.isNegative() || t.isZero() || t.compareTo(highestTrackable) > 0) {
                    throw new IllegalArgumentException("thresholds: " + t + " is not in (0, highestTrackable "
                            + highestTrackable + "]");
                }
            }
            return new LatencySeries(this);
        }
    }
}
