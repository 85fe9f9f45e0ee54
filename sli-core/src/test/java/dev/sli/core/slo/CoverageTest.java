package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.window.WindowSpan;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoverageTest {

    private static final long MINUTE = 60_000;
    private static final long DAY = 1_440 * MINUTE;
    private static final WindowSpan THREE_WEEKS = new WindowSpan(0, 21 * DAY);

    @Test
    void describesObservedTimeInTheUnitOfTheWindow() {
        assertEquals("2.0 d of 21 d observed",
                Coverage.of(THREE_WEEKS, 2_876 * MINUTE, new WindowSpan(19 * DAY, 21 * DAY)).describe());
        assertEquals("0.0 d of 21 d observed", Coverage.none(THREE_WEEKS).describe());
        assertEquals("45.0 min of 60 min observed", Coverage.of(new WindowSpan(0, 60 * MINUTE), 45 * MINUTE,
                new WindowSpan(0, 60 * MINUTE)).describe());
        assertEquals("90.0 min of 90 min observed", Coverage.complete(new WindowSpan(0, 90 * MINUTE)).describe());
        assertEquals("12.0 h of 24 h observed", Coverage.ofSpan(new WindowSpan(0, DAY), new WindowSpan(0, DAY / 2)).describe());
        assertEquals("30.0 s of 30 s observed", Coverage.complete(new WindowSpan(0, 30_000)).describe());
        assertEquals("1.5 s of 90 s observed", Coverage.ofSpan(new WindowSpan(0, 90_000), new WindowSpan(0, 1_500)).describe());
    }

    @Test
    void knowsWhetherTheWindowIsCompleteEmptyOrInBetween() {
        Coverage complete = Coverage.complete(THREE_WEEKS);
        assertTrue(complete.isComplete());
        assertEquals(Optional.of(THREE_WEEKS), complete.observedSpan());
        assertEquals(0, complete.unobservedMillis());
        Coverage none = Coverage.none(THREE_WEEKS);
        assertTrue(none.isEmpty());
        assertFalse(none.isComplete());
        assertEquals(Optional.empty(), none.observedSpan());
        Coverage partial = Coverage.ofSpan(THREE_WEEKS, new WindowSpan(19 * DAY, 21 * DAY));
        assertEquals(2 * DAY, partial.observedMillis());
        assertEquals(19 * DAY, partial.unobservedMillis());
        assertEquals(2.0 / 21, partial.fraction(), 0.0);
        assertFalse(Coverage.complete(new WindowSpan(5, 5)).isComplete());
    }

    @Test
    void theFiveArgumentMeasurementTakesItsCoverageFromItsAmounts() {
        assertEquals(Coverage.complete(THREE_WEEKS), new SliMeasurement(THREE_WEEKS, SliUnit.EVENTS, 10, 1, 0).coverage());
        assertEquals(Coverage.none(THREE_WEEKS), new SliMeasurement(THREE_WEEKS, SliUnit.EVENTS, 0, 0, 0).coverage());
        assertEquals(Coverage.none(THREE_WEEKS), new SliMeasurement(THREE_WEEKS, SliUnit.MILLISECONDS, 0, 0, 21 * DAY).coverage());
        // 3 known of 21 days: 3 days observed, somewhere in the window
        Coverage share = new SliMeasurement(THREE_WEEKS, SliUnit.MILLISECONDS, 3 * DAY - 10, 10, 18 * DAY).coverage();
        assertEquals(3 * DAY, share.observedMillis());
        assertEquals(Optional.of(THREE_WEEKS), share.observedSpan());
        assertEquals(Coverage.none(THREE_WEEKS), SliMeasurement.empty(THREE_WEEKS, SliUnit.SLICES).coverage());
    }

    @Test
    void seenWithinTheWholePeriodTheSameObservationsAreIncomplete() {
        WindowSpan elapsed = new WindowSpan(0, 3 * DAY);
        Coverage week = Coverage.complete(elapsed).within(new WindowSpan(0, 7 * DAY));
        assertEquals("3.0 d of 7 d observed", week.describe());
        assertFalse(week.isComplete());
        assertEquals(Optional.of(elapsed), week.observedSpan());
        assertThrows(IllegalArgumentException.class, () -> Coverage.complete(elapsed).within(new WindowSpan(DAY, 7 * DAY)));
    }

    @Test
    void measurementsAddTheirCoverage() {
        SliMeasurement first = new SliMeasurement(new WindowSpan(0, DAY), SliUnit.EVENTS, 5, 0, 0,
                Coverage.ofSpan(new WindowSpan(0, DAY), new WindowSpan(DAY / 2, DAY)));
        SliMeasurement second = SliMeasurement.empty(new WindowSpan(DAY, 2 * DAY), SliUnit.EVENTS);
        Coverage sum = first.plus(second).coverage();
        assertEquals(new WindowSpan(0, 2 * DAY), sum.window());
        assertEquals(DAY / 2, sum.observedMillis());
        assertEquals(Optional.of(new WindowSpan(DAY / 2, DAY)), sum.observedSpan());
    }

    @Test
    void refusesObservationsOutsideTheWindowOrLongerThanTheirSpan() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> Coverage.of(new WindowSpan(0, DAY), MINUTE, new WindowSpan(DAY - MINUTE, DAY + MINUTE)));
        assertEquals("observed span WindowSpan[startMillis=86340000, endMillis=86460000] is not within the window "
                + "WindowSpan[startMillis=0, endMillis=86400000]", outside.getMessage());
        IllegalArgumentException longer = assertThrows(IllegalArgumentException.class,
                () -> Coverage.of(new WindowSpan(0, DAY), 2 * MINUTE, new WindowSpan(0, MINUTE)));
        assertEquals("observed time must be positive and at most the observed span's 60000 ms, got 120000",
                longer.getMessage());
        IllegalArgumentException otherWindow = assertThrows(IllegalArgumentException.class,
                () -> new SliMeasurement(new WindowSpan(0, DAY), SliUnit.EVENTS, 1, 0, 0, Coverage.none(THREE_WEEKS)));
        assertEquals("coverage is of WindowSpan[startMillis=0, endMillis=1814400000], not of the span "
                + "WindowSpan[startMillis=0, endMillis=86400000]", otherWindow.getMessage());
    }
}
