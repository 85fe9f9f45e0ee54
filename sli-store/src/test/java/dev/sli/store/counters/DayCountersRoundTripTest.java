package dev.sli.store.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random puts against a brute-force model: while open, after a clean reopen, after a recovering reopen, as a snapshot. */
class DayCountersRoundTripTest {

    static final long MINUTE = 60_000;
    static final long DAY0 = 20_420; // 2025-11-28

    @TempDir
    Path tmp;

    @Test
    void randomPutsReadBackExactlyWhileOpenAfterReopensAndThroughASnapshot() throws Exception {
        Path dir = tmp.resolve("counters");
        Random random = new Random(20261128);
        Map<String, String> model = new TreeMap<>();
        List<long[]> pool = new ArrayList<>(); // (series, bucket) pairs that get updated again
        int updates = 0;
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, 4096)) {
            for (int op = 0; op < 4000; op++) {
                int series;
                long bucket;
                if (!pool.isEmpty() && random.nextInt(3) == 0) {
                    long[] p = pool.get(random.nextInt(pool.size()));
                    series = (int) p[0];
                    bucket = p[1];
                    updates++;
                } else {
                    series = 1 + random.nextInt(6);
                    bucket = (DAY0 + random.nextInt(4)) * 1440 + random.nextInt(1440);
                    pool.add(new long[] {series, bucket});
                }
                int n = 1 + random.nextInt(20);
                long[] amounts = new long[n + random.nextInt(3)]; // longer than n: only n are stored
                for (int i = 0; i < amounts.length; i++) {
                    amounts[i] = random.nextLong();
                }
                c.put(series, bucket, amounts, n);
                model.put(Contents.key(series, bucket), Arrays.toString(Arrays.copyOf(amounts, n)));
            }
            assertEquals(model, Contents.of(c));
            assertEquals(List.of("2025-11-28.cmap", "2025-11-29.cmap", "2025-11-30.cmap", "2025-12-01.cmap"),
                    c.files().stream().map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(true, updates > 1000, "updates of existing buckets: " + updates);
        assertEquals(true, model.size() > 2500, "buckets: " + model.size());
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, 4096)) {
            assertEquals(model, Contents.of(c));
            assertEquals(0, c.recoveryEvents());
        }
        DayCounters.Snapshot snapshot = DayCounters.readSnapshot(dir, MINUTE);
        assertEquals(model, Contents.of(snapshot));
        assertEquals(model.size(), snapshot.size());
        assertEquals(0, snapshot.recoveryEvents());
        assertEquals(List.of("2025-11-28.cmap", "2025-11-29.cmap", "2025-11-30.cmap", "2025-12-01.cmap"),
                snapshot.files().stream().map(p -> p.getFileName().toString()).toList());
        Map<String, String> streamed = new TreeMap<>();
        List<String> order = new ArrayList<>();
        DayCounters.readEach(dir, MINUTE, (s, b, a) -> {
            streamed.put(Contents.key(s, b), Arrays.toString(a));
            order.add(String.format("%d/%05d/%d", Math.floorDiv(b, 1440), s, b));
        });
        assertEquals(model, streamed);
        List<String> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, "days in order, then series, then bucket");
        assertEquals(0, DayCounters.readSnapshot(tmp.resolve("none"), MINUTE).size());
        List<byte[]> before = bytes(dir);
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, true, 4096)) {
            assertEquals(model, Contents.of(c));
            assertEquals(0, c.recoveryEvents());
        }
        assertFilesEqual(before, bytes(dir)); // recovery of clean files changes nothing, and reading writes nothing
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(5, s.count(), "the four day files and counters.sum; no temporary file is left");
        }
    }

    @Test
    void aBucketShrinksAndGrowsAcrossPartsAndCloseIsIdempotent() throws Exception {
        Path dir = tmp.resolve("c");
        long[] a = new long[64];
        for (int i = 0; i < 64; i++) {
            a[i] = 1000 + i;
        }
        DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, 16);
        c.put(7, DAY0 * 1440, a, 64);
        assertEquals(Map.of(Contents.key(7, DAY0 * 1440), Arrays.toString(a)), Contents.of(c));
        long[] b = {5, 6, 7};
        c.put(7, DAY0 * 1440, b, 3);
        assertEquals(Map.of(Contents.key(7, DAY0 * 1440), "[5, 6, 7]"), Contents.of(c));
        a[20] = -1;
        c.put(7, DAY0 * 1440, a, 21);
        assertEquals(Map.of(Contents.key(7, DAY0 * 1440), Arrays.toString(Arrays.copyOf(a, 21))), Contents.of(c));
        assertThrows(IllegalArgumentException.class, () -> c.put(7, 0, a, 65));
        assertThrows(IllegalArgumentException.class, () -> c.put(7, 0, a, 0));
        assertThrows(IllegalArgumentException.class, () -> c.put(7, 0, new long[2], 3));
        assertThrows(IllegalArgumentException.class, () -> c.put(7, Long.MAX_VALUE / 1000, a, 1));
        c.close();
        c.close();
        assertThrows(IllegalStateException.class, () -> c.put(7, 0, a, 1));
        try (DayCounters again = DayCounters.openForWriting(dir, MINUTE, false, 16)) {
            assertEquals(Map.of(Contents.key(7, DAY0 * 1440), Arrays.toString(Arrays.copyOf(a, 21))), Contents.of(again));
        }
    }

    static List<byte[]> bytes(Path dir) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
        }
        return out;
    }

    static void assertFilesEqual(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(true, Arrays.equals(expected.get(i), actual.get(i)), "file " + i + " changed");
        }
    }
}
