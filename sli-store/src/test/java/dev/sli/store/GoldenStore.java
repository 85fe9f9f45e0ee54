package dev.sli.store;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes the golden store kept in {@code src/test/resources/dev/sli/store/v1/store/}, which
 * {@link GoldenStoreTest} opens. Run once per format version and commit the output; never regenerate an old
 * version's store, it is the proof that later code still reads what earlier code wrote:
 * <pre>
 * java -cp sli-store/target/test-classes:sli-store/target/classes:sli-core/target/classes:$(deps) \
 *     dev.sli.store.GoldenStore sli-store/src/test/resources/dev/sli/store/v1/store
 * </pre>
 * Every kind of series, for three hours from 2024-01-01T00:00Z. After two hours the config changes:
 * {@code shop/checkout}'s threshold goes from 1s to 800ms (redefined: the old id is retired, a new one starts
 * empty) and {@code shop/legacy} goes from outcome to latency (its kind changed: retired likewise). The
 * inputs, minute {@code m} starting at {@code T0 + m min}:
 * <ul>
 * <li>checkout (m &lt; 120): 100 ms ok at +1 s; at +2 s 1.5 s bad when m % 10 == 0, else 900 ms ok.
 *     (m &ge; 120, new id): 700 ms ok at +1 s.
 * <li>payments: m &lt; 120: 10 good, and 2 bad when m % 30 == 0, at +3 s; m &ge; 120: 5 good, 1 bad.
 * <li>pods (workload api, 3 desired): 2 ready at the start of minutes 60 to 64, else 3.
 * <li>ping (every 10 s): down in minutes 30 and 31, else up; 5 ms.
 * <li>orders: o0, o20, … o100 started at minute m, finished ok 5, 15, 25, 35, 45 and 65 minutes later.
 * <li>legacy: m &lt; 120 outcome, 1 good at +4 s; m &ge; 120 (new id) latency, 50 ms ok at +1 s.
 * </ul>
 */
final class GoldenStore {

    static final String BEFORE = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [{"name": "checkout", "kind": "latency", "threshold": "1s"},
                       {"name": "payments", "kind": "outcome"},
                       {"name": "pods", "kind": "readiness", "workloads": ["api"], "availability": "time"},
                       {"name": "ping", "kind": "probe", "check": "https://shop.example/health", "interval": "10s"},
                       {"name": "orders", "kind": "work", "threshold": "1h"},
                       {"name": "legacy", "kind": "outcome"}]}]}
            """;
    static final String AFTER = BEFORE
            .replace("\"kind\": \"latency\", \"threshold\": \"1s\"", "\"kind\": \"latency\", \"threshold\": \"800ms\"")
            .replace("{\"name\": \"legacy\", \"kind\": \"outcome\"}", "{\"name\": \"legacy\", \"kind\": \"latency\"}");
    static final long T0 = StoreCrashChild.T0;
    static final long MINUTE = StoreCrashChild.MINUTE;
    static final long MS = 1_000_000L;

    private GoldenStore() {
    }

    static void write(Path dir) throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        try (SliStore store = SliStore.open(dir, ConfigReader.parse(BEFORE), BEFORE, StoreCrashChild.options(clock), Duration.ZERO)) {
            SliRegistry r = store.registry();
            for (long m = 0; m < 120; m++) {
                long t = T0 + m * MINUTE;
                clock.setEpochMillis(t);
                r.latency("shop", "checkout").recordAt(t + 1000, 100 * MS, true);
                r.latency("shop", "checkout").recordAt(t + 2000, m % 10 == 0 ? 1500 * MS : 900 * MS, m % 10 != 0);
                r.outcome("shop", "payments").recordCountsAt(t + 3000, 10, m % 30 == 0 ? 2 : 0);
                r.readiness("shop", "pods").recordAt(t, 3, m >= 60 && m < 65 ? 2 : 3);
                for (int i = 0; i < 6; i++) {
                    r.probe("shop", "ping").recordAt(t + i * 10_000L, m != 30 && m != 31, 5 * MS);
                }
                orders(r, m, t);
                r.outcome("shop", "legacy").recordCountsAt(t + 4000, 1, 0);
            }
            decide(r, clock, T0 + 120 * MINUTE);
        }
        try (SliStore store = SliStore.open(dir, ConfigReader.parse(AFTER), AFTER, StoreCrashChild.options(clock), Duration.ZERO)) {
            SliRegistry r = store.registry();
            for (long m = 120; m < 180; m++) {
                long t = T0 + m * MINUTE;
                clock.setEpochMillis(t);
                r.latency("shop", "checkout").recordAt(t + 1000, 700 * MS, true);
                r.outcome("shop", "payments").recordCountsAt(t + 3000, 5, 1);
                r.readiness("shop", "pods").recordAt(t, 3, 3);
                for (int i = 0; i < 6; i++) {
                    r.probe("shop", "ping").recordAt(t + i * 10_000L, true, 5 * MS);
                }
                orders(r, m, t);
                r.latency("shop", "legacy").recordAt(t + 1000, 50 * MS, true);
            }
            decide(r, clock, T0 + 180 * MINUTE);
        }
    }

    private static void orders(SliRegistry r, long m, long t) {
        if (m % 20 == 0 && m <= 100) {
            r.work("shop", "orders").startAt(t, "o" + m);
        }
        for (long s = 0; s <= 100; s += 20) {
            long took = s == 100 ? 65 : 5 + (s / 20) * 10;
            if (s + took == m) {
                r.work("shop", "orders").finishAt(t, "o" + s, true);
            }
        }
    }

    /** Moves the clock to {@code end} and decides every series up to it, so that the close keeps it all. */
    private static void decide(SliRegistry r, ManualClock clock, long end) {
        clock.setEpochMillis(end);
        Window minute = Window.rolling(Duration.ofMinutes(1));
        r.readiness("shop", "pods").snapshotAt(minute, end);
        r.probe("shop", "ping").snapshotAt(minute, end);
        r.work("shop", "orders").snapshotAt(minute, end);
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        if (Files.exists(out)) {
            throw new IllegalStateException(out + " exists: a golden store is never regenerated; add a new version instead");
        }
        write(out);
        Files.deleteIfExists(out.resolve("store.lock")); // empty after a clean close; a writer makes it again
        try (var files = Files.walk(out)) {
            files.filter(Files::isRegularFile).sorted().forEach(f -> System.out.println(out.relativize(f) + " " + f.toFile().length()));
        }
    }
}
