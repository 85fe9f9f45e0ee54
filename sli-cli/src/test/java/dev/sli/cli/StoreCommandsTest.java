package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.cli.LintCommandTest.Run;
import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.time.ManualClock;
import dev.sli.store.SliStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sli inspect} and {@code sli gate} on a store whose writer is still open: the budget arithmetic is
 * worked by hand (10 000 payments over the day, 50 failed, target 99 %: 100 allowed, half left).
 */
class StoreCommandsTest {

    static final String CONFIG = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [{"name": "payments", "kind": "outcome"}, {"name": "checkout", "kind": "latency", "threshold": "1s"}],
              "objectives": [{"name": "paid", "type": "SLO", "sli": "payments", "target": 0.99, "window": {"rolling": "1d"},
                              "budgeting": {"method": "occurrences"}, "missingData": "exclude"}]}]}
            """;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    /** A writer holding the store, having recorded a day: 100 good payments a 14.4-minute step... 10 000 in all, 50 bad. */
    SliStore writer() throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(T0 + Duration.ofDays(1).toMillis());
        SeriesOptions options = SeriesOptions.builder().clock(clock).retention(ReportCommand.retentionFor(ConfigReader.parse(CONFIG)))
                .retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build();
        SliStore store = SliStore.open(dir, ConfigReader.parse(CONFIG), CONFIG, options, Duration.ZERO);
        for (int i = 0; i < 100; i++) { // every 14.4 minutes: 99.5 payments on average, 50 failures in all
            long t = T0 + i * 864_000L;
            store.registry().outcome("shop", "payments").recordCountsAt(t, i < 50 ? 99 : 100, i < 50 ? 1 : 0);
        }
        store.registry().evaluate(clock.epochMillis()); // seals the day: what a running writer has written
        return store;
    }

    @Test
    void gateOpensAtOrAboveTheFloorAndClosesBelowIt() throws Exception {
        try (SliStore running = writer()) {
            Run open = LintCommandTest.sli("gate", dir.toString(), "--slo", "paid", "--min-budget", "50%");
            assertEquals(0, open.exitCode(), open.toString());
            assertEquals(1, open.out().size(), open.toString());
            assertTrue(open.out().get(0).startsWith("gate OPEN: shop/paid has 50% of its error budget left, at or above the floor of 50%"),
                    open.out().get(0));
            Run closed = LintCommandTest.sli("gate", dir.toString(), "--slo", "shop/paid", "--min-budget", "50.01%");
            assertEquals(1, closed.exitCode(), closed.toString());
            assertTrue(closed.out().get(0).startsWith("gate CLOSED: shop/paid has 50% of its error budget left, below the floor of 50.01%"),
                    closed.out().get(0));
            assertEquals(0, LintCommandTest.sli("gate", dir.toString(), "--slo", "paid", "--min-budget", "0.1").exitCode());
        }
    }

    @Test
    void gateRefusesBadInputWithExitTwo() throws Exception {
        try (SliStore running = writer()) {
            Run unknown = LintCommandTest.sli("gate", dir.toString(), "--slo", "fast\u001b[2J", "--min-budget", "10%");
            assertEquals(2, unknown.exitCode());
            assertEquals(List.of("sli gate: --slo: no objective 'fast\\x1b[2J' in the store's document; it has shop/paid"), unknown.err());
            Run floor = LintCommandTest.sli("gate", dir.toString(), "--slo", "paid", "--min-budget", "ten");
            assertEquals(2, floor.exitCode());
            assertEquals(List.of("sli gate: --min-budget: 'ten' is not a percentage such as 10% or a fraction such as 0.1"), floor.err());
        }
        Path empty = Files.createDirectory(dir.resolve("nothing"));
        Run notAStore = LintCommandTest.sli("gate", empty.toString(), "--slo", "paid", "--min-budget", "10%");
        assertEquals(2, notAStore.exitCode());
        assertEquals(1, notAStore.err().size(), notAStore.toString());
        assertTrue(notAStore.err().get(0).startsWith("sli gate: " + empty), notAStore.toString());
    }

    @Test
    void inspectListsTheSeriesAndTheObjectivesWhileTheWriterRuns() throws Exception {
        try (SliStore running = writer()) {
            Run r = LintCommandTest.sli("inspect", dir.toString());
            assertEquals(0, r.exitCode(), r.toString());
            String all = String.join("\n", r.out());
            assertTrue(r.out().get(0).contains("written by pid " + ProcessHandle.current().pid()), all);
            assertTrue(all.contains("shop/payments") && all.contains("outcome") && all.contains("2024-01-01T00:00:00Z to 2024-01-01T23:46:00Z"), all);
            assertTrue(all.contains("shop/checkout") && all.contains("no data"), all);
            assertTrue(all.contains("shop/paid") && all.contains("budget remaining 50%"), all);
        }
    }
}
