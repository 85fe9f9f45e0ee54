package dev.sli.core.history;

/**
 * Sealed blocks on the heap, one ring per level as long as the retention, allocated in chunks as data
 * arrives. Bucket amounts are not kept here: the series' own prefix sums hold them, and an in-memory
 * history is never reopened, so {@link #forEachSealed} gives nothing. Thread-safety as
 * {@link SealedHistory} says.
 */
final class InMemorySealedHistory implements SealedHistory {

    private final BlockRing[] levels;

    InMemorySealedHistory(HistoryShape shape) {
        this.levels = new BlockRing[shape.levels()];
        for (int l = 0; l < levels.length; l++) {
            levels[l] = new BlockRing(shape.retentionBuckets() / shape.width(l) + 2);
        }
    }

    @Override
    public byte[] block(int level, long number) {
        return levels[level].get(number);
    }

    @Override
    public void putBlock(int level, long number, byte[] block) {
        levels[level].put(number, block);
    }

    @Override
    public void evictBefore(int level, long number) {
        levels[level].evictBefore(number);
    }

    @Override
    public void sealed(long bucket, long[] amounts) {
        // the series' prefix sums are the in-memory record of amounts; nothing to keep twice
    }

    @Override
    public void forEachSealed(BucketAmounts consumer) {
        // a heap history starts empty and is never reopened
    }

    @Override
    public long heapBytes() {
        long total = 0;
        for (BlockRing ring : levels) {
            total += ring.bytes();
        }
        return total;
    }
}
