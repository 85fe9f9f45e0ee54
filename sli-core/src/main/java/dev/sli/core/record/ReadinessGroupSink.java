package dev.sli.core.record;

/**
 * Receives the time-weighted readiness amounts of a group of workloads for one bucket, in milliseconds and
 * replica-milliseconds. Called on the thread that drives the {@link ReadinessGroupIntegrator}; it must not
 * throw and must not call back into the integrator.
 */
@FunctionalInterface
interface ReadinessGroupSink {

    /**
     * The amounts accrued in {@code bucket} (an index of the integrator's {@code BucketGrid}). Always
     * {@code allObservedReadyMs <= allObservedMs <= observedMs} and {@code allObservedReadyMs <= fullyReadyMs
     * <= observedMs}.
     *
     * @param bucket the bucket index, {@code floorDiv(epochMillis, resolutionMillis)}
     * @param observedMs time in the bucket with at least one workload's sample in force; the rest is unknown
     * @param fullyReadyMs observed time in which every workload with a sample in force had
     *     {@code ready >= desired} (workloads without one are left out, as PromQL's {@code min} leaves them out)
     * @param allObservedMs time in which every workload of the group had a sample in force
     * @param allObservedReadyMs all-observed time in which every workload had {@code ready >= desired}
     * @param readyReplicaMs sum over observed time and the workloads in force of {@code min(ready, desired)}
     * @param desiredReplicaMs sum over observed time and the workloads in force of {@code desired}
     */
    void bucket(long bucket, long observedMs, long fullyReadyMs, long allObservedMs, long allObservedReadyMs,
                long readyReplicaMs, long desiredReplicaMs);
}
