package dev.sli.store.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.store.counters.FileCheck.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny capacity rolls a day over several files, each twice the last; updates stay in the file that holds the key. */
class DayCountersRollingTest {

    static final long MINUTE = 60_000;
    static final long DAY = 20_420; // 2025-11-28
    static final long B0 = DAY * 1440;

    @TempDir
    Path tmp;

    /** Per file: its capacity (from its marker) and its keys "series/part/bucket". */
    record FileKeys(String name, long capacity, TreeSet<String> keys) {
    }

    static List<FileKeys> keysPerFile(DayCounters c) throws Exception {
        List<FileKeys> out = new ArrayList<>();
        for (Path f : c.files()) {
            TreeSet<String> keys = new TreeSet<>();
            Path copy = f.resolveSibling(f.getFileName() + ".test.tmp");
            var outcome = FileCheck.check(f, copy, MINUTE, DAY, Mode.READER,
                    (s, part, b, n, a) -> keys.add(s + "/" + part + "/" + b));
            out.add(new FileKeys(f.getFileName().toString(), outcome.marker().capacity(), keys));
        }
        return out;
    }

    @Test
    void aFullFileRollsToOneOfTwiceItsCapacityAndEveryValueReadsBack() throws Exception {
        Path dir = tmp.resolve("counters");
        Map<String, String> model = new TreeMap<>();
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, 64)) {
            for (int i = 0; i < 500; i++) {
                long[] a = {i, -i};
                c.put(1, B0 + i, a, 2);
                model.put(Contents.key(1, B0 + i), Arrays.toString(a));
            }
            List<FileKeys> files = keysPerFile(c);
            assertEquals(List.of("2025-11-28.cmap", "2025-11-28.1.cmap", "2025-11-28.2.cmap", "2025-11-28.3.cmap"),
                    files.stream().map(FileKeys::name).toList());
            assertEquals(List.of(64L, 128L, 256L, 512L), files.stream().map(FileKeys::capacity).toList());
            assertEquals(List.of(64, 128, 256, 52), files.stream().map(f -> f.keys().size()).toList());
            // the first 64 buckets went to the first file, the next 128 to the second, …
            assertEquals("1/0/" + B0, files.get(0).keys().first());
            assertEquals(true, files.get(1).keys().contains("1/0/" + (B0 + 64)));
            assertEquals(true, files.get(3).keys().contains("1/0/" + (B0 + 499)));
            assertEquals(model, Contents.of(c));

            // updates of keys held by the older files go to those files: no file gains a key
            for (int i = 0; i < 500; i += 7) {
                long[] a = {i + 1_000_000, 5};
                c.put(1, B0 + i, a, 2);
                model.put(Contents.key(1, B0 + i), Arrays.toString(a));
            }
            // a bucket of the first file grows a second part: that part goes to the newest file
            long[] grown = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            c.put(1, B0 + 3, grown, 10);
            model.put(Contents.key(1, B0 + 3), Arrays.toString(grown));
            List<FileKeys> after = keysPerFile(c);
            assertEquals(files.get(0).keys(), after.get(0).keys());
            assertEquals(files.get(1).keys(), after.get(1).keys());
            assertEquals(files.get(2).keys(), after.get(2).keys());
            TreeSet<String> newest = new TreeSet<>(files.get(3).keys());
            newest.add("1/1/" + (B0 + 3));
            assertEquals(newest, after.get(3).keys());
            assertEquals(model, Contents.of(c));
        }
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, 64)) {
            assertEquals(model, Contents.of(c));
            // the newest file (512) fills, then the day rolls on to a fifth file of 1024
            for (int i = 500; i < 1000; i++) {
                long[] a = {i};
                c.put(2, B0 + i, a, 1);
                model.put(Contents.key(2, B0 + i), Arrays.toString(a));
            }
            List<FileKeys> files = keysPerFile(c);
            assertEquals(List.of(64L, 128L, 256L, 512L, 1024L), files.stream().map(FileKeys::capacity).toList());
            assertEquals(List.of(64, 128, 256, 512, 41), files.stream().map(f -> f.keys().size()).toList());
            assertEquals("2025-11-28.4.cmap", files.get(4).name());
            int total = files.stream().mapToInt(f -> f.keys().size()).sum();
            TreeSet<String> distinct = new TreeSet<>();
            files.forEach(f -> distinct.addAll(f.keys()));
            assertEquals(distinct.size(), total, "a key in two files");
            assertEquals(model, Contents.of(c));
        }
        assertEquals(model, Contents.of(DayCounters.readSnapshot(dir, MINUTE)));
    }
}
