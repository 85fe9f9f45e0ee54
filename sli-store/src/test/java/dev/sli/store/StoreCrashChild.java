package dev.sli.store;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.OutcomeSnapshot;
import dev.sli.core.record.ProbeSnapshot;
import dev.sli.core.record.ReadinessGroupSnapshot;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.Clock;
import dev.sli.core.window.Window;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Phaser;

/**
 * A writer that {@link SliStoreCrashTest} kills with SIGKILL: it opens an {@link SliStore} on a config with
 * a latency, an outcome, a readiness and a probe SLI and records seeded traffic into them from five threads
 * (two into the latency series), historic minute after minute under a clock it moves itself, so that buckets
 * seal at full speed while the store's flusher seals too. Once a thread knows a minute of its series is
 * sealed and written it prints {@code sealed <series> <minute> <counts…>}, the counts being what it recorded
 * in that minute ({@link #expected}); then it goes on to the next minute, until killed.
 */
final class StoreCrashChild {

    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long THRESHOLD_NANOS = 1_000_000_000L;
    static final String CONFIG = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [{"name": "checkout", "kind": "latency", "threshold": "1s"},
                       {"name": "payments", "kind": "outcome"},
                       {"name": "pods", "kind": "readiness", "workloads": ["api"], "availability": "time"},
                       {"name": "ping", "kind": "probe", "check": "https://shop.example/health", "interval": "10s"}]}]}
            """;
    static final List<String> SERIES = List.of("shop/checkout", "shop/payments", "shop/pods", "shop/ping");

    private StoreCrashChild() {
    }

    static SeriesOptions options(Clock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(30)).build();
    }

    static SplittableRandom random(long seed, int stream, long minute) {
        return new SplittableRandom(seed * 1_000_003L + stream * 7_919L + minute * 31L);
    }

    /** Latency thread {@code t}'s requests in minute {@code m}: durations in nanoseconds, negative when not ok. */
    static long[] latency(long seed, int t, long m) {
        SplittableRandom r = random(seed, t, m);
        long[] d = new long[20 + r.nextInt(60)];
        for (int i = 0; i < d.length; i++) {
            long nanos = Math.max(1000, Math.min((long) Math.exp(Math.log(2e8) + 1.5 * r.nextGaussian()), 60_000_000_000L));
            d[i] = r.nextInt(25) == 0 ? -nanos : nanos;
        }
        return d;
    }

    /** The outcome thread's three batches in minute {@code m}: good, bad, good, bad, good, bad. */
    static long[] outcome(long seed, long m) {
        SplittableRandom r = random(seed, 2, m);
        long[] gb = new long[6];
        for (int i = 0; i < 6; i += 2) {
            gb[i] = r.nextInt(100);
            gb[i + 1] = r.nextInt(10) == 0 ? 1 + r.nextInt(4) : 0;
        }
        return gb;
    }

    /** Ready replicas (of 3 desired) at second 0 and second 30 of minute {@code m}. */
    static int[] readiness(long seed, long m) {
        SplittableRandom r = random(seed, 3, m);
        return new int[] {r.nextInt(8) == 0 ? 1 + r.nextInt(2) : 3, r.nextInt(8) == 0 ? 1 + r.nextInt(2) : 3};
    }

    /** The probe's six results (every 10 s) in minute {@code m}: up or down. */
    static boolean[] probe(long seed, long m) {
        SplittableRandom r = random(seed, 4, m);
        boolean[] up = new boolean[6];
        for (int i = 0; i < 6; i++) {
            up[i] = r.nextInt(10) != 0;
        }
        return up;
    }

    /**
     * What series {@code series} holds for minute {@code m}, worked out from the inputs alone: latency count,
     * ok count, count at or under 1 s; outcome good, bad; readiness observed, fully ready, ready-replica and
     * desired-replica milliseconds; probe up and down milliseconds, up and down checks.
     */
    static long[] expected(String series, long seed, long m) {
        switch (series) {
            case "shop/checkout" -> {
                long count = 0;
                long ok = 0;
                long under = 0;
                for (int t = 0; t < 2; t++) {
                    for (long d : latency(seed, t, m)) {
                        count++;
                        ok += d > 0 ? 1 : 0;
                        under += Math.abs(d) <= THRESHOLD_NANOS ? 1 : 0;
                    }
                }
                return new long[] {count, ok, under};
            }
            case "shop/payments" -> {
                long[] gb = outcome(seed, m);
                return new long[] {gb[0] + gb[2] + gb[4], gb[1] + gb[3] + gb[5]};
            }
            case "shop/pods" -> {
                int[] ready = readiness(seed, m);
                long full = (ready[0] == 3 ? 30_000 : 0) + (ready[1] == 3 ? 30_000 : 0);
                return new long[] {MINUTE, full, 30_000L * (ready[0] + ready[1]), 30_000L * 6};
            }
            case "shop/ping" -> {
                long upChecks = 0;
                for (boolean u : probe(seed, m)) {
                    upChecks += u ? 1 : 0;
                }
                return new long[] {10_000 * upChecks, 10_000 * (6 - upChecks), upChecks, 6 - upChecks};
            }
            default -> throw new IllegalArgumentException(series);
        }
    }

    /**
     * What the readiness or probe series holds for minute {@code m} when exactly the samples up to index
     * {@code last} were recorded (readiness: sample {@code i} at second 30 × (i % 2) of minute i / 2; probe: result
     * {@code i} at second 10 × (i % 6) of minute i / 6), each in force from its time until the next one or its
     * staleness limit (5 min; twice the 10 s interval), computed sample by sample: what a series restored from a
     * checkpoint taken after sample {@code last} answers once time moves past the kill.
     */
    static long[] inForce(String series, long seed, long last, long m) {
        boolean pods = series.equals("shop/pods");
        long step = pods ? 30_000 : 10_000;
        long staleness = pods ? 5 * MINUTE : 20_000;
        long from = m * MINUTE;
        long to = from + MINUTE;
        long[] out = new long[4];
        for (long i = Math.max(0, (from - staleness) / step - 1); i <= last && i * step < to; i++) {
            long t = i * step;
            long end = i < last ? Math.min(t + step, t + staleness) : t + staleness;
            long ms = Math.max(0, Math.min(end, to) - Math.max(t, from));
            if (pods) {
                int ready = readiness(seed, i / 2)[(int) (i % 2)];
                out[0] += ms;
                out[1] += ready == 3 ? ms : 0;
                out[2] += ms * ready;
                out[3] += ms * 3;
            } else {
                boolean up = probe(seed, i / 6)[(int) (i % 6)];
                out[up ? 0 : 1] += ms;
                if (t >= from) {
                    out[up ? 2 : 3]++;
                }
            }
        }
        return out;
    }

    /** What {@code registry} answers for series {@code series} in minute {@code m}, in {@link #expected}'s order. */
    static long[] answer(SliRegistry registry, String series, long m) {
        return answer(registry, series, m, m + 1);
    }

    /** As {@link #answer(SliRegistry, String, long)}, over minutes [from, to). */
    static long[] answer(SliRegistry registry, String series, long from, long to) {
        Window w = Window.rolling(Duration.ofMinutes(to - from));
        long at = T0 + to * MINUTE;
        switch (series) {
            case "shop/checkout" -> {
                var s = registry.latency("shop", "checkout").snapshotAt(w, at);
                return new long[] {s.count(), s.okCount(), s.atOrUnder(THRESHOLD_NANOS)};
            }
            case "shop/payments" -> {
                OutcomeSnapshot s = registry.outcome("shop", "payments").snapshotAt(w, at);
                return new long[] {s.good(), s.bad()};
            }
            case "shop/pods" -> {
                ReadinessGroupSnapshot s = registry.readiness("shop", "pods").snapshotAt(w, at);
                return new long[] {s.observedMillis(), s.fullyReadyMillis(), s.readyReplicaMillis(), s.desiredReplicaMillis()};
            }
            case "shop/ping" -> {
                ProbeSnapshot s = registry.probe("shop", "ping").snapshotAt(w, at);
                return new long[] {s.upMillis(), s.downMillis(), s.upChecks(), s.downChecks()};
            }
            default -> throw new IllegalArgumentException(series);
        }
    }

    /** A clock that only the phaser moves: to the start of the minute the threads record next. */
    static final class PhaseClock implements Clock {
        volatile long epochMillis = T0;

        @Override
        public long epochMillis() {
            return epochMillis;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        PhaseClock clock = new PhaseClock();
        SliStore store = SliStore.open(dir, ConfigReader.parse(CONFIG), CONFIG, options(clock), Duration.ofMillis(5));
        SliRegistry registry = store.registry();
        Phaser phaser = new Phaser(5) {
            @Override
            protected boolean onAdvance(int phase, int parties) {
                clock.epochMillis = T0 + (phase + 1) * MINUTE; // every thread recorded minute `phase`
                return false;
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            int thread = t;
            threads.add(new Thread(() -> run(registry, phaser, seed, thread), "recorder-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void run(SliRegistry registry, Phaser phaser, long seed, int thread) {
        LatencySeries latency = registry.latency("shop", "checkout");
        Window minute = Window.rolling(Duration.ofMinutes(1));
        for (long m = 0; ; m++) {
            long start = T0 + m * MINUTE;
            String series;
            switch (thread) {
                case 0, 1 -> {
                    long[] d = latency(seed, thread, m);
                    for (int i = 0; i < d.length; i++) {
                        latency.recordAt(start + i * 700L + thread, Math.abs(d[i]), d[i] > 0);
                    }
                    series = thread == 0 ? "shop/checkout" : null;
                }
                case 2 -> {
                    long[] gb = outcome(seed, m);
                    for (int i = 0; i < 6; i += 2) {
                        registry.outcome("shop", "payments").recordCountsAt(start + i * 10_000L, gb[i], gb[i + 1]);
                    }
                    series = "shop/payments";
                }
                case 3 -> {
                    int[] ready = readiness(seed, m);
                    registry.readiness("shop", "pods").recordAt(start, 3, ready[0]);
                    registry.readiness("shop", "pods").recordAt(start + 30_000, 3, ready[1]);
                    series = "shop/pods";
                }
                default -> {
                    boolean[] up = probe(seed, m);
                    for (int i = 0; i < 6; i++) {
                        registry.probe("shop", "ping").recordAt(start + i * 10_000L, up[i], 5_000_000L);
                    }
                    series = "shop/ping";
                }
            }
            phaser.arriveAndAwaitAdvance();
            long end = start + MINUTE;
            // seal minute m of this thread's series: each call writes the sealed bucket before returning
            switch (thread) {
                case 0, 1 -> latency.sealBefore(Instant.ofEpochMilli(end));
                case 2 -> registry.outcome("shop", "payments").snapshotAt(minute, end);
                case 3 -> registry.readiness("shop", "pods").snapshotAt(minute, end);
                default -> registry.probe("shop", "ping").snapshotAt(minute, end);
            }
            if (series != null) {
                StringBuilder line = new StringBuilder("sealed ").append(series).append(' ').append(m);
                for (long v : expected(series, seed, m)) {
                    line.append(' ').append(v);
                }
                System.out.println(line);
            }
        }
    }
}
