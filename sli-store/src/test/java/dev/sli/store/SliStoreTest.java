package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.ManualClock;
import dev.sli.store.directory.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry on a store: after a close (or with a reader beside the writer) it answers as a registry that
 * never stopped; config changes are kept, added, redefined or orphaned, never mixed.
 */
class SliStoreTest {

    static final String CONFIG = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [{"name": "checkout", "kind": "latency", "threshold": "1s"},
                       {"name": "payments", "kind": "outcome"},
                       {"name": "pods", "kind": "readiness", "workloads": ["api"], "availability": "time"}],
              "objectives": [{"name": "fast", "type": "SLO", "sli": "checkout", "target": 0.99, "window": {"rolling": "1d"},
                              "budgeting": {"method": "occurrences"}, "missingData": "exclude"},
                             {"name": "paid", "type": "SLO", "sli": "payments", "target": 0.999, "window": {"rolling": "1d"},
                              "budgeting": {"method": "occurrences"}, "missingData": "exclude"},
                             {"name": "up", "type": "SLO", "sli": "pods", "target": 0.99, "window": {"rolling": "1d"},
                              "budgeting": {"method": "timeslices", "sliceTarget": 1}, "missingData": "exclude"}]}]}
            """;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    static SeriesOptions options(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(2)).build();
    }

    /** Hours [from, to) of seeded traffic into every series of the registry. */
    static void traffic(SliRegistry r, int fromHour, int toHour, long seed) {
        for (long m = fromHour * 60L; m < toHour * 60L; m++) {
            SplittableRandom rnd = new SplittableRandom(seed * 7919 + m);
            long t = T0 + m * 60_000L;
            for (int i = 0; i < 20; i++) {
                r.latency("shop", "checkout").recordAt(t + rnd.nextLong(60_000L), rnd.nextLong(1_500_000_000L), rnd.nextInt(50) != 0);
            }
            r.outcome("shop", "payments").recordCountsAt(t + 5, 100 + rnd.nextInt(10), rnd.nextInt(300) == 0 ? 3 : 0);
            r.readiness("shop", "pods").recordAt(t, 3, rnd.nextInt(100) == 0 ? 2 : 3);
        }
    }

    static List<String> statuses(SliRegistry r, long at) {
        return r.evaluate(at).stream().map(ObjectiveReport::status).map(Object::toString).toList();
    }

    @Test
    void aReopenedStoreContinuesWhereItWas() throws Exception {
        SloDocument doc = ConfigReader.parse(CONFIG);
        ManualClock clock = ManualClock.atEpochMillis(T0 + 12 * HOUR);
        SliRegistry reference = SliRegistry.create(doc, options(clock));
        traffic(reference, 0, 12, 1);
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock))) {
            assertEquals(List.of("shop/checkout", "shop/payments", "shop/pods"), store.changes().added());
            traffic(store.registry(), 0, 12, 1);
            assertEquals(statuses(reference, clock.epochMillis()), statuses(store.registry(), clock.epochMillis()));
        }
        clock.setEpochMillis(T0 + 24 * HOUR);
        traffic(reference, 12, 24, 2);
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock))) {
            assertTrue(store.changes().none(), store.changes().toString());
            assertEquals(List.of("shop/checkout", "shop/payments", "shop/pods"), store.changes().kept());
            assertFalse(store.recovered());
            traffic(store.registry(), 12, 24, 2);
            List<String> expected = statuses(reference, clock.epochMillis());
            assertEquals(expected, statuses(store.registry(), clock.epochMillis()));
            assertTrue(expected.get(0).contains("MISSED") || expected.get(0).contains("ON_TRACK") || expected.get(0).contains("MET")
                    || expected.get(0).contains("AT_RISK"), expected.get(0));
            // a reader beside the running writer sees what was sealed
            try (SliStore reader = SliStore.openReadOnly(dir, doc, options(clock))) {
                assertEquals(expected, statuses(reader.registry(), clock.epochMillis()));
            }
            StoreException locked = assertThrows(StoreException.class, () -> SliStore.open(dir, doc, CONFIG, options(clock)));
            assertEquals(StoreException.Problem.LOCKED, locked.problem());
            assertTrue(locked.getMessage().contains("pid " + ProcessHandle.current().pid()), locked.getMessage());
        }
        assertEquals(CONFIG, SliStore.storedDocument(dir).orElseThrow());
    }

    @Test
    void configChangesAreKeptAddedRedefinedOrOrphanedNeverMixed() throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 12 * HOUR);
        SloDocument doc = ConfigReader.parse(CONFIG);
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock))) {
            traffic(store.registry(), 0, 12, 1);
        }
        String changed = CONFIG
                .replace("{\"name\": \"checkout\", \"kind\": \"latency\", \"threshold\": \"1s\"}",
                        "{\"name\": \"checkout\", \"kind\": \"latency\", \"threshold\": \"800ms\"}")
                .replace("{\"name\": \"payments\", \"kind\": \"outcome\"}", "{\"name\": \"refunds\", \"kind\": \"outcome\"}")
                .replace("\"sli\": \"payments\"", "\"sli\": \"refunds\"");
        try (SliStore store = SliStore.open(dir, ConfigReader.parse(changed), changed, options(clock))) {
            SliStore.ConfigChanges c = store.changes();
            assertEquals(List.of("shop/pods"), c.kept());
            assertEquals(List.of("shop/refunds"), c.added());
            assertEquals(1, c.redefined().size(), c.toString());
            assertTrue(c.redefined().get(0).startsWith("shop/checkout: was HistoryShape["), c.redefined().get(0));
            assertEquals(List.of("shop/payments"), c.orphaned());
            // the redefined latency series starts empty: nothing of the old threshold's data is mixed in
            assertEquals(0, store.registry().latency("shop", "checkout")
                    .snapshotAt(dev.sli.core.window.Window.rolling(Duration.ofDays(1)), clock.epochMillis()).count());
            assertTrue(store.registry().readiness("shop", "pods")
                    .snapshotAt(dev.sli.core.window.Window.rolling(Duration.ofDays(1)), clock.epochMillis()).observedMillis() > 0);
        }
    }

    @Test
    void closeKeepsTheBucketsThatEndedAlsoWithoutAFlusher() throws Exception {
        SloDocument doc = ConfigReader.parse(CONFIG);
        ManualClock clock = ManualClock.atEpochMillis(T0);
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock), Duration.ZERO)) {
            store.registry().latency("shop", "checkout").recordAt(T0 + 10, 5_000_000L, true);
            store.registry().latency("shop", "checkout").recordAt(T0 + 20, 2_000_000_000L, true);
            store.registry().outcome("shop", "payments").recordCountsAt(T0 + 30, 7, 2);
            clock.setEpochMillis(T0 + 60_000);
        }
        try (SliStore store = SliStore.openReadOnly(dir, doc, options(clock))) {
            var w = dev.sli.core.window.Window.rolling(Duration.ofMinutes(1));
            assertEquals(2, store.registry().latency("shop", "checkout").snapshotAt(w, T0 + 60_000).count());
            assertEquals(1, store.registry().latency("shop", "checkout").snapshotAt(w, T0 + 60_000).atOrUnder(1_000_000_000L));
            assertEquals(7, store.registry().outcome("shop", "payments").snapshotAt(w, T0 + 60_000).good());
            assertEquals(2, store.registry().outcome("shop", "payments").snapshotAt(w, T0 + 60_000).bad());
        }
    }

    @Test
    void aDamagedCheckpointIsLeftOutAndTheSealedDataStillOpens() throws Exception {
        SloDocument doc = ConfigReader.parse(CONFIG);
        ManualClock clock = ManualClock.atEpochMillis(T0 + 12 * HOUR + 30_000); // half a minute into an open bucket
        SliRegistry reference = SliRegistry.create(doc, options(clock));
        traffic(reference, 0, 12, 1);
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock))) {
            traffic(store.registry(), 0, 12, 1);
            store.registry().outcome("shop", "payments").recordCountsAt(T0 + 12 * HOUR + 1_000, 7, 1); // open at close
        }
        java.nio.file.Path open = dir.resolve("series").resolve(store(doc, "shop/payments") + "/open");
        assertTrue(java.nio.file.Files.exists(open), "close checkpointed the open bucket");
        java.nio.file.Files.write(open, new byte[] {1, 2, 3}); // what a power loss can leave
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock))) {
            long at = T0 + 12 * HOUR;
            // latency and outcome: every sealed bucket whole (readiness keeps its undecided last minute open at a
            // close, a known gap of the store: time until its next sample is unknown)
            assertEquals(statuses(reference, at).subList(0, 2), statuses(store.registry(), at).subList(0, 2),
                    "every sealed bucket is whole");
            assertEquals(0, store.registry().outcome("shop", "payments")
                    .snapshotAt(dev.sli.core.window.Window.rolling(Duration.ofMinutes(1)), at + 60_000).total(),
                    "the damaged checkpoint's bucket is left out, not half read");
        }
    }

    @Test
    void aVersion1LayoutOpensAndItsCheckpointIsReplacedByTheFirstNewOne() throws Exception {
        SloDocument doc = ConfigReader.parse(CONFIG);
        ManualClock clock = ManualClock.atEpochMillis(T0 + HOUR + 30_000); // half a minute into an open bucket
        SliRegistry reference = SliRegistry.create(doc, options(clock));
        traffic(reference, 0, 1, 1);
        reference.outcome("shop", "payments").recordCountsAt(T0 + HOUR + 1_000, 7, 1);
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock), Duration.ZERO)) {
            traffic(store.registry(), 0, 1, 1);
            store.registry().outcome("shop", "payments").recordCountsAt(T0 + HOUR + 1_000, 7, 1); // open at close
        }
        Path series = dir.resolve("series");
        int payments = store(doc, "shop/payments");
        assertEquals(List.of("2024-01-01.log", "open"), names(series.resolve(Integer.toString(payments))));
        // made into the layout of version 1: series/<id>.log and series/<id>.log.open
        for (String name : names(series)) {
            Path d = series.resolve(name);
            java.nio.file.Files.move(d.resolve("2024-01-01.log"), series.resolve(name + ".log"));
            if (java.nio.file.Files.exists(d.resolve("open"))) {
                java.nio.file.Files.move(d.resolve("open"), series.resolve(name + ".log.open"));
            }
            java.nio.file.Files.delete(d);
        }
        byte[] legacy = java.nio.file.Files.readAllBytes(series.resolve(payments + ".log"));
        clock.setEpochMillis(T0 + HOUR + 60_000);
        var minute = dev.sli.core.window.Window.rolling(Duration.ofMinutes(1));
        var hours = dev.sli.core.window.Window.rolling(Duration.ofHours(2));
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock), Duration.ZERO)) {
            assertTrue(store.changes().none(), store.changes().toString());
            // the version-1 checkpoint's bucket is sealed (into the new day log), the rest read from the old logs
            assertEquals(8, store.registry().outcome("shop", "payments").snapshotAt(minute, clock.epochMillis()).total());
            assertEquals(reference.outcome("shop", "payments").snapshotAt(hours, clock.epochMillis()).good(),
                    store.registry().outcome("shop", "payments").snapshotAt(hours, clock.epochMillis()).good());
            assertEquals(reference.latency("shop", "checkout").snapshotAt(hours, clock.epochMillis()).count(),
                    store.registry().latency("shop", "checkout").snapshotAt(hours, clock.epochMillis()).count());
            assertTrue(java.nio.file.Files.exists(series.resolve(payments + ".log.open")), "kept until a new checkpoint");
        }
        assertFalse(java.nio.file.Files.exists(series.resolve(payments + ".log.open")), "replaced by the first new checkpoint");
        assertTrue(java.nio.file.Files.exists(series.resolve(payments + "/open")));
        assertEquals(List.of("2024-01-01.log", "open"), names(series.resolve(Integer.toString(payments))));
        assertTrue(java.util.Arrays.equals(legacy, java.nio.file.Files.readAllBytes(series.resolve(payments + ".log"))),
                "the version-1 log is never appended to");
        try (SliStore reader = SliStore.openReadOnly(dir, doc, options(clock))) {
            assertEquals(reference.outcome("shop", "payments").snapshotAt(hours, clock.epochMillis()).good(),
                    reader.registry().outcome("shop", "payments").snapshotAt(hours, clock.epochMillis()).good());
            assertEquals(reference.latency("shop", "checkout").snapshotAt(hours, clock.epochMillis()).count(),
                    reader.registry().latency("shop", "checkout").snapshotAt(hours, clock.epochMillis()).count());
        }
    }

    static List<String> names(Path directory) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The id of series {@code name} in the store in {@link #dir}. */
    int store(SloDocument doc, String name) throws Exception {
        try (dev.sli.store.directory.StoreDirectory d = dev.sli.store.directory.StoreDirectory.openReadOnly(dir)) {
            return d.series(name).orElseThrow().id();
        }
    }
}
