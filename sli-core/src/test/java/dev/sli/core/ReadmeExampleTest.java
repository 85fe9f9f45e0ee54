package dev.sli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.slo.AlertEvaluation;
import dev.sli.core.slo.Objective;
import dev.sli.core.slo.Slo;
import dev.sli.core.slo.SloStatus;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's "Using the library" example, compiled and run, with its answers checked by hand. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleWorksAsWritten() {
        ManualClock clock = ManualClock.at(Instant.parse("2024-01-01T00:00:00Z"));
        LatencySeries api = LatencySeries.builder("registry-api")
                .options(SeriesOptions.builder().clock(clock).build())
                .thresholds(Duration.ofSeconds(2))
                .build();
        for (int i = 1; i <= 1000; i++) {
            api.record(i * 3_000_000L, i % 100 != 0); // 3 ms .. 3 s; every hundredth fails
        }
        clock.advance(Duration.ofMinutes(1));
        LatencySnapshot week3 = api.snapshot(Window.rolling(Duration.ofDays(21)), 0.5, 0.99);
        assertEquals(1000, week3.count());
        assertEquals(990, week3.okCount());
        assertEquals(666, week3.atOrUnder(2_000_000_000L)); // 3 ms * 666 = 1.998 s
        assertEquals(0.666, week3.fractionAtOrUnder(2_000_000_000L).getAsDouble(), 0.0);
        long p99 = week3.quantileNanos(0.99).getAsLong();
        assertTrue(p99 >= 2_970_000_000L && p99 <= 2_970_000_000L * 1.001, "p99 " + p99); // 990th of 3 ms steps

        Objective slo = Objective.builder().name("latency").target(0.99)
                .window(Window.rolling(Duration.ofDays(21))).build();
        SloStatus status = Slo.evaluate(slo, api.thresholdIndicator(Duration.ofSeconds(2)),
                clock.epochMillis(), BucketGrid.DEFAULT);
        assertEquals(0.666, status.ratio().getAsDouble(), 1e-12);
        assertEquals(10.0, status.budget().allowed(), 1e-9);   // 1 % of 1000 requests
        assertEquals(-324.0, status.budget().remaining(), 1e-9); // 334 slow requests: overspent
        assertEquals(AlertEvaluation.Decision.PAGE, status.alerts().decision()); // 33.4x burn in the last hour
    }
}
