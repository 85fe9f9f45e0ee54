package dev.sli.store.counters;

import dev.sli.store.directory.StoreException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** What a counters directory holds, as "seriesId/bucket" → "[amounts]", for exact comparisons with a model. */
final class Contents {

    private Contents() {
    }

    static String key(int seriesId, long bucket) {
        return String.format("%05d/%012d", seriesId, bucket);
    }

    static Map<String, String> of(DayCounters counters) throws StoreException {
        Map<String, String> out = new TreeMap<>();
        counters.forEach((s, b, a) -> {
            if (out.put(key(s, b), Arrays.toString(a)) != null) {
                throw new AssertionError("bucket given twice: " + key(s, b));
            }
        });
        return out;
    }

    static Map<String, String> of(DayCounters.Snapshot snapshot) {
        Map<String, String> out = new TreeMap<>();
        snapshot.forEach((s, b, a) -> {
            if (out.put(key(s, b), Arrays.toString(a)) != null) {
                throw new AssertionError("bucket given twice: " + key(s, b));
            }
        });
        return out;
    }
}
