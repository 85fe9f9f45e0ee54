package dev.sli.core.record;

import dev.sli.core.history.HistoryShape;
import dev.sli.core.history.SealedHistory;
import dev.sli.core.window.BucketGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * The sealed history of one latency series: scalar channels (requests, successes, clamped, at or under
 * each declared threshold) as prefix sums, and the latency histograms as {@link SparseBlock}s at three
 * levels, so that a window of any length at any instant inside the retention is composed of a few
 * dozen blocks instead of every bucket.
 *
 * <pre>
 *  level 2  days     |               D0                |               D1                | ...
 *  level 1  hours    |  H0  |  H1  | ... |  H22 |  H23  |  H24 | ...
 *  level 0  buckets  |m|m|m|m| ...
 *
 *  a window [from, to) at any instant:   m m m | H H ... H | D D ... D | H H ... H | m m m
 *                                        ≤ 59    ≤ 23        ≤ 21 (3 w)  ≤ 23        ≤ 59
 * </pre>
 *
 * A level's blocks are whole multiples of the finer one (60 buckets and 1,440 buckets with one-minute
 * buckets: the hour and the UTC day; with one-second buckets a minute level is added), aligned to the
 * epoch like the buckets. A coarser block is built when the frontier passes its end, by composing its
 * finer blocks; a late correction to a sealed bucket rewrites that bucket's block and every complete
 * coarser block above it. Memory: a minute of 1,000 requests spread over four decades takes about
 * 1.1 KB, its share of the hour and day blocks about 0.4 KB more; nothing is allocated for buckets
 * without data, and rings of blocks grow in chunks as data arrives, whatever the retention.
 *
 * <p>Guarded by the intake's seal lock: sealing holds it for writing; queries collect the blocks of a
 * window under it and read them afterwards without it (blocks are never modified once made).
 */
final class LatencyHistory {

    static final int TOTAL = 0;
    static final int OK = 1;
    static final int CLAMPED = 2;
    static final int FIRST_THRESHOLD = 3;
    /** Percentile slice indicators whose verdicts are remembered at once, per series. */
    static final int MAX_SLICE_CACHES = 8;

    final HistogramLayout layout;
    final ChannelHistory channels;
    private final int capacity;
    /** Bucket count of one block of each level; {@code widths[0] == 1}. */
    private final long[] widths;
    /** The store seam: where the blocks of every level live. */
    private final SealedHistory store;
    private final long[] bucketAmounts;
    private final long[] checkpointAmounts;
    /** Per level above 0: the next block number to build. */
    private final long[] nextToBuild;
    private final DenseCounts dense;
    private final DenseCounts delta;
    private final SparseBlock.Encoder encoder;
    private final SparseBlock.Reader reader = new SparseBlock.Reader();
    private final int subShift;
    private final long[] values;
    private final List<SliceVerdicts> sliceCaches = new ArrayList<>();
    private long lateCorrections;
    private long droppedBeforeRetention;

    /**
     * A history whose blocks live in the history {@code factory} opens for {@code series}; what that history
     * already holds (a store reopened after a restart) is loaded first.
     */
    LatencyHistory(BucketGrid grid, int capacityBuckets, long highestTrackableNanos, int significantDigits,
            long[] thresholdsNanos, String series, SealedHistory.Factory factory) {
        int thresholds = thresholdsNanos.length;
        this.layout = new HistogramLayout(highestTrackableNanos, significantDigits);
        this.capacity = capacityBuckets;
        this.channels = new ChannelHistory(FIRST_THRESHOLD + thresholds, capacityBuckets);
        this.widths = levelWidths(grid.resolutionMillis());
        this.nextToBuild = new long[widths.length];
        java.util.Arrays.fill(nextToBuild, Long.MIN_VALUE);
        this.bucketAmounts = new long[FIRST_THRESHOLD + thresholds];
        this.checkpointAmounts = new long[FIRST_THRESHOLD + thresholds];
        this.store = factory.open(series, new HistoryShape(grid.resolutionMillis(), capacityBuckets, widths,
                highestTrackableNanos, significantDigits, FIRST_THRESHOLD + thresholds, thresholdsNanos));
        this.dense = new DenseCounts(layout);
        this.delta = new DenseCounts(layout);
        this.encoder = new SparseBlock.Encoder(layout);
        this.subShift = SparseBlock.subShift(layout.binShift);
        this.values = new long[FIRST_THRESHOLD + thresholds];
        store.forEachSealed((bucket, amounts) -> {
            if (channels.isEmpty() || bucket >= channels.frontier()) {
                channels.append(bucket, amounts);
            } else {
                channels.addLate(bucket, amounts);
            }
        });
        if (!channels.isEmpty()) {
            for (int l = 1; l < widths.length; l++) { // the store kept the coarser blocks it was given
                nextToBuild[l] = Math.floorDiv(channels.frontier(), widths[l]);
            }
        }
        // buckets that were still open when the process stopped, as its last checkpoint had them: sealed now
        // (samples recorded into them after this restart arrive as late corrections)
        store.forEachCheckpointed((bucket, amounts, block) -> {
            if (amounts.length == values.length && (channels.isEmpty() || bucket >= channels.frontier())) {
                if (block != null) {
                    store.putBlock(0, bucket, block);
                }
                channels.append(bucket, amounts);
                store.sealed(bucket, amounts);
                afterAdvance();
            }
        });
    }

