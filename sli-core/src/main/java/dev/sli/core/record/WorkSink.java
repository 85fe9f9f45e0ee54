package dev.sli.core.record;

/**
 * Receives each completed bucket of a {@link WorkTracker}. Called on the thread that drives the tracker; the
 * {@link WorkBucket} is reused once the call returns, so copy what you keep. It must not throw and must not
 * call back into the tracker.
 */
@FunctionalInterface
interface WorkSink {

    /** One bucket's completions, failures and abandonments; valid only during the call. */
    void bucket(WorkBucket bucket);
}
