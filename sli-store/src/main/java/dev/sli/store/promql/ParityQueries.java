package dev.sli.store.promql;

import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliKind;
import dev.sli.core.config.SliSpec;
import dev.sli.core.source.LabelMatcher;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The PromQL queries of the parity check, as {@link Expr}s built from an SLO config's sources: the
 * document's two dashboard queries ({@code availability_dashboard}, {@code latency_dashboard}) with
 * their parts, the time availability computed correctly, and the request ratio, burn rate and histogram
 * quantiles over the standard windows. Ids and expressions are those of the conformance data's
 * {@code queries.json}. Immutable and thread-safe; build with {@link #builder()}.
 */
public final class ParityQueries {

    /** One query: its id and expression. */
    public record Query(String id, Expr expr) {
        /** Throws {@link NullPointerException} for null parts. */
        public Query {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(expr, "expr");
        }
    }

    /** A window of the ratio, burn-rate and histogram queries: its name in ids and its length. */
    public record RangeWindow(String name, long millis) {
    }

    /** The windows of the ratio, burn-rate and histogram ids: 5m, 450s (off the sample grid), 30m, 1h, 6h, 1d, 3d. */
    public static final List<RangeWindow> STANDARD_WINDOWS = List.of(new RangeWindow("5m", 300_000),
            new RangeWindow("450s", 450_000), new RangeWindow("30m", 1_800_000), new RangeWindow("1h", 3_600_000),
            new RangeWindow("6h", 21_600_000), new RangeWindow("1d", 86_400_000), new RangeWindow("3d", 259_200_000));

    private static final String LE = "le";

    private final List<Query> queries;
    private final List<Selector> selectors;
    private final double target;

    private ParityQueries(List<Query> queries, List<Selector> selectors, double target) {
        this.queries = Collections.unmodifiableList(queries);
        this.selectors = Collections.unmodifiableList(selectors);
        this.target = target;
    }

    /** The objective the burn rates are relative to: {@code burn = ratio / (1 - target)}. */
    public double target() {
        return target;
    }

    /** A builder with no sources. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every query whose sources were given, in a fixed order: the ids of the conformance data, and
     * {@code ratio_W}, {@code burn_W}, {@code hist_under_2s_W} for the dashboard window W when it is not
     * one of {@link #STANDARD_WINDOWS} (W written as Prometheus prints durations, {@code 2d}, {@code 3w}).
     */
    public List<Query> queries() {
        return queries;
    }

    /** The query with {@code id}, if built. */
    public java.util.Optional<Expr> query(String id) {
        return queries.stream().filter(q -> q.id().equals(id)).map(Query::expr).findFirst();
    }

    /** The selectors the queries read (a series none of them matches cannot change an answer). */
    public List<Selector> selectors() {
        return selectors;
    }

    /** The id suffix of a window of {@code millis}: its name among {@link #STANDARD_WINDOWS}, else as Prometheus prints it. */
    public static String windowName(long millis) {
        return STANDARD_WINDOWS.stream().filter(w -> w.millis() == millis).map(RangeWindow::name).findFirst()
                .orElse(Durations.format(millis));
    }

    /** {@code 100 - sum(avg_over_time((desired - ready > 0)[W:]))}: the document's availability dashboard query. */
    public static Expr availabilityDashboard(Selector desired, Selector ready, long windowMillis) {
        return Expr.number(100).minus(Expr.sum(Expr.avgOverTime(missingReplicas(desired, ready, windowMillis))));
    }

    /** {@code 100 - avg(max_over_time((gauge)[W:]) / unitsPerSecond < 2)}: the document's latency dashboard query. */
    public static Expr latencyDashboard(Selector gauge, double unitsPerSecond, long windowMillis) {
        return Expr.number(100).minus(Expr.avg(gaugeMaxSeconds(gauge, unitsPerSecond, windowMillis).lessThan(Expr.number(2))));
    }

    /** {@code avg_over_time((min(ready >= bool desired))[W:])}: the share of steps on which every workload with data was fully ready. */
    public static Expr timeAvailability(Selector desired, Selector ready, long windowMillis) {
        return Expr.avgOverTime(RangeVector.subquery(allReady(desired, ready), windowMillis));
    }

    /** {@code sum(increase(bad[w])) / sum(increase(total[w]))}. */
    public static Expr errorRatio(Selector total, Selector bad, long windowMillis) {
        return Expr.sum(Expr.increase(RangeVector.of(bad, windowMillis)))
                .dividedBy(Expr.sum(Expr.increase(RangeVector.of(total, windowMillis))));
    }

    /** {@code sum(increase(bucket{le="2"}[w])) / sum(increase(bucket{le="+Inf"}[w]))} for a bound written as {@code le}. */
    public static Expr shareUnder(Selector buckets, String le, long windowMillis) {
        return Expr.sum(Expr.increase(RangeVector.of(withLe(buckets, le), windowMillis)))
                .dividedBy(Expr.sum(Expr.increase(RangeVector.of(withLe(buckets, "+Inf"), windowMillis))));
    }

    private static RangeVector missingReplicas(Selector desired, Selector ready, long windowMillis) {
        return RangeVector.subquery(Expr.selector(desired).minus(Expr.selector(ready)).greaterThan(Expr.number(0)), windowMillis);
    }

    private static Expr allReady(Selector desired, Selector ready) {
        return Expr.min(Expr.selector(ready).greaterOrEqualBool(Expr.selector(desired)));
    }

    private static Expr gaugeMaxSeconds(Selector gauge, double unitsPerSecond, long windowMillis) {
        return Expr.maxOverTime(RangeVector.subquery(Expr.selector(gauge), windowMillis)).dividedBy(Expr.number(unitsPerSecond));
    }

    private static Selector withLe(Selector buckets, String le) {
        return buckets.and(List.of(LabelMatcher.equal(LE, le)));
    }

    /** Configures {@link ParityQueries}; not thread-safe. */
    public static final class Builder {
        private Selector desired;
        private Selector ready;
        private Selector gauge;
        private double unitsPerSecond;
        private Selector buckets;
        private Selector total;
        private Selector bad;
        private double target = 0.99;
        private long windowMillis;

        private Builder() {
        }

        /** The readiness sources: desired and ready replicas per workload. */
        public Builder readiness(Selector desired, Selector ready) {
            this.desired = Objects.requireNonNull(desired, "desired");
            this.ready = Objects.requireNonNull(ready, "ready");
            return this;
        }

        /** The readiness sources from a readiness SLI's source; throws {@link IllegalArgumentException} if a role is missing. */
        public Builder readiness(SourceSpec source) {
            return readiness(role(source, SourceSpec.Role.DESIRED), role(source, SourceSpec.Role.READY));
        }

        /** A latency gauge whose values are in a unit of which {@code unitsPerSecond} make a second (1e9 for ns). */
        public Builder latencyGauge(Selector gauge, double unitsPerSecond) {
            if (!(unitsPerSecond > 0) || Double.isInfinite(unitsPerSecond)) {
                throw new IllegalArgumentException("unitsPerSecond must be positive and finite, got " + unitsPerSecond);
            }
            this.gauge = Objects.requireNonNull(gauge, "gauge");
            this.unitsPerSecond = unitsPerSecond;
            return this;
        }

        /** The latency gauge of a latency SLI's source (role {@code gauge}, its {@code unit}). */
        public Builder latencyGauge(SourceSpec source) {
            return latencyGauge(role(source, SourceSpec.Role.GAUGE), 1e9 / source.nanosPerUnit());
        }

        /** A classic histogram by its base name and matchers ({@code http_request_duration_seconds}); {@code _bucket} is appended. */
        public Builder histogram(Selector histogram) {
            String name = histogram.metric().orElseThrow(() ->
                    new IllegalArgumentException("a histogram selector needs a metric name: " + histogram));
            this.buckets = Selector.of(name + "_bucket", histogram.matchers());
            return this;
        }

        /** The histogram of a latency SLI's source (role {@code histogram}). */
        public Builder histogram(SourceSpec source) {
            return histogram(role(source, SourceSpec.Role.HISTOGRAM));
        }

        /** Request counters: all requests, and the bad ones (the bad selector's matchers are added to the total's). */
        public Builder requests(Selector total, Selector bad) {
            this.total = Objects.requireNonNull(total, "total");
            Objects.requireNonNull(bad, "bad");
            this.bad = Selector.of(bad.metric().orElse(total.metric().orElse(null)),
                    concat(total.matchers(), bad.matchers()));
            return this;
        }

        /** The request counters of an outcome SLI's source (roles {@code total} and {@code bad}). */
        public Builder requests(SourceSpec source) {
            return requests(role(source, SourceSpec.Role.TOTAL), role(source, SourceSpec.Role.BAD));
        }

        /**
         * Every source of {@code service} that a parity query reads: the first readiness SLI with desired and
         * ready selectors, the first latency SLIs with a gauge and with a histogram, and the first outcome SLI
         * with total and bad counters (with the target of its first objective). Returns the names of the SLIs
         * used, in that order.
         */
        public List<String> sources(ServiceSpec service) {
            List<String> used = new ArrayList<>();
            for (SliSpec sli : service.slis()) {
                SourceSpec s = sli.source().orElse(null);
                if (s == null) {
                    continue;
                }
                if (sli.kind() == SliKind.READINESS && desired == null && s.selector(SourceSpec.Role.DESIRED).isPresent()
                        && s.selector(SourceSpec.Role.READY).isPresent()) {
                    readiness(s);
                    used.add(sli.name());
                } else if (sli.kind() == SliKind.LATENCY && gauge == null && s.selector(SourceSpec.Role.GAUGE).isPresent()) {
                    latencyGauge(s);
                    used.add(sli.name());
                } else if (sli.kind() == SliKind.LATENCY && buckets == null && s.selector(SourceSpec.Role.HISTOGRAM).isPresent()) {
                    histogram(s);
                    used.add(sli.name());
                } else if (sli.kind() == SliKind.OUTCOME && total == null && s.selector(SourceSpec.Role.TOTAL).isPresent()
                        && s.selector(SourceSpec.Role.BAD).isPresent()) {
                    requests(s);
                    service.objectives().stream().filter(o -> o.sli().equals(sli.name())).findFirst()
                            .ifPresent(o -> target(o.target()));
                    used.add(sli.name());
                }
            }
            return used;
        }

        /** The objective of the burn rates, in (0, 1); 0.99 by default. */
        public Builder target(double target) {
            if (!(target > 0 && target < 1)) {
                throw new IllegalArgumentException("target must be in (0, 1), got " + target);
            }
            this.target = target;
            return this;
        }

        /** W, the range of the dashboard subqueries (the smaller of the data's span and 3 weeks). */
        public Builder windowMillis(long windowMillis) {
            if (windowMillis <= 0) {
                throw new IllegalArgumentException("windowMillis must be positive, got " + windowMillis);
            }
            this.windowMillis = windowMillis;
            return this;
        }

        /** The queries; throws {@link IllegalStateException} when a readiness or gauge source is given without a window. */
        public ParityQueries build() {
            List<Query> q = new ArrayList<>();
            long w = windowMillis;
            if ((desired != null || gauge != null) && w == 0) {
                throw new IllegalStateException("the dashboard queries need windowMillis");
            }
            if (desired != null) {
                RangeVector missing = missingReplicas(desired, ready, w);
                q.add(new Query("availability_dashboard", availabilityDashboard(desired, ready, w)));
                q.add(new Query("availability_dashboard_inner_avg", Expr.avgOverTime(missing)));
                q.add(new Query("availability_dashboard_inner_count", Expr.countOverTime(missing)));
            }
            if (gauge != null) {
                q.add(new Query("latency_dashboard", latencyDashboard(gauge, unitsPerSecond, w)));
                q.add(new Query("latency_dashboard_inner_max", gaugeMaxSeconds(gauge, unitsPerSecond, w)));
                q.add(new Query("latency_dashboard_inner_max_raw", Expr.maxOverTime(RangeVector.of(gauge, w))));
            }
            if (desired != null) {
                Expr all = allReady(desired, ready);
                RangeVector allSteps = RangeVector.subquery(all, w);
                Expr each = Expr.selector(ready).greaterOrEqualBool(Expr.selector(desired));
                q.add(new Query("time_availability_all", Expr.avgOverTime(allSteps)));
                q.add(new Query("time_availability_all_steps", Expr.countOverTime(allSteps)));
                q.add(new Query("time_availability_all_bad_steps",
                        Expr.sumOverTime(RangeVector.subquery(Expr.number(1).minus(all), w))));
                q.add(new Query("time_availability_all_missing_as_bad",
                        Expr.avgOverTime(RangeVector.subquery(all.or(Expr.vector(0)), w))));
                q.add(new Query("time_availability_per_workload", Expr.avgOverTime(RangeVector.subquery(each, w))));
                q.add(new Query("time_availability_per_workload_steps", Expr.countOverTime(RangeVector.subquery(each, w))));
            }
            List<RangeWindow> windows = new ArrayList<>(STANDARD_WINDOWS);
            boolean extraW = w > 0 && STANDARD_WINDOWS.stream().noneMatch(x -> x.millis() == w);
            if (total != null) {
                for (RangeWindow rw : windows) {
                    Expr ratio = errorRatio(total, bad, rw.millis());
                    q.add(new Query("ratio_" + rw.name(), ratio));
                    q.add(new Query("burn_" + rw.name(), ratio.dividedBy(Expr.number(1).minus(Expr.number(target)))));
                    q.add(new Query("increase_5xx_" + rw.name(), Expr.sum(Expr.increase(RangeVector.of(bad, rw.millis())))));
                    q.add(new Query("increase_all_" + rw.name(), Expr.sum(Expr.increase(RangeVector.of(total, rw.millis())))));
                    q.add(new Query("increase_per_series_" + rw.name(), Expr.increase(RangeVector.of(total, rw.millis()))));
                }
                if (extraW) {
                    Expr ratio = errorRatio(total, bad, w);
                    q.add(new Query("ratio_" + windowName(w), ratio));
                    q.add(new Query("burn_" + windowName(w), ratio.dividedBy(Expr.number(1).minus(Expr.number(target)))));
                }
            }
            if (buckets != null) {
                for (RangeWindow rw : STANDARD_WINDOWS) {
                    Expr byLe = Expr.sumBy(List.of(LE), Expr.increase(RangeVector.of(buckets, rw.millis())));
                    q.add(new Query("hist_p50_" + rw.name(), Expr.histogramQuantile(0.5, byLe)));
                    q.add(new Query("hist_p95_" + rw.name(), Expr.histogramQuantile(0.95, byLe)));
                    q.add(new Query("hist_p99_" + rw.name(), Expr.histogramQuantile(0.99, byLe)));
                    q.add(new Query("hist_under_2s_" + rw.name(), shareUnder(buckets, "2", rw.millis())));
                    q.add(new Query("hist_buckets_" + rw.name(), byLe));
                }
                if (extraW) {
                    q.add(new Query("hist_under_2s_" + windowName(w), shareUnder(buckets, "2", w)));
                }
            }
            List<Selector> read = new ArrayList<>();
            for (Selector s : java.util.Arrays.asList(desired, ready, gauge, buckets, total, bad)) {
                if (s != null) {
                    read.add(s);
                }
            }
            return new ParityQueries(q, read, target);
        }

        private static Selector role(SourceSpec source, SourceSpec.Role role) {
            return source.selector(role).orElseThrow(() -> new IllegalArgumentException(
                    "the source has no \"" + role.configName() + "\" selector: " + source));
        }

        private static List<LabelMatcher> concat(List<LabelMatcher> a, List<LabelMatcher> b) {
            List<LabelMatcher> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
    }
}
