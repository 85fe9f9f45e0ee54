package dev.sli.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A clock that moves only when told to, for deterministic tests and for replaying historic data.
 * Thread-safe: {@link #set} and {@link #advance} may be called from any thread.
 */
public final class ManualClock implements Clock {

    private volatile long epochMillis;

    private ManualClock(long epochMillis) {
        this.epochMillis = epochMillis;
    }

    /** A clock standing at {@code start}. */
    public static ManualClock at(Instant start) {
        return new ManualClock(Objects.requireNonNull(start, "start").toEpochMilli());
    }

    /** A clock standing at {@code epochMillis}. */
    public static ManualClock atEpochMillis(long epochMillis) {
        return new ManualClock(epochMillis);
    }

    @Override
    public long epochMillis() {
        return epochMillis;
    }

    /** Moves the clock to {@code epochMillis} (backwards too: a wall clock can step back). */
    public void setEpochMillis(long epochMillis) {
        this.epochMillis = epochMillis;
    }

    /** Moves the clock to {@code instant}. */
    public void set(Instant instant) {
        this.epochMillis = Objects.requireNonNull(instant, "instant").toEpochMilli();
    }

    /**
     * Moves the clock forward by {@code step}.
     *
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public synchronized void advance(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must not be negative, got " + step);
        }
        this.epochMillis = Math.addExact(epochMillis, step.toMillis());
    }
}
