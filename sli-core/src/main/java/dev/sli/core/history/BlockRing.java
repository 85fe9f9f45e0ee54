package dev.sli.core.history;

import java.util.Arrays;

/**
 * Sealed blocks of one level (buckets, hours, days) by block number, in a ring as long as the retention,
 * allocated in chunks of {@value #CHUNK} slots on first write so that memory follows the data held, not
 * the retention. Each slot remembers which block number it holds, so a slot left from an evicted block
 * reads as empty. Not thread-safe: the history's seal lock guards writes; readers hold it too.
 */
final class BlockRing {

    static final int CHUNK = 1024;

    private final long slots;
    private final byte[][][] blocks;
    private final long[][] keys;
    /** Block numbers before this one have been evicted. */
    private long evictedBefore = Long.MIN_VALUE;

    BlockRing(long slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("a ring needs at least one slot, got " + slots);
        }
        this.slots = slots;
        int chunks = Math.toIntExact((slots + CHUNK - 1) / CHUNK);
        this.blocks = new byte[chunks][][];
        this.keys = new long[chunks][];
    }

    /** The block numbered {@code n}, or null if it is empty, was evicted, or was never written. */
    byte[] get(long n) {
        int slot = (int) Math.floorMod(n, slots);
        int chunk = slot / CHUNK;
        long[] k = keys[chunk];
        if (k == null || k[slot % CHUNK] != n) {
            return null;
        }
        return blocks[chunk][slot % CHUNK];
    }

    /** Stores {@code block} (null: empty) as block {@code n}, replacing whatever its slot held. */
    void put(long n, byte[] block) {
        int slot = (int) Math.floorMod(n, slots);
        int chunk = slot / CHUNK;
        if (keys[chunk] == null) {
            if (block == null) {
                return;
            }
            keys[chunk] = new long[CHUNK];
            Arrays.fill(keys[chunk], Long.MIN_VALUE);
            blocks[chunk] = new byte[CHUNK][];
        }
        keys[chunk][slot % CHUNK] = n;
        blocks[chunk][slot % CHUNK] = block;
    }

    /** Drops every block numbered below {@code n}, so that evicted data does not stay reachable. */
    void evictBefore(long n) {
        if (n <= evictedBefore) {
            return;
        }
        long from = evictedBefore == Long.MIN_VALUE || n - evictedBefore > slots ? n - slots : evictedBefore;
        for (long b = from; b < n; b++) {
            int slot = (int) Math.floorMod(b, slots);
            int chunk = slot / CHUNK;
            if (keys[chunk] == null) {
                b += CHUNK - 1 - slot % CHUNK; // skip the rest of an unallocated chunk
                continue;
            }
            if (keys[chunk][slot % CHUNK] == b) {
                keys[chunk][slot % CHUNK] = Long.MIN_VALUE;
                blocks[chunk][slot % CHUNK] = null;
            }
        }
        evictedBefore = n;
    }

    /** Bytes held by the blocks, array headers included (an estimate of 16 bytes per array header). */
    long bytes() {
        long total = 0;
        for (byte[][] chunk : blocks) {
            if (chunk != null) {
                total += 16 + 8L * CHUNK * 2;
                for (byte[] b : chunk) {
                    if (b != null) {
                        total += 16 + b.length;
                    }
                }
            }
        }
        return total;
    }
}
