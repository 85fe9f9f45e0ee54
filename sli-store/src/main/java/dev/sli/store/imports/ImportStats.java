package dev.sli.store.imports;

/**
 * What one import did: how many samples went to the sink, from how many series, and how many it skipped
 * the way Prometheus's TSDB refuses them — a sample older than its series' newest (out of order), a second
 * sample at a series' newest timestamp with a different value (a duplicate timestamp), or the same value
 * again (repeated; Prometheus drops it without error) — with the first line of each kind of skip, 0 when
 * there was none. Immutable and thread-safe.
 */
public final class ImportStats {

    private final long samples;
    private final long series;
    private final long outOfOrder;
    private final long firstOutOfOrderLine;
    private final long duplicateTimestamps;
    private final long firstDuplicateTimestampLine;
    private final long repeated;

    ImportStats(long samples, long series, long outOfOrder, long firstOutOfOrderLine, long duplicateTimestamps,
            long firstDuplicateTimestampLine, long repeated) {
        this.samples = samples;
        this.series = series;
        this.outOfOrder = outOfOrder;
        this.firstOutOfOrderLine = firstOutOfOrderLine;
        this.duplicateTimestamps = duplicateTimestamps;
        this.firstDuplicateTimestampLine = firstDuplicateTimestampLine;
        this.repeated = repeated;
    }

    /** Samples passed to the sink. */
    public long samples() {
        return samples;
    }

    /** Distinct series seen (a series whose every sample was skipped counts too). */
    public long series() {
        return series;
    }

    /** Samples skipped because their series already had a later one. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** The 1-based line of the first out-of-order sample, 0 when none. */
    public long firstOutOfOrderLine() {
        return firstOutOfOrderLine;
    }

    /** Samples skipped because their series already had a different value at that timestamp. */
    public long duplicateTimestamps() {
        return duplicateTimestamps;
    }

    /** The 1-based line of the first duplicate-timestamp sample, 0 when none. */
    public long firstDuplicateTimestampLine() {
        return firstDuplicateTimestampLine;
    }

    /** Samples skipped because they repeat their series' newest sample exactly (same timestamp, same value bits). */
    public long repeated() {
        return repeated;
    }

    /** Every sample skipped: out of order, duplicate timestamp or repeated. */
    public long skipped() {
        return outOfOrder + duplicateTimestamps + repeated;
    }

    @Override
    public String toString() {
        return samples + " samples of " + series + " series; skipped " + outOfOrder + " out of order"
                + (firstOutOfOrderLine > 0 ? " (first at line " + firstOutOfOrderLine + ")" : "") + ", "
                + duplicateTimestamps + " with a duplicate timestamp"
                + (firstDuplicateTimestampLine > 0 ? " (first at line " + firstDuplicateTimestampLine + ")" : "")
                + ", " + repeated + " repeated";
    }
}
