package dev.sli.store.feed;

import dev.sli.core.record.ProbeSeries;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Probe SLIs from an {@code up} gauge ({@code probe_success}): 1 a passed check, 0 a failed one. The gauge
 * carries no check duration, so each check is recorded with a latency of 0.
 */
final class ProbeFeed {

    private ProbeFeed() {
    }

    static void feed(SourceSpec source, Map<SeriesKey, SeriesSet.Samples> all, ProbeSeries series, Tally tally) {
        Selector up = source.selector(Role.UP).orElseThrow();
        List<long[]> events = new ArrayList<>(); // {timeMillis, up 1|0}
        for (SeriesKey key : SourceFeed.take(up, k -> k.matches(up), all, tally, Role.UP)) {
            SeriesSet.Samples s = all.get(key);
            tally.take(key, s);
            long invalid = 0;
            for (int i = 0; i < s.size(); i++) {
                double v = s.value(i);
                if (v == 1 || v == 0) {
                    events.add(new long[] {s.timeMillis(i), (long) v});
                } else {
                    invalid++;
                }
            }
            tally.leftOut(invalid, key, "neither 1 (up) nor 0 (down)");
        }
        events.sort(Comparator.comparingLong(e -> e[0]));
        for (long[] e : events) {
            series.recordAt(e[0], e[1] == 1, 0);
            tally.recordedAt(e[0], 1);
        }
    }
}
