package dev.sli.core.record;

/**
 * Why a recorded sample was not counted. The recording path never throws for bad data: it counts the
 * sample here, and every series snapshot reports the counts.
 */
public enum Rejection {
    /** A duration below zero (a clock that stepped back, or a caller bug). */
    NEGATIVE_DURATION,
    /** A timestamp further in the future than the series allows. */
    FUTURE_TIMESTAMP,
    /** A timestamp older than the series' retention. */
    BEFORE_RETENTION,
    /** A negative replica count, or ready/desired out of range. */
    INVALID_VALUE,
    /** A sample older than the series' last sample, for kinds whose samples must arrive in order (gauges). */
    OUT_OF_ORDER,
    /** The series' backlog of unprocessed gauge samples was full (its consumer was stalled). */
    BACKLOG_FULL,
    /** A work item event that does not fit the item's state: unknown id, duplicate start, finish before start. */
    INVALID_EVENT;

    static final int COUNT = values().length;
}
