package dev.sli.store.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.history.SealedHistory;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSealedHistoryTest {

    static final long T0 = SealingChild.T0;
    static final long MINUTE = SealingChild.MINUTE;
    static final Histogram HDR = new Histogram(1, Duration.ofHours(1).toNanos(), 3);

    static LatencySeries series(ManualClock clock, SealedHistory.Factory history) {
        return LatencySeries.builder("api").options(SealingChild.options(clock)).history(history).build();
    }

    static void record(LatencySeries s, long seed, long fromMinute, long toMinute) {
        for (long m = fromMinute; m < toMinute; m++) {
            long[] d = SealingChild.minute(seed, m);
            for (int i = 0; i < d.length; i++) {
                s.recordAt(T0 + m * MINUTE + i * 100L, d[i], true);
            }
        }
    }

    /** The brute-force answer for minutes [from, to): count, p50 and max at histogram precision. */
    static long[] expected(long seed, long from, long to) {
        long[] all = new long[0];
        for (long m = from; m < to; m++) {
            long[] d = SealingChild.minute(seed, m);
            long[] next = Arrays.copyOf(all, all.length + d.length);
            System.arraycopy(d, 0, next, all.length, d.length);
            all = next;
        }
        Arrays.sort(all);
        if (all.length == 0) {
            return new long[] {0, -1, -1};
        }
        long p50 = all[(int) Math.max(1, (long) Math.ceil(0.5 * all.length)) - 1];
        return new long[] {all.length, Math.min(HDR.highestEquivalentValue(p50), all[all.length - 1]), all[all.length - 1]};
    }

    static long[] answer(LatencySeries s, long from, long to) {
        LatencySnapshot snap = s.snapshotAt(Window.rolling(Duration.ofMinutes(to - from)), T0 + to * MINUTE, 0.5);
        return new long[] {snap.count(), snap.quantileNanos(0.5).orElse(-1), snap.maxNanos().orElse(-1)};
    }

    @Test
    void aSeriesBuiltAgainOnItsLogContinuesWhereItWas(@TempDir Path dir) {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 3 * 24 * 60 * MINUTE);
        LatencySeries first = series(clock, LogSealedHistory.in(dir));
        record(first, 1, 0, 2 * 24 * 60);
        first.sealBefore(Instant.ofEpochMilli(T0 + 2 * 24 * 60 * MINUTE));
        LatencySeries second = series(clock, LogSealedHistory.in(dir)); // after a restart
        record(second, 1, 2 * 24 * 60, 3 * 24 * 60);
        for (long[] w : new long[][] {{0, 3 * 24 * 60}, {17, 1500}, {1439, 2881}, {2000, 4000}, {4319, 4320}}) {
            assertEquals(Arrays.toString(expected(1, w[0], w[1])), Arrays.toString(answer(second, w[0], w[1])),
                    "minutes " + w[0] + " to " + w[1]);
        }
    }

    @Test
    void aLogOfAnotherShapeIsRefused(@TempDir Path dir) {
        ManualClock clock = ManualClock.atEpochMillis(T0 + MINUTE);
        LatencySeries first = series(clock, LogSealedHistory.in(dir));
        record(first, 1, 0, 1);
        first.sealBefore(Instant.ofEpochMilli(T0 + MINUTE)); // the day log, with the shape first, exists from here
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatencySeries.builder("api")
                .options(SealingChild.options(clock).toBuilder().retention(Duration.ofDays(31)).build())
                .history(LogSealedHistory.in(dir)).build());
        assertTrue(e.getMessage().contains(dir.resolve("api").resolve("2024-01-01.log") + " holds a history of shape"
                + " HistoryShape[60000 ms buckets, 43200 retained"), e.getMessage());
    }

    @Test
    void aHistoryWithNothingOnDiskYetTakesAnyShape(@TempDir Path dir) {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        series(clock, LogSealedHistory.in(dir));
        LatencySeries other = LatencySeries.builder("api")
                .options(SealingChild.options(clock).toBuilder().retention(Duration.ofDays(31)).build())
                .history(LogSealedHistory.in(dir)).build();
        assertEquals(0, answer(other, 0, 1)[0]);
    }

    @Test
    void aSeriesNameBecomesASafeFileName() {
        assertEquals("registry_2fresponse-time.history", LogSealedHistory.fileName("registry/response-time"));
        assertEquals("_2e_2e_2fetc.history", LogSealedHistory.fileName("../etc"));
        assertEquals("a_20b_c3_a9.history", LogSealedHistory.fileName("a bé"));
    }

    /**
     * A child JVM records and seals minute after minute at full speed and is killed with SIGKILL; the
     * series built again on its log answers every minute the child had reported sealed, exactly.
     */
    @Test
    void aSeriesKilledWithSigkillKeepsEveryMinuteItHadSealed(@TempDir Path dir) throws Exception {
        int trials = Integer.getInteger("sli.crash.trials", 3);
        for (int trial = 0; trial < trials; trial++) {
            Path d = Files.createDirectory(dir.resolve("t" + trial));
            long seed = 100 + trial;
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), SealingChild.class.getName(), d.toString(), Long.toString(seed));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            long sealed = -1;
            StringBuilder other = new StringBuilder();
            long stopAt = 300 + (trial * 977L) % 1500; // kill at a different moment each trial
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String line;
                while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
                    if (line.startsWith("sealed ")) {
                        sealed = Long.parseLong(line.substring(7));
                        if (sealed >= stopAt) {
                            break;
                        }
                    } else if (other.length() < 4000) {
                        other.append(line).append('\n');
                    }
                }
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            } finally {
                p.destroyForcibly();
            }
            assertTrue(sealed >= 0, "the child sealed nothing; it said: " + other);
            ManualClock clock = ManualClock.atEpochMillis(T0 + (sealed + 2) * MINUTE);
            LatencySeries again = series(clock, LogSealedHistory.in(d));
            for (long m = 0; m <= sealed; m++) {
                assertEquals(Arrays.toString(expected(seed, m, m + 1)), Arrays.toString(answer(again, m, m + 1)),
                        "trial " + trial + ", minute " + m + " of " + sealed + " sealed");
            }
            assertEquals(Arrays.toString(expected(seed, 0, sealed + 1)), Arrays.toString(answer(again, 0, sealed + 1)));
        }
    }

    @Test
    void writesTheFilesRefuseAreKeptInOrderAndWrittenOnceTheyAreTaken(@TempDir Path dir) throws Exception {
        // the day log of 2024-01-02 cannot be created (a directory is in its place: a disk that refuses, also as root)
        long day1 = Math.floorDiv(T0, 86_400_000L) + 1;
        ManualClock clock = ManualClock.atEpochMillis(T0 + 3 * 24 * 60 * MINUTE);
        SeriesFiles files = SeriesFiles.inStore(dir, 1);
        LogSealedHistory[] h = new LogSealedHistory[1];
        SealedHistory.Factory factory = (name, shape) -> {
            try {
                return h[0] = LogSealedHistory.open(files, shape, null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        LatencySeries s = series(clock, factory);
        Files.createDirectories(files.dayLog(day1));
        record(s, 3, 0, 3 * 24 * 60); // day 0 is written, day 1 is refused: never thrown into the recording thread
        s.sealBefore(Instant.ofEpochMilli(T0 + 3 * 24 * 60 * MINUTE));
        assertTrue(h[0].pendingWrites() > 0, "the refused writes are kept");
        assertEquals(h[0].pendingWrites(), h[0].retryPending(), "still refused");
        // the series answers from the heap meanwhile, exactly
        assertEquals(Arrays.toString(expected(3, 1000, 3000)), Arrays.toString(answer(s, 1000, 3000)));
        Files.delete(files.dayLog(day1)); // the disk takes writes again
        assertEquals(0, h[0].retryPending());
        h[0].close();
        LatencySeries reopened = series(clock, (name, shape) -> {
            try {
                return LogSealedHistory.open(files, shape, null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (long[] w : new long[][] {{0, 3 * 24 * 60}, {1439, 2881}, {1500, 1600}}) {
            assertEquals(Arrays.toString(expected(3, w[0], w[1])), Arrays.toString(answer(reopened, w[0], w[1])),
                    "minutes " + w[0] + " to " + w[1] + " after the refused writes were written");
        }
    }
}
