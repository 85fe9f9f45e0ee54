package dev.sli.core.record;

import dev.sli.core.history.HistoryShape;
import dev.sli.core.history.SealedHistory;
import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.WindowSpan;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * What the time-weighted series (readiness, probe, work) share: a {@link GaugeRing} that any thread
 * offers samples to without locking, a single-threaded integrator fed from it under the ring's consumer
 * role, and the sealed per-bucket amounts the integrator hands over, kept as prefix sums. Checks a
 * sample's time against the clock and the retention before it enters the ring.
 */
final class GaugeCore {

    static final int RING_CAPACITY = 1024;

    final BucketGrid grid;
    final Clock clock;
    final SeriesOptions options;
    private final long maxFutureMillis;
    /** How far before the clock's bucket a sample may start, or -1 when only the newest data anchors retention. */
    private final long clockRetentionMillis;
    private final ChannelHistory history;
    private final SealedHistory store;
    private final GaugeRing ring = new GaugeRing(RING_CAPACITY);
    private final AtomicLongArray rejected = new AtomicLongArray(Rejection.COUNT);
    private GaugeRing.Consumer consumer;
    private LongConsumer advance;
    private volatile long oldestAcceptedMillis = Long.MIN_VALUE;
    /** The end of the sealed buckets: time before it is decided for good (samples before it are refused). */
    private volatile long settledBeforeMillis = Long.MIN_VALUE;

    GaugeCore(SeriesOptions options, int channels, String series, SealedHistory.Factory factory) {
        this.options = options;
        this.grid = options.grid();
        this.clock = options.clock();
        this.maxFutureMillis = options.maxFuture().toMillis();
        this.clockRetentionMillis = options.retentionAnchor() == SeriesOptions.RetentionAnchor.CLOCK
                ? options.retention().toMillis() : -1;
        this.history = new ChannelHistory(channels, options.retentionBuckets());
        this.store = factory.open(series, HistoryShape.ofAmounts(grid.resolutionMillis(), options.retentionBuckets(), channels));
        store.forEachSealed((bucket, amounts) -> {
            if (history.isEmpty() || bucket >= history.frontier()) {
                history.append(bucket, amounts);
            } else {
                history.addLate(bucket, amounts);
            }
        });
        if (!history.isEmpty()) {
            oldestAcceptedMillis = grid.startMillis(history.oldestRetained());
            settledBeforeMillis = grid.startMillis(history.frontier());
        }
    }

    /** Where the sealed buckets are kept. */
    SealedHistory store() {
        return store;
    }

    /** The first bucket not yet sealed ({@link Long#MIN_VALUE} while empty); call under the consumer role. */
    long frontierBucket() {
        return history.isEmpty() ? Long.MIN_VALUE : history.frontier();
    }

    /** Wires the integrator: {@code consumer} feeds it samples, {@code advance} moves its time forward. */
    void bind(GaugeRing.Consumer consumer, LongConsumer advance) {
        this.consumer = consumer;
        this.advance = advance;
    }

    /** Called by the integrator's sink, under the consumer role, for each complete bucket in order. */
    void sealed(long bucket, long[] values) {
        if (history.isEmpty() || bucket >= history.frontier()) {
            history.append(bucket, values);
            store.sealed(bucket, values);
            oldestAcceptedMillis = grid.startMillis(history.oldestRetained());
            settledBeforeMillis = grid.startMillis(bucket + 1); // sealed in order: never changed again
        }
    }

    /** Where sealed time ends: spans ending at or before it are answered the same from now on. Any thread. */
    long settledBeforeMillis() {
        return settledBeforeMillis;
    }

    /** The oldest retained bucket ({@link Long#MIN_VALUE} while empty); call under the consumer role. */
    long oldestRetainedBucket() {
        return history.oldestRetained();
    }

