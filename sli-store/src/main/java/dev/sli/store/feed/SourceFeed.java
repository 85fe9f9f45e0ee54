package dev.sli.store.feed;

import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Records imported series into the SLIs of an {@link SloDocument}, each SLI from the series its
 * {@code "source"} selects, with the samples' own timestamps and in time order, the way Prometheus reads
 * them:
 * <ul>
 *   <li>readiness: per workload (the value of the source's {@code workloadLabel}, one of the SLI's
 *       workloads), the desired and ready gauges with the same labels joined at every timestamp either
 *       has, the other's value taken from its newest sample within the SLI's staleness limit (5 minutes by
 *       default, Prometheus' lookback); a timestamp without both is left out, and the series then ages the
 *       workload into unknown time; ready above desired counts as fully ready;
 *   <li>outcome: the increase of every {@code total} counter between consecutive samples (a decrease is a
 *       counter reset: the new value is the increase since it), recorded as that many good or bad requests
 *       at the later sample's timestamp, without extrapolation; a {@code bad} or {@code good} selector
 *       without a metric name of its own sorts the total's series, one with another metric name is a
 *       counter of its own, subtracted from the total;
 *   <li>latency from a classic histogram: per {@code le} bucket the increase of its cumulative count,
 *       recorded as that many requests at the bucket's upper bound ({@code +Inf} at the top of the
 *       series' range, where it is clamped and counted as clamped), so the share at or under a bound is
 *       exact; from a gauge, each sample one request of {@code value × unit};
 *   <li>probe: an {@code up} sample 1 is a passed check, 0 a failed one;
 *   <li>work: per id, the newest value of the {@code started} and {@code finished} gauges (Unix seconds;
 *       0 means not yet) as the start and finish of a work item.
 * </ul>
 * Samples no SLI takes, roles that match no series, and samples left out are reported in the
 * {@link FeedReport}; values the series refuse are counted by the series (their rejections). Stateless
 * and thread-safe; one feed per registry at a time.
 */
public final class SourceFeed {

    private SourceFeed() {
    }

    /**
     * Which series any SLI's source in {@code document} selects: the predicate to build the
     * {@link SeriesSet} an import fills, so that memory follows the data that is used.
     */
    public static Predicate<SeriesKey> selects(SloDocument document) {
        List<Predicate<SeriesKey>> any = new ArrayList<>();
        for (ServiceSpec service : document.services()) {
            for (SliSpec sli : service.slis()) {
                sli.source().ifPresent(source -> any.add(selects(source)));
            }
        }
        List<Predicate<SeriesKey>> all = List.copyOf(any);
        return key -> {
            for (Predicate<SeriesKey> p : all) {
                if (p.test(key)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * The earliest instant (epoch ms) at which feeding {@code set} records anything into a latency or outcome
     * SLI whose source is {@code source}: a counter's or histogram's first sample only sets its starting point,
     * so its second sample is the first recorded; a latency gauge's first sample is recorded. Empty when the
     * set holds nothing for it. A replay into a store must not record at or before what the store has sealed.
     */
    public static java.util.OptionalLong firstRecordedMillis(SourceSpec source, SeriesSet set) {
        Predicate<SeriesKey> selected = selects(source);
        int first = source.selector(SourceSpec.Role.GAUGE).isPresent() ? 0 : 1;
        long earliest = Long.MAX_VALUE;
        for (Map.Entry<SeriesKey, SeriesSet.Samples> e : set.series().entrySet()) {
            if (selected.test(e.getKey()) && e.getValue().size() > first) {
                earliest = Math.min(earliest, e.getValue().timeMillis(first));
            }
        }
        for (Map.Entry<SeriesKey, List<long[]>> e : set.histograms().entrySet()) {
            if (selected.test(e.getKey()) && !e.getValue().isEmpty()) {
                earliest = Math.min(earliest, e.getValue().get(0)[0]);
            }
        }
        return earliest == Long.MAX_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(earliest);
    }

    /**
     * The newest instant (epoch ms) at which feeding {@code set} records anything into a latency or outcome SLI
     * whose source is {@code source}: its newest sample (or hlog interval) among the series it selects; empty when
     * it records nothing (a counter with a single sample records nothing).
     */
    public static java.util.OptionalLong lastRecordedMillis(SourceSpec source, SeriesSet set) {
        Predicate<SeriesKey> selected = selects(source);
        int first = source.selector(SourceSpec.Role.GAUGE).isPresent() ? 0 : 1;
        long latest = Long.MIN_VALUE;
        for (Map.Entry<SeriesKey, SeriesSet.Samples> e : set.series().entrySet()) {
            if (selected.test(e.getKey()) && e.getValue().size() > first) {
                latest = Math.max(latest, e.getValue().timeMillis(e.getValue().size() - 1));
            }
        }
        for (Map.Entry<SeriesKey, List<long[]>> e : set.histograms().entrySet()) {
            if (selected.test(e.getKey()) && !e.getValue().isEmpty()) {
                latest = Math.max(latest, e.getValue().get(e.getValue().size() - 1)[0]);
            }
        }
        return latest == Long.MIN_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(latest);
    }

    /** The series one source selects, whatever its roles. */
    static Predicate<SeriesKey> selects(SourceSpec source) {
        List<Predicate<SeriesKey>> any = new ArrayList<>();
        Optional<Selector> total = source.selector(Role.TOTAL);
        for (Map.Entry<Role, Selector> e : source.selectors().entrySet()) {
            Selector s = e.getValue();
            switch (e.getKey()) {
                case HISTOGRAM:
                    any.add(k -> LatencyFeed.isBucket(s, k) || k.matches(s)); // classic buckets, or an hlog's intervals
                    break;
                case BAD:
                case GOOD:
                    if (total.isPresent() && OutcomeFeed.isSeparateCounter(s, total.get())) {
                        any.add(k -> k.matches(s));
                    }
                    break; // otherwise it sorts the series of the total, histogram or gauge

                case TIMER:
                    break; // fed by the Micrometer registry, not from exports
                default:
                    any.add(k -> k.matches(s));
            }
        }
        return k -> {
            for (Predicate<SeriesKey> p : any) {
                if (p.test(k)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Records the series of {@code set} into the SLIs of {@code registry}, which was created from
     * {@code document}. Never throws for bad data: what cannot be used is reported in the answer, and
     * what the series refuse is counted by them.
     *
     * @throws IllegalArgumentException if {@code registry} lacks an SLI of {@code document}
     */
    public static FeedReport feed(SloDocument document, SeriesSet set, SliRegistry registry) {
        Map<SeriesKey, SeriesSet.Samples> all = set.series();
        Set<SeriesKey> used = new HashSet<>();
        List<SliFeed> slis = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ServiceSpec service : document.services()) {
            for (SliSpec sli : service.slis()) {
                Tally tally = new Tally(service.name(), sli.name(), sli.kind(), used);
                Optional<SourceSpec> source = sli.source();
                if (source.isEmpty()) {
                    tally.problem("no \"source\" in the config; nothing fed");
                } else {
                    feedOne(service, sli, source.get(), all, set.histograms(), registry, tally);
                }
                slis.add(tally.done());
                first = Math.min(first, tally.firstMillis);
                last = Math.max(last, tally.lastMillis);
            }
        }
        long unusedSeries = set.ignoredSeries();
        long unusedSamples = set.ignoredSamples();
        for (Map.Entry<SeriesKey, SeriesSet.Samples> e : all.entrySet()) {
            if (!used.contains(e.getKey())) {
                unusedSeries++;
                unusedSamples += e.getValue().size();
            }
        }
        return new FeedReport(slis, unusedSeries, unusedSamples,
                first == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(first)),
                last == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last)));
    }

    private static void feedOne(ServiceSpec service, SliSpec sli, SourceSpec source, Map<SeriesKey, SeriesSet.Samples> all,
            Map<SeriesKey, java.util.List<long[]>> intervals, SliRegistry registry, Tally tally) {
        String s = service.name();
        switch (sli.kind()) {
            case READINESS:
                ReadinessFeed.feed(sli, source, all, registry.readiness(s, sli.name()), tally);
                break;
            case OUTCOME:
                OutcomeFeed.feed(source, all, registry.outcome(s, sli.name()), tally);
                break;
            case LATENCY:
                LatencyFeed.feed(source, all, intervals, registry.latency(s, sli.name()), tally);
                break;
            case PROBE:
                ProbeFeed.feed(source, all, registry.probe(s, sli.name()), tally);
                break;
            case WORK:
                WorkFeed.feed(source, all, registry.work(s, sli.name()), tally);
                break;
            default:
                tally.problem("SLI kind " + sli.kind() + " cannot be fed from series");
        }
    }

    /** The series {@code selector} selects, in set order, each counted as taken by {@code tally}. */
    static List<SeriesKey> take(Selector selector, Predicate<SeriesKey> matches, Map<SeriesKey, SeriesSet.Samples> all,
            Tally tally, Role role) {
        List<SeriesKey> out = new ArrayList<>();
        for (Map.Entry<SeriesKey, SeriesSet.Samples> e : all.entrySet()) {
            if (matches.test(e.getKey())) {
                out.add(e.getKey());
            }
        }
        if (out.isEmpty()) {
            tally.problem("no series matched " + role.configName() + "=" + Tally.safe(selector.toString()));
        }
        return out;
    }

    /** Whether {@code value} is a finite whole number from 0 to {@code max}. */
    static boolean isCount(double value, long max) {
        return value >= 0 && value <= max && value == Math.rint(value);
    }

    /** The increase of a counter from {@code previous} to {@code current}: a decrease is a reset to 0 in between. */
    static double increase(double previous, double current) {
        return current < previous ? current : current - previous;
    }

    static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
