package dev.sli.store.imports;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * A sink in front of another that applies Prometheus's append rule to float samples: within a series,
 * timestamps only move forward. A sample at the series' last timestamp is a duplicate and one before it
 * is out of order; both are dropped and counted (Prometheus's TSDB refuses them the same way and counts
 * them per scrape), so the next sink sees each series sorted and unique. Histogram intervals pass through
 * uncounted. Keeps one timestamp per series seen. Not thread-safe.
 */
public final class InOrderSink implements SampleSink {

    private final SampleSink next;
    private final Map<SeriesKey, long[]> lastMillis = new HashMap<>();
    private SeriesKey lastKey;
    private long[] lastSlot;
    private long samples;
    private long duplicates;
    private long outOfOrder;

    /** A sink forwarding in-order samples to {@code next}. */
    public InOrderSink(SampleSink next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void type(String metric, MetricType type) {
        next.type(metric, type);
    }

    @Override
    public void sample(SeriesKey series, long timestampMillis, double value) {
        long[] slot;
        if (series == lastKey || series.equals(lastKey)) {
            slot = lastSlot;
        } else {
            slot = lastMillis.get(series);
            if (slot == null) {
                slot = new long[] {Long.MIN_VALUE};
                lastMillis.put(series, slot);
            }
            lastKey = series;
            lastSlot = slot;
        }
        if (timestampMillis <= slot[0] && slot[0] != Long.MIN_VALUE) {
            if (timestampMillis == slot[0]) {
                duplicates++;
            } else {
                outOfOrder++;
            }
            return;
        }
        slot[0] = timestampMillis;
        samples++;
        next.sample(series, timestampMillis, value);
    }

    @Override
    public void histogram(SeriesKey series, long startMillis, long endMillis, Histogram histogram) {
        next.histogram(series, startMillis, endMillis, histogram);
    }

    /** What passed and what was dropped so far. */
    public ImportSummary summary() {
        return new ImportSummary(lastMillis.size(), samples, duplicates, outOfOrder);
    }
}
