package dev.sli.core.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A run of encoded samples that all fall in one bucket, written by exactly one thread (the owner of the
 * cell it is installed in) and consumed under the intake's stripe locks.
 *
 * <pre>
 *   buf:  [ consumed samples | unconsumed samples | free ............ ]
 *          0                 consumed             pos                buf.length
 * </pre>
 * The owner writes {@code buf[pos]} and then publishes {@code pos + 1} with a release store; a consumer
 * reads {@code pos} with an acquire load and may then read {@code buf[consumed, pos)}. {@code consumed}
 * and the bucket fields change only while the changer holds a stripe lock (or, for a fresh segment,
 * before it is published through a volatile write of {@code Cell.segment}).
 */
final class Segment {

    private static final VarHandle POS;

    static {
        try {
            POS = MethodHandles.lookup().findVarHandle(Segment.class, "pos", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long[] buf;
    /** Written by the owner only. */
    int pos;
    /** Guarded by the stripe locks. */
    int consumed;
    long bucket;
    long startMillis;
    /** First millisecond after the bucket; start == end makes every sample miss, forcing a flip. */
    long endMillis;

    Segment(int length) {
        this.buf = new long[length];
    }

    int posAcquire() {
        return (int) POS.getAcquire(this);
    }

    void putPosRelease(int value) {
        POS.setRelease(this, value);
    }

    /** Points an empty segment at a bucket; callers hold a stripe lock or own an unpublished segment. */
    void reset(long bucket, long startMillis, long endMillis) {
        this.bucket = bucket;
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        this.consumed = 0;
        putPosRelease(0);
    }
}
