package dev.sli.core.record;

import java.util.Arrays;
import java.util.Iterator;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A reusable full-length counts array in {@link HistogramLayout} order that remembers the range of
 * indices it touched, so that clearing and encoding it cost the touched range, not the layout's length.
 * The scratch space of sealing (merging buckets into hour and day blocks, applying late corrections).
 * Not thread-safe: the history's seal lock guards it.
 */
final class DenseCounts {

    final long[] counts;
    int minIndex = Integer.MAX_VALUE;
    int maxIndex = -1;
    long maxNanos;
    private int[] binLengths = new int[64];

    DenseCounts(HistogramLayout layout) {
        this.counts = new long[layout.length];
    }

    boolean isEmpty() {
        return maxIndex < 0;
    }

    void add(int index, long count) {
        counts[index] += count;
        if (index < minIndex) {
            minIndex = index;
        }
        if (index > maxIndex) {
            maxIndex = index;
        }
    }

    void noteMax(long nanos) {
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
    }

    /** Adds every recorded value of {@code histogram} (whose range must be the layout's). */
    void addHistogram(Histogram histogram, HistogramLayout layout) {
        if (histogram.getTotalCount() == 0) {
            return;
        }
        Iterator<HistogramIterationValue> it = histogram.recordedValues().iterator();
        while (it.hasNext()) {
            HistogramIterationValue v = it.next();
            add(layout.indexOf(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
        }
    }

    void clear() {
        if (maxIndex >= 0) {
            Arrays.fill(counts, minIndex, maxIndex + 1, 0L);
        }
        minIndex = Integer.MAX_VALUE;
        maxIndex = -1;
        maxNanos = 0;
    }

    int[] binLengthScratch(int n) {
        if (binLengths.length < n) {
            binLengths = new int[Math.max(n, binLengths.length * 2)];
        }
        return binLengths;
    }
}
