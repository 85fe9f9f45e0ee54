package dev.sli.core.window;

import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;

/**
 * The stretch of time an SLI or SLO is measured over: {@link RollingWindow} ("the last 3 weeks") or
 * {@link CalendarWindow} ("the 3-week period that started on 2024-01-01 in America/Vancouver").
 *
 * <p>Windows cover whole, sealed buckets only: evaluated at {@code t}, a window ends at the start of the
 * bucket that contains {@code t}, so the bucket still being filled is never half-counted. Every answer
 * carries the {@link WindowSpan} it covered. Implementations are immutable.
 */
public sealed interface Window permits RollingWindow, CalendarWindow {

    /** The span this window covers when evaluated at {@code atMillis} on {@code grid}. */
    WindowSpan spanAt(long atMillis, BucketGrid grid);

    /**
     * The whole period the budget of this window is reckoned over, evaluated at {@code atMillis}: for a
     * rolling window the same as {@link #spanAt}; for a calendar window the full current period, of
     * which {@link #spanAt} is the part that has elapsed.
     */
    WindowSpan periodAt(long atMillis, BucketGrid grid);

    /** The nominal length of the window (for a calendar window, of the period containing {@code atMillis}). */
    Duration lengthAt(long atMillis);

    /** A rolling window of {@code length}. */
    static RollingWindow rolling(Duration length) {
        return new RollingWindow(length);
    }

    /** Calendar periods of {@code length} starting at midnight of {@code start} in {@code zone}. */
    static CalendarWindow calendar(LocalDate start, Period length, ZoneId zone) {
        return new CalendarWindow(start, length, zone);
    }
}
