package dev.sli.core.record;

import dev.sli.core.slo.Coverage;
import dev.sli.core.window.WindowSpan;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Readiness of a group of workloads over one window, in milliseconds: observed (some workload had
 * data), fully ready (every workload with data was ready), unknown (none had data), the stricter
 * all-observed amounts, and replica-milliseconds. Immutable; without observed time the availabilities
 * are empty, never 0 or 1.
 */
public final class ReadinessGroupSnapshot {

    private final String series;
    private final WindowSpan span;
    private final Coverage coverage;
    private final long observedMillis;
    private final long fullyReadyMillis;
    private final long allObservedMillis;
    private final long allObservedReadyMillis;
    private final long readyReplicaMillis;
    private final long desiredReplicaMillis;
    private final Map<Rejection, Long> rejections;

    ReadinessGroupSnapshot(String series, WindowSpan span, Coverage coverage, long observedMillis, long fullyReadyMillis,
            long allObservedMillis, long allObservedReadyMillis, long readyReplicaMillis, long desiredReplicaMillis,
            Map<Rejection, Long> rejections) {
        this.series = series;
        this.span = span;
        this.coverage = coverage;
        this.observedMillis = observedMillis;
        this.fullyReadyMillis = fullyReadyMillis;
        this.allObservedMillis = allObservedMillis;
        this.allObservedReadyMillis = allObservedReadyMillis;
        this.readyReplicaMillis = readyReplicaMillis;
        this.desiredReplicaMillis = desiredReplicaMillis;
        this.rejections = Collections.unmodifiableMap(new EnumMap<>(rejections));
    }

    /** The series this snapshot is of. */
    public String series() {
        return series;
    }

    /** The window covered. */
    public WindowSpan span() {
        return span;
    }

    /** How much of the window holds data, and the observed span. */
    public Coverage coverage() {
        return coverage;
    }

    /** Milliseconds in which at least one workload had a sample in force. */
    public long observedMillis() {
        return observedMillis;
    }

    /** Observed milliseconds in which every workload with data was fully ready. */
    public long fullyReadyMillis() {
        return fullyReadyMillis;
    }

    /** Observed milliseconds in which some workload with data was short of replicas. */
    public long notReadyMillis() {
        return observedMillis - fullyReadyMillis;
    }

    /** Milliseconds of the window in which no workload had data. */
    public long unknownMillis() {
        return span.lengthMillis() - observedMillis;
    }

    /** Milliseconds in which every workload of the group had data. */
    public long allObservedMillis() {
        return allObservedMillis;
    }

    /** All-observed milliseconds in which every workload was fully ready. */
    public long allObservedReadyMillis() {
        return allObservedReadyMillis;
    }

    /** Ready replicas (at most desired) times milliseconds, summed over the workloads with data. */
    public long readyReplicaMillis() {
        return readyReplicaMillis;
    }

    /** Desired replicas times milliseconds, summed over the workloads with data. */
    public long desiredReplicaMillis() {
        return desiredReplicaMillis;
    }

    /** Fully-ready time over observed time, in [0, 1]; empty without observed time. */
    public OptionalDouble availability() {
        return observedMillis == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) fullyReadyMillis / observedMillis);
    }

    /** Ready replica-time over desired replica-time, in [0, 1]; empty without desired replicas. */
    public OptionalDouble replicaAvailability() {
        return desiredReplicaMillis == 0 ? OptionalDouble.empty()
                : OptionalDouble.of((double) readyReplicaMillis / desiredReplicaMillis);
    }

    /** Lifetime counts of rejected samples of the series, by reason. */
    public Map<Rejection, Long> rejections() {
        return rejections;
    }

    @Override
    public String toString() {
        return "ReadinessGroupSnapshot[" + series + " " + span + " observed=" + observedMillis + "ms fullyReady="
                + fullyReadyMillis + "ms unknown=" + unknownMillis() + "ms]";
    }
}
