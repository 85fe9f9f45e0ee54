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

class ReadinessIntegratorTest {

    /** 2024-01-01T00:00:00Z, on every bucket boundary used here. */
    private static final long T0 = 1_704_067_200_000L;
    private static final BucketGrid MINUTE = BucketGrid.DEFAULT;

    record Amounts(long observed, long fullyReady, long readyReplica, long desiredReplica) {
        Amounts plus(long ms, int desired, int ready) {
            return new Amounts(observed + ms, fullyReady + (ready >= desired ? ms : 0),
                    readyReplica + Math.min(ready, desired) * ms, desiredReplica + (long) desired * ms);
        }
    }

    private static final Amounts ZERO = new Amounts(0, 0, 0, 0);

    /** Collects handed-over buckets and fails on a bucket handed twice or out of order. */
    static final class Collector implements ReadinessSink {
        final TreeMap<Long, Amounts> buckets = new TreeMap<>();

        @Override
        public void bucket(long bucket, long observedMs, long fullyReadyMs, long readyReplicaMs, long desiredReplicaMs) {
            if (!buckets.isEmpty() && bucket <= buckets.lastKey()) {
                fail("bucket " + bucket + " handed over after bucket " + buckets.lastKey());
            }
            buckets.put(bucket, new Amounts(observedMs, fullyReadyMs, readyReplicaMs, desiredReplicaMs));
        }
    }

    private static Amounts peek(ReadinessIntegrator integrator) {
        Amounts[] seen = new Amounts[1];
        assertTrue(integrator.peekOpen((b, o, f, r, d) -> seen[0] = new Amounts(o, f, r, d)));
        return seen[0];
    }

    private static long peekBucket(ReadinessIntegrator integrator) {
        long[] seen = new long[1];
        integrator.peekOpen((b, o, f, r, d) -> seen[0] = b);
        return seen[0];
    }

    private static long bucketOf(long epochMillis) {
        return MINUTE.bucketOf(epochMillis);
    }

    // ---------------------------------------------------------------- exact examples

