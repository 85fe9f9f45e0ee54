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

    /** What the README's snippet calls to handle a request. */
    private static int handle(Object request) {
        return request == null ? 200 : 500;
    }

    @Test
    void theReadmeSnippetIsThisCodeAndRuns() throws java.io.IOException {
        Object request = null;
        // README:begin
        LatencySeries api = LatencySeries.builder("registry-api")
                .thresholds(Duration.ofSeconds(2))                  // counted exactly: "responses within 2 s"
                .build();                                           // 1-minute buckets, 22 days kept; no window to declare

        long start = System.nanoTime();
        int httpStatus = handle(request);                           // ... handle the request ...
        api.record(System.nanoTime() - start, httpStatus < 500);    // lock-free, 0 allocations

        LatencySnapshot weeks = api.snapshot(Window.rolling(Duration.ofDays(21)));  // snapshotAt(window, t): any past instant
        weeks.quantileNanos(0.99);                                  // any quantile; OptionalLong, empty without requests
        weeks.fractionAtOrUnder(2_000_000_000L);                    // exact: a declared threshold
        weeks.fractionAtOrUnder(1_500_000_000L);                    // any other: exact up to countedUpToNanos, within 0.1 %
        weeks.coverage();                                           // how much of the 21 days holds data

        Objective slo = Objective.builder().name("latency").target(0.99)
                .window(Window.rolling(Duration.ofDays(21))).build();    // default alert tiers of the SRE Workbook
        SloStatus sloStatus = Slo.evaluate(slo, api.thresholdIndicator(Duration.ofSeconds(2)),
                System.currentTimeMillis());                        // on the series' own bucket grid
        sloStatus.verdict();                                        // MET, MISSED, AT_RISK, ON_TRACK or NO_DATA
        sloStatus.budget().remaining();                             // bad requests still allowed
        sloStatus.alerts().decision();                              // PAGE, TICKET or NONE
        // README:end
        // the request is still in the open bucket: nothing sealed yet, and the answers say so
        assertEquals(0, weeks.count());
        assertEquals(dev.sli.core.slo.Verdict.NO_DATA, sloStatus.verdict());

        String source = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/test/java/dev/sli/core/ReadmeExampleTest.java"));
        String code = source.substring(source.indexOf("// README:begin\n") + 16, source.indexOf("        // README:end"));
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
        int at = readme.indexOf("```java\n") + 8;
        String snippet = readme.substring(at, readme.indexOf("```", at));
        assertEquals(snippet, code.replaceAll("(?m)^        ", ""), "README.md's snippet and this test differ");
    }
}
