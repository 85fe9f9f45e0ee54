package dev.sli.store.feed;

import dev.sli.core.record.LatencySeries;
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
import java.util.Optional;
import java.util.TreeSet;

/**
 * Latency SLIs from a classic histogram (per-bucket increases at the bucket's upper bound) or from a gauge
 * (each sample one request). {@link LatencySeries} has no call that records many requests of one duration
 * at once, so each request is one {@link LatencySeries#recordAt} call.
 */
final class LatencyFeed {

    static final String BUCKET = "_bucket";
    static final String LE = "le";

    private LatencyFeed() {
    }

    /** Whether {@code key} is a bucket series ({@code <name>_bucket{le=…}}) of the histogram {@code selector} names. */
    static boolean isBucket(Selector selector, SeriesKey key) {
        String metric = key.metric();
        return metric.endsWith(BUCKET) && key.label(LE) != null
                && selector.matches(metric.substring(0, metric.length() - BUCKET.length()), key::label);
    }

    /** Whether a series (a histogram's bucket by its histogram name, or a gauge) counts as failed requests. */
    private static boolean isBad(Optional<Selector> bad, String metric, SeriesKey key) {
        return bad.isPresent() && bad.get().matches(metric, key::label);
    }

    static void feed(SourceSpec source, Map<SeriesKey, SeriesSet.Samples> all, Map<SeriesKey, List<long[]>> intervals,
            LatencySeries series, Tally tally) {
        Optional<Selector> bad = source.selector(Role.BAD);
        List<long[]> events = new ArrayList<>(); // {timeMillis, durationNanos, ok 1|0, count}
        if (source.selector(Role.HISTOGRAM).isPresent()) {
            Selector h = source.selector(Role.HISTOGRAM).get();
            histogram(h, bad, source.nanosPerUnit(), all, events, tally);
            // HdrHistogram interval logs: each recorded value (ns) counted at the end of its interval
            for (Map.Entry<SeriesKey, List<long[]>> e : intervals.entrySet()) {
                if (!e.getKey().matches(h)) {
                    continue;
                }
                long ok = isBad(bad, e.getKey().metric(), e.getKey()) ? 0 : 1;
                for (long[] interval : e.getValue()) {
                    for (int i = 1; i + 1 < interval.length; i += 2) {
                        events.add(new long[] {interval[0], interval[i], ok, interval[i + 1]});
                    }
                }
            }
        } else if (source.selector(Role.GAUGE).isPresent()) {
            gauge(source.selector(Role.GAUGE).get(), bad, source.nanosPerUnit(), all, events, tally);
        } else {
            tally.problem("timer sources are fed by the Micrometer registry; from exports, use histogram or gauge");
            return;
        }
        events.sort(Comparator.comparingLong(e -> e[0]));
        for (long[] e : events) {
            long count = e[3];
            for (long i = 0; i < count; i++) {
                series.recordAt(e[0], e[1], e[2] == 1);
            }
            tally.recordedAt(e[0], count);
        }
    }

    private static void gauge(Selector gauge, Optional<Selector> bad, double nanosPerUnit, Map<SeriesKey, SeriesSet.Samples> all,
            List<long[]> events, Tally tally) {
        for (SeriesKey key : SourceFeed.take(gauge, k -> k.matches(gauge), all, tally, Role.GAUGE)) {
            SeriesSet.Samples s = all.get(key);
            tally.take(key, s);
            long ok = isBad(bad, key.metric(), key) ? 0 : 1;
            long invalid = 0;
            for (int i = 0; i < s.size(); i++) {
                double v = s.value(i);
                if (!(v >= 0) || Double.isInfinite(v)) {
                    invalid++;
                    continue;
                }
                events.add(new long[] {s.timeMillis(i), nanos(v, nanosPerUnit), ok, 1});
            }
            tally.leftOut(invalid, key, "not a finite, non-negative duration");
        }
    }

    private static long nanos(double value, double nanosPerUnit) {
        double n = value * nanosPerUnit;
        return n >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(n);
    }

    /** One bucket series: its upper bound and the running sum of its increases at each sample. */
    private record Bucket(SeriesKey key, double le, long[] times, long[] cumulative) {
    }

