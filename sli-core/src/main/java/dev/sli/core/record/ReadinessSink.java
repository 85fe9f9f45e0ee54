package dev.sli.core.record;

/**
 * Receives the time-weighted readiness amounts of one bucket, in milliseconds and replica-milliseconds.
 * Called on the thread that drives the {@link ReadinessIntegrator}; it must not throw and must not call
 * back into the integrator.
 */
@FunctionalInterface
interface ReadinessSink {

    /**
     * The amounts accrued in {@code bucket} (an index of the integrator's {@code BucketGrid}).
     *
     * @param bucket the bucket index, {@code floorDiv(epochMillis, resolutionMillis)}
     * @param observedMs time in the bucket with a sample in force; the rest of the bucket is unknown
     * @param fullyReadyMs observed time with {@code ready >= desired} (including {@code desired == 0})
     * @param readyReplicaMs sum over observed time of {@code min(ready, desired)}; surge replicas do not count
     * @param desiredReplicaMs sum over observed time of {@code desired}
     */
    void bucket(long bucket, long observedMs, long fullyReadyMs, long readyReplicaMs, long desiredReplicaMs);
}
