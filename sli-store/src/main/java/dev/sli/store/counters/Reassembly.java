package dev.sli.store.counters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the 8-long parts of one day's buckets back together, from all of that day's files. A bucket's
 * length is part 0's {@code n} (written last by every put, see {@link DayCounters#put}); a bucket is given
 * only when part 0 and every part its {@code n} needs are there; parts past {@code n} (left from a longer
 * earlier write) are ignored. Not thread-safe.
 */
final class Reassembly implements CounterFile.PartVisitor {

    private record Key(int seriesId, long bucket) {
    }

    private static final class Parts {
        long[] amounts = new long[Layout.LONGS_PER_PART];
        int n;
        int present;
    }

    private final Map<Key, Parts> buckets = new HashMap<>();

    @Override
    public void visit(int seriesId, int part, long bucket, int n, long[] amounts) {
        Parts p = buckets.computeIfAbsent(new Key(seriesId, bucket), k -> new Parts());
        int end = (part + 1) * Layout.LONGS_PER_PART;
        if (p.amounts.length < end) {
            p.amounts = Arrays.copyOf(p.amounts, end);
        }
        System.arraycopy(amounts, 0, p.amounts, part * Layout.LONGS_PER_PART, Layout.LONGS_PER_PART);
        p.present |= 1 << part;
        if (part == 0) {
            p.n = n;
        }
    }

    /** One reassembled bucket. */
    record Bucket(int seriesId, long bucket, long[] amounts) {
    }

    /** The complete buckets, by series id then bucket. */
    List<Bucket> buckets() {
        List<Bucket> out = new ArrayList<>(buckets.size());
        for (Map.Entry<Key, Parts> e : buckets.entrySet()) {
            Parts p = e.getValue();
            int parts = (p.n + Layout.LONGS_PER_PART - 1) / Layout.LONGS_PER_PART;
            int needed = (1 << parts) - 1;
            if (p.n > 0 && (p.present & needed) == needed && p.amounts.length >= p.n) {
                out.add(new Bucket(e.getKey().seriesId(), e.getKey().bucket(), Arrays.copyOf(p.amounts, p.n)));
            }
        }
        out.sort(Comparator.comparingInt(Bucket::seriesId).thenComparingLong(Bucket::bucket));
        return out;
    }
}
