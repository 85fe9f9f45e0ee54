package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.time.ManualClock;
import dev.sli.store.directory.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay notes: the newest instant each replay recorded per SLI, kept at its latest, damage named. */
class ReplayNotesTest {

    @TempDir
    Path dir;

    @Test
    void notesKeepTheLatestInstantAndADamagedFileIsNamedWithItsLine() throws Exception {
        var doc = ConfigReader.parse(SliStoreTest.CONFIG);
        SeriesOptions options = SeriesOptions.builder().clock(ManualClock.atEpochMillis(SliStoreTest.T0)).build();
        try (SliStore store = SliStore.open(dir, doc, null, options)) {
            assertEquals(OptionalLong.empty(), store.replayedThroughMillis("shop/payments"));
            store.markReplayedThrough(Map.of("shop/payments", 5_000L, "shop/checkout", 9_000L));
            store.markReplayedThrough(Map.of("shop/payments", 7_000L, "shop/checkout", 8_000L));
            assertEquals(OptionalLong.of(7_000L), store.replayedThroughMillis("shop/payments"));
            assertEquals(OptionalLong.of(9_000L), store.replayedThroughMillis("shop/checkout")); // never moved back
        }
        assertEquals("sli-replayed 1\n9000\tshop/checkout\n7000\tshop/payments\n",
                Files.readString(dir.resolve(SliStore.REPLAYED_FILE), StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(SliStore.REPLAYED_FILE), "sli-replayed 1\n9000\tshop/checkout\nseven\tshop/payments\n");
        try (SliStore store = SliStore.open(dir, doc, null, options)) {
            StoreException e = assertThrows(StoreException.class, () -> store.replayedThroughMillis("shop/payments"));
            assertEquals(dir.resolve(SliStore.REPLAYED_FILE) + ": line 3: expected epoch milliseconds, a tab and an SLI name",
                    e.getMessage());
            assertEquals(StoreException.Problem.CORRUPT, e.problem());
        }
    }
}
