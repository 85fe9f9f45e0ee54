package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.history.HistoryShape;
import dev.sli.core.history.SealedHistory;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The store seam's contract, run against the heap history and against a reference history kept in
 * ordered maps that outlive the series (what a persistent store does): the same samples give the same
 * answers, and a series built again on a kept history continues where the first one was.
 */
class SealedHistoryContractTest {

    static final long T0 = LatencySeriesTest.T0;
    static final long MINUTE = 60_000L;

    /** A history in ordered maps: blocks by level and number, and every sealed bucket's amounts. */
    static final class MapHistory implements SealedHistory {
        final HistoryShape shape;
        final List<TreeMap<Long, byte[]>> blocks = new ArrayList<>();
        final TreeMap<Long, long[]> amounts = new TreeMap<>();

        MapHistory(HistoryShape shape) {
            this.shape = shape;
            for (int l = 0; l < shape.levels(); l++) {
                blocks.add(new TreeMap<>());
            }
        }

        @Override
        public synchronized byte[] block(int level, long number) {
            return blocks.get(level).get(number);
        }

        @Override
        public synchronized void putBlock(int level, long number, byte[] block) {
            if (block == null) {
                blocks.get(level).remove(number);
            } else {
                blocks.get(level).put(number, block);
            }
        }

        @Override
        public synchronized void evictBefore(int level, long number) {
            blocks.get(level).headMap(number).clear();
            if (level == 0) {
                amounts.headMap(number).clear();
            }
        }

        @Override
        public synchronized void sealed(long bucket, long[] a) {
            amounts.put(bucket, a.clone());
        }

        @Override
        public synchronized void forEachSealed(BucketAmounts consumer) {
            amounts.forEach(consumer::accept);
        }

        /** The last complete checkpoint, and the one being written. */
        List<Object[]> checkpoint = new ArrayList<>();
        private List<Object[]> writing;

        @Override
        public synchronized void checkpointBegin() {
            writing = new ArrayList<>();
        }

        @Override
        public synchronized void checkpointBucket(long bucket, long[] a, byte[] block) {
            writing.add(new Object[] {bucket, a.clone(), block == null ? null : block.clone()});
        }

        @Override
        public synchronized void checkpointEnd() {
            checkpoint = writing;
        }

        @Override
        public synchronized void forEachCheckpointed(CheckpointedBucket consumer) {
            for (Object[] c : checkpoint) {
                consumer.accept((Long) c[0], ((long[]) c[1]).clone(), c[2] == null ? null : ((byte[]) c[2]).clone());
            }
        }
    }

    /** Opens one {@link MapHistory} per series name and keeps it, as a store directory would. */
    static final class MapStore implements SealedHistory.Factory {
        final Map<String, MapHistory> histories = new HashMap<>();

        @Override
        public SealedHistory open(String series, HistoryShape shape) {
            MapHistory h = histories.computeIfAbsent(series, s -> new MapHistory(shape));
            if (!h.shape.equals(shape)) {
                throw new IllegalArgumentException("history of '" + series + "' has shape " + h.shape + ", not " + shape);
            }
            return h;
        }
    }

    static LatencySeries series(ManualClock clock, SealedHistory.Factory history) {
        return LatencySeries.builder("api")
                .options(SeriesOptions.builder().clock(clock).retention(Duration.ofDays(3)).build())
                .thresholds(Duration.ofSeconds(2)).history(history).build();
    }

    static void record(LatencySeries s, SplittableRandom r, long from, int minutes) {
        for (int m = 0; m < minutes; m++) {
            for (int i = r.nextInt(60); i > 0; i--) {
                s.recordAt(from + m * MINUTE + r.nextLong(MINUTE), LatencySeriesTest.lognormalNanos(r), r.nextInt(50) != 0);
            }
        }
    }

    /** A few dozen windows at several instants: counts, max, quantiles, a declared and an undeclared threshold. */
    static List<long[]> answers(LatencySeries s, long end) {
        List<long[]> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(99);
        for (int i = 0; i < 40; i++) {
            long at = end - r.nextLong(Duration.ofHours(20).toMillis());
            Window w = Window.rolling(Duration.ofMinutes(1 + r.nextLong(2 * 24 * 60)));
            LatencySnapshot snap = s.snapshotAt(w, at, 0.5, 0.99);
            out.add(new long[] {snap.count(), snap.okCount(), snap.maxNanos().orElse(-1),
                snap.quantileNanos(0.5).orElse(-1), snap.quantileNanos(0.99).orElse(-1),
                snap.atOrUnder(2_000_000_000L), snap.atOrUnder(123_456_789L)});
        }
        return out;
    }

    @Test
    void theHeapHistoryAndAKeptHistoryGiveTheSameAnswers() {
        long end = T0 + Duration.ofDays(2).toMillis();
        ManualClock clock = ManualClock.atEpochMillis(end);
        LatencySeries onHeap = series(clock, SealedHistory.inMemory());
        LatencySeries onMaps = series(clock, new MapStore());
        record(onHeap, new SplittableRandom(3), T0, 2 * 24 * 60);
        record(onMaps, new SplittableRandom(3), T0, 2 * 24 * 60);
        List<long[]> a = answers(onHeap, end);
        List<long[]> b = answers(onMaps, end);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "window " + i);
        }
        assertTrue(a.stream().filter(x -> x[0] > 0).count() > 30);
    }

    @Test
    void aSeriesBuiltAgainOnAKeptHistoryContinuesWhereItWas() {
        long end = T0 + Duration.ofDays(2).toMillis();
        ManualClock clock = ManualClock.atEpochMillis(T0 + Duration.ofDays(1).toMillis());
        MapStore store = new MapStore();
        LatencySeries reference = series(clock, SealedHistory.inMemory());
        LatencySeries first = series(clock, store);
        SplittableRandom r1 = new SplittableRandom(5);
        SplittableRandom r2 = new SplittableRandom(5);
        record(reference, r1, T0, 24 * 60);
        record(first, r2, T0, 24 * 60);
        first.sealBefore(java.time.Instant.ofEpochMilli(clock.epochMillis())); // a clean stop seals what it holds
        // "restart": a new series on the same store records the second day, and late samples into the first
        clock.setEpochMillis(end);
        LatencySeries second = series(clock, store);
        record(reference, r1, T0 + Duration.ofDays(1).toMillis(), 24 * 60);
        record(second, r2, T0 + Duration.ofDays(1).toMillis(), 24 * 60);
        record(reference, r1, T0 + 3 * MINUTE, 90);
        record(second, r2, T0 + 3 * MINUTE, 90);
        List<long[]> a = answers(reference, end);
        List<long[]> b = answers(second, end);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "window " + i);
        }
        assertEquals("history of 'api' has shape", assertThrows(IllegalArgumentException.class,
                () -> LatencySeries.builder("api").options(SeriesOptions.builder().clock(clock)
                        .retention(Duration.ofDays(4)).build()).history(store).build()).getMessage().substring(0, 26));
    }
}
