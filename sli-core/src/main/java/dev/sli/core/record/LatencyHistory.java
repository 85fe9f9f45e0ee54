package dev.sli.core.record;

import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The sealed buckets of one latency series: scalar channels as prefix sums, each bucket's histogram in
 * compact form, each bucket's exact maximum, and a running histogram for every live window so that a
 * quantile over three weeks costs the same as one over an hour. Guarded by the intake's seal lock.
 */
final class LatencyHistory {

    static final int TOTAL = 0;
    static final int OK = 1;
    static final int CLAMPED = 2;
    static final int FIRST_THRESHOLD = 3;
    /** At most this many windows are kept live; further ones are answered by merging buckets. */
    static final int MAX_LIVE_WINDOWS = 16;

    private final BucketGrid grid;
    private final int capacity;
    private final long highestTrackableNanos;
    private final int significantDigits;
    final ChannelHistory channels;
    private final byte[][] compact;
    private final long[] maxNanos;
    /** The largest of each block of {@link #BLOCK} consecutive slots of {@link #maxNanos}. */
    private final long[] blockMaxNanos;
    static final int BLOCK = 64;
    private final HistogramCodec codec = new HistogramCodec();
    private final List<LiveWindow> live = new ArrayList<>();
    private final long[] values;
    /** The newest sealed bucket's histogram, so that live windows add it without decoding it. */
    private Histogram newest;
    private long newestBucket = Long.MIN_VALUE;
    private long lateCorrections;
    private long droppedBeforeRetention;

