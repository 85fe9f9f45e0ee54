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
    private static final VarHandle COUNTS;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(Cell.class, "owner", Thread.class);
            COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile Thread owner;
    volatile Segment segment;
    /** Per-reason counts of samples rejected on the owner's thread; single writer, read opaquely. */
    final long[] rejected = new long[Rejection.COUNT];

    boolean claim(Thread expected, Thread newOwner) {
        return OWNER.compareAndSet(this, expected, newOwner);
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
