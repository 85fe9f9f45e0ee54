package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sli.core.window.BucketGrid;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeIntegratorTest {

    /** 2024-01-01T00:00:00Z. */
    private static final long T0 = 1_704_067_200_000L;
    private static final BucketGrid MINUTE = BucketGrid.DEFAULT;
    private static final long B0 = MINUTE.bucketOf(T0);

    record Slice(long upMs, long downMs, long upChecks, long downChecks) {
        Slice plus(Slice o) {
            return new Slice(upMs + o.upMs, downMs + o.downMs, upChecks + o.upChecks, downChecks + o.downChecks);
        }
    }

    private static final Slice ZERO = new Slice(0, 0, 0, 0);

    static final class Collector implements ProbeSink {
        final TreeMap<Long, Slice> buckets = new TreeMap<>();

        @Override
        public void bucket(long bucket, long upMs, long downMs, long upChecks, long downChecks) {
            if (!buckets.isEmpty() && bucket <= buckets.lastKey()) {
                fail("bucket " + bucket + " handed over after bucket " + buckets.lastKey());
            }
            buckets.put(bucket, new Slice(upMs, downMs, upChecks, downChecks));
        }
    }

    private static Slice peek(ProbeIntegrator integrator) {
        Slice[] seen = new Slice[1];
        assertTrue(integrator.peekOpen((b, u, d, uc, dc) -> seen[0] = new Slice(u, d, uc, dc)));
        return seen[0];
    }

    private static long peekBucket(ProbeIntegrator integrator) {
        long[] seen = new long[1];
        integrator.peekOpen((b, u, d, uc, dc) -> seen[0] = b);
        return seen[0];
    }

    private static ProbeIntegrator every30s(ProbeSink sink) {
        return ProbeIntegrator.forCheckInterval(MINUTE, Duration.ofSeconds(30), sink);
    }

    // ---------------------------------------------------------------- exact examples

    @Test
    void stalenessIsTwiceTheCheckIntervalByDefault() {
        assertEquals(60_000, every30s(new Collector()).stalenessMillis());
        assertEquals(45_000, ProbeIntegrator.withStaleness(MINUTE, Duration.ofSeconds(45), new Collector())
                .stalenessMillis());
    }

    @Test
    void classifiesTimeUpOrDownUntilTheNextResultAndCountsChecks() {
        Collector sink = new Collector();
        ProbeIntegrator probe = every30s(sink);
        probe.result(T0, true, 120_000_000);
        probe.result(T0 + 30_000, false, 2_400_000_000L);
        probe.result(T0 + 45_000, true, 80_000_000);
        probe.advanceTo(T0 + 60_000);

        assertEquals(Map.of(B0, new Slice(45_000, 15_000, 2, 1)), sink.buckets);
    }

    @Test
    void oneMissedCheckLeavesNoGapButTwoMissedLeaveUnknownTime() {
        Collector sink = new Collector();
        ProbeIntegrator probe = every30s(sink);
        probe.result(T0, true, 1);
        probe.result(T0 + 60_000, true, 1);  // the check at 30 s was missed: still covered
        probe.result(T0 + 150_000, true, 1); // 90 s and 120 s missed: [120 s, 150 s) unknown
        probe.advanceTo(T0 + 180_000);

        assertEquals(Map.of(B0, new Slice(60_000, 0, 1, 0), B0 + 1, new Slice(60_000, 0, 1, 0),
                B0 + 2, new Slice(30_000, 0, 1, 0)), sink.buckets);
    }

    @Test
    void splitsDownTimeAtBucketBoundariesAndStopsAtTheStalenessLimit() {
        Collector sink = new Collector();
        ProbeIntegrator probe = ProbeIntegrator.withStaleness(MINUTE, Duration.ofSeconds(100), sink);
        probe.result(T0 + 50_000, false, 1);
        probe.advanceTo(T0 + 600_000);

        assertEquals(Map.of(B0, new Slice(0, 10_000, 0, 1), B0 + 1, new Slice(0, 60_000, 0, 0),
                B0 + 2, new Slice(0, 30_000, 0, 0)), sink.buckets);
    }

    @Test
    void rejectsAndCountsOutOfOrderResultsKeepingThePreviousInForce() {
        Collector sink = new Collector();
        ProbeIntegrator probe = every30s(sink);
        probe.result(T0 + 10_000, true, 1);
        probe.result(T0 + 5_000, false, 1);
        probe.advanceTo(T0 + 60_000);

        assertEquals(1, probe.rejectedOutOfOrder());
        assertEquals(0, probe.rejectedNegativeLatency());
        assertEquals(Map.of(B0, new Slice(50_000, 0, 1, 0)), sink.buckets);
    }

    @Test
    void rejectsAndCountsNegativeLatencySeparately() {
        Collector sink = new Collector();
        ProbeIntegrator probe = every30s(sink);
        probe.result(T0, true, 1);
        probe.result(T0 + 10_000, false, -1);
        probe.result(T0 - 10_000, false, -5); // also out of order, counted once as negative latency
        probe.advanceTo(T0 + 60_000);

        assertEquals(2, probe.rejectedNegativeLatency());
        assertEquals(0, probe.rejectedOutOfOrder());
        assertEquals(1, probe.acceptedResults());
        assertEquals(Map.of(B0, new Slice(60_000, 0, 1, 0)), sink.buckets);
    }

    @Test
    void rejectsAndCountsTimestampsOutOfRange() {
        ProbeIntegrator probe = every30s(new Collector());
        probe.result(Long.MIN_VALUE, true, 1);
        probe.result(ProbeIntegrator.MAX_ABS_EPOCH_MILLIS + 1, true, 1);

        assertEquals(2, probe.rejectedOutOfRange());
        assertEquals(OptionalLong.empty(), probe.decidedUntilMillis());
        assertFalse(probe.peekOpen((b, u, d, uc, dc) -> fail("nothing started")));
    }

    @Test
    void duplicateTimestampReplacesTheClassificationAndRecountsItsCheckWhileTheBucketIsOpen() {
        Collector sink = new Collector();
        ProbeIntegrator probe = every30s(sink);
        probe.result(T0 + 10_000, false, 1);
        probe.advanceTo(T0 + 20_000);
        probe.result(T0 + 10_000, true, 1);
        probe.advanceTo(T0 + 60_000);

        assertEquals(1, probe.duplicateResults());
        assertEquals(1, probe.lateResults());
        assertEquals(Map.of(B0, new Slice(40_000, 10_000, 1, 0)), sink.buckets);
    }

    @Test
    void duplicateAfterItsBucketWasSealedAddsNoCheck() {
        Collector sink = new Collector();
        ProbeIntegrator probe = every30s(sink);
        probe.result(T0 + 50_000, false, 1);
        probe.advanceTo(T0 + 70_000);
        probe.result(T0 + 50_000, true, 1);
        probe.advanceTo(T0 + 120_000);

        assertEquals(Map.of(B0, new Slice(0, 10_000, 0, 1), B0 + 1, new Slice(40_000, 10_000, 0, 0)),
                sink.buckets);
    }

    @Test
    void resultLateBeyondItsStalenessCountsACheckButNoTimeAndEndsThePrevious() {
        Collector sink = new Collector();
        ProbeIntegrator probe = ProbeIntegrator.withStaleness(MINUTE, Duration.ofSeconds(10), sink);
        probe.result(T0, true, 1);
        probe.advanceTo(T0 + 5_000);
        probe.advanceTo(T0 + 70_000);
        probe.result(T0 + 30_000, false, 1); // late by 40 s, stale since 40 s
        probe.advanceTo(T0 + 120_000);

        assertEquals(Map.of(B0, new Slice(10_000, 0, 1, 0), B0 + 1, new Slice(0, 0, 0, 1)), sink.buckets);
    }

    @Test
    void handsABucketOverExactlyWhenTimeReachesItsEnd() {
        Collector sink = new Collector();
        ProbeIntegrator probe = every30s(sink);
        probe.result(T0 + 30_000, true, 1);
        probe.advanceTo(T0 + 59_999);
        assertEquals(Map.of(), sink.buckets);
        assertEquals(new Slice(29_999, 0, 1, 0), peek(probe));

        probe.advanceTo(T0 + 60_000);
        assertEquals(Map.of(B0, new Slice(30_000, 0, 1, 0)), sink.buckets);
        assertEquals(ZERO, peek(probe));
        assertEquals(B0 + 1, peekBucket(probe));
    }

    @Test
    void rejectsAnIntervalOrStalenessThatIsNotAPositiveWholeNumberOfMilliseconds() {
        ProbeSink sink = (b, u, d, uc, dc) -> { };
        IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
                () -> ProbeIntegrator.forCheckInterval(MINUTE, Duration.ofSeconds(-30), sink));
        assertEquals("checkInterval must be a whole number of milliseconds between 1ms and 182.5d, got PT-30S",
                interval.getMessage());
        IllegalArgumentException staleness = assertThrows(IllegalArgumentException.class,
                () -> ProbeIntegrator.withStaleness(MINUTE, Duration.ZERO, sink));
        assertEquals("staleness must be a whole number of milliseconds between 1ms and 365d, got PT0S",
                staleness.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ProbeIntegrator.forCheckInterval(MINUTE, Duration.ofDays(183), sink));
    }

    @Test
    void allocatesNothingPerResultInSteadyState() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        long[] total = new long[1];
        ProbeIntegrator probe = every30s((b, u, d, uc, dc) -> total[0] += u + d);
        long t = T0;
        for (int i = 0; i < 200_000; i++) {
            t += 30_000 + (i % 7) * 20_000;
            probe.result(t, i % 3 != 0, 1_000_000);
            probe.advanceTo(t + 1_000);
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 1_000_000; i++) {
            t += 30_000 + (i % 7) * 20_000;
            probe.result(t, i % 3 != 0, 1_000_000);
            probe.advanceTo(t + 1_000);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 1 000 000 results");
        assertTrue(total[0] > 0);
    }

    // ---------------------------------------------------------------- brute force

    private sealed interface Op permits ResultOp, AdvanceOp { }

    private record ResultOp(long ts, boolean up, long latencyNanos) implements Op { }

    private record AdvanceOp(long ts) implements Op { }

    private record Accepted(long ts, long effective, boolean up) { }

    private record Expected(TreeMap<Long, Slice> sealed, long openBucket, Slice open, long outOfOrder,
                            long negativeLatency, long duplicates, long late) { }

    /**
     * Accepts results by the documented rules, counts each distinct timestamp as one check (classified by
     * its last duplicate while its bucket was open), then walks time in {@code stepMillis} steps asking at
     * each step's middle which result an instant lookup with lookback {@code stalenessMillis} would see.
     */
    private static Expected bruteForce(List<Op> ops, BucketGrid grid, long stalenessMillis, long stepMillis) {
        List<Accepted> accepted = new ArrayList<>();
        List<long[]> checks = new ArrayList<>(); // {bucket, up ? 1 : 0}
        Long frontier = null;
        Long lastTs = null;
        long outOfOrder = 0;
        long negative = 0;
        long duplicates = 0;
        long late = 0;
        for (Op op : ops) {
            if (op instanceof AdvanceOp a) {
                frontier = frontier == null ? a.ts() : Math.max(frontier, a.ts());
            } else if (op instanceof ResultOp r) {
                if (r.latencyNanos() < 0) {
                    negative++;
                    continue;
                }
                if (lastTs != null && r.ts() < lastTs) {
                    outOfOrder++;
                    continue;
                }
                if (frontier != null && r.ts() < frontier) {
                    late++;
                }
                long effective = frontier == null ? r.ts() : Math.max(frontier, r.ts());
                if (lastTs != null && r.ts() == lastTs) {
                    duplicates++;
                    long[] last = checks.get(checks.size() - 1);
                    if (last[0] == grid.bucketOf(effective)) {
                        last[1] = r.up() ? 1 : 0;
                    }
                } else {
                    checks.add(new long[] {grid.bucketOf(effective), r.up() ? 1 : 0});
                }
                accepted.add(new Accepted(r.ts(), effective, r.up()));
                frontier = effective;
                lastTs = r.ts();
            }
        }
        TreeMap<Long, Slice> all = new TreeMap<>();
        for (long[] check : checks) {
            all.merge(check[0], new Slice(0, 0, check[1], 1 - check[1]), Slice::plus);
        }
        if (!accepted.isEmpty()) {
            for (long step = accepted.get(0).effective(); step < frontier; step += stepMillis) {
                double instant = step + stepMillis / 2.0;
                Accepted newest = null;
                for (Accepted a : accepted) {
                    if (a.effective() <= instant) {
                        newest = a;
                    }
                }
                if (newest != null && instant - newest.ts() <= stalenessMillis) {
                    all.merge(grid.bucketOf(step), newest.up() ? new Slice(stepMillis, 0, 0, 0)
                            : new Slice(0, stepMillis, 0, 0), Slice::plus);
                }
            }
        }
        long openBucket = grid.bucketOf(frontier);
        return new Expected(new TreeMap<>(all.headMap(openBucket, false)), openBucket,
                all.getOrDefault(openBucket, ZERO), outOfOrder, negative, duplicates, late);
    }

    private static void run(List<Op> ops, ProbeIntegrator probe) {
        for (Op op : ops) {
            if (op instanceof ResultOp r) {
                probe.result(r.ts(), r.up(), r.latencyNanos());
            } else if (op instanceof AdvanceOp a) {
                probe.advanceTo(a.ts());
            }
        }
    }

    private static void assertMatches(Expected expected, Collector sink, ProbeIntegrator probe, String context) {
        assertEquals(expected.sealed(), sink.buckets, context);
        assertEquals(expected.openBucket(), peekBucket(probe), context);
        assertEquals(expected.open(), peek(probe), context);
        assertEquals(expected.outOfOrder(), probe.rejectedOutOfOrder(), context);
        assertEquals(expected.negativeLatency(), probe.rejectedNegativeLatency(), context);
        assertEquals(expected.duplicates(), probe.duplicateResults(), context);
        assertEquals(expected.late(), probe.lateResults(), context);
    }

    private static List<Op> randomOps(Random random, long start, long intervalMillis, long unitMillis, int count) {
        List<Op> ops = new ArrayList<>();
        long t = start;
        long lastResult = start;
        boolean up = true;
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            if (kind < 8) {
                ops.add(new AdvanceOp(t + unitMillis * random.nextInt((int) (3 * intervalMillis / unitMillis))));
            } else if (kind < 12) {
                ops.add(new ResultOp(lastResult - unitMillis * (1 + random.nextInt(60)), true, 1));
            } else if (kind < 15) {
                ops.add(new ResultOp(t + unitMillis * random.nextInt(60), false, -1 - random.nextInt(100)));
            } else {
                int gap = random.nextInt(100);
                if (gap < 8) {
                    t += 0;
                } else if (gap < 20) {
                    t += unitMillis * random.nextInt((int) (10 * intervalMillis / unitMillis)); // missed checks
                } else {
                    t += intervalMillis + unitMillis * (random.nextInt(5) - 2); // jitter
                }
                if (random.nextInt(6) == 0) {
                    up = !up;
                }
                ops.add(new ResultOp(t, up, random.nextInt(3_000_000)));
                lastResult = t;
            }
        }
        ops.add(new AdvanceOp(t + unitMillis * random.nextInt((int) (4 * intervalMillis / unitMillis))));
        return ops;
    }

    private static final long[] RESOLUTION_SECONDS = {1, 10, 60, 300, 3600};
    private static final long[] INTERVAL_SECONDS = {30, 60, 7, 300};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void matchesASecondBySecondLookbackWalkOnRandomResults(long seed) {
        Random random = new Random(seed);
        BucketGrid grid = BucketGrid.of(Duration.ofSeconds(RESOLUTION_SECONDS[(int) (seed % 5)]));
        long intervalMillis = 1000 * INTERVAL_SECONDS[(int) (seed / 5 % 4)];
        long start = (seed % 3 == 0 ? -3_600_000L : T0) + 1000L * random.nextInt(86_400);
        List<Op> ops = randomOps(random, start, intervalMillis, 1000, 500);

        Collector sink = new Collector();
        ProbeIntegrator probe = ProbeIntegrator.forCheckInterval(grid, Duration.ofMillis(intervalMillis), sink);
        run(ops, probe);

        Expected expected = bruteForce(ops, grid, 2 * intervalMillis, 1000);
        String context = "seed " + seed + ", " + grid + ", interval " + intervalMillis + " ms";
        assertMatches(expected, sink, probe, context);
        assertFalse(expected.sealed().isEmpty(), context);
        assertTrue(expected.outOfOrder() > 0 && expected.negativeLatency() > 0 && expected.duplicates() > 0,
                context);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110})
    void matchesAMillisecondWalkOnSmallRandomRangesWithOffGridTimestamps(long seed) {
        Random random = new Random(seed);
        BucketGrid grid = BucketGrid.of(Duration.ofSeconds(1 + random.nextInt(2)));
        long stalenessMillis = 1 + random.nextInt(2_000);
        List<Op> ops = randomOps(random, T0 + random.nextInt(100_000), 150 + random.nextInt(500), 1, 80);

        Collector sink = new Collector();
        ProbeIntegrator probe = ProbeIntegrator.withStaleness(grid, Duration.ofMillis(stalenessMillis), sink);
        run(ops, probe);

        assertMatches(bruteForce(ops, grid, stalenessMillis, 1), sink, probe,
                "seed " + seed + ", " + grid + ", staleness " + stalenessMillis + " ms");
    }
}
