package dev.sli.core.config;

/** What a readiness SLI counts as good. */
public enum ReadinessMeasure {
    /** Time during which every listed workload has at least its desired replicas ready ("uptime"). */
    TIME,
    /** Ready replica-time over desired replica-time (partial outages count in part). */
    REPLICAS
}
