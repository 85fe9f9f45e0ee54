package dev.sli.core.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.record.OutcomeSnapshot;
import dev.sli.core.record.ProbeSeries;
import dev.sli.core.record.ProbeSnapshot;
import dev.sli.core.record.ReadinessGroupSeries;
import dev.sli.core.record.ReadinessGroupSnapshot;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.record.WorkSeries;
import dev.sli.core.record.WorkSnapshot;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The store seam's contract for every series kind, run against each {@link SealedHistory} implementation
 * (a subclass says how to open one and how to reopen it as after a restart): a series on the history under
 * test answers every window exactly as the same series on the heap, and a series built again on a
 * reopened history continues where the first one stopped, so that with a second day recorded after the
 * "restart" its answers equal those of a series that never stopped. What a series has not sealed yet
 * (a gauge's last value, a probe's last result, work items still open) is not part of the seam: after a
 * restart, time until the next sample is unknown, and the phases here meet where nothing is open.
 */
public abstract class SeriesHistoryContract {

    protected static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    protected static final long MINUTE = 60_000L;
    protected static final long DAY = 86_400_000L;

    /** A factory on fresh, empty storage. */
    protected abstract SealedHistory.Factory fresh() throws Exception;

    /** Closes what {@code factory} opened and opens the same storage again, as a restarted process would. */
    protected abstract SealedHistory.Factory reopen(SealedHistory.Factory factory) throws Exception;

