package dev.sli.core.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contract on a reference history kept in ordered maps that outlive the series, as a persistent store
 * would: the seam itself, independent of any file format.
 */
class KeptHistoryContractTest extends SeriesHistoryContract {

    /** Histories by series name, kept across "restarts". */
    static final class Kept implements SealedHistory.Factory {
        final Map<String, SealedHistory> histories = new HashMap<>();

        @Override
        public SealedHistory open(String series, HistoryShape shape) {
            return histories.computeIfAbsent(series, s -> new MapHistory(shape));
        }
    }

    static final class MapHistory implements SealedHistory {
        final List<TreeMap<Long, byte[]>> blocks = new ArrayList<>();
        final TreeMap<Long, long[]> amounts = new TreeMap<>();

        MapHistory(HistoryShape shape) {
            for (int l = 0; l < shape.levels(); l++) {
                blocks.add(new TreeMap<>());
            }
        }

        @Override
        public synchronized byte[] block(int level, long number) {
            return blocks.get(level).get(number);
        }

        @Override
        public synchronized void putBlock(int level, long number, byte[] block) {
            if (block == null) {
                blocks.get(level).remove(number);
            } else {
                blocks.get(level).put(number, block);
            }
        }

        @Override
        public synchronized void evictBefore(int level, long number) {
            blocks.get(level).headMap(number).clear();
        }

        @Override
        public synchronized void sealed(long bucket, long[] a) {
            amounts.put(bucket, a.clone());
        }

        @Override
        public synchronized void forEachSealed(BucketAmounts consumer) {
            amounts.forEach(consumer::accept);
        }
    }

    @Override
    protected SealedHistory.Factory fresh() {
        return new Kept();
    }

    @Override
    protected SealedHistory.Factory reopen(SealedHistory.Factory factory) {
        return factory;
    }
}
