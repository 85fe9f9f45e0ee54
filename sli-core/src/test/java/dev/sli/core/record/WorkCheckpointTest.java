package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A work series built again on a kept history after a restart goes on counting the tasks that were open:
 * its checkpoint holds the open tasks with their starts and the bucket in progress. Expected values are
 * worked by hand from the events below.
 */
class WorkCheckpointTest {

    /** 2024-01-01T00:00:00Z. */
    static final long T0 = 1_704_067_200_000L;
    static final long MINUTE = 60_000L;
    static final Duration HOUR = Duration.ofHours(1);

    static WorkSeries series(ManualClock clock, SealedHistoryContractTest.MapStore store) {
        return WorkSeries.builder("provision")
                .options(SeriesOptions.builder().clock(clock).retention(Duration.ofDays(3)).build())
                .thresholds(HOUR).abandonAfter(Duration.ofDays(1)).history(store).build();
    }

    @Test
    void tasksOpenAtARestartAreCountedWhenTheyFinishAfterIt() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        SealedHistoryContractTest.MapStore store = new SealedHistoryContractTest.MapStore();
        WorkSeries before = series(clock, store);
        before.startAt(T0, "a");                       // finishes after the restart within 1 h: good
        before.startAt(T0 + 1_000, "b");               // finishes after the restart after 2 h: slow
        before.startAt(T0 + 2_000, "c");               // finishes before the restart, in the bucket in progress
        before.startAt(T0 + 3_000, "d");               // fails after the restart
        clock.setEpochMillis(T0 + 10 * MINUTE + 5_000);
        before.finishAt(T0 + 10 * MINUTE + 5_000, "c", true); // 10 min 3 s, in bucket 10, not sealed yet
        before.checkpoint();

        clock.setEpochMillis(T0 + 10 * MINUTE + 30_000);
        WorkSeries after = series(clock, store);       // the restart: a new series on the same store
        assertEquals(List.of("a", "b", "d"), after.openOlderThan(T0 + 10 * MINUTE + 30_000, Duration.ZERO)
                .stream().map(WorkOpenItem::id).toList());
        assertEquals(T0 + 1_000, after.openOlderThan(T0 + 10 * MINUTE + 30_000, Duration.ZERO).get(1).startMillis());
        after.finishAt(T0 + 10 * MINUTE + 40_000, "a", true);   // 10 min 40 s, same bucket as c
        clock.setEpochMillis(T0 + 2 * HOUR.toMillis() + 1_000);
        after.finishAt(T0 + 2 * HOUR.toMillis() + 1_000, "b", true); // 2 h exactly
        after.finishAt(T0 + 2 * HOUR.toMillis() + 1_000, "d", false);
        clock.setEpochMillis(T0 + 3 * HOUR.toMillis());

        WorkSnapshot all = after.snapshotAt(Window.rolling(Duration.ofHours(3)), T0 + 3 * HOUR.toMillis(), 0.5);
        assertEquals(3, all.completed());               // a, b, c
        assertEquals(1, all.failed());                  // d
        assertEquals(0, all.abandoned());
        assertEquals(2, all.within(HOUR));              // a and c
        assertEquals(List.of(), all.open());
        assertEquals(Map.of(), nonZero(all.rejections())); // no unknown id: every finish found its start
        // the bucket in progress at the checkpoint (minute 10) holds c, from before, and a, from after
        WorkSnapshot minute10 = after.snapshotAt(Window.rolling(Duration.ofMinutes(1)), T0 + 11 * MINUTE);
        assertEquals(2, minute10.completed());
        assertEquals(2, minute10.within(HOUR));
        // the slowest of the two is a, 10 min 40 s from its start before the restart (reported, as every
        // quantile, at the top of its histogram bin)
        long binTop = new org.HdrHistogram.Histogram(1, 30L * 24 * 3_600_000, 3).highestEquivalentValue(640_000L);
        assertEquals(OptionalLong.of(binTop), after.snapshotAt(Window.rolling(Duration.ofMinutes(1)),
                T0 + 11 * MINUTE, 1.0).quantileMillis(1.0));
    }

    @Test
    void aCheckpointOlderThanTheSealedDataPutsItsTasksBackAsUncertain() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        SealedHistoryContractTest.MapStore store = new SealedHistoryContractTest.MapStore();
        WorkSeries before = series(clock, store);
        before.startAt(T0, "gone");      // finishes after the checkpoint, before the kill: in the sealed data
        before.startAt(T0 + 1_000, "open");
        before.checkpoint();
        clock.setEpochMillis(T0 + 2 * MINUTE);
        before.finishAt(T0 + 2 * MINUTE, "gone", true);
        clock.setEpochMillis(T0 + 3 * MINUTE);
        before.startAt(T0 + 3 * MINUTE, "late"); // moves time on: minute 2 is sealed, "gone" with it
        // killed here: no checkpoint after the seal

        WorkSeries after = series(clock, store);
        assertEquals(List.of("gone", "open"), after.openOlderThan(T0 + 3 * MINUTE, Duration.ZERO)
                .stream().map(WorkOpenItem::id).toList()); // "late" was never checkpointed
        after.finishAt(T0 + 4 * MINUTE, "open", true);
        clock.setEpochMillis(T0 + Duration.ofDays(2).toMillis());
        after.openOlderThan(T0 + Duration.ofDays(2).toMillis(), Duration.ZERO); // time passes the abandon limit
        WorkSnapshot all = after.snapshotAt(Window.rolling(Duration.ofDays(2)), T0 + Duration.ofDays(2).toMillis());
        assertEquals(2, all.completed());   // gone (sealed before the kill) and open (after the restart)
        assertEquals(0, all.abandoned());   // gone is not counted a second time, as abandoned
        assertEquals(List.of(), all.open());
    }

    @Test
    void aSeriesOnANewStoreStartsWithNothingOpen() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        WorkSeries fresh = series(clock, new SealedHistoryContractTest.MapStore());
        assertEquals(List.of(), fresh.openOlderThan(T0, Duration.ZERO));
        fresh.checkpoint(); // before any event: an empty checkpoint
        assertEquals(List.of(), fresh.openOlderThan(T0, Duration.ZERO));
    }

    private static Map<Rejection, Long> nonZero(Map<Rejection, Long> counts) {
        Map<Rejection, Long> out = new java.util.EnumMap<>(Rejection.class);
        counts.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }
}
