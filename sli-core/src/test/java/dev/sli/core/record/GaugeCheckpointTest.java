package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Readiness and probe series built again on a kept history after a restart continue the lookback of the
 * samples in force and the bucket in progress, as if the process had never stopped; a checkpoint older
 * than the sealed data is left out, and that time stays unknown.
 */
class GaugeCheckpointTest {

    /** 2024-01-01T00:00:00Z. */
    static final long T0 = 1_704_067_200_000L;
    static final long MINUTE = 60_000L;

    static SeriesOptions options(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(1)).build();
    }

    static ReadinessGroupSeries pods(ManualClock clock, SealedHistoryContractTest.MapStore store) {
        return ReadinessGroupSeries.builder("pods").workloads("api", "web").options(options(clock)).history(store).build();
    }

    static ProbeSeries ping(ManualClock clock, SealedHistoryContractTest.MapStore store) {
        return ProbeSeries.builder("ping").checkInterval(Duration.ofSeconds(30)).options(options(clock)).history(store).build();
    }

    /** Seeded samples every 20-40 s from T0 on, of which those in [from, to) minutes are fed. */
    static void feed(ReadinessGroupSeries pods, ProbeSeries ping, ManualClock clock, long from, long to) {
        for (long t = T0; t < T0 + to * MINUTE; ) {
            SplittableRandom r = new SplittableRandom(t);
            int workload = r.nextInt(2);
            int ready = r.nextInt(7) == 0 ? 2 : 3;
            boolean up = r.nextInt(9) != 0;
            if (t >= T0 + from * MINUTE) {
                clock.setEpochMillis(t);
                pods.recordAt(t, workload, 3, ready);
                ping.recordAt(t, up, 1_000_000);
            }
            t += 20_000 + r.nextInt(20_000);
        }
    }

    static List<Object> answers(ReadinessGroupSeries pods, ProbeSeries ping, long at) {
        List<Object> out = new ArrayList<>();
        for (Duration d : List.of(Duration.ofMinutes(1), Duration.ofMinutes(7), Duration.ofHours(3))) {
            ReadinessGroupSnapshot p = pods.snapshotAt(Window.rolling(d), at);
            ProbeSnapshot q = ping.snapshotAt(Window.rolling(d), at);
            out.add(List.of(p.observedMillis(), p.fullyReadyMillis(), p.allObservedMillis(), p.allObservedReadyMillis(),
                    p.readyReplicaMillis(), p.desiredReplicaMillis(), q.upMillis(), q.downMillis(), q.upChecks(),
                    q.downChecks(), q.unknownMillis()));
        }
        return out;
    }

    @Test
    void restartsAtAnyMomentAnswerAsASeriesThatNeverStopped() {
        ManualClock refClock = ManualClock.atEpochMillis(T0);
        SealedHistoryContractTest.MapStore refStore = new SealedHistoryContractTest.MapStore();
        ReadinessGroupSeries refPods = pods(refClock, refStore);
        ProbeSeries refPing = ping(refClock, refStore);
        feed(refPods, refPing, refClock, 0, 180);
        List<Object> expected = answers(refPods, refPing, T0 + 180 * MINUTE);

        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 5; trial++) {
            ManualClock clock = ManualClock.atEpochMillis(T0);
            SealedHistoryContractTest.MapStore store = new SealedHistoryContractTest.MapStore();
            long from = 0;
            while (from < 180) { // a clean restart: checkpoint, then a new series on the same store
                long to = Math.min(180, from + 1 + r.nextLong(40));
                ReadinessGroupSeries pods = pods(clock, store);
                ProbeSeries ping = ping(clock, store);
                feed(pods, ping, clock, from, to);
                pods.checkpoint();
                ping.checkpoint();
                from = to;
            }
            ReadinessGroupSeries pods = pods(clock, store);
            ProbeSeries ping = ping(clock, store);
            assertEquals(expected, answers(pods, ping, T0 + 180 * MINUTE), "trial " + trial);
        }
    }

    @Test
    void withoutItsCheckpointTheTimeAfterARestartIsUnknownUntilTheNextSample() {
        // the same restart with no checkpoint: what the checkpoint is for (and what a stale one falls back to)
        ManualClock clock = ManualClock.atEpochMillis(T0 + 61_000); // the samples below are not in its future
        SealedHistoryContractTest.MapStore store = new SealedHistoryContractTest.MapStore();
        ProbeSeries before = ping(clock, store);
        before.recordAt(T0, true, 1);                 // in force for 60 s (twice the 30 s interval)
        before.recordAt(T0 + 30_000, true, 1);        // in force until T0 + 90 s
        before.checkpoint();
        before.recordAt(T0 + 61_000, false, 1);       // down from 61 s, in force until 121 s
        before.snapshotAt(Window.rolling(Duration.ofMinutes(1)), T0 + 61_000); // a query: minute 0 is sealed
        // killed: the checkpoint is older than the sealed minute 0 and is left out
        clock.setEpochMillis(T0 + 3 * MINUTE);
        ProbeSeries after = ping(clock, store);
        after.recordAt(T0 + 150_000, true, 1);        // up from 150 s until 210 s
        ProbeSnapshot s = after.snapshotAt(Window.rolling(Duration.ofMinutes(3)), T0 + 3 * MINUTE);
        assertEquals(60_000 + 30_000, s.upMillis());  // minute 0 (sealed) and 150..180 s
        assertEquals(0, s.downMillis());              // the down result after the checkpoint was lost with the kill
        assertEquals(90_000, s.unknownMillis());      // 60..150 s
        assertEquals(3, s.upChecks());

        // with a checkpoint newer than the sealed data, the down result's lookback continues
        ManualClock clock2 = ManualClock.atEpochMillis(T0 + 61_000);
        SealedHistoryContractTest.MapStore store2 = new SealedHistoryContractTest.MapStore();
        ProbeSeries first = ping(clock2, store2);
        first.recordAt(T0, true, 1);
        first.recordAt(T0 + 30_000, true, 1);
        first.recordAt(T0 + 61_000, false, 1);
        first.checkpoint();
        clock2.setEpochMillis(T0 + 3 * MINUTE);
        ProbeSeries second = ping(clock2, store2);
        second.recordAt(T0 + 150_000, true, 1);
        ProbeSnapshot t = second.snapshotAt(Window.rolling(Duration.ofMinutes(3)), T0 + 3 * MINUTE);
        assertEquals(60_000 + 1_000 + 30_000, t.upMillis()); // 0..61 s and 150..180 s
        assertEquals(60_000, t.downMillis());          // 61..121 s, across the restart
        assertEquals(29_000, t.unknownMillis());       // 121..150 s
        assertEquals(1, t.downChecks());
    }
}
