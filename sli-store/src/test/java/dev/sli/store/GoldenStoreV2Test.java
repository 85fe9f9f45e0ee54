package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.time.ManualClock;
import dev.sli.store.directory.StoreDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version-2 golden store ({@link GoldenStore} wrote it on 2026-11-28 with this layout: store.header version 2
 * with labels, day logs, Chronicle Map counter files, checkpoints of every kind; never regenerated) opens with
 * this code and answers what its generator recorded, worked out by hand: the same inputs as version 1, and the
 * work tasks open at the restart are counted, since this version checkpoints them.
 */
class GoldenStoreV2Test {

    static final Path GOLDEN = Path.of("src/test/resources/dev/sli/store/v2/store");

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void copy() throws Exception {
        dir = GoldenStoreTest.copyOf(GOLDEN, tmp.resolve("store"));
    }

    @Test
    void theLayoutIsVersion2WithCounterFilesAndDayLogs() throws Exception {
        try (StoreDirectory store = StoreDirectory.openReadOnly(dir)) {
            assertEquals(2, store.header().formatVersion());
            assertTrue(store.header().cleanShutdown());
        }
        assertTrue(Files.isRegularFile(dir.resolve("counters/2024-01-01.cmap")));
        assertTrue(Files.isRegularFile(dir.resolve("counters/counters.sum")));
        assertTrue(Files.isRegularFile(dir.resolve("series/5/open")), "the work series' checkpoint: its open tasks");
        assertFalse(Files.exists(dir.resolve("series/2.log")));
    }

    @Test
    void aReadOnlyOpenAnswersWhatTheGeneratorRecordedAndChangesNothing() throws Exception {
        Map<String, byte[]> before = GoldenStoreTest.files(dir);
        SloDocument doc = ConfigReader.parse(GoldenStore.AFTER);
        try (SliStore store = SliStore.openReadOnly(dir, doc,
                StoreCrashChild.options(ManualClock.atEpochMillis(GoldenStoreTest.END)))) {
            assertTrue(store.changes().none(), store.changes().toString());
            // payments: minutes 0 to 178 sealed into the counter files; 179, the newest with samples, in its checkpoint
            assertEquals(179, store.counterBuckets(2).size());
            GoldenStoreTest.check(store.registry(), true);
        }
        Map<String, byte[]> after = GoldenStoreTest.files(dir);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((f, bytes) -> assertArrayEquals(bytes, after.get(f), f));
    }

    @Test
    void aWriterOpensItCleanlyAndAnswersTheSame() throws Exception {
        SloDocument doc = ConfigReader.parse(GoldenStore.AFTER);
        try (SliStore store = SliStore.open(dir, doc, GoldenStore.AFTER,
                StoreCrashChild.options(ManualClock.atEpochMillis(GoldenStoreTest.END)), Duration.ZERO)) {
            assertFalse(store.recovered());
            assertTrue(store.changes().none(), store.changes().toString());
            GoldenStoreTest.check(store.registry(), true);
        }
        try (SliStore reader = SliStore.openReadOnly(dir, ConfigReader.parse(GoldenStore.AFTER),
                StoreCrashChild.options(ManualClock.atEpochMillis(GoldenStoreTest.END)))) {
            GoldenStoreTest.check(reader.registry(), true);
        }
    }
}
