package dev.sli.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SliRegistryRetentionTest {

    static final long NOW = Instant.parse("2024-02-10T00:00:00Z").toEpochMilli();

    static SloDocument document(String window, String alerts) {
        return ConfigReader.parse("""
                {"format": 1, "services": [{"name": "shop",
                  "slis": [{"name": "orders", "kind": "outcome"}],
                  "objectives": [{"name": "ok", "type": "SLO", "sli": "orders", "target": 0.99, "window": %s,
                                  "budgeting": {"method": "occurrences"}, "missingData": "exclude"%s}]}]}
                """.formatted(window, alerts));
    }

    static SeriesOptions options(Duration retention) {
        return SeriesOptions.builder().clock(ManualClock.atEpochMillis(NOW)).retention(retention).build();
    }

    @Test
    void refusesARollingWindowLongerThanTheRetention() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SliRegistry.create(document("{\"rolling\": \"30d\"}", ""), options(Duration.ofDays(22))));
        assertEquals("objective 'shop/ok': window rolling P30D is longer than the retention of series 'shop/orders' (P22D)",
                e.getMessage());
    }

    @Test
    void refusesACalendarPeriodLongerThanTheRetentionAsOfTheClock() {
        String monthly = "{\"calendar\": \"P1M\", \"start\": \"2024-01-01\", \"zone\": \"Europe/Paris\"}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SliRegistry.create(document(monthly, ""), options(Duration.ofDays(28))));
        // February 2024 in Paris: 29 days, from 2024-01-31T23:00Z
        assertEquals("objective 'shop/ok': window calendar P1M from 2024-01-01 Europe/Paris has a period of P29D at"
                + " 2024-02-10T00:00:00Z, longer than the retention of series 'shop/orders' (P28D)", e.getMessage());
        SliRegistry.create(document(monthly, ""), options(Duration.ofDays(29)));
    }

    @Test
    void refusesAnAlertWindowLongerThanTheRetention() {
        String alerts = ", \"alerts\": [{\"severity\": \"ticket\", \"budgetFraction\": 0.1, \"longWindow\": \"3d\","
                + " \"shortWindow\": \"6h\"}]";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SliRegistry.create(document("{\"rolling\": \"2d\"}", alerts), options(Duration.ofDays(2))));
        assertEquals("objective 'shop/ok': alert window P3D is longer than the retention of series 'shop/orders' (P2D)",
                e.getMessage());
    }

    @Test
    void acceptsAWindowAsLongAsTheRetention() {
        assertEquals(1, SliRegistry.create(document("{\"rolling\": \"22d\"}", ""), options(Duration.ofDays(22)))
                .objectives().size());
    }
}
