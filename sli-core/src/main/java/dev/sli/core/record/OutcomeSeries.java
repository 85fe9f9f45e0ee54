package dev.sli.core.record;

import dev.sli.core.history.HistoryShape;
import dev.sli.core.history.SealedHistory;
import dev.sli.core.slo.Coverage;
import dev.sli.core.slo.Indicator;
import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.slo.SliUnit;
import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;

/**
 * The outcome SLI of one stream of requests or events: good or bad, counted per bucket, answered as a
 * success rate, an error rate, or good/bad events for an SLO over any window in constant time.
 *
 * <p><b>Threads.</b> {@link #record}, {@link #recordAt} and {@link #recordCountsAt} may be called from any
 * number of threads; they take no lock, never throw for bad data (they count it, see
 * {@link #rejections()}), and allocate nothing in steady state. Live recording never waits; historic
 * recording that outruns sealing helps seal (backpressure). Queries may run concurrently and
 * return immutable snapshots.
 */
public final class OutcomeSeries implements Series {

    static final int TOTAL = 0;
    static final int GOOD = 1;

    private final String name;
    private final BucketGrid grid;
    private final Clock clock;
    private final SeriesOptions options;
    private final ChannelHistory history;
    private final SealedHistory store;
    private final Intake intake;

    private OutcomeSeries(String name, SeriesOptions options, SealedHistory.Factory factory) {
        this.name = name;
        this.grid = options.grid();
        this.clock = options.clock();
        this.options = options;
        this.history = new ChannelHistory(2, options.retentionBuckets());
        this.store = factory.open(name, HistoryShape.ofAmounts(grid.resolutionMillis(), options.retentionBuckets(), 2));
        store.forEachSealed((bucket, amounts) -> {
            if (history.isEmpty() || bucket >= history.frontier()) {
                history.append(bucket, amounts);
            } else {
                history.addLate(bucket, amounts);
            }
        });
        this.intake = new Intake(options);
        store.forEachCheckpointed((bucket, amounts, block) -> { // open when the process stopped: sealed now
            if (amounts.length == 2 && (history.isEmpty() || bucket >= history.frontier())) {
                history.append(bucket, amounts);
                store.sealed(bucket, amounts);
            }
        });
        if (!history.isEmpty()) {
            intake.publishBounds(history.oldestRetained(), history.frontier());
        }
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

    /** Builds an {@link OutcomeSeries}; not thread-safe. */
    public static final class Builder extends SeriesBuilder<Builder> {

        private Builder(String name) {
            super(name);
        }

        /** @throws IllegalArgumentException if the name is blank */
        public OutcomeSeries build() {
            requireName();
            return new OutcomeSeries(name, options, history);
        }
    }

    /** {@link SeriesKind#OUTCOME}. */
    @Override
    public SeriesKind kind() {
        return SeriesKind.OUTCOME;
    }

    /** The options the series was built with. */
    @Override
    public SeriesOptions options() {
        return options;
    }

    /** The series name. */
    @Override
    public String name() {
        return name;
    }

    /** Records one event, good or bad, now (by the series' clock). */
    public void record(boolean ok) {
        intake.append(clock.epochMillis(), ok ? 3L : 1L);
    }

    /** Records one event that happened at {@code epochMillis} (historic data, replay). */
    public void recordAt(long epochMillis, boolean ok) {
        intake.append(epochMillis, ok ? 3L : 1L);
    }

    /**
     * Records {@code good} good and {@code bad} bad events at {@code epochMillis} at once (replaying
     * counter increases). Negative counts, or counts of 2<sup>30</sup> or more in one call, are rejected
     * and counted as {@link Rejection#INVALID_VALUE}.
     */
    public void recordCountsAt(long epochMillis, long good, long bad) {
        if (good < 0 || bad < 0 || good >= (1L << 30) || bad >= (1L << 30)) {
            intake.reject(Rejection.INVALID_VALUE);
            return;
        }
        if (good + bad > 0) {
            intake.append(epochMillis, ((good + bad) << 32) | (good << 1) | 1L);
        }
    }

    /** Good and bad events in {@code window} evaluated now; see {@link #snapshotAt}. */
    public OutcomeSnapshot snapshot(Window window) {
        return snapshotAt(window, clock.epochMillis());
    }

    /**
     * Good and bad events in {@code window} evaluated at {@code atMillis}.
     *
     * @throws IllegalArgumentException if the window is longer than the retention (never a cut answer)
     */
    public OutcomeSnapshot snapshotAt(Window window, long atMillis) {
        options.requireWithinRetention(window, atMillis, name);
        WindowSpan span = window.spanAt(atMillis, grid);
        intake.sealBefore(grid.bucketOf(span.endMillis()));
        long total;
        long good;
        Coverage coverage;
        long stamp = intake.sealLock.readLock();
        try {
            long from = grid.bucketOf(span.startMillis());
            long to = grid.bucketOf(span.endMillis());
            total = history.sum(TOTAL, from, to);
            good = history.sum(GOOD, from, to);
            coverage = Observed.events(history, grid, span, TOTAL);
        } finally {
            intake.sealLock.unlockRead(stamp);
        }
        return new OutcomeSnapshot(name, span, coverage, good, total - good, rejections());
    }

    /**
     * An SLI indicator "good events versus bad", over any span in constant time; measuring a span longer
     * than the retention throws {@link IllegalArgumentException}.
     */
    public Indicator indicator() {
        return Indicator.onGrid(grid, span -> {
            options.requireSpanWithinRetention(span, name);
            long end = grid.bucketOf(span.endMillis());
            if (intake.needsSeal(end)) {
                intake.sealBefore(end);
            }
            long from = grid.bucketOf(span.startMillis());
            StampedLock lock = intake.sealLock;
            long total = 0;
            long good = 0;
            Coverage coverage = null;
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                try {
                    total = history.sum(TOTAL, from, end);
                    good = history.sum(GOOD, from, end);
                    coverage = Observed.events(history, grid, span, TOTAL);
                } catch (RuntimeException torn) { // a seal moved the history under the optimistic read
                    coverage = null;
                }
            }
            if (coverage == null || !lock.validate(stamp)) {
                stamp = lock.readLock();
                try {
                    total = history.sum(TOTAL, from, end);
                    good = history.sum(GOOD, from, end);
                    coverage = Observed.events(history, grid, span, TOTAL);
                } finally {
                    lock.unlockRead(stamp);
                }
            }
            return new SliMeasurement(span, SliUnit.EVENTS, good, total - good, 0, coverage);
        });
    }

