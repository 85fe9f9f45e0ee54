package dev.sli.core.record;


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
    private final long total;
    private final long maxNanos;
    /** Per bin, the requests of all blocks, and each block's directory offsets; made on first use. */
    private volatile Directory directory;

    /** The bin totals of the window and the directory offsets of each block (see {@link SparseBlock.Reader#directory}). */
    private record Directory(long[] binTotals, int[][] offsets) {
    }

    WindowHistogram(HistogramLayout layout, byte[][] blocks, int count) {
        this.layout = layout;
        this.blocks = count == blocks.length ? blocks : java.util.Arrays.copyOf(blocks, count);
        SparseBlock.Reader r = new SparseBlock.Reader();
        long sum = 0;
        long max = 0;
        for (int i = 0; i < count; i++) {
            r.open(this.blocks[i]);
            sum += r.total;
            max = Math.max(max, r.maxNanos);
        }
        this.total = sum;
        this.maxNanos = max;
    }

    private Directory directory() {
        Directory d = directory;
        if (d == null) { // a benign race: two threads may both compute the same directory
            long[] totals = new long[layout.bins()];
            int[][] offsets = new int[blocks.length][];
            SparseBlock.Reader r = new SparseBlock.Reader();
            for (int i = 0; i < blocks.length; i++) {
                offsets[i] = r.open(blocks[i]).directory(totals);
            }
            d = new Directory(totals, offsets);
            directory = d;
        }
        return d;
    }

    /** Requests in the window. */
    long total() {
        return total;
    }

    /** The exact largest duration, 0 without requests. */
    long maxNanos() {
        return maxNanos;
    }

    /**
     * The smallest recorded duration that at least {@code ceil(q × total)} requests did not exceed, as
     * the highest value of its histogram bucket (HdrHistogram's convention), but never above the exact
     * maximum. Requires {@link #total()} &gt; 0.
     */
    long valueAtQuantile(double quantile) {
        long rank = HistogramCodec.rank(quantile, total);
        long[] bins = directory().binTotals();
        int bin = 0;
        long before = 0;
        while (before + bins[bin] < rank) {
            before += bins[bin++];
        }
        int index = indexOfRank(bin, rank - before);
        return Math.min(layout.highestEquivalentValue(index), maxNanos);
    }

    /**
     * The index at which the running count within bin {@code bin} reaches {@code need} (1 ≤ need ≤ the
     * bin's total): sub-bin totals first (plain blocks decoded whole, indexed blocks from their
     * sub-directories), then the one sub-bin that holds the rank.
     */
    private int indexOfRank(int bin, long need) {
        int binShift = layout.binShift;
        int subShift = SparseBlock.subShift(binShift);
        long[] fine = new long[1 << binShift];
        long[] subTotals = new long[1 << (binShift - subShift)];
        addBinDetail(bin, fine, subTotals);
        int sub = 0;
        long before = 0;
        while (sub < subTotals.length - 1 && before + subTotals[sub] < need) {
            before += subTotals[sub++];
        }
        addSubBin(bin, sub, fine);
        int i = sub << subShift;
        for (long seen = before; ; i++) {
            seen += fine[i];
            if (seen >= need) {
                return (bin << binShift) + i;
            }
        }
    }

    /**
     * Fills {@code subTotals} with the sub-bin totals of bin {@code bin} over every block, and {@code fine}
     * with the plain blocks' counts of the bin (indexed blocks come per sub-bin, by {@link #addSubBin}).
     */
    private void addBinDetail(int bin, long[] fine, long[] subTotals) {
        int binShift = layout.binShift;
        int subShift = SparseBlock.subShift(binShift);
        Directory d = directory();
        SparseBlock.Reader r = new SparseBlock.Reader();
        for (int b = 0; b < blocks.length; b++) {
            r.open(blocks[b]).binDetail(d.offsets()[b], bin, binShift, subShift, fine, subTotals);
        }
    }

    private void addSubBin(int bin, int sub, long[] fine) {
        int binShift = layout.binShift;
        int subShift = SparseBlock.subShift(binShift);
        Directory d = directory();
        SparseBlock.Reader r = new SparseBlock.Reader();
        for (int b = 0; b < blocks.length; b++) {
            r.open(blocks[b]).subBin(d.offsets()[b], bin, sub, binShift, subShift, fine);
        }
    }

    /**
     * Requests whose duration is at most {@link #countedUpToNanos countedUpToNanos(nanos)}: every request
     * at or under {@code nanos}, plus those in the rest of its histogram bucket.
     */
    long atOrUnder(long nanos) {
        if (total == 0 || nanos < 0) {
            return 0;
        }
        if (nanos >= layout.highestTrackableNanos) {
            return total;
        }
        int index = layout.indexOf(nanos);
        int binShift = layout.binShift;
        int subShift = SparseBlock.subShift(binShift);
        int bin = index >> binShift;
        long[] bins = directory().binTotals();
        long sum = 0;
        for (int b = 0; b < bin; b++) {
            sum += bins[b];
        }
        if (bins[bin] == 0) {
            return sum;
        }
        long[] fine = new long[1 << binShift];
        long[] subTotals = new long[1 << (binShift - subShift)];
        addBinDetail(bin, fine, subTotals);
        int offset = index - (bin << binShift);
        int sub = offset >> subShift;
        for (int s = 0; s < sub; s++) {
            sum += subTotals[s];
        }
        addSubBin(bin, sub, fine);
        for (int i = sub << subShift; i <= offset; i++) {
            sum += fine[i];
        }
        return sum;
    }

    /** The duration up to which {@link #atOrUnder} counts exactly: the top of {@code nanos}' histogram bucket. */
    static long countedUpToNanos(HistogramLayout layout, long nanos) {
        if (nanos < 0 || nanos >= layout.highestTrackableNanos) {
            return nanos;
        }
        return layout.highestEquivalentValue(layout.indexOf(nanos));
    }
}
