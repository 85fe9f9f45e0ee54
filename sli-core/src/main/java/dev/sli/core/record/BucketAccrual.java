package dev.sli.core.record;

import dev.sli.core.window.BucketGrid;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The time bookkeeping the gauge integrators share: a <em>frontier</em> before which all time is decided,
 * the open bucket that contains it, and the walk that accrues whatever is in force stretch by stretch,
 * handing over each bucket the frontier leaves. A subclass says what is in force and accrues it
 * ({@link #accrueStretch}), clears its open amounts ({@link #clearOpen}) and hands a finished bucket to
 * its sink ({@link #handOver}). Not thread-safe: the caller serialises all calls.
 */
abstract class BucketAccrual {

    /** Timestamps further than this from the epoch (about 285 000 years) are rejected or clamped. */
    static final long MAX_ABS_EPOCH_MILLIS = 1L << 53;
    /** The largest staleness limit accepted. */
    static final Duration MAX_STALENESS = Duration.ofDays(365);
    /** What {@link #accrueStretch} returns when nothing is in force. */
    static final long NOTHING_IN_FORCE = Long.MIN_VALUE;

    final BucketGrid grid;
    final long resolutionMillis;
    // Decided time: everything before `frontier`; `open*` is the bucket that contains the frontier.
    boolean started;
    long frontier;
    long openBucket;
    long openEnd;

    BucketAccrual(BucketGrid grid) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.resolutionMillis = grid.resolutionMillis();
    }

    /**
     * {@code staleness} in milliseconds.
     *
     * @throws IllegalArgumentException unless it is a whole number of milliseconds from 1 ms to 365 days
     */
    static long checkedStalenessMillis(Duration staleness) {
        Objects.requireNonNull(staleness, "staleness");
        if (staleness.isNegative() || staleness.isZero() || staleness.compareTo(MAX_STALENESS) > 0
                || !Duration.ofMillis(staleness.toMillis()).equals(staleness)) {
            throw new IllegalArgumentException(
                    "staleness must be a whole number of milliseconds between 1ms and 365d, got " + staleness);
        }
        return staleness.toMillis();
    }

    /**
     * Accrues what is in force from the frontier up to {@code limit} (the end of the open bucket or the
     * target, whichever is first) or up to the first change before it (a staleness limit).
     *
     * @return the end of the stretch accrued, or {@link #NOTHING_IN_FORCE}
     */
    abstract long accrueStretch(long limit);

    /** Zeroes the amounts of the open bucket. */
    abstract void clearOpen();

    /** Hands the open bucket's amounts, if any, to the sink as bucket {@code bucket}. */
    abstract void handOver(long bucket);

    /**
     * Declares that time has reached {@code epochMillis}: what is in force accrues up to it (or up to its
     * staleness limit), and every bucket ending at or before it is completed. Going backwards does nothing;
     * values beyond {@code ±}{@value #MAX_ABS_EPOCH_MILLIS} are clamped.
     */
    final void advanceTo(long epochMillis) {
        long target = Math.max(-MAX_ABS_EPOCH_MILLIS, Math.min(MAX_ABS_EPOCH_MILLIS, epochMillis));
        if (!started) {
            start(target);
        } else if (target > frontier) {
            accrueTo(target);
        }
    }

    /** The frontier: all time before it is decided; empty before the first sample or {@link #advanceTo}. */
    final OptionalLong decidedUntilMillis() {
        return started ? OptionalLong.of(frontier) : OptionalLong.empty();
    }

    final void start(long epochMillis) {
        started = true;
        frontier = epochMillis;
        openAt(grid.bucketOf(epochMillis));
    }

    /** Accrues from the frontier up to {@code target} (> frontier), handing over every bucket passed. */
    final void accrueTo(long target) {
        while (frontier < target) {
            long end = accrueStretch(Math.min(target, openEnd));
            if (end == NOTHING_IN_FORCE) {
                // Nothing in force up to target (a later sample would have moved the frontier): unknown time.
                frontier = target;
                if (target >= openEnd) {
                    seal(grid.bucketOf(target));
                }
                return;
            }
            frontier = end;
            if (end == openEnd) {
                seal(openBucket + 1);
            }
        }
    }

    private void openAt(long bucket) {
        openBucket = bucket;
        openEnd = grid.startMillis(bucket) + resolutionMillis;
        clearOpen();
    }

    private void seal(long next) {
        handOver(openBucket);
        openAt(next);
    }

    /** The open bucket's amounts so far, in the order the sink seals them. */
    abstract void openAmounts(long[] out);

    /** Puts back open-bucket amounts read from a checkpoint (the order of {@link #openAmounts}). */
    abstract void restoreOpenAmounts(long[] in);

    /** Writes what is in force beyond the open bucket's amounts (the last samples and their expiry). */
    abstract void writeInForce(java.io.DataOutputStream out) throws java.io.IOException;

    /** Reads what {@link #writeInForce} wrote. */
    abstract void readInForce(java.io.DataInputStream in) throws java.io.IOException;

    /**
     * The state a checkpoint keeps: the frontier and what is in force, as bytes (the open bucket and its
     * amounts go beside them, from {@link #openBucket} and {@link #openAmounts}); null before time started.
     */
    final byte[] checkpointState() {
        if (!started) {
            return null;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeLong(frontier);
            writeInForce(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array: never
        }
        return bytes.toByteArray();
    }

    /**
     * Puts back a checkpoint into an integrator that has seen nothing yet: the frontier and what was in force,
     * and the open bucket {@code bucket} with {@code amounts}.
     *
     * @throws IllegalArgumentException if {@code state} is not what {@link #checkpointState} writes
     */
    final void restore(long bucket, long[] amounts, byte[] state) {
        if (started) {
            throw new IllegalStateException("a checkpoint is restored into a new integrator only");
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(state))) {
            long f = in.readLong();
            if (grid.bucketOf(f) != bucket) {
                throw new IllegalArgumentException("the frontier " + f + " is not in the open bucket " + bucket);
            }
            readInForce(in);
            started = true;
            frontier = f;
            openAt(bucket);
            restoreOpenAmounts(amounts);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("a checkpoint state of " + state.length + " bytes cannot be read: " + e, e);
        }
    }
}
