package dev.sli.store.promql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.source.Selector;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus 2.42 semantics on small hand-worked series; each expected value is worked out in the comment beside it. */
class EvaluatorTest {

    static final long MIN = 60_000;
    static final Selector X = Selector.parse("x");
    static final Selector C = Selector.parse("c");

    static SeriesKey key(String metric, String... labels) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        return SeriesKey.of(metric, m);
    }

    static double only(Evaluator e, Expr expr, long at) {
        InstantVector v = e.evaluate(expr, at);
        assertEquals(1, v.samples().size(), v.toString());
        return v.samples().get(0).value();
    }

    @Test
    void lookbackIncludesASampleExactlyFiveMinutesOld() {
        SeriesSet s = SeriesSet.all();
        s.sample(key("x"), 10 * MIN, 7);
        Evaluator e = Evaluator.over(s);
        assertEquals(7, only(e, Expr.selector(X), 15 * MIN)); // t - 5m == sample time: still visible
        assertTrue(e.evaluate(Expr.selector(X), 15 * MIN + 1).isEmpty());
        assertTrue(e.evaluate(Expr.selector(X), 10 * MIN - 1).isEmpty()); // no sample yet
    }

    @Test
    void staleMarkerEndsTheSeriesAtOnce() {
        SeriesSet s = SeriesSet.all();
        s.sample(key("x"), 0, 1);
        s.sample(key("x"), MIN, Double.longBitsToDouble(Evaluator.STALE_NAN_BITS));
        Evaluator e = Evaluator.over(s);
        assertTrue(e.evaluate(Expr.selector(X), 2 * MIN).isEmpty());
        assertEquals(1, only(e, Expr.selector(X), 30_000));
    }

    @Test
    void subqueryStepsAreMultiplesOfTheStepFromTheEpoch() {
        SeriesSet s = SeriesSet.all();
        for (long t = 0; t <= 22L * 1440 * MIN; t += 30_000) {
            s.sample(key("x"), t, 1);
        }
        Evaluator e = Evaluator.over(s);
        // [21d:] ending on a step: both ends included, 21*1440 + 1 steps
        assertEquals(30_241, only(e, Expr.countOverTime(RangeVector.subquery(Expr.selector(X), 21L * 1440 * MIN)), 22L * 1440 * MIN));
        // t = 10m30s, [2m:]: from 8m30s, so the steps are 9m and 10m only (not 8m30s, 9m30s, 10m30s)
        assertEquals(2, only(e, Expr.countOverTime(RangeVector.subquery(Expr.selector(X), 2 * MIN)), 10 * MIN + 30_000));
        // an explicit 30s step from 8m30s to 10m30s: 5 steps
        assertEquals(5, only(e, Expr.countOverTime(RangeVector.subquery(Expr.selector(X), 2 * MIN, 30_000)), 10 * MIN + 30_000));
    }

    @Test
    void rangeSelectorIncludesBothEnds() {
        SeriesSet s = SeriesSet.all();
        for (int i = 0; i <= 10; i++) {
            s.sample(key("x"), i * MIN, i);
        }
        Evaluator e = Evaluator.over(s);
        assertEquals(6, only(e, Expr.countOverTime(RangeVector.of(X, 5 * MIN)), 10 * MIN)); // 5m..10m
        assertEquals(5 + 6 + 7 + 8 + 9 + 10, only(e, Expr.sumOverTime(RangeVector.of(X, 5 * MIN)), 10 * MIN));
        assertEquals(10, only(e, Expr.maxOverTime(RangeVector.of(X, 5 * MIN)), 10 * MIN));
        assertEquals(7.5, only(e, Expr.avgOverTime(RangeVector.of(X, 5 * MIN)), 10 * MIN));
    }

    @Test
    void increaseAddsTheValueBeforeAReset() {
        SeriesSet s = SeriesSet.all();
        double[] v = {10, 20, 5, 15};
        for (int i = 0; i < v.length; i++) {
            s.sample(key("c"), i * MIN, v[i]);
        }
        // increments: +10, then the counter restarted from 0 and reached 5, then +10: 25 (plain last-first gives 5)
        assertEquals(25, only(Evaluator.over(s), Expr.increase(RangeVector.of(C, 3 * MIN)), 3 * MIN));
    }

    @Test
    void increaseExtrapolatesToTheWindowEdgesAsPrometheusDoes() {
        SeriesSet s = SeriesSet.all();
        for (int i = 0; i <= 10; i++) {
            s.sample(key("c"), i * MIN, i * 60.0); // 1 per second
        }
        Evaluator e = Evaluator.over(s);
        // [450s] at 10m: samples 3m..10m (420 s, 420 counted); 30 s to the window start is < 1.1*60 s, so
        // extrapolated by it: 420 * 450/420 = 450
        assertEquals(450, only(e, Expr.increase(RangeVector.of(C, 450_000)), 10 * MIN), 1e-12);

        SeriesSet t = SeriesSet.all();
        t.sample(key("c"), 15 * MIN, 1);
        t.sample(key("c"), 16 * MIN, 61);
        // [10m] at 16m: 540 s to the start, but the counter would hit 0 after 60*(1/60) = 1 s, which is
        // < 66 s: 60 * (60 + 1)/60 = 61
        assertEquals(61, only(Evaluator.over(t), Expr.increase(RangeVector.of(C, 10 * MIN)), 16 * MIN), 1e-12);

        SeriesSet u = SeriesSet.all();
        u.sample(key("c"), 15 * MIN, 100);
        u.sample(key("c"), 16 * MIN, 160);
        // zero would be 100 s back, >= 66 s: half an interval instead, 60 * (60 + 30)/60 = 90
        assertEquals(90, only(Evaluator.over(u), Expr.increase(RangeVector.of(C, 10 * MIN)), 16 * MIN), 1e-12);

        SeriesSet one = SeriesSet.all();
        one.sample(key("c"), 15 * MIN, 100);
        assertTrue(Evaluator.over(one).evaluate(Expr.increase(RangeVector.of(C, 10 * MIN)), 16 * MIN).isEmpty());
    }

    static Evaluator buckets(double... leAndCount) {
        SeriesSet s = SeriesSet.all();
        for (int i = 0; i < leAndCount.length; i += 2) {
            String le = leAndCount[i] == Double.POSITIVE_INFINITY ? "+Inf" : Nodes.number(leAndCount[i]);
            s.sample(key("h_bucket", "le", le), 0, leAndCount[i + 1]);
        }
        return Evaluator.over(s);
    }

    static double quantile(Evaluator e, double q) {
        return only(e, Expr.histogramQuantile(q, Expr.selector(Selector.parse("h_bucket"))), 0);
    }

    @Test
    void histogramQuantileInterpolatesInsideTheBucketAndStopsAtTheSecondHighestBound() {
        double inf = Double.POSITIVE_INFINITY;
        Evaluator e = buckets(1, 10, 2, 20, inf, 30);
        assertEquals(1.0, quantile(e, 1.0 / 3)); // rank 10 = all of the first bucket: its bound
        assertEquals(1.5, quantile(e, 0.5)); // rank 15: half-way through (1, 2]
        assertEquals(0.5, quantile(e, 1.0 / 6)); // rank 5 in (0, 1]
        assertEquals(2.0, quantile(e, 0.99)); // rank 29.7 in +Inf: the second-highest bound
        assertEquals(Double.NEGATIVE_INFINITY, quantile(e, -0.1));
        assertEquals(Double.POSITIVE_INFINITY, quantile(e, 1.1));
        assertTrue(Double.isNaN(quantile(buckets(1, 10, 2, 20), 0.5))); // no +Inf bucket
        assertTrue(Double.isNaN(quantile(buckets(1, 0, inf, 0), 0.5))); // no observations
        assertEquals(1.0, quantile(buckets(1, 10, 2, 8, inf, 20), 0.5)); // 8 raised to 10; rank 10 in the first
    }

    @Test
    void histogramQuantileIgnoresSeriesWithoutAnLeAndGroupsByTheOtherLabels() {
        SeriesSet s = SeriesSet.all();
        s.sample(key("h_bucket", "job", "a", "le", "1"), 0, 4);
        s.sample(key("h_bucket", "job", "a", "le", "+Inf"), 0, 8);
        s.sample(key("h_bucket", "job", "b", "le", "1"), 0, 8);
        s.sample(key("h_bucket", "job", "b", "le", "1.0"), 0, 0); // the same bound written twice: summed
        s.sample(key("h_bucket", "job", "b", "le", "+Inf"), 0, 8);
        s.sample(key("h_bucket", "job", "b", "le", "x"), 0, 100);
        InstantVector v = Evaluator.over(s).evaluate(Expr.histogramQuantile(0.5, Expr.selector(Selector.parse("h_bucket"))), 0);
        assertEquals(List.of(new InstantVector.Sample(Map.of("job", "a"), 1.0), new InstantVector.Sample(Map.of("job", "b"), 0.5)),
                v.samples());
    }

    static SeriesSet replicas(double[] desired, double[] ready) {
        SeriesSet s = SeriesSet.all();
        for (int i = 0; i < desired.length; i++) {
            s.sample(key("desired", "w", "a"), i * MIN, desired[i]);
            s.sample(key("ready", "w", "a"), i * MIN, ready[i]);
        }
        return s;
    }

    @Test
    void filterDropsStepsSoTheDashboardAveragesOnlyTheOutage() {
        double[] desired = new double[61];
        double[] ready = new double[61];
        java.util.Arrays.fill(desired, 3);
        java.util.Arrays.fill(ready, 3);
        for (int i = 20; i < 30; i++) {
            ready[i] = 2; // 1 missing for 10 minutes
        }
        ready[40] = 4; // more ready than desired: a negative difference, dropped too
        Evaluator e = Evaluator.over(replicas(desired, ready));
        Selector d = Selector.parse("desired");
        Selector r = Selector.parse("ready");
        // 100 - the average number missing over the 10 steps that had some missing: 99, not a time fraction
        assertEquals(99, only(e, ParityQueries.availabilityDashboard(d, r, 60 * MIN), 60 * MIN));
        // the time share: 10 bad steps of 61
        assertEquals(51.0 / 61, only(e, ParityQueries.timeAvailability(d, r, 60 * MIN), 60 * MIN), 1e-15);
        // never short: the dashboard's result is empty, not 100
        double[] full = new double[61];
        java.util.Arrays.fill(full, 3);
        assertTrue(Evaluator.over(replicas(full, full)).evaluate(ParityQueries.availabilityDashboard(d, r, 60 * MIN), 60 * MIN).isEmpty());
    }

    @Test
    void matchingIgnoresTheNameAndNeedsEveryOtherLabel() {
        SeriesSet s = SeriesSet.all();
        s.sample(key("a", "w", "1", "t", "x"), 0, 5);
        s.sample(key("b", "w", "1", "t", "x"), 0, 2);
        s.sample(key("a", "w", "2", "t", "x"), 0, 5);
        s.sample(key("b", "w", "2", "t", "y"), 0, 2); // differs in t: no match
        InstantVector v = Evaluator.over(s).evaluate(Expr.selector(Selector.parse("a")).minus(Expr.selector(Selector.parse("b"))), 0);
        assertEquals(List.of(new InstantVector.Sample(Map.of("t", "x", "w", "1"), 3.0)), v.samples());
        // a comparison filter keeps the name, bool drops it
        InstantVector kept = Evaluator.over(s).evaluate(Expr.selector(Selector.parse("a")).greaterThan(Expr.number(4)), 0);
        assertEquals("a", kept.samples().get(0).labels().get("__name__"));
        InstantVector bool = Evaluator.over(s).evaluate(Expr.selector(Selector.parse("a")).greaterOrEqualBool(Expr.selector(Selector.parse("b"))), 0);
        assertEquals(List.of(new InstantVector.Sample(Map.of("t", "x", "w", "1"), 1.0)), bool.samples());
    }

    @Test
    void manyToManyMatchingFailsAsInPrometheus() {
        SeriesSet s = SeriesSet.all();
        s.sample(key("a", "w", "1"), 0, 5);
        s.sample(key("b", "w", "1"), 0, 2);
        s.sample(key("c", "w", "1"), 0, 2);
        Expr e = Expr.selector(Selector.parse("a")).minus(Expr.selector(Selector.parse("{w=\"1\", __name__=~\"b|c\"}")));
        PromQlException x = assertThrows(PromQlException.class, () -> Evaluator.over(s).evaluate(e, 0));
        assertEquals("found duplicate series for the match group {w=\"1\"} on the right hand-side of -: many-to-many matching not allowed",
                x.getMessage());
    }

    @Test
    void aggregationsOfNothingAreEmptyAndOrFillsIn() {
        SeriesSet s = SeriesSet.all();
        s.sample(key("x", "w", "1"), 0, 1);
        s.sample(key("x", "w", "2"), 0, 4);
        s.sample(key("x", "w", "3"), 0, 2);
        Evaluator e = Evaluator.over(s);
        assertEquals(7, only(e, Expr.sum(Expr.selector(X)), 0));
        assertEquals(7.0 / 3, only(e, Expr.avg(Expr.selector(X)), 0), 1e-15);
        assertEquals(1, only(e, Expr.min(Expr.selector(X)), 0));
        Expr none = Expr.selector(X).greaterThan(Expr.number(10));
        assertTrue(e.evaluate(Expr.sum(none), 0).isEmpty());
        assertTrue(e.evaluate(Expr.avg(none), 0).isEmpty());
        assertTrue(e.evaluate(Expr.number(100).minus(Expr.sum(none)), 0).isEmpty());
        assertEquals(0, only(e, Expr.sum(none).or(Expr.vector(0)), 0));
        assertEquals(7, only(e, Expr.sum(Expr.selector(X)).or(Expr.vector(0)), 0));
        List<Double> byW = new ArrayList<>();
        e.evaluate(Expr.sumBy(List.of("w"), Expr.selector(X)), 0).samples().forEach(x -> byW.add(x.value()));
        assertEquals(List.of(1.0, 4.0, 2.0), byW);
    }

    @Test
    void printsTheDocumentsQueriesAsPromql() {
        Selector d = Selector.parse("kube_workload_status_desired{kube_cluster_name='silver', kube_workload_name =~ 'a|b'}");
        Selector r = Selector.parse("kube_workload_status_ready{kube_cluster_name='silver', kube_workload_name =~ 'a|b'}");
        Selector g = Selector.parse("sysdig_container_net_http_request_time{kube_cluster_name='silver'}");
        assertEquals("100 - sum(avg_over_time((kube_workload_status_desired{kube_cluster_name=\"silver\", kube_workload_name=~\"a|b\"}"
                + " - kube_workload_status_ready{kube_cluster_name=\"silver\", kube_workload_name=~\"a|b\"} > 0)[3w:]))",
                ParityQueries.availabilityDashboard(d, r, 21L * 1440 * MIN).toString());
        assertEquals("100 - avg(max_over_time((sysdig_container_net_http_request_time{kube_cluster_name=\"silver\"})[3w:]) / 1000000000 < 2)",
                ParityQueries.latencyDashboard(g, 1e9, 21L * 1440 * MIN).toString());
        assertEquals("sum(increase(c[7m30s])) / sum(increase(c[7m30s])) / (1 - 0.99)",
                ParityQueries.errorRatio(C, C, 450_000).dividedBy(Expr.number(1).minus(Expr.number(0.99))).toString());
    }
}
