package dev.sli.core.window;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Back-to-back calendar periods of {@code length}, the first starting at midnight of {@code start} in
 * {@code zone}: "3-week periods starting on Monday 2024-01-01, Vancouver time". Period boundaries follow
 * the zone's calendar (a day across a DST change is 23 or 25 hours). Evaluated at {@code t}, the window
 * covers the elapsed part of the period that contains {@code t}.
 *
 * @param start the local date the first period starts on
 * @param length the period length in days, weeks, months or years; positive
 * @param zone the IANA time zone the calendar is kept in
 */
public record CalendarWindow(LocalDate start, Period length, ZoneId zone) implements Window {

    public CalendarWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(zone, "zone");
        if (length.isNegative() || length.isZero()
                || length.getYears() < 0 || length.getMonths() < 0 || length.getDays() < 0) {
            throw new IllegalArgumentException("calendar period length must be positive, got " + length);
        }
    }

    /**
     * The start of period {@code index} (0 is the one that starts on {@link #start}), in epoch milliseconds.
     *
     * @throws IllegalArgumentException if that start is beyond the range of dates or of epoch milliseconds
     */
    public long periodStartMillis(long index) {
        try {
            ZonedDateTime first = start.atStartOfDay(zone);
            return first.plus(length.multipliedBy(Math.toIntExact(index))).toInstant().toEpochMilli();
        } catch (ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException("period " + index + " of " + this + " is out of range", e);
        }
    }

    /** The index of the period that contains {@code atMillis}; negative before {@link #start}. */
    public long periodIndexAt(long atMillis) {
        long first = periodStartMillis(0);
        long approxLength = Math.max(1, periodStartMillis(1) - first);
        // atMillis - first in exact arithmetic: both are longs, the difference may not be
        long index = Math.floorDiv(atMillis, approxLength) - Math.floorDiv(first, approxLength);
        while (periodStartMillis(index) > atMillis) {
            index--;
        }
        while (periodStartMillis(index + 1) <= atMillis) {
            index++;
        }
        return index;
    }

    @Override
    public WindowSpan spanAt(long atMillis, BucketGrid grid) {
        WindowSpan period = periodAt(atMillis, grid);
        long end = Math.max(period.startMillis(), Math.min(period.endMillis(), grid.alignDown(atMillis)));
        return new WindowSpan(period.startMillis(), end);
    }

    /**
     * {@inheritDoc} Boundaries that do not fall on the grid (a zone offset of +05:45 with hourly buckets)
     * are rounded down to the bucket that contains them.
     */
    @Override
    public WindowSpan periodAt(long atMillis, BucketGrid grid) {
        long index = periodIndexAt(atMillis);
        return new WindowSpan(grid.alignDown(periodStartMillis(index)), grid.alignDown(periodStartMillis(index + 1)));
    }

    @Override
    public Duration lengthAt(long atMillis) {
        long index = periodIndexAt(atMillis);
        return Duration.ofMillis(periodStartMillis(index + 1) - periodStartMillis(index));
    }

    @Override
    public String toString() {
        return "calendar " + length + " from " + start + " " + zone;
    }
}
