package dev.sli.core.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded, lock-free multi-producer ring of timestamped gauge samples ({@code epochMillis, value}),
 * consumed in claim order by whichever thread holds the consumer role. Producers never wait: after
 * offering a sample a producer tries to take the consumer role and drain; if another thread has it,
 * that thread drains the sample. Allocates nothing after construction.
 *
 * <pre>
 *   slot i:  times[i], values[i], seq[i]
 *   seq[i] == n       slot free for the producer that claims sequence n
 *   seq[i] == n + 1   slot holds the sample of sequence n, ready for the consumer
 * </pre>
 * A full ring (a consumer stalled for {@code capacity} samples) rejects the sample, which the caller counts.
 */
final class GaugeRing {

    /** Receives drained samples in claim order; called by one thread at a time. */
    interface Consumer {
        void sample(long epochMillis, long value, Object ref);
    }

    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle CONSUMING;

    static {
        try {
            CONSUMING = MethodHandles.lookup().findVarHandle(GaugeRing.class, "consuming", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] times;
    private final long[] values;
    private final Object[] refs;
    private final long[] seq;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private volatile long tail;
    @SuppressWarnings("unused") // accessed through CONSUMING
    private volatile int consuming;

    GaugeRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        this.times = new long[capacity];
        this.values = new long[capacity];
        this.refs = new Object[capacity];
        this.seq = new long[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < capacity; i++) {
            seq[i] = i;
        }
    }

    /**
     * Offers a sample and drains the ring if no other thread is draining it.
     *
     * @return false if the ring was full (the sample was not taken)
     */
    boolean offer(long epochMillis, long value, Consumer consumer) {
        return offer(epochMillis, value, null, consumer);
    }

    /** Offers a sample that carries an object (a work item's id); see {@link #offer(long, long, Consumer)}. */
    boolean offer(long epochMillis, long value, Object ref, Consumer consumer) {
        long h;
        while (true) {
            h = head.get();
            int i = (int) h & mask;
            long s = (long) SEQ.getAcquire(seq, i);
            if (s == h) {
                if (head.compareAndSet(h, h + 1)) {
                    times[i] = epochMillis;
                    values[i] = value;
                    refs[i] = ref;
                    SEQ.setRelease(seq, i, h + 1);
                    break;
                }
            } else if (s < h) {
                // the slot still holds an unconsumed sample: the ring is full
                if (!tryDrain(consumer)) {
                    return false;
                }
            }
            // s > h: another producer claimed h meanwhile; retry with the new head
        }
        tryDrain(consumer);
        return true;
    }

    /** Drains if no other thread is draining; returns whether this thread drained. */
    boolean tryDrain(Consumer consumer) {
        boolean drained = false;
        while (consuming == 0 && CONSUMING.compareAndSet(this, 0, 1)) {
            drained = true;
            try {
                drainLocked(consumer);
            } finally {
                CONSUMING.setRelease(this, 0);
            }
            if (!hasReady()) {
                break;
            }
        }
        return drained;
    }

    /** Drains, waiting for another draining thread to finish first; for queries, never for producers. */
    void drain(Consumer consumer) {
        while (!CONSUMING.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
        try {
            drainLocked(consumer);
        } finally {
            CONSUMING.setRelease(this, 0);
        }
    }

    /**
     * Runs {@code action} while holding the consumer role, after draining, so that it sees every sample
     * offered before the call and no concurrent consumer.
     */
    void withConsumerRole(Consumer consumer, Runnable action) {
        while (!CONSUMING.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
        try {
            drainLocked(consumer);
            action.run();
        } finally {
            CONSUMING.setRelease(this, 0);
        }
    }

    private boolean hasReady() {
        long t = tail;
        return (long) SEQ.getAcquire(seq, (int) t & mask) == t + 1;
    }

    private void drainLocked(Consumer consumer) {
        long t = tail;
        while (true) {
            int i = (int) t & mask;
            if ((long) SEQ.getAcquire(seq, i) != t + 1) {
                break;
            }
            Object ref = refs[i];
            refs[i] = null;
            consumer.sample(times[i], values[i], ref);
            SEQ.setRelease(seq, i, t + mask + 1);
            t++;
            tail = t;
        }
    }
}
