package dev.sli.store.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.history.HistoryShape;
import dev.sli.core.history.SealedHistory;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import dev.sli.store.log.RecordLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The day logs of a {@link LogSealedHistory}: each record in the log of the UTC day its data starts in, whole
 * day logs deleted as they leave the retention (with answers equal to a series on the heap), and a reader
 * that opens while the writer deletes a day log.
 */
class DayLogsTest {

    static final long T0 = SealingChild.T0; // 2024-01-01T00:00Z
    static final long MINUTE = SealingChild.MINUTE;
    static final long DAY_MINUTES = 1440;

    /** Each log in {@code directory} by name, with its records counted: shape, level 0, 1 and 2 blocks, amounts. */
    static Map<String, List<Integer>> contents(Path directory) throws IOException {
        Map<String, List<Integer>> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().endsWith(".log")) {
                    all.put(f.getFileName().toString(), List.of());
                    continue;
                }
                int[] n = new int[5];
                try (RecordLog log = RecordLog.openReadOnly(f)) {
                    log.forEach((offset, payload) -> {
                        switch (payload[0]) {
                            case LogSealedHistory.SHAPE -> n[0]++;
                            case LogSealedHistory.BLOCK -> n[1 + payload[1]]++;
                            default -> n[4]++;
                        }
                    });
                }
                all.put(f.getFileName().toString(), List.of(n[0], n[1], n[2], n[3], n[4]));
            }
        }
        return all;
    }

    @Test
    void eachRecordGoesToTheLogOfTheDayItsDataStartsIn(@TempDir Path dir) throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 2886 * MINUTE);
        LatencySeries s = LogSealedHistoryTest.series(clock, LogSealedHistory.in(dir));
        // day 0: 00:00 to 01:30; day 1: 10:00 to 10:30; day 2: 00:05 only (every minute of them holds requests)
        LogSealedHistoryTest.record(s, 1, 0, 90);
        LogSealedHistoryTest.record(s, 1, DAY_MINUTES + 600, DAY_MINUTES + 630);
        LogSealedHistoryTest.record(s, 1, 2 * DAY_MINUTES + 5, 2 * DAY_MINUTES + 6);
        s.sealBefore(Instant.ofEpochMilli(T0 + 2886 * MINUTE));
        // one-minute buckets: levels of 1, 60 (an hour) and 1,440 (a day) buckets. Each minute with requests: a
        // level-0 block and its amounts; each hour and day that is complete (sealing reached its end) and holds
        // requests: a block, in the log of the day it starts in
        assertEquals(Map.of(
                "2024-01-01.log", List.of(1, 90, 2, 1, 90),   // hours 0 and 1, day 0
                "2024-01-02.log", List.of(1, 30, 1, 1, 30),   // hour 10 of that day, day 1
                "2024-01-03.log", List.of(1, 1, 0, 0, 1)),    // 00:05; its hour and day are not complete
                contents(dir.resolve("api")));
        assertFalse(Files.exists(dir.resolve("api.history")), "no legacy log is made");
        // and all of it is read back
        LatencySeries again = LogSealedHistoryTest.series(clock, LogSealedHistory.in(dir));
        for (long[] w : new long[][] {{0, 2886}, {0, 60}, {30, 1500}, {1440, 2880}, {2885, 2886}}) {
            assertEquals(java.util.Arrays.toString(LogSealedHistoryTest.answer(s, w[0], w[1])),
                    java.util.Arrays.toString(LogSealedHistoryTest.answer(again, w[0], w[1])), "minutes " + w[0] + " to " + w[1]);
        }
    }

    static SeriesOptions twoDays(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(2)).build();
    }

    /** Count, p50, p99, max, ok and at-or-under of a window of {@code minutes} ending at minute {@code end}. */
    static String answer(LatencySeries s, long minutes, long end) {
        LatencySnapshot x = s.snapshotAt(Window.rolling(Duration.ofMinutes(minutes)), T0 + end * MINUTE, 0.5, 0.99);
        return x.count() + " " + x.okCount() + " " + x.quantileNanos(0.5) + " " + x.quantileNanos(0.99) + " " + x.maxNanos()
                + " " + x.atOrUnder(5_000_000L) + " " + x.coverage();
    }

    static List<String> answers(LatencySeries s, long end) {
        List<String> out = new ArrayList<>();
        for (long minutes : new long[] {1, 60, 700, DAY_MINUTES, 2 * DAY_MINUTES - 1, 2 * DAY_MINUTES}) {
            for (long back : new long[] {0, 17, 600, DAY_MINUTES}) {
                out.add(minutes + " min to " + (end - back) + ": " + answer(s, minutes, end - back));
            }
        }
        return out;
    }

    /** Minutes [from, to) into both series, then sealed up to {@code to}. */
    static void feed(ManualClock clock, long seed, long from, long to, LatencySeries... series) {
        clock.setEpochMillis(T0 + to * MINUTE);
        for (LatencySeries s : series) {
            LogSealedHistoryTest.record(s, seed, from, to);
            s.sealBefore(Instant.ofEpochMilli(T0 + to * MINUTE));
        }
    }

    /** The days holding a bucket at or after {@code firstRetained}, of those with data in minutes [0, end). */
    static TreeSet<String> daysInRetention(long end, long firstRetained) {
        TreeSet<String> days = new TreeSet<>();
        for (long m = 0; m < end; m++) {
            if (m >= firstRetained) {
                days.add(java.time.LocalDate.ofEpochDay(Math.floorDiv(T0 + m * MINUTE, 86_400_000L)) + ".log");
            }
        }
        return days;
    }

    @Test
    void retentionDeletesExactlyTheDayLogsWhollyOutOfItAndAnswersStayTheHeaps(@TempDir Path dir) throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        Path api = dir.resolve("api");
        LatencySeries heap = LatencySeries.builder("api").options(twoDays(clock)).build();
        LatencySeries logs = LatencySeries.builder("api").options(twoDays(clock)).history(LogSealedHistory.in(dir)).build();
        for (long day = 0; day < 5; day++) {
            feed(clock, 7, day * DAY_MINUTES, (day + 1) * DAY_MINUTES, heap, logs);
        }
        // five days fed, every minute of them: the newest sealed bucket is the last minute of day 4, the first
        // retained one 2 days (2,880 minutes) before the minute after it; a day goes when all of it is before that
        long end = 5 * DAY_MINUTES;
        TreeSet<String> expected = daysInRetention(end, end - 2 * DAY_MINUTES);
        assertEquals(new TreeSet<>(List.of("2024-01-04.log", "2024-01-05.log")), expected); // 3 of 5 deleted
        assertEquals(expected, new TreeSet<>(contents(api).keySet()));
        assertEquals(answers(heap, end), answers(logs, end));
        // a restart: only the two retained days are read, and the answers are the same
        LatencySeries again = LatencySeries.builder("api").options(twoDays(clock)).history(LogSealedHistory.in(dir)).build();
        assertEquals(answers(heap, end), answers(again, end));
        // half a day more: nothing more is out (day 3 still holds retained minutes)
        feed(clock, 8, end, end + 720, heap, again);
        assertEquals(daysInRetention(end + 720, end + 720 - 2 * DAY_MINUTES), new TreeSet<>(contents(api).keySet()));
        assertEquals(List.of("2024-01-04.log", "2024-01-05.log", "2024-01-06.log"), List.copyOf(contents(api).keySet()));
        // the rest of the day: day 3 goes
        feed(clock, 9, end + 720, end + DAY_MINUTES, heap, again);
        end += DAY_MINUTES;
        assertEquals(daysInRetention(end, end - 2 * DAY_MINUTES), new TreeSet<>(contents(api).keySet()));
        assertEquals(List.of("2024-01-05.log", "2024-01-06.log"), List.copyOf(contents(api).keySet()));
        assertEquals(answers(heap, end), answers(again, end));
    }

    @Test
    void aReaderSkipsADayLogTheWritersRetentionDeletesWhileItOpens(@TempDir Path dir) throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        LatencySeries writer = LatencySeries.builder("api").options(twoDays(clock)).history(LogSealedHistory.in(dir)).build();
        feed(clock, 3, 0, 3 * DAY_MINUTES - 1, writer); // three days but one minute: all of them retained
        SeriesFiles files = LogSealedHistory.filesOf(dir, "api");
        assertEquals(List.of("2024-01-01.log", "2024-01-02.log", "2024-01-03.log"), List.copyOf(contents(files.directory()).keySet()));
        HistoryShape shape = LogSealedHistory.shapeOf(files).orElseThrow();
        List<Path> listed = new ArrayList<>();
        // between the listing and the reading, the writer seals the last minute of day 2: day 0 leaves the retention
        try (LogSealedHistory reader = LogSealedHistory.openReadOnly(files, shape, null, logs -> {
            listed.addAll(logs);
            feed(clock, 3, 3 * DAY_MINUTES - 1, 3 * DAY_MINUTES, writer);
        })) {
            assertEquals(3, listed.size());
            assertFalse(Files.exists(listed.get(0)), "the writer deleted " + listed.get(0));
            TreeSet<Long> buckets = new TreeSet<>();
            reader.forEachSealed((bucket, amounts) -> buckets.add(bucket));
            long first = T0 / MINUTE; // bucket numbers count from the epoch
            assertEquals(first + DAY_MINUTES, buckets.first(), "day 0 is left out, as it left the retention");
            assertEquals(first + 3 * DAY_MINUTES - 1, buckets.last(), "day 2 as it was when the reader read it");
            assertEquals(2 * DAY_MINUTES, buckets.size());
        }
        // a series on such a reader answers what the writer answers for the minutes both hold
        LatencySeries reader = LatencySeries.builder("api").options(twoDays(clock)).history((series, s) -> {
            try {
                return LogSealedHistory.openReadOnly(files, s, null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).build();
        assertEquals(answers(writer, 3 * DAY_MINUTES), answers(reader, 3 * DAY_MINUTES));
    }

    /**
     * A writer feeds an outcome series day after day at full speed with a one-day retention (a day log deleted
     * at each day) while readers open the history again and again: no open fails, and every reader sees the
     * newest day the writer had completed before it listed the logs.
     */
    @Test
    void readersOpenWhileTheWriterDeletesDayLogs(@TempDir Path dir) throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        SeriesOptions oneDay = SeriesOptions.builder().clock(clock).retention(Duration.ofDays(1)).build();
        OutcomeSeries writer = OutcomeSeries.builder("jobs").options(oneDay).history(LogSealedHistory.in(dir)).build();
        SeriesFiles files = LogSealedHistory.filesOf(dir, "jobs");
        writer.recordCountsAt(T0, 1, 0);
        clock.setEpochMillis(T0 + MINUTE);
        writer.sealCompleted();
        writer.snapshotAt(Window.rolling(Duration.ofMinutes(1)), T0 + MINUTE);
        HistoryShape shape = LogSealedHistory.shapeOf(files).orElseThrow();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger opens = new AtomicInteger();
        AtomicInteger raced = new AtomicInteger();
        AtomicInteger daysDone = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread t = new Thread(() -> {
                while (!done.get() && failure.get() == null) {
                    int completed = daysDone.get();
                    List<Path> listed = new ArrayList<>();
                    try (LogSealedHistory h = LogSealedHistory.openReadOnly(files, shape, null, listed::addAll)) {
                        long newest = h.newestSealedBucket().orElse(-1) - T0 / MINUTE;
                        if (newest < completed * DAY_MINUTES - 1) {
                            throw new AssertionError("a reader saw bucket " + newest + " as the newest, after day "
                                    + completed + " was complete");
                        }
                        if (listed.stream().anyMatch(p -> !Files.exists(p))) {
                            raced.incrementAndGet();
                        }
                        opens.incrementAndGet();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "reader " + r);
            t.start();
            readers.add(t);
        }
        try {
            for (int day = 0; day < 300 && failure.get() == null; day++) {
                for (long m = day == 0 ? 1 : 0; m < DAY_MINUTES; m++) {
                    long at = T0 + (day * DAY_MINUTES + m) * MINUTE;
                    clock.setEpochMillis(at);
                    writer.recordCountsAt(at, 1, 0);
                }
                clock.setEpochMillis(T0 + (day + 1) * DAY_MINUTES * MINUTE);
                writer.sealCompleted(); // seals every minute before the last one that holds samples
                writer.snapshotAt(Window.rolling(Duration.ofMinutes(1)), clock.epochMillis()); // and that one
                daysDone.set(day + 1);
            }
        } finally {
            done.set(true);
            for (Thread t : readers) {
                t.join(30_000);
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("a reader failed after " + opens.get() + " opens", failure.get());
        }
        System.out.println("DayLogsTest: " + opens.get() + " reader opens beside the writer, " + raced.get()
                + " of them listed a day log deleted before they were done");
        assertTrue(opens.get() > 0);
        // 300 whole days with a retention of one: the last day alone is left
        assertEquals(List.of(java.time.LocalDate.of(2024, 1, 1).plusDays(299) + ".log"),
                List.copyOf(contents(files.directory()).keySet()));
    }
}
