package dev.sli.store.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.Rejection;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.record.WorkSnapshot;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsFileTest {

    static final String CONFIG = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [{"name": "checkout", "kind": "latency", "threshold": "1s"},
                       {"name": "orders", "kind": "work", "threshold": "1h"}],
              "objectives": [{"name": "fast", "type": "SLO", "sli": "checkout", "target": 0.99, "window": {"rolling": "1d"},
                              "budgeting": {"method": "occurrences"}, "missingData": "exclude"},
                             {"name": "done", "type": "SLO", "sli": "orders", "target": 0.9, "window": {"rolling": "1d"},
                              "budgeting": {"method": "occurrences"}, "missingData": "exclude"}]}]}
            """;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    static SliRegistry registry() {
        return SliRegistry.create(ConfigReader.parse(CONFIG), SeriesOptions.builder()
                .clock(ManualClock.atEpochMillis(T0 + Duration.ofDays(1).toMillis())).retention(Duration.ofDays(2)).build());
    }

    static ReplayStats replay(SliRegistry registry, String text) throws IOException, ReplayException {
        return EventsFile.replay(new StringReader(text), "events.csv", registry, "shop");
    }

    @Test
    void eventsTooFarAheadOfTheClockAreCountedApartAndDoNotSetTheLastTime() throws Exception {
        // the clock is at T0 + 1 d and the series allow the default maxFuture ahead of it
        SliRegistry registry = registry();
        long limit = T0 + Duration.ofDays(1).toMillis() + registry.options().maxFuture().toMillis();
        ReplayStats stats = replay(registry, "#sli-events 1\n"
                + "2024-01-01T00:00:01Z,checkout,0.25,ok\n"
                + "2100-01-01T00:00:00Z,checkout,0.25,ok\n"
                + "9223372036854775807,checkout,0.25,ok\n"
                + limit + ",checkout,0.5,ok\n"
                + (limit + 1) + ",orders,start,o-1\n"
                + "2024-01-01T00:20:00Z,checkout,0.25,ok\n");
        assertEquals(6, stats.events());
        assertEquals(3, stats.aheadOfClock());
        assertEquals(Instant.parse("2024-01-01T00:00:01Z"), stats.first().get());
        assertEquals(Instant.ofEpochMilli(limit), stats.last().get());
        assertEquals(2L, registry.latency("shop", "checkout").rejections().get(Rejection.FUTURE_TIMESTAMP));
        assertEquals(1L, registry.work("shop", "orders").snapshotAt(Window.rolling(Duration.ofHours(1)), limit)
                .rejections().get(Rejection.FUTURE_TIMESTAMP));
    }

    @Test
    void readsEveryKindOfTimeNameAndCommentIntoTheSeries() throws Exception {
        SliRegistry registry = registry();
        ReplayStats stats = replay(registry, """
                #sli-events 1
                # a comment, then a blank line

                2024-01-01T00:00:01Z,checkout,0.25,ok
                1704067202000,shop/checkout,1.5,error
                2024-01-01T00:00:03.500Z,checkout,1,ok
                2024-01-01T00:10:00Z,orders,start,o-1
                2024-01-01T00:40:00Z,orders,finish,o-1,ok
                """);
        assertEquals(8, stats.lines()); // magic, comment, blank line, five events
        assertEquals(5, stats.events());
        assertEquals(Map.of("shop/checkout", 3L, "shop/orders", 2L), stats.eventsBySli());
        assertEquals(Instant.parse("2024-01-01T00:00:01Z"), stats.first().get());
        assertEquals(Instant.parse("2024-01-01T00:40:00Z"), stats.last().get());
        LatencySnapshot checkout = registry.latency("shop", "checkout")
                .snapshotAt(Window.rolling(Duration.ofHours(1)), T0 + Duration.ofHours(1).toMillis(), 1.0);
        assertEquals(3, checkout.count());
        assertEquals(2, checkout.okCount());
        assertEquals(2, checkout.atOrUnder(1_000_000_000L)); // 0.25 s and exactly 1 s
        assertEquals(1_500_000_000L, checkout.maxNanos().getAsLong());
        WorkSnapshot orders = registry.work("shop", "orders").snapshotAt(Window.rolling(Duration.ofHours(1)),
                T0 + Duration.ofHours(1).toMillis());
        assertEquals(1, orders.within(Duration.ofHours(1)));
    }

    @Test
    void refusesOtherFormatsAndVersionsOnTheFirstLine() {
        assertEquals("events.csv:1: version '2' is not supported; this reads '#sli-events 1'",
                assertThrows(ReplayException.class, () -> replay(registry(), "#sli-events 2\n")).getMessage());
        assertEquals("events.csv:1: empty file; an sli events file starts with '#sli-events 1'",
                assertThrows(ReplayException.class, () -> replay(registry(), "")).getMessage());
    }

    @Test
    void namesTheLineAndFieldOfEveryUnreadableValue() {
        String head = "#sli-events 1\n";
        assertEquals("events.csv:2: field 1 (time): 'yesterday' is neither an ISO-8601 instant nor epoch milliseconds",
                assertThrows(ReplayException.class, () -> replay(registry(), head + "yesterday,checkout,1,ok\n")).getMessage());
        assertEquals("events.csv:2: field 4 (ok|error): 'fine' is neither ok nor error",
                assertThrows(ReplayException.class, () -> replay(registry(), head + "1,checkout,1,fine\n")).getMessage());
        assertEquals("events.csv:2: expected 4 fields (time,sli,seconds,ok|error) but found 3",
                assertThrows(ReplayException.class, () -> replay(registry(), head + "1,checkout,1\n")).getMessage());
        assertEquals("events.csv:2: field 3 (start|finish): 'stop' is neither start nor finish",
                assertThrows(ReplayException.class, () -> replay(registry(), head + "1,orders,stop,o-1\n")).getMessage());
        assertEquals("events.csv:2: field 5 (ok|failed): 'maybe' is neither ok nor failed",
                assertThrows(ReplayException.class, () -> replay(registry(), head + "1,orders,finish,o-1,maybe\n")).getMessage());
        assertEquals("events.csv:2: field 2 (sli): unknown SLI 'other/checkout'; known: [shop/checkout, shop/orders]",
                assertThrows(ReplayException.class, () -> replay(registry(), head + "1,other/checkout,1,ok\n")).getMessage());
        assertEquals("events.csv:2: field 3 (seconds): 'Infinity' is not a finite number of seconds",
                assertThrows(ReplayException.class, () -> replay(registry(), head + "1,checkout,Infinity,ok\n")).getMessage());
    }

    @Test
    void whatWasRecordedBeforeABadLineStays() throws Exception {
        SliRegistry registry = registry();
        assertThrows(ReplayException.class, () -> replay(registry, """
                #sli-events 1
                2024-01-01T00:00:01Z,checkout,0.25,ok
                2024-01-01T00:00:02Z,checkout,oops,ok
                """));
        assertEquals(1, registry.latency("shop", "checkout")
                .snapshotAt(Window.rolling(Duration.ofHours(1)), T0 + Duration.ofHours(1).toMillis()).count());
    }
}
