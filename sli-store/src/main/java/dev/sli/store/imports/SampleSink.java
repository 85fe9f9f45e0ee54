package dev.sli.store.imports;

import org.HdrHistogram.Histogram;

/**
 * Where an importer sends what it reads, in file order: the samples of float series (series by series
 * for a {@code query_range} JSON, scrape by scrape for an exposition file, line by line for CSV) and,
 * from HdrHistogram interval logs, intervals of recorded latencies. Implementations say whether they are
 * thread-safe; importers call one sink from one thread.
 */
public interface SampleSink {

    /** The type declared for {@code metric} (a {@code # TYPE} line), before its first sample. By default ignored. */
    default void type(String metric, MetricType type) {
    }

    /**
     * One sample: {@code value} at {@code timestampMillis} (Unix epoch milliseconds) of {@code series}.
     * The value may be NaN or ±Inf, as Prometheus stores them; the sink decides what they mean.
     */
    void sample(SeriesKey series, long timestampMillis, double value);

    /**
     * The latencies recorded from {@code startMillis} to {@code endMillis} (Unix epoch milliseconds) in
     * {@code series}, in nanoseconds. A log recorded in another unit (the importer is told which, since
     * HdrHistogram logs do not say) is converted conservatively: a value recorded as {@code v} units stands
     * for [v, v + 1) units, so each recorded bucket [L, H] of the log is counted at (H + 1) × f − 1 ns
     * (f = 1000 for microseconds, 10<sup>6</sup> for milliseconds) in a histogram of 5 significant digits.
     * Percentiles and the maximum are then exactly (H + 1) × f − 1 for microsecond logs of up to 3
     * significant digits, and otherwise at most 2<sup>-17</sup> relative above it; never below, so a
     * latency is never read as faster than it was recorded. Counts are kept exactly. The histogram is only
     * valid during the call (importers may reuse it). By default refused with
     * {@link UnsupportedOperationException}.
     */
    default void histogram(SeriesKey series, long startMillis, long endMillis, Histogram histogram) {
        throw new UnsupportedOperationException("this sink takes float samples only, not latency histograms");
    }
}
