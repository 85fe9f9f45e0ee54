package dev.sli.core.record;

/** The kinds of {@link Series}, one per SLI kind of the design: what a sample is and what a bucket keeps. */
public enum SeriesKind {
    /** Request durations and outcomes: {@link LatencySeries}. */
    LATENCY,
    /** Request or event outcomes: {@link OutcomeSeries}. */
    OUTCOME,
    /** Desired and ready replicas of one or more workloads: {@link ReadinessGroupSeries}. */
    READINESS,
    /** Black-box checks, up or down: {@link ProbeSeries}. */
    PROBE,
    /** Start and finish of long-running work items: {@link WorkSeries}. */
    WORK
}
