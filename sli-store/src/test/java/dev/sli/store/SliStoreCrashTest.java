package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.time.ManualClock;
import dev.sli.store.directory.PreviousShutdown;
import dev.sli.store.directory.StoreDirectory;
import dev.sli.store.history.LogSealedHistory;
import dev.sli.store.history.SeriesFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole store killed with SIGKILL while five threads record into four series of four kinds: reopened, it
 * recovers, and every minute the writer had reported sealed answers exactly what was recorded in it (worked
 * out from the seeded inputs, and as the writer reported it); the minute it was sealing when killed is
 * either whole or absent; nothing later appears; every series file reads without damage. A few trials by
 * default, more with {@code -Dsli.crash.trials=50}.
 */
class SliStoreCrashTest {

    static final long MINUTE = StoreCrashChild.MINUTE;

    @Test
    void aStoreKilledWithSigkillKeepsEveryMinuteItHadSealedExactly(@TempDir Path dir) throws Exception {
        int trials = Integer.getInteger("sli.crash.trials", 3);
        SloDocument doc = ConfigReader.parse(StoreCrashChild.CONFIG);
        long checkedMinutes = 0;
        for (int trial = 0; trial < trials; trial++) {
            Path d = dir.resolve("t" + trial);
            long seed = 500 + trial;
            SplittableRandom moment = new SplittableRandom(seed);
            long stopAt = 20 + moment.nextInt(400); // kill at a different minute, and a different delay after it, each trial
            long delayMillis = moment.nextInt(30);
            Map<String, Long> reported = new HashMap<>();
            StringBuilder other = new StringBuilder();
            List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(List.of(dev.sli.store.chronicle.ChronicleRuntime.flagsForThisJvm().split(" ")));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StoreCrashChild.class.getName(), d.toString(),
                    Long.toString(seed)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                String line;
                boolean killed = false;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("sealed ")) {
                        String[] f = line.split(" ");
                        String series = f[1];
                        long m = Long.parseLong(f[2]);
                        long[] counts = Stream.of(f).skip(3).mapToLong(Long::parseLong).toArray();
                        if (counts.length != StoreCrashChild.expected(series, seed, m).length) {
                            continue; // a line cut by the kill
                        }
                        assertArrayEquals(StoreCrashChild.expected(series, seed, m), counts,
                                "trial " + trial + ": the child reports other counts for " + series + " minute " + m);
                        assertEquals(reported.getOrDefault(series, -1L) + 1, m, "trial " + trial + ": " + series + " reports out of order");
                        reported.put(series, m);
                    } else if (other.length() < 4000) {
                        other.append(line).append('\n');
                    }
                    if (!killed && (reported.getOrDefault("shop/checkout", -1L) >= stopAt || System.nanoTime() > deadline)) {
                        Thread.sleep(delayMillis);
                        // kill -9, not destroyForcibly(), which closes the pipe: what the child printed before dying is still read
                        assertEquals(0, new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor());
                        killed = true;
                    }
                }
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(128 + 9, p.exitValue(), "trial " + trial + ": the child did not die of SIGKILL; it said: " + other);
            } finally {
                p.destroyForcibly();
            }
            assertEquals(4, reported.size(), "trial " + trial + ": some series reported nothing; the child said: " + other);
            checkedMinutes += check(d, doc, seed, reported, "trial " + trial + " (seed " + seed + ", killed after minute "
                    + stopAt + " + " + delayMillis + " ms)");
        }
        System.out.println("SliStoreCrashTest: " + trials + " trials, " + trials + " kills, " + checkedMinutes
                + " series-minutes checked exactly, 0 failures");
    }

    /** Whether {@code got} (minutes after the last reported sealed) is the next minute whole or absent, then nothing. */
    static boolean nothingInForceAfter(List<long[]> got, long[] nextWhole) {
        if (!java.util.Arrays.equals(got.get(0), nextWhole) && !java.util.Arrays.equals(got.get(0), new long[nextWhole.length])) {
            return false;
        }
        for (int i = 1; i < got.size(); i++) {
            if (!java.util.Arrays.equals(got.get(i), new long[nextWhole.length])) {
                return false;
            }
        }
        return true;
    }

    /** Reopens the killed store and checks it; returns the number of reported minutes checked. */
    static long check(Path d, SloDocument doc, long seed, Map<String, Long> reported, String trial) throws Exception {
        long last = reported.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        try (StoreDirectory view = StoreDirectory.openReadOnly(d)) {
            assertEquals(PreviousShutdown.UNCLEAN, view.previousShutdown(), trial);
        }
        for (Path f : Files.list(d.resolve("series")).filter(Files::isDirectory).toList()) {
            SeriesFiles files = SeriesFiles.inStore(d.resolve("series"), Integer.parseInt(f.getFileName().toString()));
            LogSealedHistory.Summary s = LogSealedHistory.summarize(files); // throws if anything but a torn tail is damaged
            assertTrue(s.shape().isPresent(), trial + ": " + f);
        }
        ManualClock clock = ManualClock.atEpochMillis(StoreCrashChild.T0 + (last + 10) * MINUTE);
        long checked = 0;
        try (SliStore store = SliStore.open(d, doc, StoreCrashChild.CONFIG, StoreCrashChild.options(clock), Duration.ZERO)) {
            assertTrue(store.recovered(), trial);
            assertEquals(StoreCrashChild.SERIES, store.changes().kept(), trial);
            assertTrue(store.changes().none(), trial + ": " + store.changes());
            for (String series : StoreCrashChild.SERIES) {
                long r = reported.get(series);
                long[] total = new long[StoreCrashChild.expected(series, seed, 0).length];
                for (long m = 0; m <= r; m++) {
                    long[] expected = StoreCrashChild.expected(series, seed, m);
                    assertArrayEquals(expected, StoreCrashChild.answer(store.registry(), series, m),
                            trial + ": " + series + " minute " + m + " of " + r + " reported sealed");
                    for (int i = 0; i < total.length; i++) {
                        total[i] += expected[i];
                    }
                    checked++;
                }
                assertArrayEquals(total, StoreCrashChild.answer(store.registry(), series, 0, r + 1),
                        trial + ": " + series + " minutes 0 to " + r + " together");
                boolean checkpointed = series.equals("shop/checkout") || series.equals("shop/payments");
                long firstAbsent = r + 2;
                if (checkpointed) {
                    // latency and outcome checkpoint their open buckets at every flush: the minutes after the last
                    // one reported may hold what the last checkpoint had of them, a part of their requests, never
                    // more than was recorded
                    for (long m = r + 1; m <= r + 2; m++) {
                        long[] got = StoreCrashChild.answer(store.registry(), series, m);
                        long[] full = StoreCrashChild.expected(series, seed, m);
                        for (int i = 0; i < got.length; i++) {
                            assertTrue(got[i] >= 0 && got[i] <= full[i], trial + ": " + series + " minute " + m + ", field " + i
                                    + ": " + got[i] + " kept of " + full[i] + " recorded");
                        }
                    }
                    firstAbsent = r + 3;
                } else {
                    // readiness and probe checkpoint the samples in force: after the minutes reported sealed, the
                    // store answers either as if nothing was in force (no checkpoint newer than the sealed data:
                    // the minute being sealed at the kill whole or absent, then nothing), or exactly as the samples up
                    // to some sample s after the reported ones, each in force until the next or its staleness limit
                    // (the checkpoint taken after sample s, its lookback continuing), computed sample by sample
                    long perMinute = series.equals("shop/pods") ? 2 : 6;
                    List<long[]> got = new java.util.ArrayList<>();
                    for (long m = r + 1; m <= last + 10; m++) {
                        got.add(StoreCrashChild.answer(store.registry(), series, m));
                    }
                    boolean explained = nothingInForceAfter(got, StoreCrashChild.expected(series, seed, r + 1));
                    for (long sample = (r + 1) * perMinute - 1; !explained && sample < (last + 4) * perMinute; sample++) {
                        boolean all = true;
                        for (int i = 0; i < got.size() && all; i++) {
                            all = java.util.Arrays.equals(StoreCrashChild.inForce(series, seed, sample, r + 1 + i), got.get(i));
                        }
                        explained = all;
                    }
                    assertTrue(explained, trial + ": " + series + " minutes " + (r + 1) + " on, after the " + r
                            + " reported sealed, are neither nothing in force nor the lookback of any sample: "
                            + got.stream().map(java.util.Arrays::toString).toList());
                    firstAbsent = Long.MAX_VALUE;
                }
                for (long m = firstAbsent; m <= last + 5; m++) {
                    assertArrayEquals(new long[total.length], StoreCrashChild.answer(store.registry(), series, m),
                            trial + ": " + series + " minute " + m + " was never sealed");
                }
            }
        }
        return checked;
    }
}
