package dev.sli.store.imports;

/**
 * What an import delivered: the float series and samples passed on, and the samples dropped because their
 * series already had a sample at that time (duplicates) or later (out of order). Immutable.
 */
public final class ImportSummary {

    private final long series;
    private final long samples;
    private final long duplicates;
    private final long outOfOrder;

    ImportSummary(long series, long samples, long duplicates, long outOfOrder) {
        this.series = series;
        this.samples = samples;
        this.duplicates = duplicates;
        this.outOfOrder = outOfOrder;
    }

    /** Distinct float series seen. */
    public long series() {
        return series;
    }

    /** Float samples passed on. */
    public long samples() {
        return samples;
    }

    /** Samples dropped because their series already had one at the same timestamp (the first is kept). */
    public long duplicates() {
        return duplicates;
    }

    /** Samples dropped because their series already had a later one. */
    public long outOfOrder() {
        return outOfOrder;
    }

    @Override
    public String toString() {
        return series + " series, " + samples + " samples" + (duplicates > 0 ? ", " + duplicates + " duplicates dropped" : "")
                + (outOfOrder > 0 ? ", " + outOfOrder + " out-of-order samples dropped" : "");
    }
}
