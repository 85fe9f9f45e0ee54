package dev.sli.store.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.store.chronicle.ChronicleRuntime;
import dev.sli.store.counters.CounterWriterChild.Target;
import java.io.BufferedReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGKILL ({@code Process.destroyForcibly()}) of a child JVM putting and updating in place in a
 * loop (with a capacity of 32 its days roll over several files): after a recovering open, every write
 * the child reported is there with its value or a later one, each 8-long part whole from one write,
 * nothing invented; and a reader beside the live child only ever sees values the child wrote.
 * {@code -Dsli.counters.crash.trials=N} runs N kills (default 3).
 *
 * <p>The child reports into a file, not a pipe: {@code destroyForcibly} closes the parent's end of a pipe,
 * and what was still in it would be lost; a file keeps every line written before the kill.
 */
class DayCountersCrashTest {

    static final int CAPACITY = 32;

    @TempDir
    Path tmp;

    /** The child JVM and the file it reports its writes into. */
    static final class Child implements AutoCloseable {
        final Process process;
        final Path out;
        final Path err;

        Child(Path dir, Path work, long seed) throws Exception {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of(ChronicleRuntime.flagsForThisJvm().split(" ")));
            cmd.addAll(List.of("-Xmx128m", "-cp", System.getProperty("java.class.path"), CounterWriterChild.class.getName(),
                    dir.toString(), String.valueOf(seed), String.valueOf(CAPACITY)));
            out = work.resolve("child-" + seed + ".out");
            err = work.resolve("child-" + seed + ".err");
            process = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        }