    private static void histogram(Selector histogram, Optional<Selector> bad, double nanosPerUnit,
            Map<SeriesKey, SeriesSet.Samples> all, List<long[]> events, Tally tally) {
        Map<SeriesKey, List<Bucket>> groups = new LinkedHashMap<>();
        String base = histogram.metric().orElse(null);
        for (SeriesKey key : SourceFeed.take(histogram, k -> isBucket(histogram, k), all, tally, Role.HISTOGRAM)) {
            double le = parseLe(key.label(LE));
            if (Double.isNaN(le) || le < 0) {
                tally.problem(Tally.show(key) + " left out: le=" + Tally.safe(key.label(LE))
                        + " is not a non-negative number or +Inf");
                continue;
            }
            SeriesKey group = key.without(LE);
            List<Bucket> buckets = groups.computeIfAbsent(group, g -> new ArrayList<>());
            if (buckets.stream().anyMatch(b -> b.le == le)) {
                tally.problem(Tally.show(key) + " left out: its group already has a bucket of le " + key.label(LE));
                continue;
            }
            tally.take(key, all.get(key));
            buckets.add(cumulative(key, all.get(key), le, tally));
        }
        for (Map.Entry<SeriesKey, List<Bucket>> g : groups.entrySet()) {
            List<Bucket> buckets = g.getValue();
            buckets.sort(Comparator.comparingDouble(Bucket::le));
            if (buckets.get(buckets.size() - 1).le != Double.POSITIVE_INFINITY) {
                tally.problem("histogram " + Tally.show(g.getKey()) + " has no le=\"+Inf\" bucket; requests above "
                        + "its highest bound are not counted");
            }
            String metric = base != null ? base : g.getKey().metric().substring(0, g.getKey().metric().length() - BUCKET.length());
            long ok = isBad(bad, metric, g.getKey()) ? 0 : 1;
            decumulate(buckets, nanosPerUnit, ok, events);
        }
    }

    /** +Inf, Inf or a decimal number; NaN when neither. */
    private static double parseLe(String le) {
        String t = le.trim();
        if (t.equalsIgnoreCase("+Inf") || t.equalsIgnoreCase("Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double v = Double.parseDouble(t);
            return Double.isInfinite(v) ? Double.NaN : v;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Bucket cumulative(SeriesKey key, SeriesSet.Samples s, double le, Tally tally) {
        long[] times = new long[s.size()];
        long[] cumulative = new long[s.size()];
        int n = 0;
        long sum = 0;
        long invalid = 0;
        long fractional = 0;
        double previous = Double.NaN;
        for (int i = 0; i < s.size(); i++) {
            double v = s.value(i);
            if (!Double.isFinite(v) || v < 0) {
                invalid++;
                continue;
            }
            if (!Double.isNaN(previous)) {
                double inc = SourceFeed.increase(previous, v);
                fractional += inc == Math.rint(inc) ? 0 : 1;
                sum += Math.round(inc);
            }
            previous = v;
            times[n] = s.timeMillis(i);
            cumulative[n] = sum;
            n++;
        }
        tally.leftOut(invalid, key, "not a finite, non-negative bucket count");
        if (fractional > 0) {
            tally.problem(SourceFeed.plural(fractional, "increase") + " of " + Tally.show(key)
                    + " not a whole number of requests, rounded");
        }
        return new Bucket(key, le, java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(cumulative, n));
    }

    /**
     * At every timestamp of the group, the requests in each bucket ({@code le} above the previous bound,
     * at or under its own) that have not been recorded yet: each bucket's running increase, less the
     * bucket below's, less what was recorded before. With buckets scraped together this is the plain
     * per-scrape difference; a bucket missing at a scrape catches up at its next sample.
     */
    private static void decumulate(List<Bucket> buckets, double nanosPerUnit, long ok, List<long[]> events) {
        TreeSet<Long> times = new TreeSet<>();
        for (Bucket b : buckets) {
            for (long t : b.times) {
                times.add(t);
            }
        }
        int size = buckets.size();
        int[] at = new int[size];
        long[] recorded = new long[size];
        long[] durations = new long[size];
        for (int i = 0; i < size; i++) {
            double le = buckets.get(i).le;
            durations[i] = le == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : nanos(le, nanosPerUnit);
        }
        for (long t : times) {
            long below = 0;
            for (int i = 0; i < size; i++) {
                Bucket b = buckets.get(i);
                while (at[i] < b.times.length && b.times[at[i]] <= t) {
                    at[i]++;
                }
                long cumulative = at[i] == 0 ? 0 : b.cumulative[at[i] - 1];
                long due = cumulative - below - recorded[i];
                if (due > 0) {
                    events.add(new long[] {t, durations[i], ok, due});
                    recorded[i] += due;
                }
                below = Math.max(below, cumulative);
            }
        }
    }
}
