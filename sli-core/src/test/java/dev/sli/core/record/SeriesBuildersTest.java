package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind is built the same way and answers the common {@link Series} questions. */
class SeriesBuildersTest {

    static final long T0 = LatencySeriesTest.T0;

    @Test
    void everyKindIsBuiltByItsBuilderAndSaysWhatItIs() {
        SeriesOptions options = SeriesOptions.builder().clock(ManualClock.atEpochMillis(T0)).build();
        List<Series> all = List.of(
                LatencySeries.builder("l").options(options).build(),
                OutcomeSeries.builder("o").options(options).build(),
                ReadinessGroupSeries.builder("r").options(options).workloads("api").build(),
                ProbeSeries.builder("p").options(options).checkInterval(Duration.ofSeconds(30)).build(),
                WorkSeries.builder("w").options(options).thresholds(Duration.ofHours(1)).build());
        assertEquals(List.of(SeriesKind.LATENCY, SeriesKind.OUTCOME, SeriesKind.READINESS, SeriesKind.PROBE,
                SeriesKind.WORK), all.stream().map(Series::kind).toList());
        assertEquals(List.of("l", "o", "r", "p", "w"), all.stream().map(Series::name).toList());
        Map<Rejection, Long> none = new EnumMap<>(Rejection.class);
        for (Rejection r : Rejection.values()) {
            none.put(r, 0L);
        }
        for (Series s : all) {
            assertEquals(options, s.options());
            assertEquals(none, s.rejections(), s.name());
        }
    }

    @Test
    void rejectionsAreCountedOnEveryKind() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        SeriesOptions options = SeriesOptions.builder().clock(clock).build();
        LatencySeries l = LatencySeries.builder("l").options(options).build();
        l.record(-1, true);
        OutcomeSeries o = OutcomeSeries.builder("o").options(options).build();
        o.recordAt(T0 + Duration.ofHours(1).toMillis(), true);
        ReadinessGroupSeries r = ReadinessGroupSeries.builder("r").options(options).workloads("api").build();
        r.record(-1, 3);
        ProbeSeries p = ProbeSeries.builder("p").options(options).build();
        p.record(true, -5);
        WorkSeries w = WorkSeries.builder("w").options(options).thresholds(Duration.ofHours(1)).build();
        w.finish("never-started", true);
        assertEquals(1L, l.rejections().get(Rejection.NEGATIVE_DURATION));
        assertEquals(1L, o.rejections().get(Rejection.FUTURE_TIMESTAMP));
        assertEquals(1L, r.rejections().get(Rejection.INVALID_VALUE));
        assertEquals(1L, p.rejections().get(Rejection.INVALID_VALUE));
        assertEquals(1L, w.rejections().get(Rejection.INVALID_EVENT));
    }

    @Test
    void aGroupOfOneRecordsWithoutNamingItsWorkloadAndALargerGroupRefusesTo() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        SeriesOptions options = SeriesOptions.builder().clock(clock).build();
        ReadinessGroupSeries one = ReadinessGroupSeries.builder("one").options(options).workloads("api").build();
        one.recordAt(T0, 3, 2);
        clock.advance(Duration.ofMinutes(2));
        ReadinessGroupSnapshot snap = one.snapshotAt(Window.rolling(Duration.ofMinutes(1)), T0 + 60_000L);
        assertEquals(60_000L, snap.observedMillis());
        assertEquals(0L, snap.fullyReadyMillis());
        ReadinessGroupSeries two = ReadinessGroupSeries.builder("two").options(options).workloads("a", "b").build();
        assertEquals("series 'two' has 2 workloads; record(desired, ready) is for a group of one: pass the workload",
                assertThrows(IllegalStateException.class, () -> two.record(3, 3)).getMessage());
    }

    @Test
    void buildersRefuseABlankName() {
        assertEquals("name: must not be blank",
                assertThrows(IllegalArgumentException.class, () -> OutcomeSeries.builder(" ").build()).getMessage());
        assertEquals("name: must not be blank",
                assertThrows(IllegalArgumentException.class, () -> ProbeSeries.builder("").build()).getMessage());
        assertEquals("thresholds: at least one is needed",
                assertThrows(IllegalArgumentException.class, () -> WorkSeries.builder("w").build()).getMessage());
    }

    @Test
    void everySnapshotSaysHowMuchOfItsWindowHoldsData() {
        long hour = Duration.ofHours(1).toMillis();
        ManualClock clock = ManualClock.atEpochMillis(T0 + 4 * hour);
        SeriesOptions options = SeriesOptions.builder().clock(clock).build();
        Window threeHours = Window.rolling(Duration.ofHours(3));
        long at = T0 + 3 * hour; // the window is [T0, T0 + 3 h); data only in its last hour
        LatencySeries l = LatencySeries.builder("l").options(options).build();
        OutcomeSeries o = OutcomeSeries.builder("o").options(options).build();
        ReadinessGroupSeries r = ReadinessGroupSeries.builder("r").options(options).workloads("api")
                .staleAfter(Duration.ofMinutes(90)).build();
        ProbeSeries p = ProbeSeries.builder("p").options(options).checkInterval(Duration.ofMinutes(30)).build();
        WorkSeries w = WorkSeries.builder("w").options(options).thresholds(Duration.ofHours(1)).build();
        long t = T0 + 2 * hour;
        l.recordAt(t, 1_000_000L, true);
        l.recordAt(t + 30 * 60_000L, 1_000_000L, true);
        o.recordAt(t, true);
        o.recordAt(t + 30 * 60_000L, true);
        r.recordAt(t, 3, 3);
        p.recordAt(t, true, 1_000_000L);
        w.startAt(t, "a");
        w.finishAt(t + 30 * 60_000L, "a", true);
        // events: from the first to the last bucket with events, 31 minutes
        assertEquals(31 * 60_000L, l.snapshotAt(threeHours, at).coverage().observedMillis());
        assertEquals(31 * 60_000L, o.snapshotAt(threeHours, at).coverage().observedMillis());
        assertEquals(60_000L, w.snapshotAt(threeHours, at).coverage().observedMillis()); // one finish: one bucket
        // time: the last hour, which the sample holds to the end of the window
        assertEquals(hour, r.snapshotAt(threeHours, at).coverage().observedMillis());
        assertEquals(hour, p.snapshotAt(threeHours, at).coverage().observedMillis());
    }

    @Test
    void aSampleJustPastTheFutureLimitIsRejectedEvenInTheBucketOfAnAcceptedOne() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 10_000); // 10 s into a minute bucket
        SeriesOptions options = SeriesOptions.builder().clock(clock).maxFuture(Duration.ofSeconds(5)).build();
        LatencySeries l = LatencySeries.builder("l").options(options).build();
        OutcomeSeries o = OutcomeSeries.builder("o").options(options).build();
        for (long t : new long[] {T0 + 15_000, T0 + 15_001, T0 + 59_999, T0 + 12_000}) {
            l.recordAt(t, 1_000, true);
            o.recordAt(t, true);
        }
        clock.setEpochMillis(T0 + 50_000); // later, the limit has moved: the same timestamps are now fine
        l.recordAt(T0 + 55_000, 1_000, true);
        o.recordAt(T0 + 55_000, true);
        clock.setEpochMillis(T0 + 120_000);
        Window minute = Window.rolling(Duration.ofMinutes(2));
        assertEquals(3, l.snapshot(minute).count());
        assertEquals(3, o.snapshot(minute).good());
        assertEquals(2L, l.rejections().get(Rejection.FUTURE_TIMESTAMP));
        assertEquals(2L, o.rejections().get(Rejection.FUTURE_TIMESTAMP));
    }
}