    /** The next checkpoint begins (see {@link SealedHistory#checkpointBegin}). */
    void checkpointBegin() {
        store.checkpointBegin();
    }

    /** Bucket {@code bucket}, not sealed yet, holds {@code acc} so far: hands it to the store's checkpoint. */
    void checkpoint(long bucket, LatencyAccumulator acc) {
        long total = acc.histogram.getTotalCount();
        long[] amounts = checkpointAmounts;
        amounts[TOTAL] = total;
        amounts[OK] = acc.ok;
        amounts[CLAMPED] = acc.clamped;
        System.arraycopy(acc.atOrUnder, 0, amounts, FIRST_THRESHOLD, acc.atOrUnder.length);
        byte[] block = null;
        if (total > 0) {
            dense.clear();
            dense.addHistogram(acc.histogram, layout);
            block = encoder.encode(dense, acc.maxNanos, false);
            dense.clear();
        }
        store.checkpointBucket(bucket, amounts, block);
    }

    void checkpointEnd() {
        store.checkpointEnd();
    }

    /** 1, then the minute, hour and day in buckets, where each is a whole multiple (≥ 2) of the previous. */
    static long[] levelWidths(long resolutionMillis) {
        List<Long> widths = new ArrayList<>();
        widths.add(1L);
        for (long millis : new long[] {60_000L, 3_600_000L, 86_400_000L}) {
            long last = widths.get(widths.size() - 1);
            if (millis % resolutionMillis == 0) {
                long buckets = millis / resolutionMillis;
                if (buckets >= 2 * last && buckets % last == 0) {
                    widths.add(buckets);
                }
            }
        }
        return widths.stream().mapToLong(Long::longValue).toArray();
    }

    long frontier() {
        return channels.frontier();
    }

    long oldestAcceptedBucket() {
        return channels.isEmpty() ? Long.MIN_VALUE : channels.frontier() - capacity;
    }

    long lateCorrections() {
        return lateCorrections;
    }

    long droppedBeforeRetention() {
        return droppedBeforeRetention;
    }

    // ---- sealing ------------------------------------------------------------------------------------

    void seal(long bucket, LatencyAccumulator acc) {
        long total = acc.histogram.getTotalCount();
        values[TOTAL] = total;
        values[OK] = acc.ok;
        values[CLAMPED] = acc.clamped;
        System.arraycopy(acc.atOrUnder, 0, values, FIRST_THRESHOLD, acc.atOrUnder.length);
        if (channels.isEmpty() || bucket >= channels.frontier()) {
            if (total > 0) {
                dense.clear();
                dense.addHistogram(acc.histogram, layout);
                store.putBlock(0, bucket, encoder.encode(dense, acc.maxNanos, false));
                dense.clear();
            }
            channels.append(bucket, values);
            store.sealed(bucket, values);
            afterAdvance();
        } else if (bucket >= channels.oldestRetained()) {
            if (total > 0) {
                delta.clear();
                delta.addHistogram(acc.histogram, layout);
                delta.noteMax(acc.maxNanos);
                long frontier = channels.frontier();
                for (int l = 0; l < widths.length; l++) {
                    long n = Math.floorDiv(bucket, widths[l]);
                    // a coarser block exists once complete, if it starts inside the retention
                    if (l == 0 || ((n + 1) * widths[l] <= frontier && n * widths[l] >= channels.oldestRetained())) {
                        mergeInto(l, n, delta);
                    }
                }
                delta.clear();
                for (SliceVerdicts cache : sliceCaches) {
                    cache.invalidate(bucket);
                }
            }
            channels.addLate(bucket, values);
            channels.bucket(bucket, bucketAmounts);
            store.sealed(bucket, bucketAmounts);
            lateCorrections++;
        } else {
            droppedBeforeRetention += total;
        }
    }

    /** Seals every bucket before {@code endBucket} that has not been sealed as empty. */
    void advanceTo(long endBucket) {
        if (channels.isEmpty()) {
            return;
        }
        if (endBucket > channels.frontier()) {
            channels.advanceTo(endBucket);
            afterAdvance();
        }
    }

