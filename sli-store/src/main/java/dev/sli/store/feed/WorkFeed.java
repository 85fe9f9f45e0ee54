package dev.sli.store.feed;

import dev.sli.core.record.WorkSeries;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Work SLIs from per-item timestamp gauges: for each id (the source's {@code idLabel}), the newest value of
 * the {@code started} and {@code finished} gauges, in Unix seconds, is the item's start and finish; a
 * value of 0 means "not yet", as exporters write it. Recorded in time order, a start before a finish at
 * the same instant.
 */
final class WorkFeed {

    private WorkFeed() {
    }

    private record Event(long timeMillis, boolean start, String id) {
    }

    static void feed(SourceSpec source, Map<SeriesKey, SeriesSet.Samples> all, WorkSeries series, Tally tally) {
        Map<String, Long> started = times(source, Role.STARTED, all, tally);
        Map<String, Long> finished = times(source, Role.FINISHED, all, tally);
        List<Event> events = new ArrayList<>();
        started.forEach((id, t) -> events.add(new Event(t, true, id)));
        long orphans = 0;
        for (Map.Entry<String, Long> f : finished.entrySet()) {
            if (started.containsKey(f.getKey())) {
                events.add(new Event(f.getValue(), false, f.getKey()));
            } else {
                orphans++;
            }
        }
        if (orphans > 0) {
            tally.problem(SourceFeed.plural(orphans, "finished item") + " left out: no start for "
                    + (orphans == 1 ? "its" : "their") + " id");
        }
        events.sort((a, b) -> a.timeMillis != b.timeMillis ? Long.compare(a.timeMillis, b.timeMillis)
                : Boolean.compare(b.start, a.start));
        for (Event e : events) {
            if (e.start) {
                series.startAt(e.timeMillis, e.id);
            } else {
                series.finishAt(e.timeMillis, e.id, true);
            }
            tally.recordedAt(e.timeMillis, 1);
        }
    }

    /** Per id, the newest positive, finite value of the role's series, in epoch milliseconds. */
    private static Map<String, Long> times(SourceSpec source, Role role, Map<SeriesKey, SeriesSet.Samples> all, Tally tally) {
        Selector selector = source.selector(role).orElseThrow();
        String idLabel = source.idLabel();
        Map<String, Long> out = new LinkedHashMap<>();
        for (SeriesKey key : SourceFeed.take(selector, k -> k.matches(selector), all, tally, role)) {
            String id = key.label(idLabel);
            if (id == null || id.isEmpty()) {
                tally.problem(Tally.show(key) + " left out: it has no " + idLabel + " label to name the work item");
                continue;
            }
            if (out.containsKey(id)) {
                tally.problem(Tally.show(key) + " left out: another " + role.configName() + " series has "
                        + idLabel + "=" + Tally.safe(id));
                continue;
            }
            SeriesSet.Samples s = all.get(key);
            tally.take(key, s);
            long invalid = 0;
            for (int i = s.size() - 1; i >= 0; i--) {
                double v = s.value(i);
                if (v > 0 && v < 1e13) { // up to the year 318857: any finite Unix time in seconds
                    out.put(id, Math.round(v * 1000));
                    break;
                }
                if (v != 0) {
                    invalid++;
                }
            }
            tally.leftOut(invalid, key, "not a Unix time in seconds");
        }
        return out;
    }
}
