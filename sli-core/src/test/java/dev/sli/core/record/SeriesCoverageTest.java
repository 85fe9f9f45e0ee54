package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.slo.Coverage;
import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each series' indicator says it observed, worked out by hand. */
class SeriesCoverageTest {

    static final long T0 = LatencySeriesTest.T0;
    static final long MINUTE = 60_000;

    static SeriesOptions options(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(2)).build();
    }

    @Test
    void eventsAreObservedFromTheFirstToTheLastMinuteWithEventsInTheWindow() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 120 * MINUTE);
        OutcomeSeries s = OutcomeSeries.builder("api").options(options(clock)).build();
        s.recordAt(T0 + 10 * MINUTE + 5, true);
        s.recordAt(T0 + 30 * MINUTE + 59_999, false); // minutes 11-29 are quiet, still observed
        s.recordAt(T0 + 50 * MINUTE, true);
        WindowSpan hour = new WindowSpan(T0, T0 + 60 * MINUTE);
        SliMeasurement m = s.indicator().measure(hour);
        assertEquals(Coverage.ofSpan(hour, new WindowSpan(T0 + 10 * MINUTE, T0 + 51 * MINUTE)), m.coverage());
        assertEquals("41.0 min of 60 min observed", m.coverage().describe());

        // events before the window make its start observed
        WindowSpan later = new WindowSpan(T0 + 20 * MINUTE, T0 + 80 * MINUTE);
        assertEquals(Optional.of(new WindowSpan(T0 + 20 * MINUTE, T0 + 51 * MINUTE)),
                s.indicator().measure(later).coverage().observedSpan());
        // and a window with none has nothing observed
        WindowSpan quiet = new WindowSpan(T0 + 60 * MINUTE, T0 + 120 * MINUTE);
        assertEquals(Coverage.none(quiet), s.indicator().measure(quiet).coverage());
        // a single minute (a time slice) is observed whole if it has events
        WindowSpan minute30 = new WindowSpan(T0 + 30 * MINUTE, T0 + 31 * MINUTE);
        assertEquals(Coverage.complete(minute30), s.indicator().measure(minute30).coverage());
        WindowSpan minute31 = new WindowSpan(T0 + 31 * MINUTE, T0 + 32 * MINUTE);
        assertEquals(Coverage.none(minute31), s.indicator().measure(minute31).coverage());
    }

    @Test
    void probeTimeIsObservedWhereResultsHoldAndNotInTheGaps() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 120 * MINUTE);
        ProbeSeries s = ProbeSeries.builder("uptime").options(options(clock)).checkInterval(Duration.ofMinutes(1)).build();
        // results at minutes 10..14 hold 2 min each: observed 10:00-16:00; another at 40 holds 40:00-42:00
        for (int m = 10; m < 15; m++) {
            s.recordAt(T0 + m * MINUTE, m != 12, 1_000_000);
        }
        s.recordAt(T0 + 40 * MINUTE, true, 1_000_000);
        WindowSpan hour = new WindowSpan(T0, T0 + 60 * MINUTE);
        SliMeasurement m = s.indicator().measure(hour);
        assertEquals(8 * MINUTE, m.good() + m.bad());
        assertEquals(Coverage.of(hour, 8 * MINUTE, new WindowSpan(T0 + 10 * MINUTE, T0 + 42 * MINUTE)), m.coverage());
        WindowSpan minute41 = new WindowSpan(T0 + 41 * MINUTE, T0 + 42 * MINUTE);
        assertEquals(Coverage.complete(minute41), s.indicator().measure(minute41).coverage());
        WindowSpan minute42 = new WindowSpan(T0 + 42 * MINUTE, T0 + 43 * MINUTE);
        assertEquals(Coverage.none(minute42), s.indicator().measure(minute42).coverage());
    }

    @Test
    void readinessReplicaTimeIsObservedAsLongAsSomeWorkloadHasData() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 120 * MINUTE);
        ReadinessGroupSeries s = ReadinessGroupSeries.builder("pods").options(options(clock)).workloads(List.of("api", "web")).staleAfter(Duration.ofMinutes(5)).build();
        s.recordAt(T0 + 5 * MINUTE, 0, 3, 3);   // holds to minute 10
        s.recordAt(T0 + 7 * MINUTE, 1, 2, 1);   // holds to minute 12
        WindowSpan hour = new WindowSpan(T0, T0 + 60 * MINUTE);
        Coverage expected = Coverage.of(hour, 7 * MINUTE, new WindowSpan(T0 + 5 * MINUTE, T0 + 12 * MINUTE));
        assertEquals(expected, s.replicaIndicator().measure(hour).coverage());
        assertEquals(expected, s.timeIndicator().measure(hour).coverage());
    }

    @Test
    void finishedWorkIsObservedLikeEvents() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 300 * MINUTE);
        WorkSeries s = WorkSeries.builder("provision").options(options(clock)).thresholds(List.of(Duration.ofHours(1))).abandonAfter(Duration.ofDays(1)).build();
        s.startAt(T0, "a");
        s.startAt(T0 + MINUTE, "b");
        s.finishAt(T0 + 20 * MINUTE, "a", true);
        s.finishAt(T0 + 90 * MINUTE + 1, "b", false);
        WindowSpan window = new WindowSpan(T0, T0 + 180 * MINUTE);
        assertEquals(Coverage.ofSpan(window, new WindowSpan(T0 + 20 * MINUTE, T0 + 91 * MINUTE)),
                s.thresholdIndicator(Duration.ofHours(1)).measure(window).coverage());
    }
}