    @Test
    void accruesAllFourAmountsFromEachSampleUntilTheNext() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0, 3, 2);
        integrator.sample(T0 + 30_000, 3, 3);
        integrator.advanceTo(T0 + 60_000);

        assertEquals(Map.of(bucketOf(T0), new Amounts(60_000, 30_000, 2 * 30_000 + 3 * 30_000, 3 * 60_000)),
                sink.buckets);
    }

    @Test
    void splitsAnIntervalExactlyAtTheBucketBoundary() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0 + 50_000, 2, 1);
        integrator.sample(T0 + 80_000, 2, 2);

        assertEquals(Map.of(bucketOf(T0), new Amounts(10_000, 0, 10_000, 20_000)), sink.buckets);
        assertEquals(new Amounts(20_000, 0, 20_000, 40_000), peek(integrator));
        assertEquals(bucketOf(T0) + 1, peekBucket(integrator));
    }

    @Test
    void stopsAccruingAtTheStalenessLimitAndLeavesTheRestUnknown() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0 + 20_000, 1, 1);
        integrator.advanceTo(T0 + 3_600_000);

        // 5 minutes from 00:00:20: 40 s, four whole minutes, 20 s; then nothing.
        TreeMap<Long, Amounts> expected = new TreeMap<>();
        expected.put(bucketOf(T0), new Amounts(40_000, 40_000, 40_000, 40_000));
        for (int i = 1; i <= 4; i++) {
            expected.put(bucketOf(T0) + i, new Amounts(60_000, 60_000, 60_000, 60_000));
        }
        expected.put(bucketOf(T0) + 5, new Amounts(20_000, 20_000, 20_000, 20_000));
        assertEquals(expected, sink.buckets);
        assertEquals(ZERO, peek(integrator));
    }

    @Test
    void gapOfEightMinutesBetweenMinuteSamplesLeavesFourMinutesUnknown() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0, 2, 2);
        integrator.sample(T0 + 9 * 60_000, 2, 2); // eight scrapes missing
        integrator.advanceTo(T0 + 10 * 60_000);

        long observed = sink.buckets.values().stream().mapToLong(Amounts::observed).sum();
        assertEquals(6 * 60_000, observed); // [T0, T0+5m) and [T0+9m, T0+10m)
        assertFalse(sink.buckets.containsKey(bucketOf(T0) + 5));
        assertFalse(sink.buckets.containsKey(bucketOf(T0) + 8));
    }

    @Test
    void honoursAConfiguredStalenessLimit() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, Duration.ofSeconds(45), sink);
        integrator.sample(T0, 1, 0);
        integrator.advanceTo(T0 + 120_000);

        assertEquals(Map.of(bucketOf(T0), new Amounts(45_000, 0, 0, 45_000)), sink.buckets);
        assertEquals(45_000, integrator.stalenessMillis());
    }

    @Test
    void surgeAboveDesiredCountsAsFullyReadyButNotAsExtraReplicas() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0, 3, 5);
        integrator.advanceTo(T0 + 60_000);

        assertEquals(Map.of(bucketOf(T0), new Amounts(60_000, 60_000, 180_000, 180_000)), sink.buckets);
    }

    @Test
    void desiredZeroCountsAsFullyReadyWithNoReplicaTime() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0, 0, 0);
        integrator.sample(T0 + 10_000, 0, 2);
        integrator.advanceTo(T0 + 60_000);

        assertEquals(Map.of(bucketOf(T0), new Amounts(60_000, 60_000, 0, 0)), sink.buckets);
    }

    @Test
    void rejectsAndCountsAnOutOfOrderSampleKeepingThePreviousInForce() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0 + 10_000, 2, 2);
        integrator.sample(T0 + 9_999, 2, 0);
        integrator.advanceTo(T0 + 60_000);

        assertEquals(1, integrator.rejectedOutOfOrder());
        assertEquals(0, integrator.rejectedNegative());
        assertEquals(1, integrator.acceptedSamples());
        assertEquals(Map.of(bucketOf(T0), new Amounts(50_000, 50_000, 100_000, 100_000)), sink.buckets);
    }

    @Test
    void rejectsAndCountsNegativeReplicaCountsSeparatelyFromOutOfOrder() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0, 2, 1);
        integrator.sample(T0 + 10_000, -1, 1);
        integrator.sample(T0 + 20_000, 2, -3);
        integrator.sample(T0 - 5_000, -1, -1); // negative and out of order: counted once, as negative
        integrator.advanceTo(T0 + 60_000);

        assertEquals(3, integrator.rejectedNegative());
        assertEquals(0, integrator.rejectedOutOfOrder());
        assertEquals(Map.of(bucketOf(T0), new Amounts(60_000, 0, 60_000, 120_000)), sink.buckets);
    }

    @Test
    void rejectsAndCountsTimestampsOutOfRange() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(Long.MAX_VALUE, 1, 1);
        integrator.sample(Long.MIN_VALUE, 1, 1);
        integrator.sample(ReadinessIntegrator.MAX_ABS_EPOCH_MILLIS + 1, 1, 1);

        assertEquals(3, integrator.rejectedOutOfRange());
        assertEquals(OptionalLong.empty(), integrator.decidedUntilMillis());
        assertFalse(integrator.peekOpen((b, o, f, r, d) -> fail("nothing started")));
    }

    @Test
    void duplicateTimestampReplacesTheValuesFromThenOn() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0, 2, 0);
        integrator.sample(T0, 2, 2);
        integrator.advanceTo(T0 + 60_000);

        assertEquals(1, integrator.duplicateSamples());
        assertEquals(Map.of(bucketOf(T0), new Amounts(60_000, 60_000, 120_000, 120_000)), sink.buckets);
    }

    @Test
    void duplicateAfterAdvanceReplacesOnlyTheUndecidedTime() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0, 2, 0);
        integrator.advanceTo(T0 + 20_000);
        integrator.sample(T0, 2, 2);
        integrator.advanceTo(T0 + 60_000);

        assertEquals(1, integrator.duplicateSamples());
        assertEquals(1, integrator.lateSamples());
        assertEquals(Map.of(bucketOf(T0), new Amounts(60_000, 40_000, 80_000, 120_000)), sink.buckets);
    }

    @Test
    void lateSampleTakesEffectFromTheFrontierWithStalenessFromItsOwnTimestamp() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, Duration.ofSeconds(30), sink);
        integrator.sample(T0, 1, 1);
        integrator.advanceTo(T0 + 20_000);
        integrator.sample(T0 + 10_000, 1, 0); // late: [10 s, 20 s) is already decided as ready
        integrator.advanceTo(T0 + 60_000);

        assertEquals(1, integrator.lateSamples());
        assertEquals(0, integrator.rejectedOutOfOrder());
        // ready [0, 20 s); not ready [20 s, 40 s) (stale 30 s after 10 s); unknown after.
        assertEquals(Map.of(bucketOf(T0), new Amounts(40_000, 20_000, 20_000, 40_000)), sink.buckets);
    }

    @Test
    void handsABucketOverExactlyWhenTimeReachesItsEnd() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0, 1, 1);
        integrator.advanceTo(T0 + 59_999);
        assertEquals(Map.of(), sink.buckets);
        assertEquals(new Amounts(59_999, 59_999, 59_999, 59_999), peek(integrator));

        integrator.advanceTo(T0 + 60_000);
        assertEquals(Map.of(bucketOf(T0), new Amounts(60_000, 60_000, 60_000, 60_000)), sink.buckets);
        assertEquals(ZERO, peek(integrator));
        assertEquals(bucketOf(T0) + 1, peekBucket(integrator));
        assertEquals(OptionalLong.of(T0 + 60_000), integrator.decidedUntilMillis());
    }

    @Test
    void completesABucketWhoseSampleWentStaleInsideItOnlyWhenTimeReachesItsEnd() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, Duration.ofSeconds(10), sink);
        integrator.sample(T0, 1, 1);
        integrator.advanceTo(T0 + 30_000);
        assertEquals(Map.of(), sink.buckets); // a sample at 40 s could still land in this bucket
        integrator.advanceTo(T0 + 60_000);
        assertEquals(Map.of(bucketOf(T0), new Amounts(10_000, 10_000, 10_000, 10_000)), sink.buckets);
    }

    @Test
    void advanceBackwardsChangesNothing() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(T0, 1, 1);
        integrator.advanceTo(T0 + 30_000);
        integrator.advanceTo(T0 + 10_000);

        assertEquals(OptionalLong.of(T0 + 30_000), integrator.decidedUntilMillis());
        assertEquals(new Amounts(30_000, 30_000, 30_000, 30_000), peek(integrator));
    }

    @Test
    void advanceBeforeTheFirstSampleMakesAnEarlierSampleLate() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.advanceTo(T0 + 30_000);
        integrator.sample(T0 + 25_000, 1, 1);
        integrator.advanceTo(T0 + 60_000);

        assertEquals(1, integrator.lateSamples());
        assertEquals(Map.of(bucketOf(T0), new Amounts(30_000, 30_000, 30_000, 30_000)), sink.buckets);
    }

    @Test
    void bucketsBeforeTheEpochUseFloorDivision() {
        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, sink);
        integrator.sample(-30_000, 2, 1);
        integrator.advanceTo(30_000);

        assertEquals(Map.of(-1L, new Amounts(30_000, 0, 30_000, 60_000)), sink.buckets);
        assertEquals(new Amounts(30_000, 0, 30_000, 60_000), peek(integrator));
        assertEquals(0L, peekBucket(integrator));
    }

    @Test
    void rejectsStalenessThatIsNotAPositiveWholeNumberOfMilliseconds() {
        ReadinessSink sink = (b, o, f, r, d) -> { };
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new ReadinessIntegrator(MINUTE, Duration.ZERO, sink));
        assertEquals("staleness must be a whole number of milliseconds between 1ms and 365d, got PT0S",
                zero.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> new ReadinessIntegrator(MINUTE, Duration.ofNanos(1_500_000), sink));
        assertEquals("staleness must be a whole number of milliseconds between 1ms and 365d, got PT0.0015S",
                fraction.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ReadinessIntegrator(MINUTE, Duration.ofDays(366), sink));
    }

    @Test
    void allocatesNothingPerSampleInSteadyState() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        long[] total = new long[1];
        ReadinessIntegrator integrator = new ReadinessIntegrator(MINUTE, (b, o, f, r, d) -> total[0] += o);
        long t = T0;
        for (int i = 0; i < 200_000; i++) { // warm-up
            t += 7_000 + (i % 5) * 100_000;
            integrator.sample(t, 3, i % 4);
            integrator.advanceTo(t + 1_000);
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 1_000_000; i++) {
            t += 7_000 + (i % 5) * 100_000;
            integrator.sample(t, 3, i % 4);
            integrator.advanceTo(t + 1_000);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 1 000 000 samples");
        assertTrue(total[0] > 0);
    }

    // ---------------------------------------------------------------- brute force

    private sealed interface Op permits SampleOp, AdvanceOp { }

    private record SampleOp(long ts, int desired, int ready) implements Op { }

    private record AdvanceOp(long ts) implements Op { }

    /** A sample the brute force accepted: in force from {@code effective}, stale after {@code ts + L}. */
    private record Accepted(long ts, long effective, int desired, int ready) { }

    /** What the brute force expects: handed-over buckets, the open bucket, and the counters. */
    private record Expected(TreeMap<Long, Amounts> sealed, long openBucket, Amounts open,
                            long outOfOrder, long negative, long duplicates, long late, long frontier) { }

    /**
     * Decides which samples are accepted and from when (the rules in the class Javadoc), then walks time in
     * steps of {@code stepMillis}, asking at the middle of each step which sample a Prometheus instant lookup
     * (newest sample, lookback {@code stalenessMillis} inclusive) would see.
     */
    private static Expected bruteForce(List<Op> ops, BucketGrid grid, long stalenessMillis, long stepMillis) {
        List<Accepted> accepted = new ArrayList<>();
        Long frontier = null;
        Long lastTs = null;
        long outOfOrder = 0;
        long negative = 0;
        long duplicates = 0;
        long late = 0;
        for (Op op : ops) {
            if (op instanceof AdvanceOp advance) {
                frontier = frontier == null ? advance.ts() : Math.max(frontier, advance.ts());
            } else if (op instanceof SampleOp s) {
                if (s.desired() < 0 || s.ready() < 0) {
                    negative++;
                } else if (lastTs != null && s.ts() < lastTs) {
                    outOfOrder++;
                } else {
                    if (lastTs != null && s.ts() == lastTs) {
                        duplicates++;
                    }
                    if (frontier != null && s.ts() < frontier) {
                        late++;
                    }
                    long effective = frontier == null ? s.ts() : Math.max(frontier, s.ts());
                    accepted.add(new Accepted(s.ts(), effective, s.desired(), s.ready()));
                    frontier = effective;
                    lastTs = s.ts();
                }
            }
        }
        TreeMap<Long, Amounts> all = new TreeMap<>();
        if (!accepted.isEmpty()) {
            for (long step = accepted.get(0).effective(); step < frontier; step += stepMillis) {
                double instant = step + stepMillis / 2.0;
                Accepted newest = null;
                for (Accepted a : accepted) { // the last accepted sample already in force at the instant
                    if (a.effective() <= instant) {
                        newest = a;
                    }
                }
                if (newest != null && instant - newest.ts() <= stalenessMillis) {
                    all.merge(grid.bucketOf(step), ZERO.plus(stepMillis, newest.desired(), newest.ready()),
                            (x, y) -> new Amounts(x.observed() + y.observed(), x.fullyReady() + y.fullyReady(),
                                    x.readyReplica() + y.readyReplica(), x.desiredReplica() + y.desiredReplica()));
                }
            }
        }
        long openBucket = frontier == null ? 0 : grid.bucketOf(frontier);
        TreeMap<Long, Amounts> sealed = new TreeMap<>(all.headMap(openBucket, false));
        return new Expected(sealed, openBucket, all.getOrDefault(openBucket, ZERO), outOfOrder, negative,
                duplicates, late, frontier == null ? Long.MIN_VALUE : frontier);
    }

    private static void assertMatches(Expected expected, Collector sink, ReadinessIntegrator integrator,
                                      String context) {
        assertEquals(expected.sealed(), sink.buckets, context);
        assertEquals(expected.openBucket(), peekBucket(integrator), context);
        assertEquals(expected.open(), peek(integrator), context);
        assertEquals(expected.outOfOrder(), integrator.rejectedOutOfOrder(), context);
        assertEquals(expected.negative(), integrator.rejectedNegative(), context);
        assertEquals(expected.duplicates(), integrator.duplicateSamples(), context);
        assertEquals(expected.late(), integrator.lateSamples(), context);
        assertEquals(OptionalLong.of(expected.frontier()), integrator.decidedUntilMillis(), context);
    }

    private static final long[] RESOLUTION_SECONDS = {1, 10, 60, 300, 3600};
    private static final long[] STALENESS_SECONDS = {300, 90, 37, 600, 1};

    /** Random ops on whole seconds: regular scrapes, long gaps, surges, desired 0, bad input, advances. */
    private static List<Op> randomSecondOps(Random random, long start, long stalenessMillis, int count) {
        List<Op> ops = new ArrayList<>();
        long t = start;
        long lastSample = start;
        int desired = 3;
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            if (kind < 8) {
                ops.add(new AdvanceOp(t + 1000L * random.nextInt(900)));
                continue;
            }
            if (kind < 13) { // out of order
                ops.add(new SampleOp(lastSample - 1000L * (1 + random.nextInt(120)), desired, desired));
                continue;
            }
            int gap = random.nextInt(100);
            if (gap < 8) {
                t += 0; // duplicate timestamp
            } else if (gap < 15) {
                t += stalenessMillis + 1000L * random.nextInt(3) - 1000; // around the staleness limit
            } else if (gap < 25) {
                t += 1000L * (300 + random.nextInt(1500)); // long gap
            } else {
                t += 1000L * (1 + random.nextInt(60));
            }
            if (random.nextInt(10) == 0) {
                desired = new int[] {0, 1, 2, 3, 5}[random.nextInt(5)];
            }
            int ready = random.nextInt(desired + 3); // up to 2 surge replicas
            if (kind < 17) {
                ops.add(new SampleOp(t, random.nextBoolean() ? -1 - random.nextInt(3) : desired,
                        random.nextBoolean() ? -1 : ready));
            } else {
                ops.add(new SampleOp(t, desired, ready));
                lastSample = Math.max(lastSample, t);
            }
        }
        ops.add(new AdvanceOp(t + 1000L * random.nextInt(2000)));
        return ops;
    }

    private static void run(List<Op> ops, ReadinessIntegrator integrator) {
        for (Op op : ops) {
            if (op instanceof SampleOp s) {
                integrator.sample(s.ts(), s.desired(), s.ready());
            } else if (op instanceof AdvanceOp a) {
                integrator.advanceTo(a.ts());
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void matchesASecondBySecondLookbackWalkOnRandomSeries(long seed) {
        Random random = new Random(seed);
        BucketGrid grid = BucketGrid.of(Duration.ofSeconds(RESOLUTION_SECONDS[(int) (seed % 5)]));
        long stalenessMillis = 1000 * STALENESS_SECONDS[(int) (seed / 5 % 5)];
        long start = (seed % 4 == 0 ? -86_400_000L : T0) + 1000L * random.nextInt(86_400);
        List<Op> ops = randomSecondOps(random, start, stalenessMillis, 400);

        Collector sink = new Collector();
        ReadinessIntegrator integrator =
                new ReadinessIntegrator(grid, Duration.ofMillis(stalenessMillis), sink);
        run(ops, integrator);

        Expected expected = bruteForce(ops, grid, stalenessMillis, 1000);
        String context = "seed " + seed + ", " + grid + ", staleness " + stalenessMillis + " ms";
        assertMatches(expected, sink, integrator, context);
        assertTrue(expected.sealed().size() > 3, context); // the walk must have had something to compare
        assertTrue(expected.negative() > 0 && expected.outOfOrder() > 0 && expected.duplicates() > 0, context);
        // the series exercised what it is meant to: surges, desired 0 and gaps longer than staleness
        List<SampleOp> good = ops.stream().filter(o -> o instanceof SampleOp).map(o -> (SampleOp) o)
                .filter(o -> o.desired() >= 0 && o.ready() >= 0).toList();
        assertTrue(good.stream().anyMatch(o -> o.ready() > o.desired()), context);
        assertTrue(good.stream().anyMatch(o -> o.desired() == 0), context);
        boolean longGap = false;
        for (int i = 1; i < good.size(); i++) {
            longGap |= good.get(i).ts() - good.get(i - 1).ts() > stalenessMillis;
        }
        assertTrue(longGap, context);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110})
    void matchesAMillisecondWalkOnSmallRandomRangesWithOffGridTimestamps(long seed) {
        Random random = new Random(seed);
        BucketGrid grid = BucketGrid.of(Duration.ofSeconds(1 + random.nextInt(2)));
        long stalenessMillis = 1 + random.nextInt(3_000);
        long t = T0 + random.nextInt(100_000);
        List<Op> ops = new ArrayList<>();
        long lastSample = t;
        for (int i = 0; i < 60; i++) {
            int kind = random.nextInt(100);
            if (kind < 10) {
                ops.add(new AdvanceOp(t + random.nextInt(2_000)));
            } else if (kind < 15) {
                ops.add(new SampleOp(lastSample - 1 - random.nextInt(500), 1, 1));
            } else if (kind < 20) {
                ops.add(new SampleOp(t, -1, 0));
            } else {
                t += random.nextInt(10) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 400 : 4_000);
                int desired = random.nextInt(4);
                ops.add(new SampleOp(t, desired, random.nextInt(desired + 2)));
                lastSample = t;
            }
        }
        ops.add(new AdvanceOp(t + random.nextInt(5_000)));

        Collector sink = new Collector();
        ReadinessIntegrator integrator = new ReadinessIntegrator(grid, Duration.ofMillis(stalenessMillis), sink);
        run(ops, integrator);

        assertMatches(bruteForce(ops, grid, stalenessMillis, 1), sink, integrator,
                "seed " + seed + ", " + grid + ", staleness " + stalenessMillis + " ms");
    }

    @Test
    void cuttingTheSameSamplesIntoDifferentBucketSizesPreservesTotals() {
        Random random = new Random(42);
        List<Op> ops = randomSecondOps(random, T0, 300_000, 2_000);
        Amounts[] totals = new Amounts[RESOLUTION_SECONDS.length];
        for (int g = 0; g < RESOLUTION_SECONDS.length; g++) {
            Collector sink = new Collector();
            ReadinessIntegrator integrator =
                    new ReadinessIntegrator(BucketGrid.of(Duration.ofSeconds(RESOLUTION_SECONDS[g])), sink);
            run(ops, integrator);
            integrator.advanceTo(Long.MAX_VALUE);
            totals[g] = sink.buckets.values().stream().reduce(ZERO, (x, y) -> new Amounts(
                    x.observed() + y.observed(), x.fullyReady() + y.fullyReady(),
                    x.readyReplica() + y.readyReplica(), x.desiredReplica() + y.desiredReplica()));
        }
        for (Amounts total : totals) {
            assertEquals(totals[0], total);
        }
        assertTrue(totals[0].observed() > 0);
    }
}
