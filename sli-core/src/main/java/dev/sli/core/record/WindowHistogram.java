package dev.sli.core.record;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The latency histogram of a window, as the few sealed blocks (days, hours, buckets) that compose it,
 * answered without merging them: a quantile or a count at or under a duration adds up the blocks' bin
 * totals (a few dozen numbers each), finds the bin that holds the rank, and decodes only that bin of
 * each block. Immutable and thread-safe: blocks are never modified once sealed.
 */
final class WindowHistogram {

    static final WindowHistogram EMPTY = new WindowHistogram(null, new byte[0][], 0);

    private final HistogramLayout layout;
    private final byte[][] blocks;
    private final long[] binTotals;
    private final long total;
    private final long maxNanos;

    WindowHistogram(HistogramLayout layout, byte[][] blocks, int count) {
        this.layout = layout;
        this.blocks = count == blocks.length ? blocks : java.util.Arrays.copyOf(blocks, count);
        if (count == 0) {
            this.binTotals = new long[0];
            this.total = 0;
            this.maxNanos = 0;
            return;
        }
        this.binTotals = new long[layout.bins()];
        SparseBlock.Reader r = new SparseBlock.Reader();
        long max = 0;
        for (int i = 0; i < count; i++) {
            SparseBlock.addBinTotals(this.blocks[i], binTotals, r);
            max = Math.max(max, SparseBlock.maxNanos(this.blocks[i], r));
        }
        long sum = 0;
        for (long t : binTotals) {
            sum += t;
        }
        this.total = sum;
        this.maxNanos = max;
    }

    /** Requests in the window. */
    long total() {
        return total;
    }

    /** The exact largest duration, 0 without requests. */
    long maxNanos() {
        return maxNanos;
    }

    /** How many blocks compose the window (for tests and benchmarks of the composition). */
    int blockCount() {
        return blocks.length;
    }

    /** The nearest rank of quantile {@code q} among {@code count} values: ceil(q * count), at least 1, exact in decimal. */
    static long rank(double quantile, long count) {
        long rank = BigDecimal.valueOf(quantile).multiply(BigDecimal.valueOf(count))
                .setScale(0, RoundingMode.CEILING).longValueExact();
        return Math.max(1, Math.min(count, rank));
    }

    /**
     * The smallest recorded duration that at least {@code ceil(q × total)} requests did not exceed, as
     * the highest value of its histogram bucket (HdrHistogram's convention), but never above the exact
     * maximum. Requires {@link #total()} &gt; 0.
     */
    long valueAtQuantile(double quantile) {
        long rank = rank(quantile, total);
        int bin = 0;
        long before = 0;
        while (before + binTotals[bin] < rank) {
            before += binTotals[bin++];
        }
        long[] counts = binCounts(bin);
        long need = rank - before;
        int i = 0;
        for (long seen = 0; ; i++) {
            seen += counts[i];
            if (seen >= need) {
                break;
            }
        }
        long value = layout.highestEquivalentValue((bin << layout.binShift) + i);
        return Math.min(value, maxNanos);
    }

    /**
     * Requests whose duration is at most {@link #countedUpToNanos(long) countedUpToNanos(nanos)}: every
     * request at or under {@code nanos}, plus those in the rest of its histogram bucket.
     */
    long atOrUnder(long nanos) {
        if (total == 0 || nanos < 0) {
            return 0;
        }
        if (nanos >= layout.highestTrackableNanos) {
            return total;
        }
        int index = layout.indexOf(nanos);
        int bin = index >> layout.binShift;
        long sum = 0;
        for (int b = 0; b < bin && b < binTotals.length; b++) {
            sum += binTotals[b];
        }
        if (bin < binTotals.length && binTotals[bin] > 0) {
            long[] counts = binCounts(bin);
            for (int i = 0, end = index - (bin << layout.binShift); i <= end; i++) {
                sum += counts[i];
            }
        }
        return sum;
    }

    /** The duration up to which {@link #atOrUnder} counts exactly: the top of {@code nanos}' histogram bucket. */
    static long countedUpToNanos(HistogramLayout layout, long nanos) {
        if (nanos < 0) {
            return nanos;
        }
        if (nanos >= layout.highestTrackableNanos) {
            return nanos;
        }
        return layout.highestEquivalentValue(layout.indexOf(nanos));
    }

    private long[] binCounts(int bin) {
        long[] counts = new long[1 << layout.binShift];
        SparseBlock.Reader r = new SparseBlock.Reader();
        for (byte[] block : blocks) {
            SparseBlock.addBin(block, bin, layout.binShift, counts, r);
        }
        return counts;
    }
}
