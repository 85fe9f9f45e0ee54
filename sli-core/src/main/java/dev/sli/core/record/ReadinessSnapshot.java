package dev.sli.core.record;

import dev.sli.core.window.WindowSpan;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Readiness of one workload over one window, in milliseconds: observed, fully ready, unknown, and
 * replica-milliseconds ready and desired. Immutable; without observed time the availabilities are
 * empty, never 0 or 1.
 */
public final class ReadinessSnapshot {

    private final String series;
    private final WindowSpan span;
    private final long observedMillis;
    private final long fullyReadyMillis;
    private final long readyReplicaMillis;
    private final long desiredReplicaMillis;
    private final Map<Rejection, Long> rejections;

    ReadinessSnapshot(String series, WindowSpan span, long observedMillis, long fullyReadyMillis,
            long readyReplicaMillis, long desiredReplicaMillis, Map<Rejection, Long> rejections) {
        this.series = series;
        this.span = span;
        this.observedMillis = observedMillis;
        this.fullyReadyMillis = fullyReadyMillis;
        this.readyReplicaMillis = readyReplicaMillis;
        this.desiredReplicaMillis = desiredReplicaMillis;
        this.rejections = Collections.unmodifiableMap(new EnumMap<>(rejections));
    }

    /** The workload this snapshot is of. */
    public String series() {
        return series;
    }

    /** The window covered. */
    public WindowSpan span() {
        return span;
    }

    /** Milliseconds with a sample in force. */
    public long observedMillis() {
        return observedMillis;
    }

    /** Milliseconds with ready at or above desired. */
    public long fullyReadyMillis() {
        return fullyReadyMillis;
    }

    /** Observed milliseconds with fewer ready replicas than desired. */
    public long notReadyMillis() {
        return observedMillis - fullyReadyMillis;
    }

    /** Milliseconds of the window with no sample in force. */
    public long unknownMillis() {
        return span.lengthMillis() - observedMillis;
    }

    /** Ready replicas (at most desired) times milliseconds. */
    public long readyReplicaMillis() {
        return readyReplicaMillis;
    }

    /** Desired replicas times milliseconds. */
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
        return "ReadinessSnapshot[" + series + " " + span + " observed=" + observedMillis + "ms fullyReady="
                + fullyReadyMillis + "ms unknown=" + unknownMillis() + "ms]";
    }
}
