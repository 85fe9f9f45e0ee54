package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.slo.SliUnit;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GaugeSeriesTest {

    static final long T0 = LatencySeriesTest.T0;
    static final long MINUTE = 60_000;

    static SeriesOptions options(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(2)).build();
    }

    @Test
    void readinessCountsFullyReadyObservedAndUnknownTimeExactly() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        ReadinessGroupSeries s = ReadinessGroupSeries.builder("platsrv-registry-api").options(options(clock)).workloads("platsrv-registry-api").build();
        // minute 0-10: 3/3; minute 10-13: 2/3; minute 13-20: 3/3; then silence: stale after 5 min at 25
        for (int m = 0; m < 20; m++) {
            clock.setEpochMillis(T0 + m * MINUTE);
            s.record(3, m >= 10 && m < 13 ? 2 : 3);
        }
        ReadinessGroupSnapshot snap = s.snapshotAt(Window.rolling(Duration.ofMinutes(60)), T0 + 60 * MINUTE);
        assertEquals(24 * MINUTE, snap.observedMillis()); // the last sample (minute 19) holds 5 min
        assertEquals(21 * MINUTE, snap.fullyReadyMillis());
        assertEquals(36 * MINUTE, snap.unknownMillis());
        assertEquals(3 * 24 * MINUTE - 3 * MINUTE, snap.readyReplicaMillis());
        assertEquals(3 * 24 * MINUTE, snap.desiredReplicaMillis());
        assertEquals(21.0 / 24, snap.availability().getAsDouble(), 0.0);
        SliMeasurement m = s.timeIndicator().measure(snap.span());
        assertEquals(SliUnit.MILLISECONDS, m.unit());
        assertEquals(21 * MINUTE, (long) m.good());
        assertEquals(3 * MINUTE, (long) m.bad());
        assertEquals(36 * MINUTE, (long) m.unknown());
        SliMeasurement r = s.replicaIndicator().measure(snap.span());
        assertEquals(3 * 24 * MINUTE - 3 * MINUTE, (long) r.good());
        assertEquals(3 * MINUTE, (long) r.bad());
    }

    @Test
    void readinessRejectsNegativeOutOfOrderFutureAndTooOldSamples() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + Duration.ofDays(3).toMillis());
        ReadinessGroupSeries s = ReadinessGroupSeries.builder("w").options(options(clock)).workloads("w").build();
        long now = clock.epochMillis();
        s.recordAt(now - 10 * MINUTE, 3, 3);
        s.recordAt(now - 12 * MINUTE, 3, 3);       // out of order
        s.recordAt(now - 9 * MINUTE, -1, 3);        // negative
        s.recordAt(now + 2 * MINUTE, 3, 3);         // future
        s.snapshot(Window.rolling(Duration.ofHours(1)));
        s.recordAt(now - Duration.ofDays(3).toMillis(), 3, 3); // before retention of 2 days
        ReadinessGroupSnapshot snap = s.snapshot(Window.rolling(Duration.ofHours(1)));
        assertEquals(5 * MINUTE, snap.observedMillis());
        assertEquals(1L, snap.rejections().get(Rejection.OUT_OF_ORDER));
        assertEquals(1L, snap.rejections().get(Rejection.INVALID_VALUE));
        assertEquals(1L, snap.rejections().get(Rejection.FUTURE_TIMESTAMP));
        assertEquals(1L, snap.rejections().get(Rejection.BEFORE_RETENTION));
    }

    @Test
    void probeReportsUpDownAndUnknownMinutes() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 30 * MINUTE);
        ProbeSeries s = ProbeSeries.builder("uptime.com").options(options(clock)).checkInterval(Duration.ofMinutes(1)).build();
        for (int m = 0; m < 30; m++) {
            if (m >= 20 && m < 25) {
                continue; // checks missing: after 2 minutes (twice the interval) the time is unknown
            }
            s.recordAt(T0 + m * MINUTE, !(m >= 5 && m < 8), 300_000_000L);
        }
        ProbeSnapshot snap = s.snapshotAt(Window.rolling(Duration.ofMinutes(30)), T0 + 30 * MINUTE);
        assertEquals(3 * MINUTE, snap.downMillis());
        assertEquals(3.0, snap.downtimeMinutes(), 0.0);
        // up [0,5) + [8,19) + [19,21) (the check at 19 goes stale after 2 min) + [25,30); [21,25) unknown
        assertEquals(23 * MINUTE, snap.upMillis());
        assertEquals(4 * MINUTE, snap.unknownMillis());
        assertEquals(22, snap.upChecks());
        assertEquals(3, snap.downChecks());
        SliMeasurement m = s.indicator().measure(snap.span());
        assertEquals(snap.upMillis(), (long) m.good());
        assertEquals(snap.downMillis(), (long) m.bad());
        assertEquals(snap.unknownMillis(), (long) m.unknown());
    }

    @Test
    void workCountsDoneWithinTheThresholdAndListsTasksOpenTooLong() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + Duration.ofHours(10).toMillis());
        WorkSeries s = WorkSeries.builder("provision").options(options(clock)).thresholds(Duration.ofHours(1)).build();
        long hour = Duration.ofHours(1).toMillis();
        s.startAt(T0, "a");
        s.finishAt(T0 + 30 * MINUTE, "a", true);            // within 1 h
        s.startAt(T0 + MINUTE, "b");
        s.finishAt(T0 + MINUTE + 2 * hour, "b", true);      // slow
        s.startAt(T0 + 2 * MINUTE, "c");
        s.finishAt(T0 + 40 * MINUTE, "c", false);           // failed: bad
        s.startAt(T0 + 3 * MINUTE, "d");                    // still open
        s.startAt(T0 + 5 * hour, "e");                      // open, young
        s.finishAt(T0 + 5 * hour, "zzz", true);             // unknown id
        s.startAt(T0 + 5 * hour + 1, "e");                  // duplicate start
        WorkSnapshot snap = s.snapshotAt(Window.rolling(Duration.ofHours(6)), T0 + 5 * hour + 30 * MINUTE, 0.5, 1.0);
        assertEquals(2, snap.completed());
        assertEquals(1, snap.failed());
        assertEquals(1, snap.within(Duration.ofHours(1)));
        assertEquals(1.0 / 3, snap.fractionWithin(Duration.ofHours(1)).getAsDouble(), 0.0);
        assertEquals(2, snap.open().size());
        List<String> tooLong = new ArrayList<>();
        snap.openLongerThan(Duration.ofHours(1)).forEach(i -> tooLong.add(i.id()));
        assertEquals(List.of("d"), tooLong);
        assertEquals(List.of(new WorkOpenItem("d", T0 + 3 * MINUTE, 5 * hour + 27 * MINUTE)),
                s.openOlderThan(T0 + 5 * hour + 30 * MINUTE, Duration.ofHours(1)));
        assertEquals(2L, snap.rejections().get(Rejection.INVALID_EVENT));
        assertEquals(30 * MINUTE, snap.quantileMillis(0.5).getAsLong(), 30 * MINUTE / 1000.0);
        SliMeasurement m = s.thresholdIndicator(Duration.ofHours(1)).measure(snap.span());
        assertEquals(1, (long) m.good());
        assertEquals(2, (long) m.bad());
    }

    @Test
    void noDataMeansEmptyAnswersNotZero() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        assertFalse(ReadinessGroupSeries.builder("w").options(options(clock)).workloads("w").build().snapshot(Window.rolling(Duration.ofHours(1)))
                .availability().isPresent());
        assertFalse(ProbeSeries.builder("p").options(options(clock)).checkInterval(Duration.ofMinutes(1)).build().snapshot(Window.rolling(Duration.ofHours(1)))
                .uptime().isPresent());
        WorkSnapshot w = WorkSeries.builder("w").options(options(clock)).thresholds(Duration.ofHours(1)).build().snapshot(Window.rolling(Duration.ofHours(1)), 0.5);
        assertFalse(w.fractionWithin(Duration.ofHours(1)).isPresent());
        assertFalse(w.quantileMillis(0.5).isPresent());
        WindowSpan span = new WindowSpan(T0 - MINUTE, T0);
        assertEquals(MINUTE, (long) ReadinessGroupSeries.builder("w").options(options(clock)).workloads("w").build().timeIndicator().measure(span).unknown());
    }
}