    private void mergeInto(int level, long n, DenseCounts add) {
        byte[] existing = store.block(level, n);
        dense.clear();
        if (existing != null) {
            reader.open(existing).addAll(dense, layout.binShift, subShift);
        }
        long[] counts = add.counts;
        for (int i = add.minIndex; i <= add.maxIndex; i++) {
            if (counts[i] != 0) {
                dense.add(i, counts[i]);
            }
        }
        dense.noteMax(add.maxNanos);
        store.putBlock(level, n, encoder.encode(dense, dense.maxNanos, level > 0));
        dense.clear();
    }

    /** Builds the coarser blocks the frontier has just completed, and evicts what left the retention. */
    private void afterAdvance() {
        long frontier = channels.frontier();
        long oldest = channels.oldestRetained();
        for (int l = 1; l < widths.length; l++) {
            long w = widths[l];
            long firstRetained = Math.floorDiv(oldest + w - 1, w); // blocks that start inside the retention
            long next = Math.max(nextToBuild[l], firstRetained);
            long end = Math.floorDiv(frontier, w); // blocks before it are complete
            for (long n = next; n < end; n++) {
                dense.clear();
                compose(n * w, (n + 1) * w, l - 1, null, dense);
                if (!dense.isEmpty()) {
                    store.putBlock(l, n, encoder.encode(dense, dense.maxNanos, true));
                }
                dense.clear();
            }
            nextToBuild[l] = Math.max(next, end);
        }
        for (int l = 0; l < widths.length; l++) {
            store.evictBefore(l, Math.floorDiv(oldest + widths[l] - 1, widths[l]));
        }
    }

    // ---- queries ------------------------------------------------------------------------------------

    /**
     * Walks {@code [from, to)} (inside the retained, sealed buckets) with the largest block of a level
     * up to {@code maxLevel} that starts at the current bucket and fits; collects each non-empty block
     * into {@code out} (and its count into {@code count[0]}) or, when {@code out} is null, adds it to
     * {@code into}.
     */
    private int compose(long from, long to, int maxLevel, byte[][] out, DenseCounts into) {
        int count = 0;
        long b = from;
        while (b < to) {
            int l = maxLevel;
            while (l > 0 && (Math.floorMod(b, widths[l]) != 0 || b + widths[l] > to)) {
                l--;
            }
            byte[] block = store.block(l, Math.floorDiv(b, widths[l]));
            if (block != null) {
                if (out != null) {
                    out[count] = block;
                } else {
                    reader.open(block).addAll(into, layout.binShift, subShift);
                }
                count++;
            }
            b += widths[l];
        }
        return count;
    }

    /** How many blocks the composition of {@code [from, to)} can take at most. */
    private int maxBlocks(long from, long to) {
        int bound = 0;
        for (int l = 1; l < widths.length; l++) {
            bound += 2 * (int) Math.min(Integer.MAX_VALUE / 8, widths[l] / widths[l - 1]);
        }
        long top = widths[widths.length - 1];
        return (int) Math.min((to - from) + 1, bound + (to - from) / top + 2);
    }

    /** The histogram of buckets {@code [from, to)}, clipped to the retained, sealed buckets. */
    WindowHistogram window(long from, long to) {
        if (channels.isEmpty()) {
            return WindowHistogram.EMPTY;
        }
        long f = Math.max(from, channels.oldestRetained());
        long t = Math.min(to, channels.frontier());
        if (t <= f || channels.sum(TOTAL, f, t) == 0) {
            return WindowHistogram.EMPTY;
        }
        byte[][] blocks = new byte[maxBlocks(f, t)][];
        int n = compose(f, t, widths.length - 1, blocks, null);
        return new WindowHistogram(layout, blocks, n);
    }

    /**
     * The remembered verdicts of percentile slices of {@code sliceBuckets} for {@code quantile} at or
     * under {@code thresholdNanos}: found, or made (forgetting the least recently used beyond
     * {@value #MAX_SLICE_CACHES}, so that indicators made and dropped cannot grow memory). Callers hold
     * the seal lock for writing.
     */
    SliceVerdicts sliceVerdicts(double quantile, long thresholdNanos, long sliceBuckets) {
        for (int i = 0; i < sliceCaches.size(); i++) {
            SliceVerdicts c = sliceCaches.get(i);
            if (Double.compare(c.quantile, quantile) == 0 && c.thresholdNanos == thresholdNanos
                    && c.sliceBuckets == sliceBuckets) {
                if (i > 0) {
                    sliceCaches.remove(i);
                    sliceCaches.add(0, c);
                }
                return c;
            }
        }
        SliceVerdicts c = new SliceVerdicts(quantile, thresholdNanos, sliceBuckets, capacity);
        sliceCaches.add(0, c);
        if (sliceCaches.size() > MAX_SLICE_CACHES) {
            sliceCaches.remove(sliceCaches.size() - 1);
        }
        return c;
    }

    /** Heap held by the sealed blocks of every level, in bytes, as the store reports it. */
    long blockBytes() {
        return store.heapBytes();
    }
}
