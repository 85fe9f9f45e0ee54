package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.time.ManualClock;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention as a promise: bad timestamps are counted, never stored, and never overflow; windows longer than
 * the retention are refused; memory follows the data, not the retention.
 */
class RetentionTest {

    static final long T0 = LatencySeriesTest.T0;
    static final long MINUTE = 60_000;
    static final long DAY = Duration.ofDays(1).toMillis();
    /** Mid-bucket, so that the edge is a bucket start and not the clock's own millisecond. */
    static final long NOW = T0 + 3 * DAY + 30_000;
    static final long NOW_BUCKET_START = T0 + 3 * DAY;
    static final long RETENTION = 2 * DAY;
    /** The first millisecond of the oldest bucket the retention keeps, by the clock. */
    static final long EDGE = NOW_BUCKET_START - RETENTION;
    static final long TEN_YEARS = Duration.ofDays(3653).toMillis();

    static SeriesOptions clockAnchored(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofMillis(RETENTION))
                .retentionAnchor(SeriesOptions.RetentionAnchor.CLOCK).build();
    }

    /** One series of some kind: how to record a sample at a time, and what it holds now. */
    interface Subject {
        void record(long atMillis);

        /** Everything the series holds over its whole retention at {@link #NOW}, as numbers. */
        List<Long> state();

        Map<Rejection, Long> rejections();
    }

    static Subject outcome(ManualClock clock) {
        OutcomeSeries s = OutcomeSeries.builder("api").options(clockAnchored(clock)).build();
        Window all = Window.rolling(Duration.ofMillis(RETENTION));
        return new Subject() {
            public void record(long t) {
                s.recordAt(t, true);
            }

            public List<Long> state() {
                OutcomeSnapshot snap = s.snapshotAt(all, NOW);
                return List.of(snap.good(), snap.bad());
            }

            public Map<Rejection, Long> rejections() {
                return s.rejections();
            }
        };
    }

    static Subject readiness(ManualClock clock) {
        ReadinessGroupSeries s = ReadinessGroupSeries.builder("w").options(clockAnchored(clock)).workloads("w").build();
        Window all = Window.rolling(Duration.ofMillis(RETENTION));
        return new Subject() {
            public void record(long t) {
                s.recordAt(t, 3, 3);
            }

            public List<Long> state() {
                ReadinessGroupSnapshot snap = s.snapshotAt(all, NOW);
                return List.of(snap.observedMillis(), snap.fullyReadyMillis(), snap.readyReplicaMillis());
            }

            public Map<Rejection, Long> rejections() {
                return s.snapshotAt(all, NOW).rejections();
            }
        };
    }

    static Subject group(ManualClock clock) {
        ReadinessGroupSeries s = ReadinessGroupSeries.builder("g").options(clockAnchored(clock)).workloads(List.of("a", "b")).staleAfter(Duration.ofMinutes(5)).build();
        Window all = Window.rolling(Duration.ofMillis(RETENTION));
        return new Subject() {
            public void record(long t) {
                s.recordAt(t, 0, 2, 2);
            }

            public List<Long> state() {
                ReadinessGroupSnapshot snap = s.snapshotAt(all, NOW);
                return List.of(snap.observedMillis(), snap.fullyReadyMillis(), snap.readyReplicaMillis());
            }

            public Map<Rejection, Long> rejections() {
                return s.snapshotAt(all, NOW).rejections();
            }
        };
    }

    static Subject probe(ManualClock clock) {
        ProbeSeries s = ProbeSeries.builder("p").options(clockAnchored(clock)).checkInterval(Duration.ofMinutes(1)).build();
        Window all = Window.rolling(Duration.ofMillis(RETENTION));
        return new Subject() {
            public void record(long t) {
                s.recordAt(t, true, 1000);
            }

            public List<Long> state() {
                ProbeSnapshot snap = s.snapshotAt(all, NOW);
                return List.of(snap.upMillis(), snap.downMillis(), snap.upChecks(), snap.downChecks());
            }

            public Map<Rejection, Long> rejections() {
                return s.snapshotAt(all, NOW).rejections();
            }
        };
    }

    static Subject work(ManualClock clock) {
        WorkSeries s = WorkSeries.builder("w").options(clockAnchored(clock)).thresholds(Duration.ofHours(1)).build();
        Window all = Window.rolling(Duration.ofMillis(RETENTION));
        int[] next = {0};
        return new Subject() {
            public void record(long t) {
                String id = "t" + next[0]++;
                s.startAt(t, id);
                s.finishAt(t, id, true);
            }

            public List<Long> state() {
                WorkSnapshot snap = s.snapshotAt(all, NOW);
                return List.of(snap.completed(), snap.failed(), snap.within(Duration.ofHours(1)));
            }

            public Map<Rejection, Long> rejections() {
                return s.snapshotAt(all, NOW).rejections();
            }
        };
    }

    /** Per kind: a sample at the edge and one recent are kept; every bad time is counted under its reason. */
    void badTimestampsAreCountedAndChangeNothing(Subject s, long perBadSample) {
        s.record(Long.MIN_VALUE);                      // before retention, not "future" by overflow
        s.record(Long.MAX_VALUE);                      // future
        s.record(NOW - TEN_YEARS);                     // on a fresh series: before retention by the clock
        s.record(EDGE - MINUTE);                       // the retention plus one bucket ago
        s.record(EDGE - 1);                            // the last millisecond before the edge
        s.record(EDGE);                                // exactly at the edge: kept
        s.record(NOW_BUCKET_START - 10 * MINUTE);      // recent: kept
        List<Long> kept = s.state();
        s.record(Long.MIN_VALUE);
        s.record(Long.MAX_VALUE);
        s.record(NOW - TEN_YEARS);
        s.record(EDGE - MINUTE);
        assertEquals(kept, s.state(), "nothing stored changed");
        Map<Rejection, Long> expected = new EnumMap<>(Rejection.class);
        for (Rejection r : Rejection.values()) {
            expected.put(r, 0L);
        }
        expected.put(Rejection.BEFORE_RETENTION, 7 * perBadSample);
        expected.put(Rejection.FUTURE_TIMESTAMP, 2 * perBadSample);
        assertEquals(expected, s.rejections());
    }

    @Test
    void outcomeCountsEveryBadTimestampAndKeepsTheEdge() {
        Subject s = outcome(ManualClock.atEpochMillis(NOW));
        badTimestampsAreCountedAndChangeNothing(s, 1);
        assertEquals(List.of(2L, 0L), s.state());
    }

    @Test
    void readinessCountsEveryBadTimestampAndKeepsTheEdge() {
        Subject s = readiness(ManualClock.atEpochMillis(NOW));
        badTimestampsAreCountedAndChangeNothing(s, 1);
        // each kept sample holds 5 min (the staleness limit): 3 replicas ready
        assertEquals(List.of(10 * MINUTE, 10 * MINUTE, 30 * MINUTE), s.state());
    }

    @Test
    void readinessGroupCountsEveryBadTimestampAndKeepsTheEdge() {
        Subject s = group(ManualClock.atEpochMillis(NOW));
        badTimestampsAreCountedAndChangeNothing(s, 1);
        assertEquals(List.of(10 * MINUTE, 10 * MINUTE, 20 * MINUTE), s.state());
    }

    @Test
    void probeCountsEveryBadTimestampAndKeepsTheEdge() {
        Subject s = probe(ManualClock.atEpochMillis(NOW));
        badTimestampsAreCountedAndChangeNothing(s, 1);
        // each check holds twice the 1-minute interval
        assertEquals(List.of(4 * MINUTE, 0L, 2L, 0L), s.state());
    }

    @Test
    void workCountsEveryBadTimestampAndKeepsTheEdge() {
        Subject s = work(ManualClock.atEpochMillis(NOW));
        badTimestampsAreCountedAndChangeNothing(s, 2); // each bad sample is a start and a finish
        assertEquals(List.of(2L, 0L, 2L), s.state());
    }

    @Test
    void anchoredOnTheNewestDataAnOldFirstSampleIsKeptAndLaterOnesAreMeasuredFromIt() {
        ManualClock clock = ManualClock.atEpochMillis(NOW);
        OutcomeSeries s = OutcomeSeries.builder("api").options(SeriesOptions.builder().clock(clock)
                .retention(Duration.ofMillis(RETENTION)).retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA)
                .build()).build();
        long old = NOW - TEN_YEARS;
        s.recordAt(old, true);
        s.recordAt(Long.MIN_VALUE, true);
        s.recordAt(Long.MAX_VALUE, true);
        OutcomeSnapshot then = s.snapshotAt(Window.rolling(Duration.ofHours(1)), old + Duration.ofHours(1).toMillis());
        assertEquals(1, then.good());
        assertEquals(1L, then.rejections().get(Rejection.BEFORE_RETENTION));
        assertEquals(1L, then.rejections().get(Rejection.FUTURE_TIMESTAMP));
    }

    @Test
    void aWindowLongerThanTheRetentionIsRefusedNamingBothLengths() {
        ManualClock clock = ManualClock.atEpochMillis(NOW);
        SeriesOptions options = SeriesOptions.builder().clock(clock).retention(Duration.ofDays(22)).build();
        Window month = Window.rolling(Duration.ofDays(30));
        String rolling = "window rolling P30D is longer than the retention of series 'x' (P22D)";
        String span = "span of P30D is longer than the retention of series 'x' (P22D)";
        WindowSpan thirtyDays = new WindowSpan(NOW_BUCKET_START - 30 * DAY, NOW_BUCKET_START);
        OutcomeSeries outcome = OutcomeSeries.builder("x").options(options).build();
        assertEquals(rolling, assertThrows(IllegalArgumentException.class, () -> outcome.snapshot(month)).getMessage());
        assertEquals(span, assertThrows(IllegalArgumentException.class, () -> outcome.indicator().measure(thirtyDays)).getMessage());
        ReadinessGroupSeries readiness = ReadinessGroupSeries.builder("x").options(options).workloads("x").build();
        assertEquals(rolling, assertThrows(IllegalArgumentException.class, () -> readiness.snapshot(month)).getMessage());
        assertEquals(span, assertThrows(IllegalArgumentException.class, () -> readiness.timeIndicator().measure(thirtyDays)).getMessage());
        assertEquals(span, assertThrows(IllegalArgumentException.class, () -> readiness.replicaIndicator().measure(thirtyDays)).getMessage());
        ReadinessGroupSeries group = ReadinessGroupSeries.builder("x").options(options).workloads(List.of("a")).staleAfter(Duration.ofMinutes(5)).build();
        assertEquals(rolling, assertThrows(IllegalArgumentException.class, () -> group.snapshot(month)).getMessage());
        assertEquals(span, assertThrows(IllegalArgumentException.class, () -> group.timeIndicator().measure(thirtyDays)).getMessage());
        assertEquals(span, assertThrows(IllegalArgumentException.class, () -> group.replicaIndicator().measure(thirtyDays)).getMessage());
        ProbeSeries probe = ProbeSeries.builder("x").options(options).checkInterval(Duration.ofMinutes(1)).build();
        assertEquals(rolling, assertThrows(IllegalArgumentException.class, () -> probe.snapshot(month)).getMessage());
        assertEquals(span, assertThrows(IllegalArgumentException.class, () -> probe.indicator().measure(thirtyDays)).getMessage());
        WorkSeries work = WorkSeries.builder("x").options(options).thresholds(Duration.ofHours(1)).build();
        assertEquals(rolling, assertThrows(IllegalArgumentException.class, () -> work.snapshot(month, 0.5)).getMessage());
        assertEquals(span, assertThrows(IllegalArgumentException.class,
                () -> work.thresholdIndicator(Duration.ofHours(1)).measure(thirtyDays)).getMessage());
        // exactly the retention is fine
        assertEquals(0, outcome.snapshot(Window.rolling(Duration.ofDays(22))).total());
    }

    @Test
    void aCalendarPeriodLongerThanTheRetentionIsRefusedNamingBothLengths() {
        SeriesOptions options = SeriesOptions.builder().clock(ManualClock.atEpochMillis(NOW)).retention(Duration.ofDays(30)).build();
        OutcomeSeries s = OutcomeSeries.builder("x").options(options).build();
        Window monthly = Window.calendar(LocalDate.of(2023, 1, 1), Period.ofMonths(1), ZoneOffset.UTC.normalized());
        // NOW is in January 2024: 31 days
        assertEquals("window calendar P1M from 2023-01-01 Z has a period of P31D at 2024-01-04T00:00:30Z, longer than the"
                + " retention of series 'x' (P30D)",
                assertThrows(IllegalArgumentException.class, () -> s.snapshot(monthly)).getMessage());
        long april = java.time.Instant.parse("2024-04-15T00:00:00Z").toEpochMilli();
        assertEquals(0, s.snapshotAt(monthly, april).total()); // April has 30 days
    }

    @Test
    void retentionAboveTheCapIsRefusedInPlainUnits() {
        assertEquals("retention: P12000D is 17280000 buckets of PT1M, more than the cap of 16777216 buckets"
                + " (11650d20h16m, about 31.9 years)", assertThrows(IllegalArgumentException.class,
                        () -> SeriesOptions.builder().retention(Duration.ofDays(12000)).build()).getMessage());
        assertEquals("retention: length PT2562047788015215H30M7S is out of range: not a number of milliseconds"
                + " that fits in a long", assertThrows(IllegalArgumentException.class,
                        () -> SeriesOptions.builder().retention(Duration.ofSeconds(Long.MAX_VALUE)).build()).getMessage());
        assertEquals(Duration.ofMinutes(1L << 24), BucketGrid.DEFAULT.maxRetention());
    }

    @Test
    void aSeriesWithFifteenHundredWeeksOfRetentionHoldingTwoDaysCostsWhatTwoDaysCost() {
        long before = FootprintTest.usedHeapAfterGc();
        long start = T0 - 2 * DAY;
        ManualClock clock = ManualClock.atEpochMillis(T0);
        OutcomeSeries s = OutcomeSeries.builder("api").options(SeriesOptions.builder().clock(clock)
                .retention(Duration.ofDays(1500 * 7)).build()).build();
        for (long t = start; t < T0; t += 1000) {
            s.recordAt(t, t % 7 != 0);
        }
        OutcomeSnapshot all = s.snapshot(Window.rolling(Duration.ofDays(1500 * 7)));
        assertEquals(2 * DAY / 1000, all.total());
        long after = FootprintTest.usedHeapAfterGc();
        // 2,880 one-minute buckets in chunks of 1,024 rows, counted from where the buckets fall
        long firstBucket = BucketGrid.DEFAULT.bucketOf(start);
        long lastBucket = BucketGrid.DEFAULT.bucketOf(T0 - 1);
        long expectedChunks = (lastBucket >> 10) - (firstBucket >> 10) + 1;
        assertEquals(expectedChunks, s.historyChunkArrays());
        long retained = after - before;
        System.out.printf("retention 1500w, 2 days of data: %d chunk arrays, retained heap %.1f KiB%n",
                s.historyChunkArrays(), retained / 1024.0);
        assertTrue(retained < 2 * 1024 * 1024, "retained " + retained + " B");
        java.lang.ref.Reference.reachabilityFence(s);
    }
}