    /** Lifetime counts of rejected samples, by reason. */
    @Override
    public Map<Rejection, Long> rejections() {
        Map<Rejection, Long> counts = new EnumMap<>(Rejection.class);
        for (Rejection r : Rejection.values()) {
            counts.put(r, intake.rejectedBeforeBuffering(r) + (r == Rejection.BEFORE_RETENTION ? intake.dropped : 0));
        }
        return counts;
    }

    /** Full-size chunk arrays the sealed history holds; for tests of its footprint. */
    int historyChunkArrays() {
        long stamp = intake.sealLock.readLock();
        try {
            return history.chunkArrays();
        } finally {
            intake.sealLock.unlockRead(stamp);
        }
    }

    @Override
    public String toString() {
        return "OutcomeSeries[" + name + "]";
    }

    /** Samples: 1 = one bad event, 3 = one good event, else {@code total << 32 | good << 1 | 1}. */
    private final class Intake extends SegmentIntake<long[]> {
        private final long[] values = new long[2];
        volatile long dropped;

        Intake(SeriesOptions options) {
            super(options);
        }

        @Override
        long[] newAccumulator() {
            return new long[2];
        }

        @Override
        void accumulate(long[] acc, long sample) {
            if (sample < 4) {
                acc[TOTAL]++;
                acc[GOOD] += sample >>> 1;
            } else {
                acc[TOTAL] += sample >>> 32;
                acc[GOOD] += (sample >>> 1) & 0x7FFF_FFFFL;
            }
        }

        @Override
        void merge(long[] target, long[] source) {
            target[TOTAL] += source[TOTAL];
            target[GOOD] += source[GOOD];
        }

        @Override
        void clear(long[] acc) {
            acc[TOTAL] = 0;
            acc[GOOD] = 0;
        }

        @Override
        void onSealed(long bucket, long[] acc) {
            if (history.isEmpty() || bucket >= history.frontier()) {
                history.append(bucket, acc);
                store.sealed(bucket, acc);
            } else if (history.addLate(bucket, acc)) {
                history.bucket(bucket, values);
                store.sealed(bucket, values);
            } else {
                dropped += acc[TOTAL];
            }
        }

        @Override
        void onCheckpointBegin() {
            store.checkpointBegin();
        }

        @Override
        void onCheckpoint(long bucket, long[] acc) {
            store.checkpointBucket(bucket, acc, null);
        }

        @Override
        void onCheckpointEnd() {
            store.checkpointEnd();
        }

        @Override
        void onAdvanced(long endBucket) {
            history.advanceTo(endBucket);
            if (!history.isEmpty()) {
                publishBounds(history.oldestRetained(), history.frontier());
            }
        }
    }
}