    LatencyHistory(BucketGrid grid, int capacityBuckets, long highestTrackableNanos, int significantDigits,
            int thresholds) {
        this.grid = grid;
        // whole blocks of BLOCK buckets, so that no block straddles the ring's wrap
        this.capacity = (capacityBuckets + BLOCK - 1) / BLOCK * BLOCK;
        this.highestTrackableNanos = highestTrackableNanos;
        this.significantDigits = significantDigits;
        this.channels = new ChannelHistory(FIRST_THRESHOLD + thresholds, capacityBuckets);
        this.compact = new byte[capacity][];
        this.maxNanos = new long[capacity];
        this.blockMaxNanos = new long[capacity / BLOCK];
        this.values = new long[FIRST_THRESHOLD + thresholds];
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) capacity);
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

    void seal(long bucket, LatencyAccumulator acc) {
        long total = acc.histogram.getTotalCount();
        values[TOTAL] = total;
        values[OK] = acc.ok;
        values[CLAMPED] = acc.clamped;
        System.arraycopy(acc.atOrUnder, 0, values, FIRST_THRESHOLD, acc.atOrUnder.length);
        if (channels.isEmpty() || bucket >= channels.frontier()) {
            if (!channels.isEmpty()) {
                clearSlots(channels.frontier(), bucket);
            }
            int s = slot(bucket);
            compact[s] = total == 0 ? null : codec.encode(acc.histogram);
            setMax(s, acc.maxNanos);
            channels.append(bucket, values);
            if (!live.isEmpty() && total > 0) {
                if (newest == null) {
                    newest = newHistogram();
                }
                newest.reset();
                newest.add(acc.histogram);
                newestBucket = bucket;
            }
        } else if (bucket >= channels.oldestRetained()) {
            int s = slot(bucket);
            Histogram merged = compact[s] == null ? newHistogram() : HistogramCodec.decode(compact[s]);
            merged.add(acc.histogram);
            compact[s] = codec.encode(merged);
            setMax(s, Math.max(maxNanos[s], acc.maxNanos));
            if (bucket == newestBucket) {
                newestBucket = Long.MIN_VALUE;
            }
            channels.addLate(bucket, values);
            for (LiveWindow w : live) {
                if (bucket >= w.from && bucket < w.to) {
                    w.histogram.add(acc.histogram);
                }
            }
            lateCorrections++;
        } else {
            droppedBeforeRetention += total;
        }
    }

    /** Seals every bucket before {@code endBucket} that has not been sealed, and moves the live windows. */
    void advanceTo(long endBucket) {
        if (channels.isEmpty()) {
            return;
        }
        if (endBucket > channels.frontier()) {
            clearSlots(channels.frontier(), endBucket);
            channels.advanceTo(endBucket);
        }
        long frontier = channels.frontier();
        for (LiveWindow w : live) {
            if (w.to != frontier) {
                w.moveTo(frontier);
            }
        }
    }

    private void clearSlots(long from, long to) {
        for (long b = Math.max(from, to - capacity); b < to; b++) {
            compact[slot(b)] = null;
            maxNanos[slot(b)] = 0;
        }
        for (long b = Math.max(from, to - capacity); b < to; b += BLOCK) {
            recomputeBlock(slot(b) / BLOCK);
        }
        if (to > from) {
            recomputeBlock(slot(to - 1) / BLOCK);
        }
    }

    private void setMax(int slot, long value) {
        maxNanos[slot] = value;
        recomputeBlock(slot / BLOCK);
    }

    private void recomputeBlock(int block) {
        long max = 0;
        for (int i = block * BLOCK, end = i + BLOCK; i < end; i++) {
            max = Math.max(max, maxNanos[i]);
        }
        blockMaxNanos[block] = max;
    }

    private Histogram newHistogram() {
        return new Histogram(1, highestTrackableNanos, significantDigits);
    }

    /** Retained, sealed buckets of {@code [from, to)}, clipped. */
    private long clipFrom(long from) {
        return Math.max(from, channels.oldestRetained());
    }

    private long clipTo(long to) {
        return Math.min(to, channels.frontier());
    }

    /**
     * The histogram of buckets {@code [from, to)}: a live window's running histogram when one covers
     * exactly that span (registering one if {@code window} ends at the frontier), else a merge. The
     * returned histogram must not be modified.
     */
    Histogram histogram(Window window, long from, long to) {
        for (LiveWindow w : live) {
            if (w.from == from && w.to == to && w.window.equals(window)) {
                return w.histogram;
            }
        }
        if (to == channels.frontier() && live.size() < MAX_LIVE_WINDOWS) {
            LiveWindow w = new LiveWindow(window);
            live.add(w);
            w.moveTo(to);
            if (w.from == from && w.to == to) {
                return w.histogram;
            }
        }
        Histogram merged = newHistogram();
        addRange(merged, from, to);
        return merged;
    }

    /** Registers {@code window} as live (kept up to date at every seal). */
    void keepLive(Window window) {
        for (LiveWindow w : live) {
            if (w.window.equals(window)) {
                return;
            }
        }
        if (live.size() >= MAX_LIVE_WINDOWS) {
            throw new IllegalStateException("at most " + MAX_LIVE_WINDOWS + " live windows per series");
        }
        LiveWindow w = new LiveWindow(window);
        live.add(w);
        if (!channels.isEmpty()) {
            w.moveTo(channels.frontier());
        }
    }

    /** A fresh histogram of buckets {@code [from, to)} merged, or null if they hold no request. */
    Histogram merged(long from, long to) {
        if (channels.sum(TOTAL, from, to) == 0) {
            return null;
        }
        Histogram merged = newHistogram();
        addRange(merged, from, to);
        return merged;
    }

    private void addRange(Histogram target, long from, long to) {
        for (long b = clipFrom(from), end = clipTo(to); b < end; b++) {
            byte[] c = compact[slot(b)];
            if (c != null) {
                target.add(b == newestBucket ? newest : HistogramCodec.decode(c));
            }
        }
    }

    private void subtractRange(Histogram target, long from, long to) {
        for (long b = clipFrom(from), end = clipTo(to); b < end; b++) {
            byte[] c = compact[slot(b)];
            if (c != null) {
                target.subtract(HistogramCodec.decode(c));
            }
        }
    }

    /** The exact largest duration in buckets {@code [from, to)}, 0 if none. */
    long maxNanos(long from, long to) {
        long max = 0;
        long b = clipFrom(from);
        long end = clipTo(to);
        while (b < end) {
            int s = slot(b);
            if (s % BLOCK == 0 && b + BLOCK <= end) {
                max = Math.max(max, blockMaxNanos[s / BLOCK]);
                b += BLOCK;
            } else {
                max = Math.max(max, maxNanos[s]);
                b++;
            }
        }
        return max;
    }

    /** Heap held by the compact bucket histograms, in bytes (array headers included). */
    long compactBytes() {
        long bytes = 0;
        for (byte[] c : compact) {
            if (c != null) {
                bytes += 16 + c.length;
            }
        }
        return bytes;
    }

    /** A window whose histogram is kept equal to the merge of the buckets it covers at the frontier. */
    private final class LiveWindow {
        final Window window;
        final Histogram histogram = newHistogram();
        long from;
        long to;

        LiveWindow(Window window) {
            this.window = window;
        }

        void moveTo(long endBucket) {
            WindowSpan span = window.spanAt(grid.startMillis(endBucket), grid);
            long newFrom = grid.bucketOf(span.startMillis());
            long newTo = grid.bucketOf(span.endMillis());
            if (newFrom >= to || newTo <= from || from == to || newFrom < from || newTo < to) {
                histogram.reset();
                addRange(histogram, newFrom, newTo);
            } else {
                subtractRange(histogram, from, newFrom);
                addRange(histogram, to, newTo);
            }
            from = newFrom;
            to = newTo;
        }
    }
}