    /**
     * Offers a sample from any thread; counts it as rejected if its time is off (outside the range the series
     * handle, ahead of the clock by more than the tolerance, or before the retention) or the backlog is full.
     * No arithmetic here can overflow, whatever the timestamp or the clock.
     */
    void offer(long epochMillis, long value, Object ref) {
        long now = clock.epochMillis();
        if (epochMillis > SegmentIntake.MAX_ABS_EPOCH_MILLIS || epochMillis > SegmentIntake.saturatedAdd(now, maxFutureMillis)) {
            reject(Rejection.FUTURE_TIMESTAMP);
        } else if (epochMillis < -SegmentIntake.MAX_ABS_EPOCH_MILLIS || epochMillis < oldestAcceptedMillis
                || (clockRetentionMillis >= 0 && epochMillis < clockEdgeMillis(now))) {
            reject(Rejection.BEFORE_RETENTION);
        } else if (!ring.offer(epochMillis, value, ref, consumer)) {
            reject(Rejection.BACKLOG_FULL);
        }
    }

    /** The start of the oldest bucket the retention keeps by the clock at {@code now} (saturated, never wrapped). */
    private long clockEdgeMillis(long now) {
        long edge = grid.alignDown(now) - clockRetentionMillis;
        return edge > grid.alignDown(now) ? Long.MIN_VALUE : edge;
    }

    void reject(Rejection reason) {
        rejected.incrementAndGet(reason.ordinal());
    }

    /**
     * Sums every channel over {@code span} after draining the ring and deciding time up to
     * {@code decideUntilMillis}; runs {@code alsoUnderRole} with the same exclusive access (may be null).
     */
    void sums(WindowSpan span, long decideUntilMillis, long[] out, Runnable alsoUnderRole) {
        ring.withConsumerRole(consumer, () -> {
            advance.accept(decideUntilMillis);
            history.sums(grid.bucketOf(span.startMillis()), grid.bucketOf(span.endMillis()), out);
            if (alsoUnderRole != null) {
                alsoUnderRole.run();
            }
        });
    }

    /** The sealed amounts; read them only under the consumer role (inside {@link #sums}'s {@code alsoUnderRole}). */
    ChannelHistory history() {
        return history;
    }

    /** Runs {@code action} with exclusive access to the integrator, after draining the ring. */
    void underRole(Runnable action) {
        ring.withConsumerRole(consumer, action);
    }

    /** Lifetime rejections counted before the integrator, plus {@code integratorCounts} (read under the role). */
    Map<Rejection, Long> rejections(Map<Rejection, Long> integratorCounts) {
        Map<Rejection, Long> counts = new EnumMap<>(Rejection.class);
        for (Rejection r : Rejection.values()) {
            counts.put(r, rejected.get(r.ordinal()) + integratorCounts.getOrDefault(r, 0L));
        }
        return counts;
    }

    /**
     * Writes {@code integrator}'s state as the store's checkpoint: its open bucket with the amounts so far, and
     * what is in force (the last samples, so that their lookback continues after a restart), in a block that
     * starts with {@code format}. Any thread.
     */
    void checkpoint(BucketAccrual integrator, int channels, byte format) {
        underRole(() -> {
            byte[] state = integrator.checkpointState();
            store.checkpointBegin();
            if (state != null) {
                long[] amounts = new long[channels];
                integrator.openAmounts(amounts);
                byte[] block = new byte[state.length + 1];
                block[0] = format;
                System.arraycopy(state, 0, block, 1, state.length);
                store.checkpointBucket(integrator.openBucket, amounts, block);
            }
            store.checkpointEnd();
        });
    }

    /**
     * Puts back into {@code integrator} (new, before it is bound) the checkpoint of the store this series was
     * built on, if it is of {@code format} and newer than the sealed data. A checkpoint older than the sealed
     * data (a kill between a seal and the next flush) is left out: what was in force after it is not known, so
     * that time stays unknown until new samples come, as it would without a checkpoint.
     */
    void restore(BucketAccrual integrator, byte format) {
        store.forEachCheckpointed((bucket, amounts, block) -> {
            long sealedUntil = frontierBucket();
            if (block == null || block.length < 9 || block[0] != format || amounts.length != history.channels()
                    || (sealedUntil != Long.MIN_VALUE && bucket < sealedUntil)) {
                return;
            }
            try {
                integrator.restore(bucket, amounts, java.util.Arrays.copyOfRange(block, 1, block.length));
            } catch (IllegalArgumentException e) {
                org.slf4j.LoggerFactory.getLogger(GaugeCore.class).warn("the checkpoint of {} is left out: {}", store, e.getMessage());
            }
        });
    }
}
