package dev.sli.core.record;

import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.StampedLock;

/**
 * The lock-free front end shared by the event series: each recording thread appends encoded samples to
 * its own {@link Segment} (plain stores plus one release store, no CAS, no allocation), and full or
 * finished segments are folded into per-bucket accumulators of type {@code A} under one of a few
 * <em>stripe</em> locks that are only ever <em>tried</em> by recording threads, never waited for.
 *
 * <pre>
 *  record() ──► Cell[thread] ──► Segment (one bucket, single writer)
 *                                  │ full, or the bucket changed
 *                                  ▼
 *                 tryLock(stripe) ─┬─ got it ──► accumulate into stripe's BucketAcc(bucket)
 *                                  └─ busy ────► queue segment on `pending`, take a pooled one
 *  seal(end) ── sealLock, then all stripes ──► drain pending + every cell ──► merge accs of buckets &lt; end
 *                                                                        ──► onSealed(bucket, acc)
 * </pre>
 *
 * <p>Recording threads wait only as backpressure: when historic data races through buckets faster than
 * they can be sealed ({@link #MAX_OPEN_BUCKETS}, {@link #MAX_PENDING}).
 *
 * <p>Every sample is counted exactly once: consumption of a segment range happens only under a stripe
 * lock, and a sample that reaches an already sealed bucket (a thread pre-empted across a bucket
 * boundary, or historic data) is handed to {@link #onSealed} as a late correction.
 *
 * @param <A> the per-bucket accumulator, mutated only under stripe locks
 */
abstract class SegmentIntake<A> {

    static final int SEGMENT_LENGTH = 256;
    /**
     * Timestamps further than this from the epoch (about 285 000 years) are outside the range the series
     * handle: counted as {@link Rejection#FUTURE_TIMESTAMP} above it, {@link Rejection#BEFORE_RETENTION} below.
     */
    static final long MAX_ABS_EPOCH_MILLIS = BucketAccrual.MAX_ABS_EPOCH_MILLIS;
    /**
     * Backpressure: a recording thread that finds more open (unsealed) buckets than this in its stripe
     * waits to seal them, and one that finds more queued segments than {@link #MAX_PENDING} drains them,
     * so that historic data racing through buckets cannot outrun sealing and grow memory without bound.
     * Live recording, which changes bucket once a minute, never comes near either limit.
     */
    static final int MAX_OPEN_BUCKETS = 4;
    static final int MAX_PENDING = 16;
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Stripe.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Clock clock;
    final BucketGrid grid;
    final long resolutionMillis;
    private final long maxFutureMillis;
    /** Buckets a sample may lie before the clock's bucket, or -1 when only the newest data anchors the retention. */
    private final long clockRetentionBuckets;
    private final Cell[] cells;
    private final int cellShift;
    private final Stripe<A>[] stripes;
    private final ConcurrentLinkedQueue<Segment> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Segment> segmentPool = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<A> accPool = new ConcurrentLinkedQueue<>();
    /** Rejections of threads that found no free cell. */
    private final AtomicLongArray overflowRejected = new AtomicLongArray(Rejection.COUNT);
    /**
     * Guards the sealed history of the series: sealing holds it for writing (taken before the stripes),
     * queries read under it, optimistically where they can.
     */
    final StampedLock sealLock = new StampedLock();
    /** Reused by {@link #checkpoint}, under {@link #sealLock}. */
    private A checkpointAcc;
    /** Samples in buckets before this one are rejected as past retention. */
    private volatile long oldestAcceptedBucket = Long.MIN_VALUE;
    /** Every bucket before this one is sealed, as last published by the series. */
    private volatile long sealedFrontier = Long.MIN_VALUE;
    /** Set when a thread moved to an already sealed bucket: a late correction is waiting. */
    private volatile boolean lateSamples;

