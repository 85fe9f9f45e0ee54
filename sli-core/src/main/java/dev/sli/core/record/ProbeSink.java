package dev.sli.core.record;

/**
 * Receives one bucket of black-box check accounting: up and down time in milliseconds and check counts.
 * Called on the thread that drives the {@link ProbeIntegrator}; it must not throw and must not call back
 * into the integrator.
 */
@FunctionalInterface
interface ProbeSink {

    /**
     * The amounts accrued in {@code bucket}; unknown time is {@code resolutionMillis - upMs - downMs}.
     *
     * @param bucket the bucket index, {@code floorDiv(epochMillis, resolutionMillis)}
     * @param upMs time in the bucket classified up by the result in force
     * @param downMs time in the bucket classified down by the result in force
     * @param upChecks results saying up that were counted in this bucket
     * @param downChecks results saying down that were counted in this bucket
     */
    void bucket(long bucket, long upMs, long downMs, long upChecks, long downChecks);
}
