package dev.sli.core.config;

/** What an SLI measures, and so which fields it has and which budgeting methods fit it. */
public enum SliKind {
    /** Request durations: the fraction at or under a threshold, or a percentile per time slice. */
    LATENCY,
    /** Request or event outcomes: success rate (and its complement, the error rate). */
    OUTCOME,
    /** Desired and ready replica gauges: time-based availability or replica availability. */
    READINESS,
    /** A black-box check, up or down per time slice: uptime. */
    PROBE,
    /** Start and finish of long-running work items: the fraction done within a threshold. */
    WORK;

    /** Whether the SLI measures time (readiness, probe) rather than counting events. */
    public boolean isTimeBased() {
        return this == READINESS || this == PROBE;
    }

    /** Whether objectives on the SLI need a duration threshold (latency, work). */
    public boolean hasThreshold() {
        return this == LATENCY || this == WORK;
    }
}
