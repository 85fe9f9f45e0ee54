package dev.sli.core.record;

/** Why a {@link WorkTracker} rejected a start or finish; each rejected call is counted under exactly one. Immutable. */
enum WorkRejection {
    /** The id was null or empty. */
    INVALID_ID,
    /** The timestamp was further than {@link WorkTracker#MAX_ABS_EPOCH_MILLIS} ms from the epoch. */
    TIMESTAMP_OUT_OF_RANGE,
    /** A start for an id that is still open (and not yet past the abandon limit). */
    DUPLICATE_START,
    /** A finish for an id that is not open: never started, already finished, or abandoned. */
    UNKNOWN_ID,
    /** A finish timestamped before its item's start. */
    FINISH_BEFORE_START
}
