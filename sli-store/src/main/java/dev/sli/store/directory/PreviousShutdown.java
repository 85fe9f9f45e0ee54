package dev.sli.store.directory;

/**
 * How the writer before this one left the store, as its clean-shutdown marker tells: what a writer must do
 * before it trusts the data files.
 */
public enum PreviousShutdown {
    /** The store was created by this open: there was no writer before. */
    NEW_STORE,
    /** The last writer closed the store and set the marker: the data files are consistent. */
    CLEAN,
    /**
     * The marker is missing: the last writer died (or, seen from a read-only open, a writer is running now).
     * A writer must recover the data files, with exclusive access, before it trusts them, then call
     * {@link StoreDirectory#markRecovered()}.
     */
    UNCLEAN
}
