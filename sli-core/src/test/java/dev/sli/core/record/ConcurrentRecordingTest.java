package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Several threads record while the clock crosses bucket boundaries and another thread queries: nothing
 * may be lost or counted twice.
 */
class ConcurrentRecordingTest {

    static final long T0 = LatencySeriesTest.T0;

    @Test
    void totalsAreExactWhileThreadsRecordAcrossBucketsAndAReaderQueries() throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        SeriesOptions options = SeriesOptions.builder().clock(clock).grid(dev.sli.core.window.BucketGrid.of(Duration.ofSeconds(1)))
                .retention(Duration.ofHours(2)).maxRecordingThreads(4).build();
        Window all = Window.rolling(Duration.ofHours(1));
        LatencySeries latency = LatencySeries.builder("api").options(options).thresholds(Duration.ofMillis(1))
                .build();
        OutcomeSeries outcome = OutcomeSeries.builder("api").options(options).build();
        int writers = 6; // more than maxRecordingThreads cells on some probes: exercises the striped fallback too
        int perWriter = 300_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong queries = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(new Thread(() -> {
                await(start);
                for (int i = 0; i < perWriter; i++) {
                    long d = (i % 2_000) * 1_000L;
                    latency.record(d, (i + id) % 10 != 0);
                    outcome.record((i + id) % 10 != 0);
                }
            }));
        }
        Thread ticker = new Thread(() -> {
            await(start);
            // about 1 ms of series time per 20 µs of real time, bounded to 40 minutes so the window covers all
            long limit = T0 + Duration.ofMinutes(40).toMillis();
            while (!done.get() && clock.epochMillis() < limit) {
                clock.advance(Duration.ofMillis(1));
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            }
        });
        Thread reader = new Thread(() -> {
            await(start);
            while (!done.get()) {
                latency.snapshot(all, 0.99);
                outcome.snapshot(all);
                queries.incrementAndGet();
            }
        });
        threads.forEach(Thread::start);
        ticker.start();
        reader.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        ticker.join();
        reader.join();
        clock.advance(Duration.ofSeconds(2));
        long expectedTotal = (long) writers * perWriter;
        long expectedBad = 0;
        long expectedUnder1ms = 0;
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < perWriter; i++) {
                if ((i + w) % 10 == 0) {
                    expectedBad++;
                }
                if ((i % 2_000) * 1_000L <= 1_000_000L) {
                    expectedUnder1ms++;
                }
            }
        }
        LatencySnapshot snap = latency.snapshot(all, 1.0);
        assertEquals(expectedTotal, snap.count());
        assertEquals(expectedTotal - expectedBad, snap.okCount());
        assertEquals(expectedUnder1ms, snap.atOrUnder(1_000_000L));
        assertEquals(1_999_000L, snap.maxNanos().getAsLong());
        OutcomeSnapshot o = outcome.snapshot(all);
        assertEquals(expectedTotal - expectedBad, o.good());
        assertEquals(expectedBad, o.bad());
        System.out.println("concurrent recording: " + queries.get() + " queries ran during recording");
    }

    @Test
    void historicReplayFromTwoThreadsKeepsUnsealedBucketsBounded() throws Exception {
        // 1,000 samples a minute: every thousandth sample moves to a new bucket, faster than sealing
        long end = T0 + Duration.ofDays(3).toMillis();
        ManualClock clock = ManualClock.atEpochMillis(end);
        SeriesOptions options = SeriesOptions.builder().clock(clock).retention(Duration.ofDays(4)).build();
        Window all = Window.rolling(Duration.ofDays(3));
        LatencySeries latency = LatencySeries.builder("replay").options(options).build();
        int threads = 2;
        int minutes = 3 * 24 * 60;
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong maxOpen = new AtomicLong();
        Thread monitor = new Thread(() -> {
            while (!done.get()) {
                maxOpen.accumulateAndGet(latency.openBucketsForTest(), Math::max);
                Thread.onSpinWait();
            }
        });
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int id = w;
            writers.add(new Thread(() -> {
                for (int m = 0; m < minutes; m++) {
                    long start = T0 + m * 60_000L;
                    for (int i = 0; i < 500; i++) {
                        latency.recordAt(start + i * 120L + id, 1_000_000L + i, true);
                    }
                }
            }));
        }
        monitor.start();
        writers.forEach(Thread::start);
        for (Thread t : writers) {
            t.join();
        }
        done.set(true);
        monitor.join();
        assertEquals((long) threads * minutes * 500, latency.snapshotAt(all, end).count());
        // a constant, whatever the amount replayed (4,320 buckets per thread here); without backpressure
        // this test saw 215 unsealed buckets after 10 s and the count kept growing until the heap ran out
        long bound = 96;
        System.out.println("historic replay from two threads: at most " + maxOpen.get() + " unsealed buckets at once");
        org.junit.jupiter.api.Assertions.assertTrue(maxOpen.get() <= bound,
                "at most " + bound + " unsealed buckets at once, saw " + maxOpen.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
