package dev.sli.core.slo;

/** What the good, bad and unknown amounts of an {@link SliMeasurement} count. */
public enum SliUnit {
    /** Requests or events (occurrences). */
    EVENTS,
    /** Milliseconds of time (time-based availability). */
    MILLISECONDS,
    /** Replica-milliseconds: replicas times milliseconds (replica availability). */
    REPLICA_MILLISECONDS,
    /** Time slices of one bucket each (the Timeslices and RatioTimeslices budgeting methods). */
    SLICES
}