    private static SeriesOptions options(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(3)).build();
    }

    /** One kind's recording and answers, driven the same way on the heap and on the history under test. */
    private interface Kind {
        Object build(ManualClock clock, SealedHistory.Factory history);

        /** Records the minutes [fromMinute, toMinute) of day-long random traffic seeded by {@code seed}. */
        void record(Object series, long fromMinute, long toMinute, long seed);

        /** Every figure of a window ending at {@code atMillis}, as a string (equal strings: equal answers). */
        String answer(Object series, Window window, long atMillis);
    }

    private static final Kind LATENCY = new Kind() {
        public Object build(ManualClock clock, SealedHistory.Factory h) {
            return LatencySeries.builder("latency").options(options(clock)).thresholds(Duration.ofMillis(300)).history(h).build();
        }

        public void record(Object s, long from, long to, long seed) {
            for (long m = from; m < to; m++) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003 + m);
                for (int i = r.nextInt(20); i > 0; i--) {
                    ((LatencySeries) s).recordAt(T0 + m * MINUTE + r.nextLong(MINUTE), 1_000_000L + r.nextLong(900_000_000L), r.nextInt(30) != 0);
                }
            }
        }

        public String answer(Object s, Window w, long at) {
            LatencySnapshot x = ((LatencySeries) s).snapshotAt(w, at, 0.5, 0.99);
            return x.count() + " " + x.okCount() + " " + x.maxNanos() + " " + x.quantileNanos(0.5) + " " + x.quantileNanos(0.99)
                    + " " + x.atOrUnder(300_000_000L) + " " + x.atOrUnder(123_456_789L) + " " + x.coverage();
        }
    };

    private static final Kind OUTCOME = new Kind() {
        public Object build(ManualClock clock, SealedHistory.Factory h) {
            return OutcomeSeries.builder("outcome").options(options(clock)).history(h).build();
        }

        public void record(Object s, long from, long to, long seed) {
            for (long m = from; m < to; m++) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003 + m);
                if (r.nextInt(10) == 0) {
                    continue; // a quiet minute
                }
                ((OutcomeSeries) s).recordCountsAt(T0 + m * MINUTE + r.nextLong(MINUTE), r.nextInt(500), r.nextInt(5));
            }
        }

        public String answer(Object s, Window w, long at) {
            OutcomeSnapshot x = ((OutcomeSeries) s).snapshotAt(w, at);
            return x.good() + " " + x.bad() + " " + x.coverage();
        }
    };

    private static final Kind READINESS = new Kind() {
        public Object build(ManualClock clock, SealedHistory.Factory h) {
            return ReadinessGroupSeries.builder("readiness").options(options(clock)).workloads("api", "web").history(h).build();
        }

        public void record(Object s, long from, long to, long seed) {
            for (long m = from; m < to; m++) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003 + m);
                if (m % 700 > 690) {
                    continue; // a gap longer than the staleness limit
                }
                ReadinessGroupSeries g = (ReadinessGroupSeries) s;
                g.recordAt(T0 + m * MINUTE, "api", 3, r.nextInt(20) == 0 ? 2 : 3);
                g.recordAt(T0 + m * MINUTE, "web", 2, r.nextInt(40) == 0 ? 0 : 2);
            }
        }

        public String answer(Object s, Window w, long at) {
            ReadinessGroupSnapshot x = ((ReadinessGroupSeries) s).snapshotAt(w, at);
            return x.observedMillis() + " " + x.fullyReadyMillis() + " " + x.notReadyMillis() + " " + x.unknownMillis()
                    + " " + x.allObservedMillis() + " " + x.coverage();
        }
    };

    private static final Kind PROBE = new Kind() {
        public Object build(ManualClock clock, SealedHistory.Factory h) {
            return ProbeSeries.builder("probe").options(options(clock)).history(h).build();
        }

        public void record(Object s, long from, long to, long seed) {
            for (long m = from; m < to; m++) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003 + m);
                if (m % 500 > 495) {
                    continue;
                }
                // on the minute: what a check says lasts one interval, and the open interval is not kept across a
                // restart (after one, time until the first new check is unknown), so the phases meet on a minute
                ((ProbeSeries) s).recordAt(T0 + m * MINUTE, r.nextInt(25) != 0, 50_000_000L);
            }
        }

        public String answer(Object s, Window w, long at) {
            ProbeSnapshot x = ((ProbeSeries) s).snapshotAt(w, at);
            return x.upMillis() + " " + x.downMillis() + " " + x.unknownMillis() + " " + x.upChecks() + " " + x.downChecks()
                    + " " + x.coverage();
        }
    };

    private static final Kind WORK = new Kind() {
        public Object build(ManualClock clock, SealedHistory.Factory h) {
            return WorkSeries.builder("work").options(options(clock)).thresholds(Duration.ofMinutes(30)).history(h).build();
        }

        public void record(Object s, long from, long to, long seed) {
            WorkSeries w = (WorkSeries) s;
            for (long m = from; m + 61 < to; m += 7) { // items start and finish inside the range
                SplittableRandom r = new SplittableRandom(seed * 1_000_003 + m);
                String id = "item-" + seed + "-" + m;
                w.startAt(T0 + m * MINUTE, id);
                w.finishAt(T0 + (m + 1 + r.nextInt(60)) * MINUTE + r.nextLong(MINUTE), id, r.nextInt(20) != 0);
            }
        }

        public String answer(Object s, Window w, long at) {
            WorkSnapshot x = ((WorkSeries) s).snapshotAt(w, at, 0.5, 0.8);
            return x.completed() + " " + x.failed() + " " + x.abandoned() + " " + x.within(Duration.ofMinutes(30)) + " "
                    + x.quantileMillis(0.5) + " " + x.quantileMillis(0.8) + " " + x.coverage();
        }
    };

    /** Forty windows of 1 minute to 2 days ending at instants in the last 20 hours before {@code end}. */
    private static List<String> answers(Kind kind, Object series, long end) {
        List<String> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(99);
        for (int i = 0; i < 40; i++) {
            long at = end - r.nextLong(20 * 3_600_000L);
            out.add(kind.answer(series, Window.rolling(Duration.ofMinutes(1 + r.nextLong(2 * 24 * 60))), at));
        }
        out.add(kind.answer(series, Window.rolling(Duration.ofDays(3)), end));
        return out;
    }

    private void sameAnswers(Kind kind) throws Exception {
        long end = T0 + 2 * DAY;
        ManualClock clock = ManualClock.atEpochMillis(end);
        Object onHeap = kind.build(clock, SealedHistory.inMemory());
        SealedHistory.Factory store = fresh();
        Object stored = kind.build(clock, store);
        kind.record(onHeap, 0, 2 * 24 * 60, 3);
        kind.record(stored, 0, 2 * 24 * 60, 3);
        List<String> expected = answers(kind, onHeap, end);
        assertEquals(expected, answers(kind, stored, end));
        assertTrue(expected.stream().distinct().count() > 30, "the windows tell different stories: " + expected);
        reopen(store);
    }

    private void continuesAfterRestart(Kind kind) throws Exception {
        long end = T0 + 2 * DAY;
        ManualClock clock = ManualClock.atEpochMillis(T0 + DAY);
        Object reference = kind.build(clock, SealedHistory.inMemory());
        SealedHistory.Factory store = fresh();
        Object first = kind.build(clock, store);
        kind.record(reference, 0, 24 * 60, 5);
        kind.record(first, 0, 24 * 60, 5);
        // a clean stop: a query at the stop decides (seals) everything before it
        assertEquals(kind.answer(reference, Window.rolling(Duration.ofDays(1)), T0 + DAY),
                kind.answer(first, Window.rolling(Duration.ofDays(1)), T0 + DAY));
        kind.answer(reference, Window.rolling(Duration.ofDays(1)), T0 + DAY);
        SealedHistory.Factory again = reopen(store);
        clock.setEpochMillis(end);
        Object second = kind.build(clock, again);
        kind.record(reference, 24 * 60, 2 * 24 * 60, 6);
        kind.record(second, 24 * 60, 2 * 24 * 60, 6);
        assertEquals(answers(kind, reference, end), answers(kind, second, end));
        reopen(again);
    }

    @Test
    void latencyGivesTheHeapsAnswers() throws Exception {
        sameAnswers(LATENCY);
    }

    @Test
    void outcomeGivesTheHeapsAnswers() throws Exception {
        sameAnswers(OUTCOME);
    }

    @Test
    void readinessGivesTheHeapsAnswers() throws Exception {
        sameAnswers(READINESS);
    }

    @Test
    void probeGivesTheHeapsAnswers() throws Exception {
        sameAnswers(PROBE);
    }

    @Test
    void workGivesTheHeapsAnswers() throws Exception {
        sameAnswers(WORK);
    }

    @Test
    void latencyContinuesAfterARestart() throws Exception {
        continuesAfterRestart(LATENCY);
    }

    @Test
    void outcomeContinuesAfterARestart() throws Exception {
        continuesAfterRestart(OUTCOME);
    }

    @Test
    void readinessContinuesAfterARestart() throws Exception {
        continuesAfterRestart(READINESS);
    }

    @Test
    void probeContinuesAfterARestart() throws Exception {
        continuesAfterRestart(PROBE);
    }

    @Test
    void workContinuesAfterARestart() throws Exception {
        continuesAfterRestart(WORK);
    }
}
