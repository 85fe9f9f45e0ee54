package dev.sli.core.time;

/**
 * The source of "now" for live recording, in epoch milliseconds.
 *
 * <p>Live {@code record} calls read it once per sample, so an implementation must be cheap and
 * lock-free: {@link CoarseClock} reads one volatile field; {@link ManualClock} is for tests and replay.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Clock {

    /** Milliseconds since the Unix epoch. */
    long epochMillis();

    /** A clock that reads {@link System#currentTimeMillis()} on every call (about 28 ns here): fine for tools, not for hot paths. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
