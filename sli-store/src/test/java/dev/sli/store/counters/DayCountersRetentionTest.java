package dev.sli.store.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dropDaysBefore deletes exactly the files of the days before, and with them exactly their buckets. */
class DayCountersRetentionTest {

    static final long HOUR = 3_600_000;
    static final long DAY0 = 20_420; // 2025-11-28

    @TempDir
    Path tmp;

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<String> fileNames(DayCounters c) {
        return c.files().stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void droppingDaysDeletesExactlyTheirFilesAndTheirBuckets() throws Exception {
        Path dir = tmp.resolve("counters");
        Map<Long, Map<String, String>> byDay = new TreeMap<>();
        try (DayCounters c = DayCounters.openForWriting(dir, HOUR, false, 32)) {
            for (long day = DAY0; day < DAY0 + 5; day++) {
                int series = day == DAY0 + 1 ? 5 : 2; // 48 entries a day roll to a second file; day 1's 120 to a third
                for (int s = 1; s <= series; s++) {
                    for (int h = 0; h < 24; h++) {
                        long bucket = day * 24 + h;
                        long[] a = {day, s, h};
                        c.put(s, bucket, a, 3);
                        assertEquals(day, c.epochDayOf(bucket));
                        byDay.computeIfAbsent(day, d -> new TreeMap<>()).put(Contents.key(s, bucket), Arrays.toString(a));
                    }
                }
            }
            assertEquals(List.of("2025-11-28.cmap", "2025-11-28.1.cmap", "2025-11-29.cmap", "2025-11-29.1.cmap",
                    "2025-11-29.2.cmap", "2025-11-30.cmap", "2025-11-30.1.cmap", "2025-12-01.cmap",
                    "2025-12-01.1.cmap", "2025-12-02.cmap", "2025-12-02.1.cmap"), fileNames(c));
            assertEquals(fileNames(c).stream().sorted().toList(), names(dir));
            long before = c.bytesOnDisk();

            c.dropDaysBefore(DAY0); // nothing is before the first day
            assertEquals(11, names(dir).size());
            c.dropDaysBefore(DAY0 + 2);
            assertEquals(List.of("2025-11-30.cmap", "2025-11-30.1.cmap", "2025-12-01.cmap", "2025-12-01.1.cmap",
                    "2025-12-02.cmap", "2025-12-02.1.cmap"), fileNames(c));
            assertEquals(fileNames(c).stream().sorted().toList(), names(dir));
            Map<String, String> kept = new TreeMap<>();
            for (long day = DAY0 + 2; day < DAY0 + 5; day++) {
                kept.putAll(byDay.get(day));
            }
            assertEquals(kept, Contents.of(c));
            long sum = 0;
            for (Path p : c.files()) {
                sum += Files.size(p);
            }
            assertEquals(sum, c.bytesOnDisk());
            assertEquals(true, c.bytesOnDisk() < before);
            assertEquals(kept, Contents.of(DayCounters.readSnapshot(dir, HOUR)));
        }
        try (DayCounters c = DayCounters.openForWriting(dir, HOUR, false, 32)) {
            Map<String, String> kept = new TreeMap<>();
            for (long day = DAY0 + 2; day < DAY0 + 5; day++) {
                kept.putAll(byDay.get(day));
            }
            assertEquals(kept, Contents.of(c));
            c.dropDaysBefore(DAY0 + 100);
            assertEquals(List.of(), names(dir));
            assertEquals(Map.of(), Contents.of(c));
            assertEquals(0, c.bytesOnDisk());
        }
    }
}