    /**
     * An intake that takes the clock, grid, future tolerance and cells from {@code options}, and measures the
     * retention back from the clock too if the options say {@link SeriesOptions.RetentionAnchor#CLOCK}.
     */
    SegmentIntake(SeriesOptions options) {
        this(options.clock(), options.grid(), options.maxFuture().toMillis(), options.maxRecordingThreads(),
                options.retentionAnchor() == SeriesOptions.RetentionAnchor.CLOCK ? options.retentionBuckets() : -1);
    }

    /** An intake whose retention runs back from the newest data only. */
    SegmentIntake(Clock clock, BucketGrid grid, long maxFutureMillis, int maxThreads) {
        this(clock, grid, maxFutureMillis, maxThreads, -1);
    }

    @SuppressWarnings("unchecked")
    private SegmentIntake(Clock clock, BucketGrid grid, long maxFutureMillis, int maxThreads, long clockRetentionBuckets) {
        this.clockRetentionBuckets = clockRetentionBuckets;
        this.clock = clock;
        this.grid = grid;
        this.resolutionMillis = grid.resolutionMillis();
        this.maxFutureMillis = maxFutureMillis;
        int cellCount = Integer.highestOneBit(Math.max(2, maxThreads) * 2 - 1);
        this.cells = new Cell[cellCount];
        for (int i = 0; i < cellCount; i++) {
            cells[i] = new Cell();
        }
        this.cellShift = 64 - Integer.numberOfTrailingZeros(cellCount);
        int stripeCount = Math.min(8, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors())));
        @SuppressWarnings("rawtypes")
        Stripe[] raw = new Stripe[stripeCount];
        this.stripes = raw;
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new Stripe<>();
        }
    }

    // ---- what a series supplies ------------------------------------------------------------------

    abstract A newAccumulator();

    /** Folds one encoded sample into {@code acc}; called under a stripe lock. */
    abstract void accumulate(A acc, long sample);

    /** Adds {@code source} into {@code target}; called under all stripe locks. */
    abstract void merge(A target, A source);

    /** Empties {@code acc} for reuse. */
    abstract void clear(A acc);

    /**
     * Receives the merged samples of one bucket when it is sealed, in increasing bucket order, or later
     * as a correction if the bucket was sealed before; called under {@link #sealLock} and all stripes.
     */
    abstract void onSealed(long bucket, A acc);

    /** Every bucket before {@code endBucket} is now sealed; called under {@link #sealLock}. */
    abstract void onAdvanced(long endBucket);

    // ---- the hot path ------------------------------------------------------------------------------

    /**
     * Records one encoded sample at {@code timeMillis}. Wait-free on the owner's cell except when the
     * segment fills (every {@value #SEGMENT_LENGTH} samples) or the bucket changes.
     */
    final void append(long timeMillis, long encoded) {
        Thread t = Thread.currentThread();
        Cell c = cells[cellIndex(t)];
        if (c.owner != t) { // plain read: see Cell.owner
            c = claimCell(t);
            if (c == null) {
                appendOverflow(timeMillis, encoded);
                return;
            }
        }
        Segment s = c.segment;
        if (timeMillis < s.startMillis || timeMillis >= s.endMillis) {
            s = flip(c, timeMillis);
            if (s == null) {
                return;
            }
        }
        int p = s.pos;
        s.buf[p] = encoded;
        s.putPosRelease(p + 1);
        if (p + 1 == s.buf.length) {
            handoff(c, s.bucket, s.startMillis, s.endMillis); // keeps a segment cut short at the future limit
        }
    }

    /** Counts a sample rejected on the calling thread before it reached a segment. */
    final void reject(Rejection reason) {
        Thread t = Thread.currentThread();
        Cell c = cells[cellIndex(t)];
        if (c.owner != t) {
            c = claimCell(t);
        }
        if (c == null) {
            overflowRejected.incrementAndGet(reason.ordinal());
        } else {
            c.reject(reason);
        }
    }

    @SuppressWarnings("deprecation") // Thread.getId() is final and cheap; threadId() needs Java 19
    private int cellIndex(Thread t) {
        return (int) ((t.getId() * 0x9E3779B97F4A7C15L) >>> cellShift);
    }

    // ---- slow paths of the recording thread --------------------------------------------------------

    private Cell claimCell(Thread t) {
        int home = cellIndex(t);
        int mask = cells.length - 1;
        for (int i = 0; i < cells.length; i++) {
            Cell c = cells[(home + i) & mask];
            Thread owner = c.ownerAcquire();
            if (owner == t) {
                return c;
            }
            if (owner == null && c.claim(null, t)) {
                ensureSegment(c);
                return c;
            }
        }
        for (int i = 0; i < cells.length; i++) {
            Cell c = cells[(home + i) & mask];
            Thread owner = c.ownerAcquire();
            if (owner != null && !owner.isAlive() && c.claim(owner, t)) {
                ensureSegment(c); // a dead owner's samples stay in its segment and are consumed as usual
                return c;
            }
        }
        return null;
    }

    private static void ensureSegment(Cell c) {
        if (c.segmentAcquire() == null) {
            Segment s = new Segment(SEGMENT_LENGTH);
            s.reset(0, 0, 0);
            c.putSegmentRelease(s);
        }
    }

    /** Validates a sample's time and moves the cell to its bucket; null if the sample was rejected. */
    private Segment flip(Cell c, long timeMillis) {
        long now = clock.epochMillis();
        Rejection reason = checkTime(timeMillis, now);
        if (reason != null) {
            c.reject(reason);
            return null;
        }
        long bucket = grid.bucketOf(timeMillis);
        long start = grid.startMillis(bucket);
        // the segment ends with its bucket, or where the future limit is now, whichever is first: a later
        // sample past the limit flips again and is checked, instead of riding on this one's check
        long end = Math.min(saturatedAdd(start, resolutionMillis), saturatedAdd(saturatedAdd(now, maxFutureMillis), 1));
        handoff(c, bucket, start, end);
        if (bucket < sealedFrontier) {
            lateSamples = true; // after handoff, which may itself have sealed and cleared the flag
        }
        return c.segment;
    }

    /**
     * Why a sample at {@code timeMillis} cannot be kept, or null. Runs only when a thread changes bucket, so
     * it costs nothing per sample; no arithmetic here can overflow, whatever the timestamp or the clock.
     */
    private Rejection checkTime(long timeMillis, long now) {
        if (timeMillis > MAX_ABS_EPOCH_MILLIS || timeMillis > saturatedAdd(now, maxFutureMillis)) {
            return Rejection.FUTURE_TIMESTAMP;
        }
        if (timeMillis < -MAX_ABS_EPOCH_MILLIS) {
            return Rejection.BEFORE_RETENTION;
        }
        long bucket = grid.bucketOf(timeMillis);
        if (bucket < oldestAcceptedBucket
                || (clockRetentionBuckets >= 0 && bucket < grid.bucketOf(now) - clockRetentionBuckets)) {
            return Rejection.BEFORE_RETENTION;
        }
        return null;
    }

    /** {@code a + b} for {@code b >= 0}, saturated at {@link Long#MAX_VALUE}. */
    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    /** Empties the cell's segment (drained here, or queued for the next drainer) and points it at {@code bucket}. */
    private void handoff(Cell c, long bucket, long startMillis, long endMillis) {
        Segment s = c.segment;
        Stripe<A> stripe = tryAcquireAny(System.identityHashCode(c));
        if (stripe == null) {
            Segment fresh = segmentPool.poll();
            if (fresh == null) {
                fresh = new Segment(SEGMENT_LENGTH);
            }
            fresh.reset(bucket, startMillis, endMillis);
            c.putSegmentRelease(fresh);
            pending.offer(s);
            if (pendingCount.incrementAndGet() > MAX_PENDING && drainPendingWaiting() > MAX_OPEN_BUCKETS) {
                sealBefore(bucket - 1);
            }
            return;
        }
        boolean sealOld;
        boolean mustSeal;
        try {
            drainPending(stripe);
            consume(s, stripe);
            s.reset(bucket, startMillis, endMillis);
            sealOld = stripe.oldestBucket() < bucket - 1;
            mustSeal = stripe.size > MAX_OPEN_BUCKETS;
        } finally {
            stripe.unlock();
        }
        if (mustSeal) {
            sealBefore(bucket - 1);
        } else if (sealOld) {
            trySealBefore(bucket - 1);
        }
    }

    /**
     * Backpressure for a thread that found too many queued segments: waits for a stripe and drains them.
     *
     * @return how many buckets that stripe then holds open
     */
    private int drainPendingWaiting() {
        Stripe<A> stripe;
        while ((stripe = tryAcquireAny(0)) == null) {
            Thread.onSpinWait();
        }
        try {
            drainPending(stripe);
            return stripe.size;
        } finally {
            stripe.unlock();
        }
    }

    private void appendOverflow(long timeMillis, long encoded) {
        Rejection reason = checkTime(timeMillis, clock.epochMillis());
        if (reason != null) {
            overflowRejected.incrementAndGet(reason.ordinal());
            return;
        }
        Stripe<A> stripe;
        while ((stripe = tryAcquireAny(Long.hashCode(timeMillis))) == null) {
            Thread.onSpinWait();
        }
        try {
            long bucket = grid.bucketOf(timeMillis);
            if (bucket < sealedFrontier) {
                lateSamples = true;
            }
            accumulate(stripe.accFor(bucket, this), encoded);
        } finally {
            stripe.unlock();
        }
    }

    // ---- consumption, under stripe locks ----------------------------------------------------------

    private void consume(Segment s, Stripe<A> stripe) {
        int p = s.posAcquire();
        int from = s.consumed;
        if (p > from) {
            A acc = stripe.accFor(s.bucket, this);
            long[] buf = s.buf;
            for (int i = from; i < p; i++) {
                accumulate(acc, buf[i]);
            }
            s.consumed = p;
        }
    }

    private void drainPending(Stripe<A> stripe) {
        Segment s;
        while ((s = pending.poll()) != null) {
            pendingCount.decrementAndGet();
            consume(s, stripe);
            s.reset(0, 0, 0);
            segmentPool.offer(s);
        }
    }

    A borrowAccumulator() {
        A acc = accPool.poll();
        return acc != null ? acc : newAccumulator();
    }

    // ---- sealing ------------------------------------------------------------------------------------

    /** Seals every bucket before {@code endBucket}, waiting for recording threads to leave their stripes. */
    final void sealBefore(long endBucket) {
        long stamp = sealLock.writeLock();
        try {
            lockAllStripes();
            try {
                sealAcquired(endBucket);
            } finally {
                unlockAll(stripes.length);
            }
        } finally {
            sealLock.unlockWrite(stamp);
        }
    }

    /**
     * Hands every bucket not sealed yet, as it stands, to {@link #onCheckpoint} in bucket order (between
     * {@link #onCheckpointBegin} and {@link #onCheckpointEnd}), without sealing it: what a store writes each
     * flush interval so that a killed process loses at most what came after. Waits for recording threads to
     * leave their stripes, as sealing does; recording never waits for it. Samples late for sealed buckets are
     * not included (the next seal corrects with them).
     */
    final void checkpoint() {
        long stamp = sealLock.writeLock();
        try {
            lockAllStripes();
            try {
                consumeAll();
                if (checkpointAcc == null) {
                    checkpointAcc = newAccumulator();
                }
                onCheckpointBegin();
                long last = Long.MIN_VALUE;
                while (true) {
                    long next = Long.MAX_VALUE;
                    for (Stripe<A> s : stripes) {
                        for (int i = 0; i < s.size; i++) {
                            long b = s.bucketAt(i);
                            if (b > last && b >= sealedFrontier && b < next) {
                                next = b;
                            }
                        }
                    }
                    if (next == Long.MAX_VALUE) {
                        break;
                    }
                    clear(checkpointAcc);
                    for (Stripe<A> s : stripes) {
                        for (int i = 0; i < s.size; i++) {
                            if (s.bucketAt(i) == next) {
                                merge(checkpointAcc, s.accAt(i));
                            }
                        }
                    }
                    onCheckpoint(next, checkpointAcc);
                    last = next;
                }
                clear(checkpointAcc);
            } finally {
                unlockAll(stripes.length);
            }
            onCheckpointEnd(); // the file write: under the seal lock only, recording threads are free again
        } finally {
            sealLock.unlockWrite(stamp);
        }
    }

    /**
     * Seals every bucket before the newest one that holds samples, and never the clock's bucket or later:
     * what a store's flusher does, so that completed buckets reach the store promptly during live recording
     * without deciding ahead of a replay of history (whose newest bucket is far behind the clock).
     */
    final void sealBeforeNewest() {
        long stamp = sealLock.writeLock();
        try {
            lockAllStripes();
            try {
                lateSamples = false;
                consumeAll();
                long newest = Long.MIN_VALUE;
                for (Stripe<A> s : stripes) {
                    for (int i = 0; i < s.size; i++) {
                        newest = Math.max(newest, s.bucketAt(i));
                    }
                }
                if (newest != Long.MIN_VALUE) {
                    sealConsumed(Math.min(newest, grid.bucketOf(clock.epochMillis())));
                }
            } finally {
                unlockAll(stripes.length);
            }
        } finally {
            sealLock.unlockWrite(stamp);
        }
    }

    /** A checkpoint begins; by default nothing. Called under {@link #sealLock} and all stripes. */
    void onCheckpointBegin() {
    }

    /** Bucket {@code bucket}, not sealed yet, holds {@code acc} so far (valid during the call only). */
    void onCheckpoint(long bucket, A acc) {
    }

    /** The checkpoint is complete; by default nothing. Called under {@link #sealLock}, with no stripe held. */
    void onCheckpointEnd() {
    }

    /** Seals like {@link #sealBefore} if that is possible without waiting; otherwise does nothing. */
    private void trySealBefore(long endBucket) {
        long stamp = sealLock.tryWriteLock();
        if (stamp == 0) {
            return;
        }
        try {
            int held = 0;
            while (held < stripes.length && stripes[held].tryLock()) {
                held++;
            }
            try {
                if (held == stripes.length) {
                    sealAcquired(endBucket);
                }
            } finally {
                unlockAll(held);
            }
        } finally {
            sealLock.unlockWrite(stamp);
        }
    }

    private void unlockAll(int count) {
        for (int i = 0; i < count; i++) {
            stripes[i].unlock();
        }
    }

    private void sealAcquired(long endBucket) {
        lateSamples = false; // before consuming: a late sample recorded from now on raises it again
        consumeAll();
        sealConsumed(endBucket);
    }

    /** Folds every queued segment and every cell's open segment into the stripes; under all stripes. */
    private void consumeAll() {
        Stripe<A> first = stripes[0];
        drainPending(first);
        for (Cell c : cells) {
            Segment s = c.segmentAcquire();
            if (s != null) {
                consume(s, first);
            }
        }
    }

    /** Takes all stripes, spinning while recording threads hold one (they only ever try them, briefly). */
    private void lockAllStripes() {
        for (Stripe<A> s : stripes) {
            while (!s.tryLock()) {
                Thread.onSpinWait();
            }
        }
    }

    /** Seals, after {@link #consumeAll}, every bucket before {@code endBucket}; under the seal lock and all stripes. */
    private void sealConsumed(long endBucket) {
        // every waiting bucket before the frontier is late and is corrected now, whatever endBucket is
        long limit = Math.max(endBucket, sealedFrontier);
        while (true) {
            long bucket = Long.MAX_VALUE;
            for (Stripe<A> s : stripes) {
                bucket = Math.min(bucket, s.oldestBucket());
            }
            if (bucket >= limit) {
                break;
            }
            A merged = null;
            for (Stripe<A> s : stripes) {
                A acc = s.remove(bucket);
                if (acc == null) {
                    continue;
                }
                if (merged == null) {
                    merged = acc;
                } else {
                    merge(merged, acc);
                    clear(acc);
                    accPool.offer(acc);
                }
            }
            onSealed(bucket, merged);
            clear(merged);
            accPool.offer(merged);
        }
        onAdvanced(endBucket);
    }

    /**
     * Called by the series after sealing: samples before {@code oldestAccepted} are refused up front, and
     * every bucket before {@code frontier} is sealed.
     */
    final void publishBounds(long oldestAccepted, long frontier) {
        this.oldestAcceptedBucket = oldestAccepted;
        this.sealedFrontier = frontier;
    }

    /**
     * Whether a query that ends at {@code endBucket} must seal first: the frontier is behind it, or a
     * thread has moved to a sealed bucket since the last seal. (A thread pre-empted between reading the
     * clock and writing its sample can still add to a sealed bucket unseen; that sample is sealed at the
     * next advance of the frontier, one bucket later at most.)
     */
    final boolean needsSeal(long endBucket) {
        return sealedFrontier < endBucket || lateSamples;
    }

    /** Buckets with unsealed samples in the stripes (a racy reading, for tests and monitoring). */
    final int openBuckets() {
        int open = 0;
        for (Stripe<A> s : stripes) {
            open += s.size;
        }
        return open;
    }

    /** Lifetime count of samples rejected for {@code reason} before they reached a bucket. */
    final long rejectedBeforeBuffering(Rejection reason) {
        long total = overflowRejected.get(reason.ordinal());
        for (Cell c : cells) {
            total += c.rejectedOpaque(reason);
        }
        return total;
    }

    private Stripe<A> tryAcquireAny(int hint) {
        int n = stripes.length;
        int start = hint & (n - 1);
        for (int i = 0; i < n; i++) {
            Stripe<A> s = stripes[(start + i) & (n - 1)];
            if (s.tryLock()) {
                return s;
            }
        }
        return null;
    }

    /** A lock that recording threads only try, and the accumulators of the buckets it guards. */
    static final class Stripe<A> {
        @SuppressWarnings("unused") // accessed through LOCK
        private volatile int locked;
        private long[] buckets = new long[4];
        private Object[] accs = new Object[4];
        int size;

        boolean tryLock() {
            return locked == 0 && LOCK.compareAndSet(this, 0, 1);
        }

        void unlock() {
            LOCK.setRelease(this, 0);
        }

        @SuppressWarnings("unchecked")
        A accFor(long bucket, SegmentIntake<A> intake) {
            for (int i = 0; i < size; i++) {
                if (buckets[i] == bucket) {
                    return (A) accs[i];
                }
            }
            if (size == buckets.length) {
                buckets = Arrays.copyOf(buckets, size * 2);
                accs = Arrays.copyOf(accs, size * 2);
            }
            A acc = intake.borrowAccumulator();
            buckets[size] = bucket;
            accs[size] = acc;
            size++;
            return acc;
        }

        long bucketAt(int i) {
            return buckets[i];
        }

        @SuppressWarnings("unchecked")
        A accAt(int i) {
            return (A) accs[i];
        }

        long oldestBucket() {
            long oldest = Long.MAX_VALUE;
            for (int i = 0; i < size; i++) {
                oldest = Math.min(oldest, buckets[i]);
            }
            return oldest;
        }

        @SuppressWarnings("unchecked")
        A remove(long bucket) {
            for (int i = 0; i < size; i++) {
                if (buckets[i] == bucket) {
                    A acc = (A) accs[i];
                    size--;
                    buckets[i] = buckets[size];
                    accs[i] = accs[size];
                    accs[size] = null;
                    return acc;
                }
            }
            return null;
        }
    }
}
