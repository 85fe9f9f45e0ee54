package dev.sli.core.history;

/**
 * Where a series keeps its sealed histogram blocks: the store seam. A latency series seals each bucket
 * into a block of level 0 and composes coarser blocks (level 1, 2, … of {@link HistoryShape#levelWidths()}
 * buckets each) as time passes them; it writes every block here as it is made or corrected, reads blocks
 * back to answer queries, and evicts what leaves the retention. The series also reports each sealed
 * bucket's scalar amounts ({@link #sealed}), so that a persistent implementation can give them back when
 * the series is built again on it after a restart ({@link #forEachSealed}).
 *
 * <p>Blocks are byte arrays in sli's self-describing sealed-block format (first byte: the format); an
 * implementation stores them as given and must return them unmodified. {@link #inMemory} is the default;
 * {@code sli-store} adds a memory-mapped one.
 *
 * <p>Threads: the series calls every method under its own seal lock (one writer at a time), and may read
 * blocks from several query threads at once under that lock's read side; an implementation needs no
 * locking of its own for one series, but must allow concurrent {@link #block} calls.
 */
public interface SealedHistory {

    /** The block {@code number} of {@code level}, or null if it is empty or was evicted. */
    byte[] block(int level, long number);

    /** Stores (replaces) block {@code number} of {@code level}; a null block means empty. */
    void putBlock(int level, long number, byte[] block);

    /** Drops every block of {@code level} numbered below {@code number}. */
    void evictBefore(int level, long number);

    /**
     * Bucket {@code bucket} was sealed, or corrected by a late sample, and now holds {@code amounts} in
     * total (one per channel of the series; the array is the caller's and is reused after the call).
     */
    void sealed(long bucket, long[] amounts);

    /**
     * Gives every retained sealed bucket's amounts, in increasing bucket order, to a series being built
     * on this history; nothing for a new history.
     */
    void forEachSealed(BucketAmounts consumer);

    /**
     * A checkpoint of the buckets not sealed yet begins: a persistent history replaces its previous
     * checkpoint with the buckets given until {@link #checkpointEnd}. By default nothing is kept.
     */
    default void checkpointBegin() {
    }

    /**
     * Bucket {@code bucket}, not sealed yet, holds {@code amounts} and (latency) the block {@code block}
     * (null: none) so far; both arrays are the caller's and valid during the call only.
     */
    default void checkpointBucket(long bucket, long[] amounts, byte[] block) {
    }

    /** The checkpoint is complete. */
    default void checkpointEnd() {
    }

    /**
     * Gives the buckets of the last complete checkpoint, in increasing order, to a series being built on this
     * history: the series seals those its sealed history does not hold yet. Nothing by default.
     */
    default void forEachCheckpointed(CheckpointedBucket consumer) {
    }

    /** Receives one checkpointed bucket. */
    @FunctionalInterface
    interface CheckpointedBucket {
        /** Bucket {@code bucket} held {@code amounts} and the block {@code block} (null: none). */
        void accept(long bucket, long[] amounts, byte[] block);
    }

    /** Heap held by the blocks, in bytes, for capacity planning; 0 for a history that keeps them off the heap. */
    default long heapBytes() {
        return 0;
    }

    /** Receives one sealed bucket's amounts. */
    @FunctionalInterface
    interface BucketAmounts {
        /** Bucket {@code bucket} holds {@code amounts} (valid during the call only). */
        void accept(long bucket, long[] amounts);
    }

    /** Opens the sealed history of one series; how a series is given a store. */
    @FunctionalInterface
    interface Factory {
        /**
         * The history of the series {@code series}, shaped as {@code shape}.
         *
         * @throws IllegalArgumentException if an existing history has another shape
         */
        SealedHistory open(String series, HistoryShape shape);
    }

    /** Histories kept on the heap, lost with the process: the default. */
    static Factory inMemory() {
        return (series, shape) -> new InMemorySealedHistory(shape);
    }
}
