package dev.sli.core.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class WindowTest {

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void bucketsAreAlignedToTheEpochAlsoBefore1970() {
        BucketGrid minute = BucketGrid.DEFAULT;
        assertEquals(28_401_120L, minute.bucketOf(ms("2024-01-01T00:00:00Z")));
        assertEquals(28_401_120L, minute.bucketOf(ms("2024-01-01T00:00:59.999Z")));
        assertEquals(-1, minute.bucketOf(-1));
        assertEquals(-60_000, minute.startMillis(-1));
        assertEquals(ms("2024-01-01T00:05:00Z"), minute.alignDown(ms("2024-01-01T00:05:59.999Z")));
        assertEquals(30_240, minute.bucketsIn(Duration.ofDays(21)));
    }

    @Test
    void gridRejectsResolutionsThatDoNotTileADay() {
        assertEquals("resolution must be between 1s and 1d and divide a day evenly, got PT7S",
                assertThrows(IllegalArgumentException.class, () -> BucketGrid.of(Duration.ofSeconds(7))).getMessage());
        assertEquals("resolution must be a whole number of milliseconds, got PT1.0000001S",
                assertThrows(IllegalArgumentException.class, () -> BucketGrid.of(Duration.ofNanos(1_000_000_100))).getMessage());
        assertEquals("window length PT1M30S is not a positive whole number of PT1M buckets",
                assertThrows(IllegalArgumentException.class, () -> BucketGrid.DEFAULT.bucketsIn(Duration.ofSeconds(90))).getMessage());
    }

    @Test
    void aRollingWindowEndsWhereTheCurrentBucketStarts() {
        WindowSpan span = Window.rolling(Duration.ofHours(1)).spanAt(ms("2024-01-01T12:34:56Z"), BucketGrid.DEFAULT);
        assertEquals(new WindowSpan(ms("2024-01-01T11:34:00Z"), ms("2024-01-01T12:34:00Z")), span);
        assertEquals(3_600_000, span.lengthMillis());
    }

    @Test
    void calendarPeriodsFollowTheZonesCalendarAcrossDaylightSaving() {
        ZoneId vancouver = ZoneId.of("America/Vancouver");
        CalendarWindow weeks = Window.calendar(LocalDate.of(2024, 3, 4), Period.ofWeeks(3), vancouver);
        // the first period holds the spring-forward night of 2024-03-10: 3 weeks minus an hour
        assertEquals(Duration.ofDays(21).minusHours(1), weeks.lengthAt(ms("2024-03-12T00:00:00Z")));
        long at = ms("2024-03-20T10:30:20Z");
        WindowSpan period = weeks.periodAt(at, BucketGrid.DEFAULT);
        assertEquals(ZonedDateTime.of(2024, 3, 4, 0, 0, 0, 0, vancouver).toInstant().toEpochMilli(), period.startMillis());
        assertEquals(ZonedDateTime.of(2024, 3, 25, 0, 0, 0, 0, vancouver).toInstant().toEpochMilli(), period.endMillis());
        WindowSpan elapsed = weeks.spanAt(at, BucketGrid.DEFAULT);
        assertEquals(period.startMillis(), elapsed.startMillis());
        assertEquals(ms("2024-03-20T10:30:00Z"), elapsed.endMillis());
        // the next period starts where this one ends; before the start date the index is negative
        assertEquals(1, weeks.periodIndexAt(period.endMillis()));
        assertEquals(-1, weeks.periodIndexAt(period.startMillis() - 1));
    }

    @Test
    void monthlyPeriodsHaveTheirMonthsLength() {
        CalendarWindow months = Window.calendar(LocalDate.of(2024, 1, 1), Period.ofMonths(1), ZoneId.of("UTC"));
        assertEquals(Duration.ofDays(29), months.lengthAt(ms("2024-02-15T00:00:00Z")));
        assertEquals(new WindowSpan(ms("2024-02-01T00:00:00Z"), ms("2024-03-01T00:00:00Z")),
                months.periodAt(ms("2024-02-29T23:59:59Z"), BucketGrid.DEFAULT));
        assertEquals(12, months.periodIndexAt(ms("2025-01-01T00:00:00Z")));
    }

    @Test
    void windowsRejectNonPositiveLengths() {
        assertEquals("rolling window length must be positive, got PT0S",
                assertThrows(IllegalArgumentException.class, () -> Window.rolling(Duration.ZERO)).getMessage());
        assertEquals("calendar period length must be positive, got P-1D", assertThrows(IllegalArgumentException.class,
                () -> Window.calendar(LocalDate.of(2024, 1, 1), Period.ofDays(-1), ZoneId.of("UTC"))).getMessage());
        assertEquals("span ends (1) before it starts (2)",
                assertThrows(IllegalArgumentException.class, () -> new WindowSpan(2, 1)).getMessage());
    }
}
