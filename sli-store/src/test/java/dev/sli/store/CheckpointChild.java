package dev.sli.store;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Holds a store open with a short flush interval and records one request (latency and outcome) every
 * millisecond of the real clock, printing "recorded N at T" (N requests so far, T epoch ms) every 20 ms,
 * until killed.
 */
final class CheckpointChild {

    private CheckpointChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long flushMillis = Long.parseLong(args[1]);
        SliStore store = SliStore.open(dir, ConfigReader.parse(CheckpointTest.CONFIG), CheckpointTest.CONFIG,
                SeriesOptions.builder().retention(Duration.ofDays(2)).build(), Duration.ofMillis(flushMillis));
        SliRegistry r = store.registry();
        long n = 0;
        long nextPrint = 0;
        while (true) {
            long now = System.currentTimeMillis();
            r.latency("shop", "checkout").record(1_000_000L, true);
            r.outcome("shop", "payments").record(true);
            n++;
            if (now >= nextPrint) {
                System.out.println("recorded " + n + " at " + now);
                nextPrint = now + 20;
            }
            Thread.sleep(1);
        }
    }
}
