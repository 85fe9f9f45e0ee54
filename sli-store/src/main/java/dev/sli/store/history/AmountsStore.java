package dev.sli.store.history;

import dev.sli.core.history.SealedHistory;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where a {@link LogSealedHistory} keeps its sealed buckets' amounts. By default they are amounts records in
 * the day logs, beside the blocks ({@link LogSealedHistory}'s own implementation); this seam exists so that
 * they can move into another file (a Chronicle Map of fixed-size counters) without touching the rest of the
 * history. Called by the history under its write lock, one caller at a time.
 */
interface AmountsStore extends Closeable {

    /** Keeps {@code amounts} as what bucket {@code bucket} holds, replacing what was kept for it. */
    void write(long bucket, long[] amounts) throws IOException;

    /**
     * At open, after the logs were read (their amounts records included): gives every bucket's amounts this
     * store holds beyond them; later calls win over what the logs gave. The day logs give nothing here.
     */
    void readInto(SealedHistory.BucketAmounts into) throws IOException;

    /**
     * Buckets before {@code firstRetainedBucket} left the retention and may be dropped. The day logs drop them
     * with whole day files and do nothing here.
     */
    void retainFrom(long firstRetainedBucket) throws IOException;

    /** Closes what it holds open; the day logs hold nothing of their own. */
    @Override
    default void close() throws IOException {
    }
}
