package dev.sli.core.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's private place to record into: a {@link Segment} that only the owner thread writes, and
 * counters of samples the owner rejected before buffering them. Claimed by a thread with a CAS on
 * {@code owner}; a cell whose owner has died is reclaimed by the next thread that probes it.
 */
final class Cell {

    private static final VarHandle OWNER;
    private static final VarHandle SEGMENT;
    private static final VarHandle COUNTS;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Cell.class, "owner", Thread.class);
            SEGMENT = MethodHandles.lookup().findVarHandle(Cell.class, "segment", Segment.class);
            COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Set only by CAS. The owner reads it plainly on the hot path: a thread sees its own claim, and
     * nobody takes a cell from a live owner, so a plain read can never wrongly say "mine".
     */
    Thread owner;
    /**
     * Replaced only by the owner (or by a claimer before it owns the cell), with a release store; the
     * owner reads it plainly, other threads with an acquire load.
     */
    Segment segment;
    /** Per-reason counts of samples rejected on the owner's thread; single writer, read opaquely. */
    final long[] rejected = new long[Rejection.COUNT];

    boolean claim(Thread expected, Thread newOwner) {
        return OWNER.compareAndSet(this, expected, newOwner);
    }

    /** The owner as other threads must read it. */
    Thread ownerAcquire() {
        return (Thread) OWNER.getAcquire(this);
    }

    /** The segment as threads other than the owner must read it. */
    Segment segmentAcquire() {
        return (Segment) SEGMENT.getAcquire(this);
    }

    /** Publishes a new segment to the sealer. */
    void putSegmentRelease(Segment s) {
        SEGMENT.setRelease(this, s);
    }

    /** Counts one rejection; only the owner calls this. */
    void reject(Rejection reason) {
        int i = reason.ordinal();
        COUNTS.setOpaque(rejected, i, (long) COUNTS.getOpaque(rejected, i) + 1);
    }

    long rejectedOpaque(Rejection reason) {
        return (long) COUNTS.getOpaque(rejected, reason.ordinal());
    }
}
