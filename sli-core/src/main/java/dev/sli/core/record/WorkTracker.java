package dev.sli.core.record;

import dev.sli.core.window.BucketGrid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Tracks long-running work items by id (for example provision requests): each ok finish records its
 * completion time (finish − start, in milliseconds) into the bucket of the finish, and the open items and their
 * ages can be listed for an "open past 1 h" alert. Not thread-safe: the caller serialises all calls.
 *
 * <h2>Time and buckets</h2>
 * The tracker keeps a <em>frontier</em>, the latest accepted event time or {@link #advanceTo} argument; a
 * bucket is completed and handed once to the {@link WorkSink} when the frontier reaches its end, unless nothing
 * was finished or abandoned in it. An accepted event timestamped before the frontier (late) keeps its own
 * timestamp for ages and completion times but is counted in the open bucket, since earlier ones are sealed
 * ({@link #lateEvents()}). Rejected calls do not move time.
 *
 * <h2>Abandonment</h2>
 * An item still open when its age exceeds the abandon limit (default 7 days) — that is, once the frontier
 * reaches {@code start + limit + 1 ms} — is removed and counted as abandoned in the bucket of that instant (or
 * in the open bucket, for a late start). This happens whichever call moves time, so results do not depend on
 * how often {@link #advanceTo} is called. A later finish for it is an {@link WorkRejection#UNKNOWN_ID}.
 *
 * <h2>Rejections</h2>
 * Never throws on events; each rejected call is counted under one {@link WorkRejection}, checked in the order
 * the enum lists them, and changes nothing else.
 */
final class WorkTracker {

    /** The default abandon limit. */
    static final Duration DEFAULT_ABANDON_LIMIT = Duration.ofDays(7);

    /** The default completion-time threshold: one hour. */
    static final List<Duration> DEFAULT_THRESHOLDS = List.of(Duration.ofHours(1));

    /** The largest abandon limit accepted. */
    static final Duration MAX_ABANDON_LIMIT = Duration.ofDays(3650);

    /** Events whose timestamp is further than this from the epoch (about 285 000 years) are rejected. */
    static final long MAX_ABS_EPOCH_MILLIS = 1L << 53;

    private static final Comparator<Item> OLDEST_FIRST =
            Comparator.comparingLong((Item item) -> item.startMillis).thenComparingLong(item -> item.sequence);

    private final BucketGrid grid;
    private final long resolutionMillis;
    private final long abandonLimitMillis;
    private final WorkSink sink;
    private final WorkBucket open;

    private final Map<String, Item> openById = new HashMap<>();
    private final TreeSet<Item> openByStart = new TreeSet<>(OLDEST_FIRST);
    private long nextSequence;

    private boolean started;
    private long frontier;
    private long openEnd;

    private final long[] rejections = new long[WorkRejection.values().length];
    private long startsAccepted;
    private long completed;
    private long failed;
    private long abandoned;
    private long clamped;
    private long late;
    private long uncertainDropped;

    /** A tracker with the default threshold (1 h) and abandon limit (7 d). */
    WorkTracker(BucketGrid grid, WorkSink sink) {
        this(grid, DEFAULT_THRESHOLDS, DEFAULT_ABANDON_LIMIT, sink);
    }

    /**
     * A tracker counting completions within each of {@code thresholds} and abandoning items open past
     * {@code abandonLimit}.
     *
     * @throws IllegalArgumentException if a threshold is not a positive whole number of milliseconds, if two
     *     thresholds are equal, or if the abandon limit is not a whole number of milliseconds between 1 ms and
     *     3650 days
     */
    WorkTracker(BucketGrid grid, List<Duration> thresholds, Duration abandonLimit, WorkSink sink) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.resolutionMillis = grid.resolutionMillis();
        this.sink = Objects.requireNonNull(sink, "sink");
        this.open = new WorkBucket(checkedThresholds(thresholds));
        Objects.requireNonNull(abandonLimit, "abandonLimit");
        if (abandonLimit.isNegative() || abandonLimit.isZero() || abandonLimit.compareTo(MAX_ABANDON_LIMIT) > 0
                || !Duration.ofMillis(abandonLimit.toMillis()).equals(abandonLimit)) {
            throw new IllegalArgumentException("abandonLimit must be a whole number of milliseconds between 1ms"
                    + " and 3650d, got " + abandonLimit);
        }
        this.abandonLimitMillis = abandonLimit.toMillis();
    }

    private static long[] checkedThresholds(List<Duration> thresholds) {
        Objects.requireNonNull(thresholds, "thresholds");
        long[] millis = new long[thresholds.size()];
        for (int i = 0; i < millis.length; i++) {
            Duration threshold = Objects.requireNonNull(thresholds.get(i), "thresholds[" + i + "]");
            if (threshold.isNegative() || threshold.isZero()
                    || !Duration.ofMillis(threshold.toMillis()).equals(threshold)) {
                throw new IllegalArgumentException("thresholds[" + i + "] must be a positive whole number of"
                        + " milliseconds, got " + threshold);
            }
            millis[i] = threshold.toMillis();
        }
        java.util.Arrays.sort(millis);
        for (int i = 1; i < millis.length; i++) {
            if (millis[i] == millis[i - 1]) {
                throw new IllegalArgumentException("thresholds must be distinct, got " + thresholds);
            }
        }
        return millis;
    }

    /** Opens item {@code id} at {@code epochMillis}. */
    void start(String id, long epochMillis) {
        if (id == null || id.isEmpty()) {
            reject(WorkRejection.INVALID_ID);
            return;
        }
        if (outOfRange(epochMillis)) {
            reject(WorkRejection.TIMESTAMP_OUT_OF_RANGE);
            return;
        }
        Item existing = openById.get(id);
        if (existing != null && epochMillis - existing.startMillis <= abandonLimitMillis) {
            reject(WorkRejection.DUPLICATE_START);
            return;
        }
        noteLate(epochMillis);
        advance(epochMillis); // abandons `existing`, which is past the limit by now
        Item item = new Item(id, epochMillis, nextSequence++, false);
        openById.put(id, item);
        openByStart.add(item);
        startsAccepted++;
        advance(frontier); // a late start may be past the limit already
    }

    /**
     * Closes item {@code id} at {@code epochMillis}; if {@code ok}, records its completion time in the bucket
     * of {@code epochMillis}, otherwise counts it as failed there.
     */
    void finish(String id, long epochMillis, boolean ok) {
        if (id == null || id.isEmpty()) {
            reject(WorkRejection.INVALID_ID);
            return;
        }
        if (outOfRange(epochMillis)) {
            reject(WorkRejection.TIMESTAMP_OUT_OF_RANGE);
            return;
        }
        Item item = openById.get(id);
        if (item == null || epochMillis - item.startMillis > abandonLimitMillis) {
            reject(WorkRejection.UNKNOWN_ID);
            return;
        }
        if (epochMillis < item.startMillis) {
            reject(WorkRejection.FINISH_BEFORE_START);
            return;
        }
        noteLate(epochMillis);
        advance(epochMillis);
        openById.remove(id);
        openByStart.remove(item);
        if (ok) {
            completed++;
            if (open.recordCompletion(epochMillis - item.startMillis)) {
                clamped++;
            }
        } else {
            failed++;
            open.recordFailure();
        }
    }

    /**
     * Declares that time has reached {@code epochMillis}: abandons items whose age passes the limit by then
     * and completes every bucket ending at or before it. Going backwards does nothing; values beyond
     * {@code ±}{@value #MAX_ABS_EPOCH_MILLIS} are clamped.
     */
    void advanceTo(long epochMillis) {
        advance(Math.max(-MAX_ABS_EPOCH_MILLIS, Math.min(MAX_ABS_EPOCH_MILLIS, epochMillis)));
    }

    /** How many items are open. */
    int openCount() {
        return openById.size();
    }

    /** The age at {@code nowMillis} of the oldest open item (negative if it starts after then); empty if none. */
    OptionalLong oldestOpenAgeMillis(long nowMillis) {
        return openByStart.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(nowMillis - openByStart.first().startMillis);
    }

    /**
     * The open items whose age at {@code nowMillis} exceeds {@code age} (strictly: open <em>past</em> it),
     * oldest first; an immutable list. Read-only: abandons nothing.
     */
    List<WorkOpenItem> openOlderThan(long nowMillis, Duration age) {
        long ageMillis = Objects.requireNonNull(age, "age").toMillis();
        List<WorkOpenItem> result = new ArrayList<>();
        for (Item item : openByStart) {
            long itemAge = nowMillis - item.startMillis;
            if (itemAge <= ageMillis) {
                break;
            }
            result.add(new WorkOpenItem(item.id, item.startMillis, itemAge));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * Hands the in-progress bucket (the one containing the frontier) to {@code reader} without completing it.
     *
     * @return false, and calls nothing, if time has not started yet
     */
    boolean peekOpen(WorkSink reader) {
        if (!started) {
            return false;
        }
        reader.bucket(open);
        return true;
    }

    /** The frontier: the latest time reached; empty before the first accepted event or {@link #advanceTo}. */
    OptionalLong decidedUntilMillis() {
        return started ? OptionalLong.of(frontier) : OptionalLong.empty();
    }

    private static boolean outOfRange(long epochMillis) {
        return epochMillis > MAX_ABS_EPOCH_MILLIS || epochMillis < -MAX_ABS_EPOCH_MILLIS;
    }

    private void reject(WorkRejection kind) {
        rejections[kind.ordinal()]++;
    }

    private void noteLate(long epochMillis) {
        if (started && epochMillis < frontier) {
            late++;
        }
    }

    /** Moves time to {@code target}, abandoning overdue items at their own instants on the way. */
    private void advance(long target) {
        while (!openByStart.isEmpty()) {
            Item oldest = openByStart.first();
            long abandonAt = oldest.startMillis + abandonLimitMillis + 1;
            if (abandonAt > target) {
                break;
            }
            moveFrontier(abandonAt);
            openByStart.pollFirst();
            openById.remove(oldest.id);
            if (oldest.uncertain) {
                uncertainDropped++; // it may have finished before the process stopped: never counted against the SLI
            } else {
                abandoned++;
                open.recordAbandoned();
            }
        }
        moveFrontier(target);
    }

    private void moveFrontier(long target) {
        if (!started) {
            started = true;
            frontier = target;
            openAt(grid.bucketOf(target));
            return;
        }
        if (target <= frontier) {
            return;
        }
        frontier = target;
        if (target >= openEnd) {
            if (!open.isEmpty()) {
                sink.bucket(open);
            }
            openAt(grid.bucketOf(target));
        }
    }

    private void openAt(long bucket) {
        open.reset(bucket);
        openEnd = grid.startMillis(bucket) + resolutionMillis;
    }

    /**
     * Hands this tracker's state to {@code out}: the frontier, the open bucket and the open items, oldest
     * first; nothing (returns false) before time started.
     */
    boolean checkpoint(CheckpointOut out) {
        if (!started) {
            return false;
        }
        out.state(frontier, open);
        for (Item item : openByStart) {
            out.item(item.id, item.startMillis);
        }
        return true;
    }

    /** Receives a tracker's state. */
    interface CheckpointOut {
        /** Time had reached {@code frontierMillis}; {@code open} is the bucket in progress (valid during the call). */
        void state(long frontierMillis, WorkBucket open);

        /** Item {@code id}, started at {@code startMillis}, was open. */
        void item(String id, long startMillis);
    }

    /**
     * Puts back the state of a checkpoint into a tracker that has seen nothing yet (a series built again on a
     * store after a restart): time at {@code frontierMillis}, the bucket in progress holding {@code amounts}
     * and {@code times} (null when {@code openBucket} was sealed since, as the store knows), and the open
     * items. Items are marked uncertain when the checkpoint is older than the sealed data ({@code stale}):
     * one of them may have finished after it, so if it is never finished it is dropped at the abandon limit
     * instead of being counted as abandoned.
     */
    void restore(long frontierMillis, long openBucket, long[] amounts, org.HdrHistogram.Histogram times,
            List<String> ids, long[] startsMillis, boolean stale) {
        if (started) {
            throw new IllegalStateException("a checkpoint is restored into a new tracker only");
        }
        started = true;
        frontier = frontierMillis;
        openAt(openBucket);
        if (amounts != null) {
            open.restore(openBucket, amounts, times);
        }
        for (int i = 0; i < ids.size(); i++) {
            Item item = new Item(ids.get(i), startsMillis[i], nextSequence++, stale);
            if (openById.putIfAbsent(item.id, item) == null) {
                openByStart.add(item);
            }
        }
    }

    /** Items put back from a stale checkpoint and dropped at the abandon limit without being counted. */
    long uncertainDropped() {
        return uncertainDropped;
    }

    /** The abandon limit in milliseconds. */
    long abandonLimitMillis() {
        return abandonLimitMillis;
    }

    /** Calls rejected for {@code kind}. */
    long rejected(WorkRejection kind) {
        return rejections[Objects.requireNonNull(kind, "kind").ordinal()];
    }

    /** Starts accepted. */
    long acceptedStarts() {
        return startsAccepted;
    }

    /** Items finished ok, over the tracker's life. */
    long completed() {
        return completed;
    }

    /** Items finished not ok, over the tracker's life. */
    long failed() {
        return failed;
    }

    /** Items abandoned past the limit, over the tracker's life. */
    long abandoned() {
        return abandoned;
    }

    /** Completions longer than the histogram's 30 days, recorded at 30 days. */
    long clamped() {
        return clamped;
    }

    /** Accepted events timestamped before the frontier, counted in the open bucket. */
    long lateEvents() {
        return late;
    }

    /** An open item; ordered by start, then by arrival. */
    private static final class Item {
        final String id;
        final long startMillis;
        final long sequence;

        /** Put back from a checkpoint older than the sealed data: it may have finished before the stop. */
        final boolean uncertain;

        Item(String id, long startMillis, long sequence, boolean uncertain) {
            this.id = id;
            this.startMillis = startMillis;
            this.sequence = sequence;
            this.uncertain = uncertain;
        }
    }
}
