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
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The duration-of-work SLI of long-running tasks started and finished by id (provision requests):
 * how many finished within each declared threshold ("80 % done within 1 h"), completion-time
 * quantiles, and the tasks still open with their ages, so that one open past a limit can raise an alert.
 *
 * <p>A task is counted in the bucket in which it finished (or was abandoned, after the abandon limit).
 * Failed and abandoned tasks count against every threshold.
 *
 * <p><b>Threads.</b> {@link #start}, {@link #finish} and their {@code At} forms may be called from any
 * thread without locking; they never block and never throw for bad events (unknown id, duplicate start,
 * finish before start: counted as {@link Rejection#INVALID_EVENT}). They keep each open id, so they
 * allocate per task, not per call. Queries return immutable snapshots.
 */
public final class WorkSeries implements Series {

    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int ABANDONED = 2;
    static final int CLAMPED = 3;
    static final int FIRST_THRESHOLD = 4;
    private static final long START = 0;
    private static final long FINISH_OK = 1;
    private static final long FINISH_FAILED = 2;

    private final String name;
    private final GaugeCore core;
    private final WorkTracker tracker;
    private final long[] thresholdsMillis;
    private final long[] values;
    private final int capacity;
    /** Encoded completion-time histograms of the retained buckets that have completions, by bucket. */
    private final TreeMap<Long, byte[]> histograms = new TreeMap<>();
    private final HistogramCodec codec = new HistogramCodec();

    private WorkSeries(String name, SeriesOptions options, List<Duration> thresholds, Duration abandonLimit,
            SealedHistory.Factory history) {
        this.name = name;
        this.thresholdsMillis = thresholds.stream().mapToLong(Duration::toMillis).toArray();
        this.core = new GaugeCore(options, FIRST_THRESHOLD + thresholds.size(), name, history);
        this.values = new long[FIRST_THRESHOLD + thresholds.size()];
        this.capacity = options.retentionBuckets();
        this.tracker = new WorkTracker(options.grid(), thresholds, abandonLimit, this::sealed);
        long frontier = core.frontierBucket();
        if (frontier != Long.MIN_VALUE) { // a store reopened: its completion-time histograms come back too
            for (long bucket = Math.max(frontier - capacity, Long.MIN_VALUE + 1); bucket < frontier; bucket++) {
                byte[] encoded = core.store().block(0, bucket);
                if (encoded != null) {
                    histograms.put(bucket, encoded);
                }
            }
        }
        restoreCheckpoint();
        core.bind((t, kind, id) -> {
            if (kind == START) {
                tracker.start((String) id, t);
            } else {
                tracker.finish((String) id, t, kind == FINISH_OK);
            }
        }, tracker::advanceTo);
    }

    /** A builder for a series called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link WorkSeries}; not thread-safe. */
    public static final class Builder extends SeriesBuilder<Builder> {
        private final List<Duration> thresholds = new ArrayList<>();
        private Duration abandonAfter = WorkTracker.DEFAULT_ABANDON_LIMIT;

        private Builder(String name) {
            super(name);
        }

        /** Durations whose done-within counts are kept exactly ("80 % done within 1 h"); at least one. */
        public Builder thresholds(Duration... thresholds) {
            return thresholds(List.of(thresholds));
        }

        /** Durations whose done-within counts are kept exactly. */
        public Builder thresholds(List<Duration> thresholds) {
            for (Duration t : thresholds) {
                this.thresholds.add(Objects.requireNonNull(t, "threshold"));
            }
            return this;
        }

        /** Tasks open longer than this are counted as abandoned and forgotten (default 7 days). */
        public Builder abandonAfter(Duration abandonAfter) {
            this.abandonAfter = Objects.requireNonNull(abandonAfter, "abandonAfter");
            return this;
        }

        /** @throws IllegalArgumentException for a blank name, no thresholds, or values {@link WorkTracker} refuses */
        public WorkSeries build() {
            requireName();
            if (thresholds.isEmpty()) {
                throw new IllegalArgumentException("thresholds: at least one is needed");
            }
            List<Duration> sorted = new ArrayList<>(thresholds);
            sorted.sort(null);
            return new WorkSeries(name, options, List.copyOf(sorted), abandonAfter, history);
        }
    }


    /** The format of the state block a work series checkpoints. */
    private static final byte CHECKPOINT_FORMAT = 'W';

    /**
     * Writes the tracker's state to the series' store as its checkpoint: the bucket in progress (its counts, and
     * its completion times in the block) and every open task with its start, so that a series built again on the
     * store after a restart (or a kill) goes on counting the tasks that were open. Called by the store's
     * flusher and at close; without a persistent store it does nothing useful. Any thread.
     */
    public void checkpoint() {
        core.underRole(() -> {
            java.io.ByteArrayOutputStream items = new java.io.ByteArrayOutputStream();
            long[] amounts = new long[values.length];
            long[] state = new long[2];
            int[] count = new int[1];
            byte[][] times = new byte[1][];
            boolean started = tracker.checkpoint(new WorkTracker.CheckpointOut() {
                @Override
                public void state(long frontierMillis, WorkBucket open) {
                    state[0] = frontierMillis;
                    state[1] = open.bucket();
                    amounts[COMPLETED] = open.completed();
                    amounts[FAILED] = open.failed();
                    amounts[ABANDONED] = open.abandoned();
                    amounts[CLAMPED] = open.clamped();
                    for (int i = 0; i < thresholdsMillis.length; i++) {
                        amounts[FIRST_THRESHOLD + i] = open.completedWithin(i);
                    }
                    times[0] = open.completionTimes().getTotalCount() == 0 ? null : codec.encode(open.completionTimes());
                }

                @Override
                public void item(String id, long startMillis) {
                    byte[] bytes = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    items.writeBytes(java.nio.ByteBuffer.allocate(12).putLong(startMillis).putInt(bytes.length).array());
                    items.writeBytes(bytes);
                    count[0]++;
                }
            });
            core.store().checkpointBegin();
            if (started) {
                byte[] h = times[0] == null ? new byte[0] : times[0];
                java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(1 + 8 + 4 + h.length + 4 + items.size());
                block.put(CHECKPOINT_FORMAT).putLong(state[0]).putInt(times[0] == null ? -1 : h.length).put(h)
                        .putInt(count[0]).put(items.toByteArray());
                core.store().checkpointBucket(state[1], amounts, block.array());
            }
            core.store().checkpointEnd();
        });
    }

    /**
     * Puts back the last checkpoint of the store this series was built on (nothing for a new one). When buckets
     * were sealed after it (the process was killed between a seal and the next checkpoint), its bucket in
     * progress is left out, as the sealed data holds it, and its open tasks are put back as uncertain (see
     * {@link WorkTracker#restore}). A block this version cannot read is left out.
     */
    private void restoreCheckpoint() {
        core.store().forEachCheckpointed((bucket, amounts, block) -> {
            if (block == null || block.length < 17 || block[0] != CHECKPOINT_FORMAT || amounts.length != values.length) {
                return;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(block, 1, block.length - 1);
            long frontierMillis = b.getLong();
            int hLength = b.getInt();
            org.HdrHistogram.Histogram times = null;
            if (hLength >= 0) {
                byte[] h = new byte[hLength];
                b.get(h);
                times = HistogramCodec.decode(h);
            }
            int n = b.getInt();
            List<String> ids = new ArrayList<>(n);
            long[] starts = new long[n];
            for (int i = 0; i < n; i++) {
                starts[i] = b.getLong();
                byte[] id = new byte[b.getInt()];
                b.get(id);
                ids.add(new String(id, java.nio.charset.StandardCharsets.UTF_8));
            }
            long sealedUntil = core.frontierBucket();
            boolean stale = sealedUntil != Long.MIN_VALUE && bucket < sealedUntil;
            if (stale) {
                tracker.restore(Math.max(frontierMillis, core.grid.startMillis(sealedUntil)), sealedUntil, null, null,
                        ids, starts, true);
            } else {
                tracker.restore(frontierMillis, bucket, amounts, times, ids, starts, false);
            }
        });
    }

    private void sealed(WorkBucket b) {
        values[COMPLETED] = b.completed();
        values[FAILED] = b.failed();
        values[ABANDONED] = b.abandoned();
        values[CLAMPED] = b.clamped();
        for (int i = 0; i < thresholdsMillis.length; i++) {
            values[FIRST_THRESHOLD + i] = b.completedWithin(i);
        }
        if (b.completionTimes().getTotalCount() != 0) {
            byte[] encoded = codec.encode(b.completionTimes());
            histograms.put(b.bucket(), encoded);
            core.store().putBlock(0, b.bucket(), encoded);
        }
        core.sealed(b.bucket(), values);
        // keep only what the retention covers: the newest sealed bucket and capacity - 1 before it
        histograms.headMap(b.bucket() - capacity, true).clear();
        core.store().evictBefore(0, b.bucket() - capacity + 1);
    }

    /** {@link SeriesKind#WORK}. */
    @Override
    public SeriesKind kind() {
        return SeriesKind.WORK;
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

    /** A task with {@code id} started now. */
    public void start(String id) {
        startAt(core.clock.epochMillis(), id);
    }

    /** A task with {@code id} started at {@code epochMillis}. */
    public void startAt(long epochMillis, String id) {
        core.offer(epochMillis, START, id);
    }

    /** The task with {@code id} finished now, successfully or not. */
    public void finish(String id, boolean ok) {
        finishAt(core.clock.epochMillis(), id, ok);
    }

    /** The task with {@code id} finished at {@code epochMillis}, successfully or not. */
    public void finishAt(long epochMillis, String id, boolean ok) {
        core.offer(epochMillis, ok ? FINISH_OK : FINISH_FAILED, id);
    }

    /** Tasks over {@code window} evaluated now. */
    public WorkSnapshot snapshot(Window window, double... quantiles) {
        return snapshotAt(window, core.clock.epochMillis(), quantiles);
    }

    /**
     * Finished tasks over {@code window} evaluated at {@code atMillis}, completion-time quantiles (each
     * in [0, 1]) and the tasks open at {@code atMillis}. Quantiles merge the window's buckets: their
     * cost grows with the window.
     *
     * @throws IllegalArgumentException if a quantile is outside [0, 1]
     * A window longer than the retention throws {@link IllegalArgumentException}: never a cut answer.
     */
    public WorkSnapshot snapshotAt(Window window, long atMillis, double... quantiles) {
        double[] qs = quantiles.clone();
        for (double q : qs) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
            }
        }
        core.options.requireWithinRetention(window, atMillis, name);
        WindowSpan span = window.spanAt(atMillis, core.grid);
        long[] sums = new long[values.length];
        long[] quantileMillis = new long[qs.length];
        List<List<WorkOpenItem>> open = new ArrayList<>(1);
        long[] counts = new long[3];
        Coverage[] coverage = new Coverage[1];
        core.sums(span, atMillis, sums, () -> {
            coverage[0] = Observed.events(core.history(), core.grid, span, COMPLETED, FAILED, ABANDONED);
            if (qs.length > 0) {
                Histogram merged = new Histogram(1, 30L * 24 * 3_600_000, 3);
                long from = core.grid.bucketOf(span.startMillis());
                long to = core.grid.bucketOf(span.endMillis());
                for (byte[] encoded : histograms.subMap(Math.max(from, core.oldestRetainedBucket()), true, to, false).values()) {
                    merged.add(HistogramCodec.decode(encoded));
                }
                for (int i = 0; i < qs.length && merged.getTotalCount() > 0; i++) {
                    quantileMillis[i] = HistogramCodec.valueAtQuantile(merged, qs[i], merged.getMaxValue());
                }
            }
            open.add(tracker.openOlderThan(atMillis, Duration.ZERO.minusMillis(1)));
            readCounts(counts);
        });
        return new WorkSnapshot(name, span, coverage[0], atMillis, sums[COMPLETED], sums[FAILED], sums[ABANDONED], thresholdsMillis,
                Arrays.copyOfRange(sums, FIRST_THRESHOLD, sums.length), qs, quantileMillis, open.get(0),
                core.rejections(countsMap(counts)));
    }

    /** Tasks open at {@code atMillis} for longer than {@code age}, oldest first: what an open-too-long alert fires on. */
    public List<WorkOpenItem> openOlderThan(long atMillis, Duration age) {
        List<List<WorkOpenItem>> out = new ArrayList<>(1);
        core.underRole(() -> {
            tracker.advanceTo(atMillis);
            out.add(tracker.openOlderThan(atMillis, age));
        });
        return out.get(0);
    }

    /**
     * "Finished within {@code threshold}" as an SLI: tasks done within it are good; slower, failed and
     * abandoned ones are bad.
     *
     * @throws IllegalArgumentException if {@code threshold} was not declared
     */
    public Indicator thresholdIndicator(Duration threshold) {
        int index = -1;
        for (int i = 0; i < thresholdsMillis.length; i++) {
            if (thresholdsMillis[i] == threshold.toMillis()) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("threshold " + threshold + " was not declared on series '" + name + "'");
        }
        int channel = FIRST_THRESHOLD + index;
        return Indicator.onGrid(core.grid, span -> {
            core.options.requireSpanWithinRetention(span, name);
            long[] sums = new long[values.length];
            Coverage[] coverage = new Coverage[1];
            core.sums(span, span.endMillis(), sums,
                    () -> coverage[0] = Observed.events(core.history(), core.grid, span, COMPLETED, FAILED, ABANDONED));
            long all = sums[COMPLETED] + sums[FAILED] + sums[ABANDONED];
            return new SliMeasurement(span, SliUnit.EVENTS, sums[channel], all - sums[channel], 0, coverage[0]);
        }, core::settledBeforeMillis);
    }

    @Override
    public String toString() {
        return "WorkSeries[" + name + "]";
    }

    /** Reads the integrator's rejection counts into {@code counts}; call under the consumer role. */
    private void readCounts(long[] counts) {
        counts[0] = tracker.rejected(WorkRejection.INVALID_ID) + tracker.rejected(WorkRejection.TIMESTAMP_OUT_OF_RANGE);
        counts[1] = tracker.rejected(WorkRejection.DUPLICATE_START) + tracker.rejected(WorkRejection.UNKNOWN_ID)
                + tracker.rejected(WorkRejection.FINISH_BEFORE_START);
    }

    /** Counts read under the consumer role: [0] INVALID_VALUE, [1] INVALID_EVENT. */
    private static Map<Rejection, Long> countsMap(long[] counts) {
        Map<Rejection, Long> m = new EnumMap<>(Rejection.class);
        m.put(Rejection.INVALID_VALUE, counts[0]);
        m.put(Rejection.INVALID_EVENT, counts[1]);
        return m;
    }
}
