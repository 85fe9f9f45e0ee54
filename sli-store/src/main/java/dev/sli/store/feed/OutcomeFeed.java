package dev.sli.store.feed;

import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Outcome SLIs from request counters: increases between samples, resets detected, no extrapolation. */
final class OutcomeFeed {

    /** The most one {@link OutcomeSeries#recordCountsAt} call takes of each. */
    private static final long MAX_PER_CALL = (1L << 30) - 1;

    private OutcomeFeed() {
    }

    /** Whether a bad or good selector names a counter of its own rather than sorting the total's series. */
    static boolean isSeparateCounter(Selector rule, Selector total) {
        return rule.metric().isPresent() && !rule.metric().equals(total.metric());
    }

    static void feed(SourceSpec source, Map<SeriesKey, SeriesSet.Samples> all, OutcomeSeries series, Tally tally) {
        Selector total = source.selector(Role.TOTAL).orElseThrow();
        Optional<Selector> bad = source.selector(Role.BAD);
        Role ruleRole = bad.isPresent() ? Role.BAD : Role.GOOD;
        Selector rule = bad.orElseGet(() -> source.selector(Role.GOOD).orElseThrow());
        boolean separate = isSeparateCounter(rule, total);
        // per timestamp: [0] increases of the total or of the good series, [1] of the rule's or the bad series
        TreeMap<Long, long[]> byTime = new TreeMap<>();
        long ruled = 0;
        for (SeriesKey key : SourceFeed.take(total, k -> k.matches(total), all, tally, Role.TOTAL)) {
            int slot;
            if (separate) {
                slot = 0;
            } else {
                boolean matchesRule = key.matches(rule);
                ruled += matchesRule ? 1 : 0;
                slot = matchesRule == (ruleRole == Role.BAD) ? 1 : 0;
            }
            increases(key, all.get(key), byTime, slot, tally);
        }
        if (separate) {
            for (SeriesKey key : SourceFeed.take(rule, k -> k.matches(rule), all, tally, ruleRole)) {
                increases(key, all.get(key), byTime, 1, tally);
            }
            recordSeparate(byTime, ruleRole == Role.BAD, series, tally);
            return;
        }
        if (ruled == 0 && tally.seriesMatched > 0) {
            tally.problem("no series of the total matched " + ruleRole.configName() + "=" + Tally.safe(rule.toString())
                    + "; every request counts as " + (ruleRole == Role.BAD ? "good" : "bad"));
        }
        for (Map.Entry<Long, long[]> e : byTime.entrySet()) {
            record(series, e.getKey(), e.getValue()[0], e.getValue()[1], tally);
        }
    }

    /** Adds the increases of one counter into {@code slot} at each later sample's timestamp. */
    private static void increases(SeriesKey key, SeriesSet.Samples s, TreeMap<Long, long[]> byTime, int slot, Tally tally) {
        tally.take(key, s);
        long notFinite = 0;
        long fractional = 0;
        double previous = Double.NaN;
        for (int i = 0; i < s.size(); i++) {
            double v = s.value(i);
            if (!Double.isFinite(v) || v < 0) {
                notFinite++;
                continue;
            }
            if (!Double.isNaN(previous)) {
                double inc = SourceFeed.increase(previous, v);
                if (inc != Math.rint(inc)) {
                    fractional++;
                }
                long n = Math.round(inc);
                if (n > 0) {
                    byTime.computeIfAbsent(s.timeMillis(i), t -> new long[2])[slot] += n;
                }
            }
            previous = v;
        }
        tally.leftOut(notFinite, key, "not a finite, non-negative counter value");
        if (fractional > 0) {
            tally.problem(SourceFeed.plural(fractional, "increase") + " of " + Tally.show(key)
                    + " not a whole number of requests, rounded");
        }
    }

    /** Good is the total's increase less the bad counter's (or the good counter's, bad the rest), never below 0. */
    private static void recordSeparate(TreeMap<Long, long[]> byTime, boolean ruleIsBad, OutcomeSeries series, Tally tally) {
        long totalSoFar = 0;
        long ruledSoFar = 0;
        long otherRecorded = 0;
        for (Map.Entry<Long, long[]> e : byTime.entrySet()) {
            long ruledNow = e.getValue()[1];
            totalSoFar += e.getValue()[0];
            ruledSoFar += ruledNow;
            long other = Math.max(0, totalSoFar - ruledSoFar - otherRecorded);
            otherRecorded += other;
            if (ruleIsBad) {
                record(series, e.getKey(), other, ruledNow, tally);
            } else {
                record(series, e.getKey(), ruledNow, other, tally);
            }
        }
        if (ruledSoFar > totalSoFar) {
            tally.problem("the " + (ruleIsBad ? "bad" : "good") + " counters rose by " + ruledSoFar
                    + ", more than the total's " + totalSoFar);
        }
    }

    private static void record(OutcomeSeries series, long atMillis, long good, long bad, Tally tally) {
        if (good + bad == 0) {
            return;
        }
        tally.recordedAt(atMillis, good + bad);
        while (good > 0 || bad > 0) {
            long g = Math.min(good, MAX_PER_CALL);
            long b = Math.min(bad, MAX_PER_CALL);
            series.recordCountsAt(atMillis, g, b);
            good -= g;
            bad -= b;
        }
    }
}
