package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.ProbeSnapshot;
import dev.sli.core.record.ReadinessGroupSnapshot;
import dev.sli.core.record.WorkSnapshot;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import dev.sli.store.directory.StoreDirectory;
import dev.sli.store.history.LogSealedHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version-1 golden store ({@link GoldenStore} wrote it; never regenerated) opens with this code and
 * answers exactly what its generator recorded, worked out by hand from the inputs listed in
 * {@link GoldenStore}: every kind, a series redefined (threshold changed) and one retired (kind changed),
 * neither mixed with its old data, which stays on disk.
 */
class GoldenStoreTest {

    static final Path GOLDEN = Path.of("src/test/resources/dev/sli/store/v1/store");
    static final long END = GoldenStore.T0 + 180 * GoldenStore.MINUTE;
    static final long MIN = GoldenStore.MINUTE;
    static final long MS = GoldenStore.MS;

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void copy() throws Exception {
        dir = tmp.resolve("store");
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve(GOLDEN.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                all.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return all;
    }

    @Test
    void theHeaderListsEverySeriesWithTheRetiredOnesKept() throws Exception {
        try (StoreDirectory store = StoreDirectory.openReadOnly(dir)) {
            assertEquals(Duration.ofMinutes(1), store.bucketResolution());
            assertEquals("[1 shop/checkout LATENCY retired, 2 shop/payments OUTCOME, 3 shop/pods READINESS, 4 shop/ping PROBE,"
                    + " 5 shop/orders WORK, 6 shop/legacy OUTCOME retired, 7 shop/checkout LATENCY, 8 shop/legacy LATENCY]",
                    store.header().series().stream().map(e -> e.id() + " " + e.name() + " " + e.kind() + (e.retired() ? " retired" : ""))
                            .toList().toString());
        }
        // the retired series' data stays on disk, each minute of it
        LogSealedHistory.Summary oldCheckout = LogSealedHistory.summarize(dir.resolve("series/1.log"));
        assertEquals(120, oldCheckout.buckets());
        assertArrayEquals(new long[] {1_000_000_000L}, oldCheckout.shape().orElseThrow().thresholdsNanos());
        assertEquals(120, LogSealedHistory.summarize(dir.resolve("series/6.log")).buckets());
        assertArrayEquals(new long[] {800_000_000L},
                LogSealedHistory.summarize(dir.resolve("series/7.log")).shape().orElseThrow().thresholdsNanos());
        assertEquals(GoldenStore.AFTER, SliStore.storedDocument(dir).orElseThrow());
    }

    @Test
    void aReadOnlyOpenAnswersWhatTheGeneratorRecordedAndChangesNothing() throws Exception {
        Map<String, byte[]> before = files(dir);
        SloDocument doc = ConfigReader.parse(GoldenStore.AFTER);
        try (SliStore store = SliStore.openReadOnly(dir, doc, StoreCrashChild.options(ManualClock.atEpochMillis(END)))) {
            assertTrue(store.changes().none(), store.changes().toString());
            check(store.registry());
        }
        Map<String, byte[]> after = files(dir);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((f, bytes) -> assertArrayEquals(bytes, after.get(f), f));
    }

    @Test
    void aWriterOpensItCleanlyAndAnswersTheSame() throws Exception {
        SloDocument doc = ConfigReader.parse(GoldenStore.AFTER);
        try (SliStore store = SliStore.open(dir, doc, GoldenStore.AFTER, StoreCrashChild.options(ManualClock.atEpochMillis(END)),
                Duration.ZERO)) {
            assertFalse(store.recovered());
            assertTrue(store.changes().none(), store.changes().toString());
            check(store.registry());
        }
    }

    /** The inputs of {@link GoldenStore}, summed by hand. */
    static void check(SliRegistry r) {
        Window threeHours = Window.rolling(Duration.ofHours(3));
        Window twoHours = Window.rolling(Duration.ofHours(2));
        // checkout, redefined at minute 120: 60 requests of 700 ms since; none of the 240 before is mixed in
        LatencySnapshot checkout = r.latency("shop", "checkout").snapshotAt(threeHours, END);
        assertEquals(60, checkout.count());
        assertEquals(60, checkout.okCount());
        assertEquals(60, checkout.atOrUnder(800 * MS));
        assertTrue(checkout.isExact(800 * MS));
        // legacy, outcome until minute 120, latency since: 60 requests of 50 ms
        LatencySnapshot legacy = r.latency("shop", "legacy").snapshotAt(threeHours, END);
        assertEquals(60, legacy.count());
        assertEquals(0, r.latency("shop", "legacy").snapshotAt(twoHours, END - 60 * MIN).count());
        // payments: 120 × 10 + 60 × 5 good; 2 bad at minutes 0, 30, 60 and 90, then 1 a minute
        assertEquals(1500, r.outcome("shop", "payments").snapshotAt(threeHours, END).good());
        assertEquals(4 * 2 + 60, r.outcome("shop", "payments").snapshotAt(threeHours, END).bad());
        assertEquals(1200, r.outcome("shop", "payments").snapshotAt(twoHours, END - 60 * MIN).good());
        assertEquals(8, r.outcome("shop", "payments").snapshotAt(twoHours, END - 60 * MIN).bad());
        // pods: 180 minutes observed, 5 of them (60 to 64) with 2 of 3 ready
        ReadinessGroupSnapshot pods = r.readiness("shop", "pods").snapshotAt(threeHours, END);
        assertEquals(180 * MIN, pods.observedMillis());
        assertEquals(175 * MIN, pods.fullyReadyMillis());
        assertEquals((175 * 3 + 5 * 2) * MIN, pods.readyReplicaMillis());
        assertEquals(180 * 3 * MIN, pods.desiredReplicaMillis());
        // ping: down in minutes 30 and 31, six checks a minute
        ProbeSnapshot ping = r.probe("shop", "ping").snapshotAt(threeHours, END);
        assertEquals(178 * MIN, ping.upMillis());
        assertEquals(2 * MIN, ping.downMillis());
        assertEquals(178 * 6, ping.upChecks());
        assertEquals(2 * 6, ping.downChecks());
        // orders: o0, o20, o40 and o60 finished ok after 5, 15, 25 and 35 minutes. o80 and o100 were started
        // before the writer closed at minute 120 and finished after it reopened: the version that wrote this store
        // did not checkpoint open work items, so their finishes are for ids the reopened series never saw (a
        // store written since keeps them: WorkAcrossRestartTest)
        WorkSnapshot orders = r.work("shop", "orders").snapshotAt(threeHours, END);
        assertEquals(4, orders.completed());
        assertEquals(0, orders.failed());
        assertEquals(4, orders.within(Duration.ofHours(1)));
        assertEquals(0, orders.open().size());
        assertEquals(4, orders.finished());
    }
}
