package dev.sli.store.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sizing rule's figures, exactly (Chronicle preallocates a file for its capacity), and the costs the
 * Javadoc states, measured and printed: inserts and in-place updates a second, the check at a writer's
 * open, a reader's snapshot, for a full 16,384-entry day file.
 */
class CounterFiguresTest {

    static final long MINUTE = 60_000;
    static final long DAY = 20_420;
    static final long B0 = DAY * 1440;

    @TempDir
    Path tmp;

    @Test
    void aFileTakesAbout200BytesPerEntryOfCapacity() throws Exception {
        long[][] expected = {{64, 16_384}, {1024, 245_760}, {16_384, 3_301_376}};
        for (long[] e : expected) {
            Path dir = tmp.resolve("c" + e[0]);
            try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, (int) e[0])) {
                c.put(1, B0, new long[] {1}, 1);
                assertEquals(e[1], Files.size(c.files().get(0)), e[0] + " entries");
                assertEquals(e[1], c.bytesOnDisk());
            }
        }
    }

    @Test
    void costsOfAFull16kEntryDayFile() throws Exception {
        Path dir = tmp.resolve("counters");
        int capacity = DayCounters.DEFAULT_INITIAL_CAPACITY;
        long[] a = {1, 2, 3, 4};
        long t0;
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false)) {
            c.put(1, B0, a, 4); // the first file: Chronicle compiles its classes
            t0 = System.nanoTime();
            for (int i = 1; i < capacity; i++) {
                a[0] = i;
                c.put(1 + i / 1440, B0 + i % 1440, a, 4);
            }
            double insertsPerSecond = (capacity - 1) / ((System.nanoTime() - t0) / 1e9);
            assertEquals(1, c.files().size());
            Random random = new Random(1);
            int updates = 300_000;
            int[] series = new int[updates];
            long[] buckets = new long[updates];
            for (int u = 0; u < updates; u++) {
                int i = random.nextInt(capacity);
                series[u] = 1 + i / 1440;
                buckets[u] = B0 + i % 1440;
            }
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocated = 0;
            for (int round = 0; round < 3; round++) { // the first rounds warm up
                long bytes0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                t0 = System.nanoTime();
                for (int u = 0; u < updates; u++) {
                    a[1] = u;
                    c.put(series[u], buckets[u], a, 4);
                }
                allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - bytes0;
            }
            double updatesPerSecond = updates / ((System.nanoTime() - t0) / 1e9);
            List<Double> forEach = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                t0 = System.nanoTime();
                int[] seen = {0};
                c.forEach((s, b, x) -> seen[0]++);
                forEach.add((System.nanoTime() - t0) / 1e6);
                assertEquals(capacity, seen[0]);
            }
            System.out.printf("counters figures: %,.0f inserts/s (fresh file), %,.0f in-place updates/s (4 longs, warm,"
                    + " %.1f bytes allocated per update), forEach of %d buckets %s ms%n", insertsPerSecond, updatesPerSecond,
                    allocated / (double) updates, capacity, rounded(forEach));
        }
        assertEquals(3_301_376, Files.size(dir.resolve("2025-11-28.cmap")));
        List<Double> clean = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            t0 = System.nanoTime();
            DayCounters.openForWriting(dir, MINUTE, false).close();
            clean.add((System.nanoTime() - t0) / 1e6);
        }
        List<Double> full = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Files.delete(dir.resolve(Manifest.NAME));
            t0 = System.nanoTime();
            DayCounters.openForWriting(dir, MINUTE, false).close();
            full.add((System.nanoTime() - t0) / 1e6);
        }
        t0 = System.nanoTime();
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, true)) {
            assertEquals(0, c.recoveryEvents());
        }
        double recover = (System.nanoTime() - t0) / 1e6;
        List<Double> reader = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            t0 = System.nanoTime();
            DayCounters.Snapshot s = DayCounters.readSnapshot(dir, MINUTE);
            reader.add((System.nanoTime() - t0) / 1e6);
            assertEquals(capacity, s.size());
        }
        System.out.printf("counters figures, one full 16,384-entry file: writer open against counters.sum %s ms (median"
                + " of the last 7: %.1f); writer open with the full check (no counters.sum) %s ms (median of the last 7:"
                + " %.1f); recovering open %.1f ms; reader snapshot %s ms (median of the last 7: %.1f)%n",
                rounded(clean), median(clean.subList(1, 8)), rounded(full), median(full.subList(1, 8)), recover,
                rounded(reader), median(reader.subList(1, 8)));
        assertTrue(median(clean.subList(1, 8)) < 5_000 && median(reader.subList(1, 8)) < 5_000);
    }

    static String rounded(List<Double> ms) {
        List<String> out = new ArrayList<>();
        for (double d : ms) {
            out.add(String.format("%.0f", d));
        }
        return out.toString();
    }

    static double median(List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
