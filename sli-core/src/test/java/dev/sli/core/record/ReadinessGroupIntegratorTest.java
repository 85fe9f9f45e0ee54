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
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

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
}
