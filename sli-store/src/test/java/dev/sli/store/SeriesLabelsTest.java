package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.SeriesKind;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import dev.sli.store.directory.SeriesEntry;
import dev.sli.store.directory.StoreDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A series in the store is name + kind + labels: an SLI whose labels change is redefined, never mixed. */
class SeriesLabelsTest {

    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    static String config(String route) {
        return """
                {"format": 1, "services": [{"name": "shop",
                  "slis": [{"name": "payments", "kind": "outcome", "labels": {"route": "%s", "az": "eu-1"}}],
                  "objectives": [{"name": "paid", "type": "SLO", "sli": "payments", "target": 0.999, "window": {"rolling": "1d"},
                                  "budgeting": {"method": "occurrences"}, "missingData": "exclude"}]}]}
                """.formatted(route);
    }

    @TempDir
    Path dir;

    long payments(SliStore store, long at) {
        return store.registry().outcome("shop", "payments").snapshotAt(Window.rolling(Duration.ofDays(1)), at).total();
    }

    @Test
    void otherLabelsRetireTheOldSeriesAndStartANewOne() throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 3_600_000);
        SeriesOptions options = SeriesOptions.builder().clock(clock).retention(Duration.ofDays(2)).build();
        try (SliStore store = SliStore.open(dir, ConfigReader.parse(config("/pay")), config("/pay"), options)) {
            for (int m = 0; m < 30; m++) {
                store.registry().outcome("shop", "payments").recordCountsAt(T0 + m * 60_000L, 10, 1);
            }
        }
        try (SliStore same = SliStore.open(dir, ConfigReader.parse(config("/pay")), config("/pay"), options)) {
            assertEquals(List.of("shop/payments"), same.changes().kept());
            assertEquals(330, payments(same, clock.epochMillis()));
        }
        try (SliStore reader = SliStore.openReadOnly(dir, ConfigReader.parse(config("/cart")), options)) {
            assertEquals(List.of("shop/payments: the store holds it with labels {az=eu-1, route=/pay}; the config gives"
                    + " {az=eu-1, route=/cart} (answers here leave the store's data out)"), reader.changes().redefined());
            assertEquals(0, payments(reader, clock.epochMillis()));
        }
        try (SliStore changed = SliStore.open(dir, ConfigReader.parse(config("/cart")), config("/cart"), options)) {
            assertEquals(List.of("shop/payments: had labels {az=eu-1, route=/pay} (id 1, kept on disk), now"
                    + " {az=eu-1, route=/cart}"), changed.changes().redefined());
            assertEquals(0, payments(changed, clock.epochMillis())); // nothing of /pay's data is mixed in
        }
        try (StoreDirectory header = StoreDirectory.openReadOnly(dir)) {
            assertEquals(List.of(
                    new SeriesEntry(1, "shop/payments", SeriesKind.OUTCOME, true, Map.of("route", "/pay", "az", "eu-1")),
                    new SeriesEntry(2, "shop/payments", SeriesKind.OUTCOME, false, Map.of("route", "/cart", "az", "eu-1"))),
                    header.header().series());
        }
    }
}
