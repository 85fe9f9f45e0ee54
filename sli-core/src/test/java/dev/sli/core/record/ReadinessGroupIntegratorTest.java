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
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadinessGroupIntegratorTest {

    /** 2024-01-01T00:00:00Z, on every bucket boundary used here. */
    static final long T0 = 1_704_067_200_000L;
    static final BucketGrid MINUTE = BucketGrid.DEFAULT;
    static final long B0 = MINUTE.bucketOf(T0);
    static final List<String> API_WEB_MONGO =
            List.of("platsrv-registry-api", "platsrv-registry-web", "pltsvc-mongodb");
    static final List<String> API_WEB = API_WEB_MONGO.subList(0, 2);

    /** The six amounts of one bucket, in the sink's order. */
    record Amounts(long observed, long fullyReady, long allObserved, long allObservedReady,
                   long readyReplica, long desiredReplica) {
        Amounts plus(Amounts o) {
            return new Amounts(observed + o.observed, fullyReady + o.fullyReady, allObserved + o.allObserved,
                    allObservedReady + o.allObservedReady, readyReplica + o.readyReplica,
                    desiredReplica + o.desiredReplica);
        }
    }

    static final Amounts ZERO = new Amounts(0, 0, 0, 0, 0, 0);

    /** Collects handed-over buckets and fails on a bucket handed twice or out of order, or an empty one. */
    static final class Collector implements ReadinessGroupSink {
        final TreeMap<Long, Amounts> buckets = new TreeMap<>();

        @Override
        public void bucket(long bucket, long observedMs, long fullyReadyMs, long allObservedMs,
                           long allObservedReadyMs, long readyReplicaMs, long desiredReplicaMs) {
            if (!buckets.isEmpty() && bucket <= buckets.lastKey()) {
                fail("bucket " + bucket + " handed over after bucket " + buckets.lastKey());
            }
            if (observedMs == 0) {
                fail("bucket " + bucket + " handed over without observed time");
            }
            buckets.put(bucket, new Amounts(observedMs, fullyReadyMs, allObservedMs, allObservedReadyMs,
                    readyReplicaMs, desiredReplicaMs));
        }
    }

    static Amounts peek(ReadinessGroupIntegrator group) {
        Amounts[] seen = new Amounts[1];
        assertTrue(group.peekOpen((b, o, f, a, ar, r, d) -> seen[0] = new Amounts(o, f, a, ar, r, d)));
        return seen[0];
    }

    static long peekBucket(ReadinessGroupIntegrator group) {
        long[] seen = new long[1];
        group.peekOpen((b, o, f, a, ar, r, d) -> seen[0] = b);
        return seen[0];
    }

    private static Amounts amounts(long observedS, long fullyReadyS, long allObservedS, long allObservedReadyS,
                                   long readyReplicaS, long desiredReplicaS) {
        return new Amounts(observedS * 1000, fullyReadyS * 1000, allObservedS * 1000, allObservedReadyS * 1000,
                readyReplicaS * 1000, desiredReplicaS * 1000);
    }

    // ---------------------------------------------------------------- exact examples

    @Test
    void minOverTheWorkloadsInForceLeavesOutAWorkloadWithoutData() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB_MONGO, sink);
        group.sample(0, T0, 3, 3);
        group.sample(1, T0, 2, 1);
        group.sample(1, T0 + 20_000, 2, 2);
        group.sample(2, T0 + 30_000, 3, 3); // mongodb has no data before 30 s
        group.advanceTo(T0 + 60_000);

        // [0, 20 s): api ready, web short; [20 s, 30 s): both ready, mongodb unknown; [30 s, 60 s): all ready.
        assertEquals(Map.of(B0, amounts(60, 40, 30, 30, 4 * 20 + 5 * 10 + 8 * 30, 5 * 20 + 5 * 10 + 8 * 30)),
                sink.buckets);
    }

    @Test
    void aWorkloadGoingStaleLeavesTheGroupWithItsShortfall() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB, sink);
        group.sample(1, T0, 1, 0); // web short, and never seen again
        for (int minute = 0; minute <= 7; minute++) {
            group.sample(0, T0 + minute * 60_000L, 2, 2);
        }

        TreeMap<Long, Amounts> expected = new TreeMap<>();
        for (int i = 0; i < 5; i++) {
            expected.put(B0 + i, amounts(60, 0, 60, 0, 2 * 60, 3 * 60));
        }
        for (int i = 5; i < 7; i++) { // web unknown: the lenient policy sees a ready group, the strict one does not
            expected.put(B0 + i, amounts(60, 60, 0, 0, 2 * 60, 2 * 60));
        }
        assertEquals(expected, sink.buckets);
    }

    @Test
    void splitsAtEachWorkloadsStalenessLimitAndAtTheBucketBoundary() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, Duration.ofSeconds(45), API_WEB, sink);
        group.sample(0, T0, 1, 1);
        group.sample(1, T0 + 30_000, 1, 0);
        group.advanceTo(T0 + 120_000);

        // [0, 30 s) api alone, ready; [30 s, 45 s) both, web short; [45 s, 75 s) web alone, short; then unknown.
        assertEquals(Map.of(B0, amounts(60, 30, 15, 0, 30 + 15, 30 + 2 * 15 + 15),
                B0 + 1, amounts(15, 0, 0, 0, 0, 15)), sink.buckets);
        assertEquals(45_000, group.stalenessMillis());
    }

    @Test
    void aSharedGapLongerThanStalenessIsUnknownAndItsBucketsAreNotHandedOver() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB, sink);
        for (int minute = 0; minute <= 10; minute++) {
            if (minute <= 2 || minute >= 10) { // kube-state-metrics down from 2m to 10m: all series missing
                group.sample(0, T0 + minute * 60_000L, 3, 3);
                group.sample(1, T0 + minute * 60_000L, 2, 2);
            }
        }
        group.advanceTo(T0 + 11 * 60_000);

        TreeMap<Long, Amounts> expected = new TreeMap<>();
        for (int i = 0; i < 11; i++) {
            if (i < 7 || i == 10) { // the last sample before the gap holds until 7m
                expected.put(B0 + i, amounts(60, 60, 60, 60, 5 * 60, 5 * 60));
            }
        }
        assertEquals(expected, sink.buckets);
    }

    @Test
    void equalTimestampsAcrossWorkloadsAreNotLateButAWorkloadBehindTheFrontierIs() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB, sink);
        group.sample(0, T0 + 10_000, 1, 1);
        group.sample(1, T0 + 10_000, 1, 1);
        group.sample(0, T0 + 20_000, 1, 1);
        group.sample(1, T0 + 15_000, 1, 0); // in order for web, but 20 s is decided: in force from 20 s
        group.advanceTo(T0 + 60_000);

        assertEquals(0, group.lateSamples(0));
        assertEquals(1, group.lateSamples(1));
        assertEquals(0, group.rejectedOutOfOrder(1));
        assertEquals(2, group.acceptedSamples(1));
        assertEquals(Map.of(B0, amounts(50, 10, 50, 10, 2 * 10 + 40, 2 * 50)), sink.buckets);
    }

    @Test
    void aLateSamplesStalenessRunsFromItsOwnTimestamp() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, Duration.ofSeconds(30), API_WEB, sink);
        group.sample(0, T0, 1, 1);
        group.advanceTo(T0 + 20_000);
        group.sample(1, T0 + 10_000, 1, 0); // late: in force [20 s, 40 s)
        group.advanceTo(T0 + 60_000);

        assertEquals(1, group.lateSamples(1));
        assertEquals(Map.of(B0, amounts(40, 20, 10, 0, 30, 50)), sink.buckets);
    }

    @Test
    void outOfOrderIsJudgedPerWorkload() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB, sink);
        group.sample(0, T0, 1, 1);
        group.sample(1, T0 + 30_000, 1, 1);
        group.sample(0, T0 + 10_000, 1, 0); // after api's last: accepted, late
        group.sample(1, T0 + 20_000, 1, 0); // before web's last: rejected
        group.sample(0, T0 + 5_000, 1, 0);  // before api's (new) last: rejected
        group.advanceTo(T0 + 60_000);

        assertEquals(1, group.rejectedOutOfOrder(0));
        assertEquals(1, group.rejectedOutOfOrder(1));
        assertEquals(1, group.lateSamples(0));
        assertEquals(0, group.lateSamples(1));
        assertEquals(2, group.acceptedSamples(0));
        assertEquals(1, group.acceptedSamples(1));
        assertEquals(2, group.rejectedSamples());
        // api ready [0, 30 s), then short; web ready from 30 s.
        assertEquals(Map.of(B0, amounts(60, 30, 30, 0, 30 + 30, 30 + 2 * 30)), sink.buckets);
    }

    @Test
    void rejectsAnInvalidWorkloadIndexWithoutMovingTime() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB, sink);
        group.sample(-1, T0, 1, 1);
        group.sample(2, T0, 1, 1);
        assertEquals(OptionalLong.empty(), group.decidedUntilMillis());
        assertFalse(group.peekOpen((b, o, f, a, ar, r, d) -> fail("nothing started")));

        group.sample(0, T0, 1, 1);
        group.sample(Integer.MAX_VALUE, T0 + 3_600_000, 1, 1);
        group.sample(Integer.MIN_VALUE, T0 + 3_600_000, 1, 1);
        assertEquals(OptionalLong.of(T0), group.decidedUntilMillis());
        group.advanceTo(T0 + 60_000);

        assertEquals(4, group.rejectedInvalidWorkload());
        assertEquals(4, group.rejectedSamples());
        assertEquals(1, group.acceptedSamples(0));
        assertEquals(0, group.acceptedSamples(1));
        assertEquals(Map.of(B0, amounts(60, 60, 0, 0, 60, 60)), sink.buckets);
        assertThrows(IndexOutOfBoundsException.class, () -> group.rejectedOutOfOrder(2));
        assertThrows(IndexOutOfBoundsException.class, () -> group.lateSamples(-1));
    }

    @Test
    void countsEachRejectionOnceUnderItsWorkloadAndReason() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB_MONGO, sink);
        group.sample(0, Long.MAX_VALUE, 1, 1);
        group.sample(2, -ReadinessGroupIntegrator.MAX_ABS_EPOCH_MILLIS - 1, -1, -1); // out of range and negative
        assertEquals(OptionalLong.empty(), group.decidedUntilMillis());
        group.sample(0, T0, 2, 1);
        group.sample(1, T0, 1, 1);
        group.sample(1, T0 + 10_000, -1, 1);
        group.sample(1, T0 + 20_000, 2, -3);
        group.sample(1, T0 - 5_000, -1, -1); // negative and out of order: counted once, as negative
        group.sample(0, T0 - 5_000, 2, 2);
        group.advanceTo(T0 + 60_000);

        assertEquals(1, group.rejectedOutOfRange(0));
        assertEquals(0, group.rejectedOutOfRange(1));
        assertEquals(1, group.rejectedOutOfRange(2));
        assertEquals(0, group.rejectedNegative(0));
        assertEquals(3, group.rejectedNegative(1));
        assertEquals(0, group.rejectedNegative(2));
        assertEquals(1, group.rejectedOutOfOrder(0));
        assertEquals(0, group.rejectedOutOfOrder(1));
        assertEquals(0, group.rejectedInvalidWorkload());
        assertEquals(6, group.rejectedSamples());
        assertEquals(Map.of(B0, amounts(60, 0, 0, 0, 2 * 60, 3 * 60)), sink.buckets);
    }

    @Test
    void aDuplicateReplacesOnlyItsOwnWorkloadsValues() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB, sink);
        group.sample(0, T0, 2, 0);
        group.sample(1, T0, 2, 0); // same timestamp, other workload: not a duplicate
        group.sample(0, T0, 2, 2);
        group.advanceTo(T0 + 30_000);
        group.sample(1, T0, 2, 2); // duplicate and late: replaces web's values from 30 s
        group.advanceTo(T0 + 60_000);

        assertEquals(1, group.duplicateSamples(0));
        assertEquals(1, group.duplicateSamples(1));
        assertEquals(0, group.lateSamples(0));
        assertEquals(1, group.lateSamples(1));
        assertEquals(Map.of(B0, amounts(60, 30, 60, 30, 2 * 60 + 2 * 30, 4 * 60)), sink.buckets);
    }

    @Test
    void surgeAndDesiredZeroCountAsReadyWithoutExtraReplicas() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB_MONGO, sink);
        group.sample(0, T0, 3, 5);
        group.sample(1, T0, 0, 0);
        group.sample(2, T0, 0, 2);
        group.advanceTo(T0 + 60_000);

        assertEquals(Map.of(B0, amounts(60, 60, 60, 60, 3 * 60, 3 * 60)), sink.buckets);
    }

    @Test
    void handsABucketOverExactlyWhenTimeReachesItsEnd() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB, sink);
        group.sample(0, T0, 1, 1);
        group.sample(1, T0, 1, 1);
        group.advanceTo(T0 + 59_999);
        assertEquals(Map.of(), sink.buckets);
        assertEquals(new Amounts(59_999, 59_999, 59_999, 59_999, 2 * 59_999, 2 * 59_999), peek(group));

        group.advanceTo(T0 + 60_000);
        assertEquals(Map.of(B0, amounts(60, 60, 60, 60, 120, 120)), sink.buckets);
        assertEquals(ZERO, peek(group));
        assertEquals(B0 + 1, peekBucket(group));
        assertEquals(OptionalLong.of(T0 + 60_000), group.decidedUntilMillis());

        group.advanceTo(T0 + 30_000); // backwards: nothing changes
        assertEquals(OptionalLong.of(T0 + 60_000), group.decidedUntilMillis());
        assertEquals(1, sink.buckets.size());
    }

    @Test
    void completesABucketWhoseSamplesWentStaleInsideItOnlyWhenTimeReachesItsEnd() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, Duration.ofSeconds(10), API_WEB, sink);
        group.sample(0, T0, 1, 1);
        group.sample(1, T0 + 5_000, 1, 1);
        group.advanceTo(T0 + 30_000);
        assertEquals(Map.of(), sink.buckets); // a sample at 40 s could still land in this bucket
        assertEquals(amounts(15, 15, 5, 5, 20, 20), peek(group));
        group.advanceTo(T0 + 60_000);
        assertEquals(Map.of(B0, amounts(15, 15, 5, 5, 20, 20)), sink.buckets);
    }

    @Test
    void bucketsBeforeTheEpochUseFloorDivision() {
        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB, sink);
        group.sample(0, -30_000, 2, 1);
        group.sample(1, -30_000, 1, 1);
        group.advanceTo(30_000);

        assertEquals(Map.of(-1L, amounts(30, 0, 30, 0, 60, 90)), sink.buckets);
        assertEquals(amounts(30, 0, 30, 0, 60, 90), peek(group));
        assertEquals(0L, peekBucket(group));
    }

    @Test
    void validatesWorkloadsAndStaleness() {
        ReadinessGroupSink sink = (b, o, f, a, ar, r, d) -> { };
        assertEquals("workloads: a group needs at least one workload", assertThrows(IllegalArgumentException.class,
                () -> new ReadinessGroupIntegrator(MINUTE, List.of(), sink)).getMessage());
        assertEquals("workloads[1]: must not be blank", assertThrows(IllegalArgumentException.class,
                () -> new ReadinessGroupIntegrator(MINUTE, List.of("api", " "), sink)).getMessage());
        assertEquals("workloads[2]: 'api' appears twice", assertThrows(IllegalArgumentException.class,
                () -> new ReadinessGroupIntegrator(MINUTE, List.of("api", "web", "api"), sink)).getMessage());
        assertThrows(NullPointerException.class,
                () -> new ReadinessGroupIntegrator(MINUTE, Arrays.asList("api", null), sink));
        assertEquals("staleness must be a whole number of milliseconds between 1ms and 365d, got PT0S",
                assertThrows(IllegalArgumentException.class,
                        () -> new ReadinessGroupIntegrator(MINUTE, Duration.ZERO, API_WEB, sink)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ReadinessGroupIntegrator(MINUTE, Duration.ofNanos(1_500_000), API_WEB, sink));
        assertThrows(IllegalArgumentException.class,
                () -> new ReadinessGroupIntegrator(MINUTE, Duration.ofDays(366), API_WEB, sink));

        List<String> names = new ArrayList<>(API_WEB_MONGO);
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, names, sink);
        names.clear();
        assertEquals(API_WEB_MONGO, group.workloads());
        assertEquals(3, group.size());
        assertEquals(ReadinessGroupIntegrator.DEFAULT_STALENESS.toMillis(), group.stalenessMillis());
        assertEquals(MINUTE, group.grid());
    }

    @Test
    void allocatesNothingPerSampleInSteadyState() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        long[] total = new long[1];
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(MINUTE, API_WEB_MONGO,
                (b, o, f, a, ar, r, d) -> total[0] += o);
        long[] t = {T0};
        Runnable burst = () -> {
            for (int i = 0; i < 300_000; i++) {
                t[0] += 7_000 + (i % 5) * 100_000;
                for (int w = 0; w < 3; w++) {
                    if ((i + w) % 7 != 0) {
                        group.sample(w, t[0], 3, (i + w) % 4);
                    }
                }
                group.sample(3, t[0], 1, 1); // rejected
                group.advanceTo(t[0] + 1_000);
            }
        };
        burst.run(); // warm-up
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        burst.run();
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 1 200 000 samples");
        assertTrue(total[0] > 0);
    }

    // ---------------------------------------------------------------- brute force

    sealed interface Op permits SampleOp, AdvanceOp { }

    record SampleOp(int workload, long ts, int desired, int ready) implements Op { }

    record AdvanceOp(long ts) implements Op { }

    /** A sample the brute force accepted: in force from {@code effective}, stale after {@code ts + L}. */
    private record Accepted(long ts, long effective, int desired, int ready) { }

    /** What the brute force expects: handed-over buckets, the open bucket, the counters and the frontier. */
    record Expected(TreeMap<Long, Amounts> sealed, long openBucket, Amounts open, long[] outOfRange,
                    long[] negative, long[] outOfOrder, long[] duplicates, long[] late, long[] accepted,
                    long invalid, long frontier, long unknownInsideMs) { }

    /**
     * Decides which samples are accepted and from when (the rules in the class Javadoc, one shared frontier),
     * then walks time in steps of {@code stepMillis}, asking at the middle of each step which sample of each
     * workload a Prometheus instant lookup (newest sample, lookback {@code stalenessMillis} inclusive) sees, and
     * adding the step to the bucket by the PromQL {@code min} over the workloads that have one.
     */
    static Expected bruteForce(List<Op> ops, int n, BucketGrid grid, long stalenessMillis, long stepMillis) {
        List<List<Accepted>> accepted = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            accepted.add(new ArrayList<>());
        }
        Long frontier = null;
        Long[] lastTs = new Long[n];
        long[] outOfRange = new long[n];
        long[] negative = new long[n];
        long[] outOfOrder = new long[n];
        long[] duplicates = new long[n];
        long[] late = new long[n];
        long[] acceptedCount = new long[n];
        long invalid = 0;
        long limit = ReadinessGroupIntegrator.MAX_ABS_EPOCH_MILLIS;
        for (Op op : ops) {
            if (op instanceof AdvanceOp advance) {
                long ts = Math.max(-limit, Math.min(limit, advance.ts()));
                frontier = frontier == null ? ts : Math.max(frontier, ts);
            } else if (op instanceof SampleOp s) {
                int w = s.workload();
                if (w < 0 || w >= n) {
                    invalid++;
                } else if (s.ts() > limit || s.ts() < -limit) {
                    outOfRange[w]++;
                } else if (s.desired() < 0 || s.ready() < 0) {
                    negative[w]++;
                } else if (lastTs[w] != null && s.ts() < lastTs[w]) {
                    outOfOrder[w]++;
                } else {
                    if (lastTs[w] != null && s.ts() == lastTs[w]) {
                        duplicates[w]++;
                    }
                    if (frontier != null && s.ts() < frontier) {
                        late[w]++;
                    }
                    long effective = frontier == null ? s.ts() : Math.max(frontier, s.ts());
                    accepted.get(w).add(new Accepted(s.ts(), effective, s.desired(), s.ready()));
                    acceptedCount[w]++;
                    frontier = effective;
                    lastTs[w] = s.ts();
                }
            }
        }
        TreeMap<Long, Amounts> all = new TreeMap<>();
        long first = Long.MAX_VALUE;
        for (List<Accepted> list : accepted) {
            if (!list.isEmpty()) {
                first = Math.min(first, list.get(0).effective());
            }
        }
        long unknownMs = 0;
        long unknownInsideMs = 0;
        if (first != Long.MAX_VALUE) {
            int[] newest = new int[n];
            Arrays.fill(newest, -1);
            for (long step = first; step < frontier; step += stepMillis) {
                double instant = step + stepMillis / 2.0;
                int inForce = 0;
                boolean allReady = true;
                long readyReplicas = 0;
                long desiredReplicas = 0;
                for (int w = 0; w < n; w++) {
                    List<Accepted> list = accepted.get(w);
                    // the last accepted sample already in force at the instant (effective times never decrease)
                    while (newest[w] + 1 < list.size() && list.get(newest[w] + 1).effective() <= instant) {
                        newest[w]++;
                    }
                    if (newest[w] >= 0 && instant - list.get(newest[w]).ts() <= stalenessMillis) {
                        Accepted a = list.get(newest[w]);
                        inForce++;
                        allReady &= a.ready() >= a.desired();
                        readyReplicas += Math.min(a.ready(), a.desired());
                        desiredReplicas += a.desired();
                    }
                }
                if (inForce == 0) {
                    unknownMs += stepMillis;
                    continue;
                }
                unknownInsideMs += unknownMs;
                unknownMs = 0;
                boolean allObserved = inForce == n;
                all.merge(grid.bucketOf(step), new Amounts(stepMillis, allReady ? stepMillis : 0,
                        allObserved ? stepMillis : 0, allObserved && allReady ? stepMillis : 0,
                        readyReplicas * stepMillis, desiredReplicas * stepMillis), Amounts::plus);
            }
        }
        long openBucket = frontier == null ? 0 : grid.bucketOf(frontier);
        TreeMap<Long, Amounts> sealed = new TreeMap<>(all.headMap(openBucket, false));
        return new Expected(sealed, openBucket, all.getOrDefault(openBucket, ZERO), outOfRange, negative,
                outOfOrder, duplicates, late, acceptedCount, invalid,
                frontier == null ? Long.MIN_VALUE : frontier, unknownInsideMs);
    }

    static void assertMatches(Expected expected, Collector sink, ReadinessGroupIntegrator group, String context) {
        assertEquals(expected.sealed(), sink.buckets, context);
        assertEquals(expected.openBucket(), peekBucket(group), context);
        assertEquals(expected.open(), peek(group), context);
        assertEquals(OptionalLong.of(expected.frontier()), group.decidedUntilMillis(), context);
        assertEquals(expected.invalid(), group.rejectedInvalidWorkload(), context);
        for (int w = 0; w < group.size(); w++) {
            String where = context + ", workload " + w;
            assertEquals(expected.outOfRange()[w], group.rejectedOutOfRange(w), where);
            assertEquals(expected.negative()[w], group.rejectedNegative(w), where);
            assertEquals(expected.outOfOrder()[w], group.rejectedOutOfOrder(w), where);
            assertEquals(expected.duplicates()[w], group.duplicateSamples(w), where);
            assertEquals(expected.late()[w], group.lateSamples(w), where);
            assertEquals(expected.accepted()[w], group.acceptedSamples(w), where);
        }
    }

    static void run(List<Op> ops, ReadinessGroupIntegrator group) {
        for (Op op : ops) {
            if (op instanceof SampleOp s) {
                group.sample(s.workload(), s.ts(), s.desired(), s.ready());
            } else if (op instanceof AdvanceOp a) {
                group.advanceTo(a.ts());
            }
        }
    }

    // ---------------------------------------------------------------- random data

    private static final long[] RESOLUTION_SECONDS = {1, 10, 60, 300, 3600};
    private static final long[] STALENESS_SECONDS = {300, 90, 37, 600, 1};
    private static final long SPAN = 6 * 3_600_000L;
    private static final long[] OUT_OF_RANGE = {Long.MAX_VALUE, Long.MIN_VALUE,
        ReadinessGroupIntegrator.MAX_ABS_EPOCH_MILLIS + 1, -ReadinessGroupIntegrator.MAX_ABS_EPOCH_MILLIS - 1};

    /**
     * Clean random group data on whole seconds, in global time order: per workload, scrapes on a grid shared by
     * the group (so timestamps are often equal across workloads), gaps around and far beyond the staleness limit,
     * off-grid samples, duplicates, outages (ready one short or 0), surges, desired 0, and one kube-state-metrics
     * gap longer than the staleness limit in which no workload has samples. Now and then two neighbouring samples
     * are swapped and time is advanced ahead of the samples, which makes late and out-of-order samples.
     */
    static List<Op> randomGroupOps(Random random, int n, long start, long stalenessMillis, long spanMillis) {
        long scrape = 1000L * new int[] {15, 30, 60}[random.nextInt(3)];
        long end = start + spanMillis;
        long gapStart = start + spanMillis / 3 + scrape * random.nextInt((int) (spanMillis / 3 / scrape));
        long gapEnd = gapStart + stalenessMillis + 1000L * (1 + random.nextInt(900));
        List<SampleOp> samples = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            long t = start + scrape * random.nextInt(3);
            int desired = new int[] {1, 2, 3, 5}[random.nextInt(4)];
            int outageLeft = 0;
            boolean outageToZero = false;
            while (t < end) {
                if (random.nextInt(25) == 0) {
                    desired = new int[] {0, 0, 1, 2, 3, 5}[random.nextInt(6)];
                }
                if (outageLeft == 0 && random.nextInt(60) == 0) {
                    outageLeft = 1 + random.nextInt(20);
                    outageToZero = random.nextInt(4) == 0;
                }
                int ready;
                if (outageLeft > 0) {
                    outageLeft--;
                    ready = outageToZero ? 0 : Math.max(0, desired - 1);
                } else if (random.nextInt(20) == 0) {
                    ready = desired + 1 + random.nextInt(2); // rollout surge
                } else {
                    ready = desired;
                }
                if (t < gapStart || t >= gapEnd) {
                    samples.add(new SampleOp(w, t, desired, ready));
                    if (random.nextInt(50) == 0) {
                        samples.add(new SampleOp(w, t, desired, random.nextInt(desired + 2)));
                    }
                }
                int gap = random.nextInt(1000);
                if (gap < 10) {
                    t += stalenessMillis + 1000L * (random.nextInt(3) - 1); // around the staleness limit
                } else if (gap < 15) {
                    t = onGrid(t + 1000L * (300 + random.nextInt(1500)), start, scrape); // this workload missing
                } else if (gap < 75) {
                    t += 1000L * (1 + random.nextInt((int) (scrape / 1000) - 1)); // off the shared grid
                } else {
                    t = onGrid(t + 1, start, scrape);
                }
            }
        }
        Collections.shuffle(samples, random); // equal timestamps in random workload order
        samples.sort(Comparator.comparingLong(SampleOp::ts));
        for (int i = 0; i + 1 < samples.size(); i++) {
            if (random.nextInt(50) == 0) {
                Collections.swap(samples, i, i + 1);
            }
        }
        List<Op> ops = new ArrayList<>();
        for (SampleOp sample : samples) {
            if (random.nextInt(100) == 0) {
                ops.add(new AdvanceOp(sample.ts() + 1000L * random.nextInt(random.nextInt(5) == 0 ? 900 : 30)));
            }
            ops.add(sample);
        }
        ops.add(new AdvanceOp(end + 1000L * random.nextInt(2000)));
        return ops;
    }

    private static long onGrid(long t, long start, long scrape) {
        return start + (t - start + scrape - 1) / scrape * scrape;
    }

    /** How many bad samples {@link #withBadInput} added, by workload and reason. */
    static final class Injected {
        final long[] outOfRange;
        final long[] negative;
        final long[] outOfOrder;
        long invalid;

        Injected(int n) {
            outOfRange = new long[n];
            negative = new long[n];
            outOfOrder = new long[n];
        }
    }

    /**
     * {@code clean} with bad samples added before some of its samples: invalid workload indices, negative values,
     * out-of-range timestamps, and timestamps before the workload's last accepted one. Assumes every sample of
     * {@code clean} has valid values, so that the newest timestamp seen for a workload is its last accepted one.
     */
    static List<Op> withBadInput(List<Op> clean, int n, Random random, Injected injected) {
        List<Op> ops = new ArrayList<>();
        long[] maxTs = new long[n];
        Arrays.fill(maxTs, Long.MIN_VALUE);
        for (Op op : clean) {
            if (op instanceof SampleOp s) {
                int w = s.workload();
                int bad = random.nextInt(100);
                if (bad < 2) {
                    ops.add(new SampleOp(random.nextBoolean() ? -1 - random.nextInt(2) : n + random.nextInt(2),
                            s.ts(), s.desired(), s.ready()));
                    injected.invalid++;
                } else if (bad < 4) {
                    int negative = -1 - random.nextInt(3);
                    int kind = random.nextInt(3);
                    ops.add(new SampleOp(w, s.ts() + 1000L * random.nextInt(3), kind == 0 ? s.desired() : negative,
                            kind == 1 ? s.ready() : negative));
                    injected.negative[w]++;
                } else if (bad < 5) {
                    ops.add(new SampleOp(w, OUT_OF_RANGE[random.nextInt(OUT_OF_RANGE.length)], -1, s.ready()));
                    injected.outOfRange[w]++;
                } else if (bad < 8 && maxTs[w] != Long.MIN_VALUE) {
                    ops.add(new SampleOp(w, maxTs[w] - 1000L * (1 + random.nextInt(120)), s.desired(), 0));
                    injected.outOfOrder[w]++;
                }
                maxTs[w] = Math.max(maxTs[w], s.ts());
            }
            ops.add(op);
        }
        return ops;
    }

    /** Small random group data on arbitrary milliseconds, with every kind of bad and awkward input mixed in. */
    static List<Op> randomMillisecondOps(Random random, int n, long t, int count) {
        List<Op> ops = new ArrayList<>();
        long[] last = new long[n];
        Arrays.fill(last, t);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            int w = random.nextInt(n);
            int desired = random.nextInt(4);
            int ready = random.nextInt(desired + 2);
            if (kind < 10) {
                ops.add(new AdvanceOp(t + random.nextInt(2_000)));
            } else if (kind < 14) {
                ops.add(new SampleOp(w, last[w] - 1 - random.nextInt(500), desired, ready));
            } else if (kind < 17) {
                ops.add(new SampleOp(w, t, -1, ready));
            } else if (kind < 19) {
                ops.add(new SampleOp(random.nextBoolean() ? n : -1, t, desired, ready));
            } else if (kind < 25) { // behind the frontier: late, or out of order for its workload
                long ts = t - random.nextInt(300);
                ops.add(new SampleOp(w, ts, desired, ready));
                last[w] = Math.max(last[w], ts);
            } else {
                t += random.nextInt(8) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 400 : 4_000);
                ops.add(new SampleOp(w, t, desired, ready));
                last[w] = t;
            }
        }
        ops.add(new AdvanceOp(t + random.nextInt(5_000)));
        return ops;
    }

    private static String describe(long seed, int n, BucketGrid grid, long stalenessMillis) {
        return "seed " + seed + ", " + n + " workloads, " + grid + ", staleness " + stalenessMillis + " ms";
    }

    private static List<SampleOp> goodSamples(List<Op> ops, int n) {
        return ops.stream().filter(o -> o instanceof SampleOp).map(o -> (SampleOp) o)
                .filter(s -> s.workload() >= 0 && s.workload() < n && s.desired() >= 0 && s.ready() >= 0
                        && Math.abs(s.ts()) <= ReadinessGroupIntegrator.MAX_ABS_EPOCH_MILLIS)
                .toList();
    }

    private static long sum(long[] values) {
        return Arrays.stream(values).sum();
    }

    // ---------------------------------------------------------------- brute-force tests

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25})
    void matchesASecondBySecondLookbackWalkOnRandomGroups(long seed) {
        Random random = new Random(seed);
        int n = 3 + (int) (seed % 3);
        BucketGrid grid = BucketGrid.of(Duration.ofSeconds(RESOLUTION_SECONDS[(int) (seed % 5)]));
        long stalenessMillis = 1000 * STALENESS_SECONDS[(int) (seed / 5 % 5)];
        long start = (seed % 4 == 0 ? -86_400_000L : T0) + 1000L * random.nextInt(86_400);
        List<Op> ops = withBadInput(randomGroupOps(random, n, start, stalenessMillis, SPAN), n, random,
                new Injected(n));

        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(grid, Duration.ofMillis(stalenessMillis),
                workloadNames(n), sink);
        run(ops, group);

        Expected expected = bruteForce(ops, n, grid, stalenessMillis, 1000);
        String context = describe(seed, n, grid, stalenessMillis);
        assertMatches(expected, sink, group, context);

        // The walk had something to compare, and the data exercised what it is meant to.
        assertTrue(expected.sealed().size() > 3, context);
        assertTrue(expected.unknownInsideMs() > 0, context); // at least the shared gap
        List<Amounts> buckets = List.copyOf(expected.sealed().values());
        assertTrue(buckets.stream().anyMatch(a -> a.allObserved() < a.observed()), context);
        assertTrue(buckets.stream().anyMatch(a -> a.fullyReady() < a.observed()), context);
        assertTrue(buckets.stream().anyMatch(a -> a.allObservedReady() > 0), context);
        assertTrue(buckets.stream().anyMatch(a -> a.allObservedReady() < a.fullyReady()), context);
        assertTrue(expected.invalid() > 0 && sum(expected.outOfRange()) > 0 && sum(expected.negative()) > 0
                && sum(expected.outOfOrder()) > 0 && sum(expected.duplicates()) > 0 && sum(expected.late()) > 0,
                context);
        List<SampleOp> good = goodSamples(ops, n);
        assertTrue(good.stream().anyMatch(s -> s.ready() > s.desired()), context);
        assertTrue(good.stream().anyMatch(s -> s.desired() == 0), context);
        assertTrue(good.stream().anyMatch(s -> s.ready() == 0 && s.desired() > 0), context);
        boolean equalAcross = false;
        boolean longGap = false;
        long[] previous = new long[n];
        Arrays.fill(previous, Long.MIN_VALUE);
        for (int i = 0; i < good.size(); i++) {
            SampleOp s = good.get(i);
            equalAcross |= i > 0 && good.get(i - 1).ts() == s.ts() && good.get(i - 1).workload() != s.workload();
            longGap |= previous[s.workload()] != Long.MIN_VALUE && s.ts() - previous[s.workload()] > stalenessMillis;
            previous[s.workload()] = Math.max(previous[s.workload()], s.ts());
        }
        assertTrue(equalAcross && longGap, context);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112})
    void matchesAMillisecondWalkOnSmallRandomGroupsWithOffGridTimestamps(long seed) {
        Random random = new Random(seed);
        int n = 2 + random.nextInt(3);
        BucketGrid grid = BucketGrid.of(Duration.ofSeconds(1 + random.nextInt(2)));
        long stalenessMillis = 1 + random.nextInt(3_000);
        List<Op> ops = randomMillisecondOps(random, n, T0 + random.nextInt(100_000), 80);

        Collector sink = new Collector();
        ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(grid, Duration.ofMillis(stalenessMillis),
                workloadNames(n), sink);
        run(ops, group);

        assertMatches(bruteForce(ops, n, grid, stalenessMillis, 1), sink, group,
                describe(seed, n, grid, stalenessMillis));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {301, 302, 303, 304, 305, 306})
    void badInputNeverChangesWhatWasAccrued(long seed) {
        Random random = new Random(seed);
        int n = 3 + (int) (seed % 3);
        List<Op> clean = randomGroupOps(random, n, T0, 300_000, SPAN);
        Injected injected = new Injected(n);
        List<Op> dirty = withBadInput(clean, n, random, injected);

        Collector cleanSink = new Collector();
        ReadinessGroupIntegrator cleanGroup = new ReadinessGroupIntegrator(MINUTE, workloadNames(n), cleanSink);
        run(clean, cleanGroup);
        Collector dirtySink = new Collector();
        ReadinessGroupIntegrator dirtyGroup = new ReadinessGroupIntegrator(MINUTE, workloadNames(n), dirtySink);
        run(dirty, dirtyGroup);

        String context = "seed " + seed;
        assertEquals(cleanSink.buckets, dirtySink.buckets, context);
        assertTrue(cleanSink.buckets.size() > 100, context);
        assertEquals(peek(cleanGroup), peek(dirtyGroup), context);
        assertEquals(cleanGroup.decidedUntilMillis(), dirtyGroup.decidedUntilMillis(), context);
        assertEquals(injected.invalid, dirtyGroup.rejectedInvalidWorkload(), context);
        long injectedTotal = injected.invalid;
        for (int w = 0; w < n; w++) {
            String where = context + ", workload " + w;
            assertEquals(cleanGroup.acceptedSamples(w), dirtyGroup.acceptedSamples(w), where);
            assertEquals(cleanGroup.duplicateSamples(w), dirtyGroup.duplicateSamples(w), where);
            assertEquals(cleanGroup.lateSamples(w), dirtyGroup.lateSamples(w), where);
            assertEquals(0, cleanGroup.rejectedNegative(w) + cleanGroup.rejectedOutOfRange(w), where);
            assertEquals(injected.negative[w], dirtyGroup.rejectedNegative(w), where);
            assertEquals(injected.outOfRange[w], dirtyGroup.rejectedOutOfRange(w), where);
            assertEquals(cleanGroup.rejectedOutOfOrder(w) + injected.outOfOrder[w], dirtyGroup.rejectedOutOfOrder(w),
                    where);
            injectedTotal += injected.negative[w] + injected.outOfRange[w] + injected.outOfOrder[w];
        }
        assertEquals(cleanGroup.rejectedSamples() + injectedTotal, dirtyGroup.rejectedSamples(), context);
        assertTrue(injected.invalid > 0 && sum(injected.negative) > 0 && sum(injected.outOfRange) > 0
                && sum(injected.outOfOrder) > 0, context);
    }

    @Test
    void cuttingTheSameSamplesIntoDifferentBucketSizesPreservesTotals() {
        Random random = new Random(42);
        List<Op> ops = withBadInput(randomGroupOps(random, 4, T0, 300_000, 2 * SPAN), 4, random, new Injected(4));
        Amounts[] totals = new Amounts[RESOLUTION_SECONDS.length];
        for (int g = 0; g < RESOLUTION_SECONDS.length; g++) {
            Collector sink = new Collector();
            ReadinessGroupIntegrator group = new ReadinessGroupIntegrator(
                    BucketGrid.of(Duration.ofSeconds(RESOLUTION_SECONDS[g])), workloadNames(4), sink);
            run(ops, group);
            group.advanceTo(Long.MAX_VALUE);
            totals[g] = sink.buckets.values().stream().reduce(ZERO, Amounts::plus);
        }
        for (Amounts total : totals) {
            assertEquals(totals[0], total);
        }
        assertTrue(totals[0].allObservedReady() > 0 && totals[0].allObservedReady() < totals[0].fullyReady());
    }

    /** {@code n} distinct workload names, starting with the conformance data's three. */
    static List<String> workloadNames(int n) {
        List<String> names = new ArrayList<>(API_WEB_MONGO);
        while (names.size() < n) {
            names.add("workload-" + names.size());
        }
        return List.copyOf(names.subList(0, n));
    }
}
