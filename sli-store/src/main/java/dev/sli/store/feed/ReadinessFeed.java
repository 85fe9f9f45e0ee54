package dev.sli.store.feed;

import dev.sli.core.config.SliSpec;
import dev.sli.core.record.ReadinessGroupSeries;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Readiness SLIs from desired and ready gauges: per workload, the two series with the same labels
 * (Prometheus' one-to-one vector matching on every label but the name) joined at each timestamp either
 * has, with the other's newest sample within the lookback. A joined sample is recorded at that timestamp
 * and holds, in the series, until the workload's next joined sample or the lookback after it. Where one
 * gauge misses a scrape the other has, and the next scrape of both is more than the lookback after the
 * missed one, the pair therefore holds up to the lookback after the newer sample, where PromQL drops it
 * the lookback after the older: the only case in which this differs from an instant query at every
 * moment (exporters such as kube-state-metrics write both gauges in the same scrape).
 */
final class ReadinessFeed {

    private ReadinessFeed() {
    }

    static void feed(SliSpec sli, SourceSpec source, Map<SeriesKey, SeriesSet.Samples> all, ReadinessGroupSeries series,
            Tally tally) {
        Selector desiredSel = source.selector(Role.DESIRED).orElseThrow();
        Selector readySel = source.selector(Role.READY).orElseThrow();
        String label = source.workloadLabel();
        long lookbackMillis = sli.staleAfter().orElse(SliSpec.DEFAULT_STALE_AFTER).toMillis();
        List<String> workloads = series.workloads();
        Map<Map<String, String>, SeriesKey> desired = byLabels(
                SourceFeed.take(desiredSel, k -> k.matches(desiredSel), all, tally, Role.DESIRED));
        Map<Map<String, String>, SeriesKey> ready = byLabels(
                SourceFeed.take(readySel, k -> k.matches(readySel), all, tally, Role.READY));
        // per workload of the SLI, the pairs whose workload label names it
        List<List<SeriesKey[]>> pairs = new ArrayList<>();
        for (int w = 0; w < workloads.size(); w++) {
            pairs.add(new ArrayList<>());
        }
        for (Map.Entry<Map<String, String>, SeriesKey> d : desired.entrySet()) {
            SeriesKey r = ready.remove(d.getKey());
            if (r == null) {
                tally.problem(Tally.show(d.getValue()) + " left out: no ready series with the same labels");
                continue;
            }
            String name = d.getValue().label(label);
            int w = name == null ? -1 : workloads.indexOf(name);
            if (w < 0) {
                tally.problem(Tally.show(d.getValue()) + " and its ready series left out: " + label + "="
                        + (name == null ? "(absent)" : Tally.safe(name)) + " is not a workload of the SLI " + workloads);
                continue;
            }
            pairs.get(w).add(new SeriesKey[] {d.getValue(), r});
        }
        for (SeriesKey r : ready.values()) {
            tally.problem(Tally.show(r) + " left out: no desired series with the same labels");
        }
        List<long[]> events = new ArrayList<>(); // {timeMillis, workload, desired, ready}
        for (int w = 0; w < workloads.size(); w++) {
            List<SeriesKey[]> found = pairs.get(w);
            if (found.size() > 1) {
                StringBuilder which = new StringBuilder();
                for (SeriesKey[] p : found) {
                    which.append(which.length() == 0 ? "" : ", ").append(Tally.show(p[0]));
                }
                tally.problem("workload " + Tally.safe(workloads.get(w)) + " left out: " + found.size()
                        + " desired/ready pairs match it (" + which + "); narrow the selectors to one");
                continue;
            }
            if (found.isEmpty()) {
                if (!desired.isEmpty()) {
                    tally.problem("workload " + Tally.safe(workloads.get(w)) + ": no desired/ready series; its time is unknown");
                }
                continue;
            }
            SeriesKey dk = found.get(0)[0];
            SeriesKey rk = found.get(0)[1];
            tally.take(dk, all.get(dk));
            tally.take(rk, all.get(rk));
            join(w, dk, all.get(dk), rk, all.get(rk), lookbackMillis, events, tally);
        }
        events.sort(Comparator.comparingLong(e -> e[0])); // stable: a workload's samples stay in order
        for (long[] e : events) {
            series.recordAt(e[0], (int) e[1], (int) e[2], (int) e[3]);
            tally.recordedAt(e[0], 1);
        }
    }

    private static Map<Map<String, String>, SeriesKey> byLabels(List<SeriesKey> keys) {
        Map<Map<String, String>, SeriesKey> out = new LinkedHashMap<>();
        for (SeriesKey k : keys) {
            out.putIfAbsent(k.labels(), k);
        }
        return out;
    }

    /**
     * At every timestamp of either series, the newest sample of each within {@code [t - lookback, t]} (as a
     * Prometheus 2.x instant query); a timestamp where one has none is left out.
     */
    static void join(int workload, SeriesKey dk, SeriesSet.Samples d, SeriesKey rk, SeriesSet.Samples r, long lookbackMillis,
            List<long[]> events, Tally tally) {
        long invalidD = invalid(d);
        long invalidR = invalid(r);
        tally.leftOut(invalidD, dk, "not a whole, non-negative number of replicas");
        tally.leftOut(invalidR, rk, "not a whole, non-negative number of replicas");
        int i = 0;
        int j = 0;
        int lastD = -1;
        int lastR = -1;
        long unpaired = 0;
        while (i < d.size() || j < r.size()) {
            long td = i < d.size() ? d.timeMillis(i) : Long.MAX_VALUE;
            long tr = j < r.size() ? r.timeMillis(j) : Long.MAX_VALUE;
            long t = Math.min(td, tr);
            boolean fresh = false;
            if (td == t) {
                if (isReplicas(d.value(i))) {
                    lastD = i;
                    fresh = true;
                }
                i++;
            }
            if (tr == t) {
                if (isReplicas(r.value(j))) {
                    lastR = j;
                    fresh = true;
                }
                j++;
            }
            if (!fresh) {
                continue;
            }
            boolean hasD = lastD >= 0 && d.timeMillis(lastD) >= t - lookbackMillis;
            boolean hasR = lastR >= 0 && r.timeMillis(lastR) >= t - lookbackMillis;
            if (hasD && hasR) {
                events.add(new long[] {t, workload, (long) d.value(lastD), (long) r.value(lastR)});
            } else {
                unpaired++;
            }
        }
        if (unpaired > 0) {
            tally.problem(SourceFeed.plural(unpaired, "sample") + " of " + Tally.show(dk) + " or " + Tally.show(rk)
                    + " left out: the other had no sample within the " + (lookbackMillis / 1000) + " s lookback");
        }
    }

    private static boolean isReplicas(double v) {
        return SourceFeed.isCount(v, Integer.MAX_VALUE);
    }

    private static long invalid(SeriesSet.Samples s) {
        long n = 0;
        for (int i = 0; i < s.size(); i++) {
            n += isReplicas(s.value(i)) ? 0 : 1;
        }
        return n;
    }
}