        /** The last write reported so far (0 before the first). */
        long lastReported() throws Exception {
            try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "r")) {
                long len = f.length();
                int tail = (int) Math.min(len, 64);
                byte[] b = new byte[tail];
                f.seek(len - tail);
                f.readFully(b);
                String s = new String(b, StandardCharsets.US_ASCII);
                int end = s.lastIndexOf('\n');
                if (end < 0) {
                    return 0;
                }
                int start = s.lastIndexOf('\n', end - 1) + 1;
                return Long.parseLong(s.substring(start, end));
            }
        }

        /** Waits for {@code writes} reports: Chronicle is warm (its first file takes the child seconds). */
        void awaitWrites(long writes) throws Exception {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastReported() < writes) {
                assertTrue(process.isAlive(), () -> "child died: " + read(err));
                assertTrue(System.nanoTime() < until, "no write in 60 s");
                Thread.sleep(10);
            }
        }

        /** SIGKILL; then the writes it reported, checked to be 1, 2, 3, … (a line cut by the kill does not count). */
        long kill() throws Exception {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            long n = 0;
            String text = Files.readString(out, StandardCharsets.US_ASCII);
            int complete = text.lastIndexOf('\n') + 1;
            try (BufferedReader r = new BufferedReader(new java.io.StringReader(text.substring(0, complete)))) {
                String line;
                while ((line = r.readLine()) != null) {
                    assertEquals(n + 1, Long.parseLong(line), "reports out of order");
                    n++;
                }
            }
            return n;
        }

        static String read(Path p) {
            try {
                return Files.readString(p);
            } catch (Exception e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Checks what a directory holds against the child's seeded writes: each 8-long part of a bucket is all
     * of one write {@code k} to that bucket with {@code k <= upTo}; and every bucket written by a write
     * {@code <= reported} is there with that write or a later one in every part.
     *
     * @return the number of buckets checked
     */
    static int check(Map<Target, long[]> held, long seed, long upTo, long reported) {
        Map<Target, Long> latestReported = new HashMap<>();
        for (long k = 1; k <= reported; k++) {
            latestReported.put(CounterWriterChild.target(seed, k), k);
        }
        for (Map.Entry<Target, long[]> e : held.entrySet()) {
            Target t = e.getKey();
            long[] a = e.getValue();
            assertEquals(CounterWriterChild.N[t.series()], a.length, t + " " + Arrays.toString(a));
            for (int from = 0; from < a.length; from += 8) {
                long k = Math.floorDiv(a[from], 100);
                for (int j = from; j < Math.min(from + 8, a.length); j++) {
                    assertEquals(k * 100 + j, a[j], t + ": part " + from / 8 + " is not whole: " + Arrays.toString(a));
                }
                assertTrue(k >= 1 && k <= upTo, t + ": write " + k + " was never made (up to " + upTo + ")");
                assertEquals(t, CounterWriterChild.target(seed, k), "write " + k + " went to another bucket");
                Long before = latestReported.get(t);
                assertTrue(before == null || k >= before, t + ": write " + k + " is older than reported write " + before);
            }
        }
        for (Target t : latestReported.keySet()) {
            assertTrue(held.containsKey(t), t + ": reported write " + latestReported.get(t) + " is missing");
        }
        return held.size();
    }

    static Map<Target, long[]> contents(DayCounters c) throws Exception {
        Map<Target, long[]> out = new HashMap<>();
        c.forEach((s, b, a) -> out.put(new Target(s, b), a));
        return out;
    }

    static Map<Target, long[]> contents(DayCounters.Snapshot s) {
        Map<Target, long[]> out = new HashMap<>();
        s.forEach((series, b, a) -> out.put(new Target(series, b), a));
        return out;
    }

    static Map<String, String> keyed(Map<Target, long[]> m) {
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k.toString(), Arrays.toString(v)));
        return out;
    }

    @Test
    void aKilledWriterLosesNoReportedWriteAndTearsNoValue() throws Exception {
        int trials = Integer.getInteger("sli.counters.crash.trials", 3);
        long totalWrites = 0;
        int totalBuckets = 0;
        int totalEvents = 0;
        int totalRepaired = 0;
        for (int trial = 0; trial < trials; trial++) {
            long seed = 1000 + trial;
            Path dir = tmp.resolve("t" + trial);
            long reported;
            int killAfter = 150 + new Random(seed).nextInt(700);
            try (Child child = new Child(dir, tmp, seed)) {
                child.awaitWrites(1000);
                Thread.sleep(killAfter);
                reported = child.kill();
            }
            assertTrue(reported >= 1000, "trial " + trial + ": only " + reported + " writes before the kill");
            int buckets;
            int events;
            int repaired;
            Map<Target, long[]> recovered;
            try (DayCounters c = DayCounters.openForWriting(dir, CounterWriterChild.HOUR, true, CAPACITY)) {
                recovered = contents(c);
                // the write after the last reported one may have completed, or been cut anywhere
                buckets = check(recovered, seed, reported + 1, reported);
                events = c.recoveryEvents();
                repaired = c.repairedValues();
                assertTrue(c.files().size() > 3, "the days rolled: " + c.files());
            }
            // recovered files are clean: a normal open takes them, unchanged, and so does a reader
            try (DayCounters c = DayCounters.openForWriting(dir, CounterWriterChild.HOUR, false, CAPACITY)) {
                assertEquals(keyed(recovered), keyed(contents(c)));
            }
            assertEquals(keyed(recovered), keyed(contents(DayCounters.readSnapshot(dir, CounterWriterChild.HOUR))));
            System.out.printf("counters crash trial %d: killed %d ms after the 1,000th write, %d writes reported,"
                    + " %d buckets checked, %d Chronicle recovery events, %d values repaired or removed%n", trial, killAfter,
                    reported, buckets, events, repaired);
            totalWrites += reported;
            totalBuckets += buckets;
            totalEvents += events;
            totalRepaired += repaired;
        }
        System.out.printf("counters crash: %d kills, %d writes reported, %d buckets checked exactly, %d recovery"
                + " events, %d values repaired or removed%n", trials, totalWrites, totalBuckets, totalEvents, totalRepaired);
    }

    @Test
    void aReaderBesideALiveWriterSeesOnlyValuesTheWriterWrote() throws Exception {
        long seed = 77;
        Path dir = tmp.resolve("live");
        try (Child child = new Child(dir, tmp, seed)) {
            child.awaitWrites(1000);
            int events = 0;
            long firstReported = child.lastReported();
            long nanos = 0;
            int buckets = 0;
            for (int i = 0; i < 8; i++) {
                long t0 = System.nanoTime();
                DayCounters.Snapshot s = DayCounters.readSnapshot(dir, CounterWriterChild.HOUR);
                nanos += System.nanoTime() - t0;
                long upTo = child.lastReported() + 1; // reports lag the writes by at most the one in flight
                Map<Target, long[]> held = contents(s);
                buckets = check(held, seed, upTo, 0);
                assertTrue(buckets > 0, "empty snapshot");
                events += s.recoveryEvents();
                Thread.sleep(20);
            }
            long reported = child.kill();
            assertTrue(reported > firstReported + 1000, "the child wrote while the reader read: " + firstReported
                    + " → " + reported);
            System.out.printf("counters reader beside a writer: 8 snapshots, %.1f ms each on average, %d buckets the"
                    + " last, %d recovery events in the copies, %d writes during them%n", nanos / 8e6, buckets, events,
                    reported - firstReported);
            try (DayCounters c = DayCounters.openForWriting(dir, CounterWriterChild.HOUR, true, CAPACITY)) {
                check(contents(c), seed, reported + 1, reported);
            }
        }
    }
}
