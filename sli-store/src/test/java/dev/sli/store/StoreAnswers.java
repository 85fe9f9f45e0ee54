package dev.sli.store;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a store of seeded traffic ({@link StoreCrashChild}'s inputs, one thread) and lists what a store
 * answers, one line per question; run as a program by {@link SliStoreCrossJdkTest} under the other JDK:
 * {@code write DIR FILE} writes a store in DIR and its answers (after a close and a reopen) to FILE;
 * {@code check DIR FILE} reopens the store in DIR and exits 0 if it answers FILE's lines exactly, else 1
 * naming the first difference.
 */
final class StoreAnswers {

    static final long SEED = 77;
    static final long HOURS = 6;
    static final long END = StoreCrashChild.T0 + HOURS * 60 * StoreCrashChild.MINUTE;

    private StoreAnswers() {
    }

    /** Records {@link #HOURS} hours of seeded traffic of every series into a new store in {@code dir}, then closes it. */
    static void write(Path dir) throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(StoreCrashChild.T0);
        try (SliStore store = SliStore.open(dir, ConfigReader.parse(StoreCrashChild.CONFIG), StoreCrashChild.CONFIG,
                StoreCrashChild.options(clock), Duration.ZERO)) {
            SliRegistry r = store.registry();
            for (long m = 0; m < HOURS * 60; m++) {
                long start = StoreCrashChild.T0 + m * StoreCrashChild.MINUTE;
                clock.setEpochMillis(start);
                for (int t = 0; t < 2; t++) {
                    long[] d = StoreCrashChild.latency(SEED, t, m);
                    for (int i = 0; i < d.length; i++) {
                        r.latency("shop", "checkout").recordAt(start + i * 700L + t, Math.abs(d[i]), d[i] > 0);
                    }
                }
                long[] gb = StoreCrashChild.outcome(SEED, m);
                for (int i = 0; i < 6; i += 2) {
                    r.outcome("shop", "payments").recordCountsAt(start + i * 10_000L, gb[i], gb[i + 1]);
                }
                int[] ready = StoreCrashChild.readiness(SEED, m);
                r.readiness("shop", "pods").recordAt(start, 3, ready[0]);
                r.readiness("shop", "pods").recordAt(start + 30_000, 3, ready[1]);
                boolean[] up = StoreCrashChild.probe(SEED, m);
                for (int i = 0; i < 6; i++) {
                    r.probe("shop", "ping").recordAt(start + i * 10_000L, up[i], 5_000_000L);
                }
            }
            clock.setEpochMillis(END);
            // readiness and probe series decide time in sample order: the last minute is decided by asking
            Window minute = Window.rolling(Duration.ofMinutes(1));
            r.readiness("shop", "pods").snapshotAt(minute, END);
            r.probe("shop", "ping").snapshotAt(minute, END);
        }
    }

    /** Reopens the store in {@code dir} for writing (a clean reopen) and lists its answers. */
    static List<String> answers(Path dir) throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(END);
        List<String> out = new ArrayList<>();
        try (SliStore store = SliStore.open(dir, ConfigReader.parse(StoreCrashChild.CONFIG), StoreCrashChild.CONFIG,
                StoreCrashChild.options(clock), Duration.ZERO)) {
            out.add("recovered " + store.recovered() + ", changes " + store.changes());
            SliRegistry r = store.registry();
            long minutes = HOURS * 60;
            for (String series : StoreCrashChild.SERIES) {
                for (long[] w : new long[][] {{0, minutes}, {0, 60}, {37, 38}, {59, 181}, {300, minutes}, {minutes - 1, minutes}}) {
                    out.add(series + " minutes " + w[0] + ".." + w[1] + ": "
                            + Arrays.toString(StoreCrashChild.answer(r, series, w[0], w[1])));
                }
            }
            for (Duration w : List.of(Duration.ofHours(6), Duration.ofHours(1), Duration.ofMinutes(5))) {
                LatencySnapshot s = r.latency("shop", "checkout").snapshotAt(Window.rolling(w), END, 0.5, 0.99, 0.999);
                out.add("shop/checkout " + w + ": p50 " + s.quantileNanos(0.5) + ", p99 " + s.quantileNanos(0.99)
                        + ", p99.9 " + s.quantileNanos(0.999) + ", max " + s.maxNanos() + ", success " + s.successRate());
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Path file = Path.of(args[2]);
        if (args[0].equals("write")) {
            write(dir);
            Files.write(file, answers(dir), StandardCharsets.UTF_8);
            return;
        }
        List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> actual = answers(dir);
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(nothing)";
            String a = i < actual.size() ? actual.get(i) : "(nothing)";
            if (!e.equals(a)) {
                System.out.println("answer " + (i + 1) + " differs on " + System.getProperty("java.version") + ":\n  expected "
                        + e + "\n  actual   " + a);
                System.exit(1);
            }
        }
        System.out.println("same " + actual.size() + " answers on " + System.getProperty("java.version"));
    }
}
