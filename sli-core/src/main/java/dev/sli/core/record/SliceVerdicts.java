package dev.sli.core.record;

import java.util.Arrays;

/**
 * Per-slice verdicts of one percentile time-slice indicator ("the p99 of each minute at or under 2 s"),
 * remembered once computed: a sealed slice's verdict changes only when a late sample corrects one of
 * its buckets, which {@link #invalidate} forgets. So a burn-down chart that evaluates the objective at
 * every hour of three weeks decides each slice once, not once per evaluation. Chunks are allocated as
 * slices are decided. Not thread-safe: used under the series' seal lock (write).
 */
final class SliceVerdicts {

    static final byte UNDECIDED = 0;
    static final byte GOOD = 1;
    static final byte BAD = 2;
    static final byte UNKNOWN = 3;
    private static final int CHUNK = 4096;

    final double quantile;
    final long thresholdNanos;
    final long sliceBuckets;
    private final long slots;
    private final byte[][] verdicts;
    private final long[][] keys;

    SliceVerdicts(double quantile, long thresholdNanos, long sliceBuckets, long retentionBuckets) {
        this.quantile = quantile;
        this.thresholdNanos = thresholdNanos;
        this.sliceBuckets = sliceBuckets;
        this.slots = retentionBuckets / sliceBuckets + 2;
        int chunks = Math.toIntExact((slots + CHUNK - 1) / CHUNK);
        this.verdicts = new byte[chunks][];
        this.keys = new long[chunks][];
    }

    /** The verdict of slice {@code n} if decided, else {@link #UNDECIDED}. */
    byte get(long n) {
        int slot = (int) Math.floorMod(n, slots);
        long[] k = keys[slot / CHUNK];
        return k == null || k[slot % CHUNK] != n ? UNDECIDED : verdicts[slot / CHUNK][slot % CHUNK];
    }

    void put(long n, byte verdict) {
        int slot = (int) Math.floorMod(n, slots);
        int chunk = slot / CHUNK;
        if (keys[chunk] == null) {
            keys[chunk] = new long[CHUNK];
            Arrays.fill(keys[chunk], Long.MIN_VALUE);
            verdicts[chunk] = new byte[CHUNK];
        }
        keys[chunk][slot % CHUNK] = n;
        verdicts[chunk][slot % CHUNK] = verdict;
    }

    /** Forgets the verdict of the slice holding {@code bucket}. */
    void invalidate(long bucket) {
        long n = Math.floorDiv(bucket, sliceBuckets);
        int slot = (int) Math.floorMod(n, slots);
        long[] k = keys[slot / CHUNK];
        if (k != null && k[slot % CHUNK] == n) {
            k[slot % CHUNK] = Long.MIN_VALUE;
        }
    }
}
