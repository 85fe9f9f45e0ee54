package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The heap one busy latency series needs for three weeks of minute buckets: 1,000 lognormal requests a
 * minute (1 µs to 60 s), 3 significant digits, 1 ns to 1 h, with 1 h, 1 d and 21 d windows live.
 * Measured as the growth of the used heap after full collections, with the series reachable.
 */
class FootprintTest {

    static final long T0 = LatencySeriesTest.T0;
    static final int MINUTES = 21 * 24 * 60;
    static final long MIB = 1024 * 1024;

    @Test
    void aBusySeriesHoldsThreeWeeksOfMinuteDataInUnder64MiB() {
        long before = usedHeapAfterGc();
        ManualClock clock = ManualClock.atEpochMillis(T0 + MINUTES * 60_000L);
        Window hour = Window.rolling(Duration.ofHours(1));
        Window day = Window.rolling(Duration.ofDays(1));
        Window weeks = Window.rolling(Duration.ofDays(21));
        LatencySeries s = LatencySeries.builder("busy")
                .options(SeriesOptions.builder().clock(clock).retention(Duration.ofDays(22)).build())
                .thresholds(Duration.ofSeconds(2))
                .build();
        SplittableRandom r = new SplittableRandom(1);
        long requests = 0;
        for (int m = 0; m < MINUTES; m++) {
            long start = T0 + m * 60_000L;
            for (int i = 0; i < 1000; i++) {
                s.recordAt(start + i * 60L, LatencySeriesTest.lognormalNanos(r), true);
            }
            requests += 1000;
        }
        LatencySnapshot snap = s.snapshot(weeks, 0.99);
        assertEquals(requests, snap.count());
        s.snapshot(hour, 0.99);
        s.snapshot(day, 0.99);
        long after = usedHeapAfterGc();
        long retained = after - before;
        long compact = s.sealedHistogramBytes();
        System.out.printf("footprint: %d minutes x 1000 requests: retained heap %.1f MiB (sealed histograms %.1f MiB, %.0f B/bucket)%n",
                MINUTES, retained / (double) MIB, compact / (double) MIB, compact / (double) MINUTES);
        assertTrue(retained <= 64 * MIB, "retained " + retained / MIB + " MiB");
        java.lang.ref.Reference.reachabilityFence(s); // the series must be alive while the heap is measured
    }

    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
