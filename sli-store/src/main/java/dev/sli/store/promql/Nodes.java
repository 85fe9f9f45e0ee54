package dev.sli.store.promql;

import dev.sli.core.source.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The expression nodes and their evaluation, following Prometheus 2.42's engine step by step. */
final class Nodes {

    private Nodes() {
    }

    /** One sample of an instant vector. */
    record Elem(Labels labels, double value) {
    }

    /** One series of a range vector: its points in time order. */
    record Points(Labels labels, long[] timesMillis, double[] values, int size) {
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static final class Num extends Expr {
        final double value;

        Num(double value) {
            this.value = value;
        }

        @Override
        public boolean isScalar() {
            return true;
        }

        @Override
        double scalar(Evaluator.Context ctx, long t) {
            return value;
        }

        @Override
        List<Elem> vector(Evaluator.Context ctx, long t) {
            throw new IllegalStateException("a scalar");
        }

        @Override
        public String toString() {
            return Nodes.number(value);
        }
    }

    static final class VectorOf extends Expr {
        final double value;

        VectorOf(double value) {
            this.value = value;
        }

        @Override
        public boolean isScalar() {
            return false;
        }

        @Override
        double scalar(Evaluator.Context ctx, long t) {
            throw new IllegalStateException("a vector");
        }

        @Override
        List<Elem> vector(Evaluator.Context ctx, long t) {
            return List.of(new Elem(Labels.EMPTY, value));
        }

        @Override
        public String toString() {
            return "vector(" + Nodes.number(value) + ")";
        }
    }

    static final class Sel extends Expr {
        final Selector selector;

        Sel(Selector selector) {
            this.selector = selector;
        }

        @Override
        public boolean isScalar() {
            return false;
        }

        @Override
        double scalar(Evaluator.Context ctx, long t) {
            throw new IllegalStateException("a vector");
        }

        @Override
        List<Elem> vector(Evaluator.Context ctx, long t) {
            List<Elem> out = new ArrayList<>();
            for (Evaluator.Series s : ctx.select(selector)) {
                int i = s.samples().firstAtOrAfter(t + 1) - 1; // newest sample at or before t
                if (i >= 0 && s.samples().timeMillis(i) >= t - ctx.lookbackMillis()) { // lookback inclusive in 2.x
                    double v = s.samples().value(i);
                    if (!Evaluator.isStaleMarker(v)) {
                        out.add(new Elem(s.labels(), v));
                    }
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return selector.toString();
        }
    }

    enum Fn {
        AVG_OVER_TIME, COUNT_OVER_TIME, SUM_OVER_TIME, MAX_OVER_TIME, INCREASE;

        String promql() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final class OverTime extends Expr {
        final Fn fn;
        final RangeVector range;

        OverTime(Fn fn, RangeVector range) {
            this.fn = fn;
            this.range = Objects.requireNonNull(range, "range");
        }

        @Override
        public boolean isScalar() {
            return false;
        }

        @Override
        double scalar(Evaluator.Context ctx, long t) {
            throw new IllegalStateException("a vector");
        }

        @Override
        List<Elem> vector(Evaluator.Context ctx, long t) {
            List<Elem> out = new ArrayList<>();
            for (Points p : matrix(ctx, range, t)) {
                if (p.size() == 0) {
                    continue;
                }
                double v;
                switch (fn) {
                    case AVG_OVER_TIME: v = Nodes.avgOverTime(p); break;
                    case COUNT_OVER_TIME: v = p.size(); break;
                    case SUM_OVER_TIME: v = Nodes.sumOverTime(p); break;
                    case MAX_OVER_TIME: v = Nodes.maxOverTime(p); break;
                    case INCREASE:
                        if (p.size() < 2) {
                            continue;
                        }
                        v = Nodes.increase(p, t - range.rangeMillis, t);
                        break;
                    default: throw new IllegalStateException(fn.name());
                }
                out.add(new Elem(p.labels().withoutName(), v));
            }
            return out;
        }

        @Override
        public String toString() {
            return fn.promql() + "(" + range + ")";
        }
    }

    /** The range vector at {@code t}: raw samples in [t-range, t], or the subquery's steps. */
    static List<Points> matrix(Evaluator.Context ctx, RangeVector r, long t) {
        List<Points> out = new ArrayList<>();
        if (r.inner == null) {
            for (Evaluator.Series s : ctx.select(r.selector)) {
                int from = s.samples().firstAtOrAfter(t - r.rangeMillis); // both ends inclusive in 2.x
                int to = s.samples().firstAtOrAfter(t + 1);
                long[] ts = new long[Math.max(0, to - from)];
                double[] vs = new double[ts.length];
                int n = 0;
                for (int i = from; i < to; i++) {
                    double v = s.samples().value(i);
                    if (!Evaluator.isStaleMarker(v)) {
                        ts[n] = s.samples().timeMillis(i);
                        vs[n] = v;
                        n++;
                    }
                }
                out.add(new Points(s.labels(), ts, vs, n));
            }
            return out;
        }
        long step = r.stepMillis == 0 ? ctx.defaultStepMillis() : r.stepMillis;
        long mint = t - r.rangeMillis;
        long start = mint - Math.floorMod(mint, step); // aligned to absolute multiples of the step
        if (start < mint) {
            start += step;
        }
        Map<Labels, PointsBuilder> series = new LinkedHashMap<>();
        for (long s = start; s <= t; s += step) {
            for (Elem e : r.inner.vector(ctx, s)) {
                series.computeIfAbsent(e.labels(), k -> new PointsBuilder()).add(s, e.value());
            }
        }
        series.forEach((labels, b) -> out.add(new Points(labels, b.times, b.values, b.size)));
        return out;
    }

    private static final class PointsBuilder {
        long[] times = new long[64];
        double[] values = new double[64];
        int size;

        void add(long t, double v) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            times[size] = t;
            values[size] = v;
            size++;
        }
    }

    /** avg_over_time of 2.42: an incremental mean, with its handling of infinities. */
    static double avgOverTime(Points p) {
        double mean = 0;
        double count = 0;
        for (int i = 0; i < p.size(); i++) {
            double v = p.values()[i];
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            mean += v / count - mean / count;
        }
        return mean;
    }

    static double sumOverTime(Points p) {
        double sum = 0;
        for (int i = 0; i < p.size(); i++) {
            sum += p.values()[i];
        }
        return sum;
    }

    static double maxOverTime(Points p) {
        double max = p.values()[0];
        for (int i = 0; i < p.size(); i++) {
            double v = p.values()[i];
            if (v > max || Double.isNaN(max)) {
                max = v;
            }
        }
        return max;
    }

    /** extrapolatedRate(isCounter, !isRate) of Prometheus 2.42, on at least two points. */
    static double increase(Points p, long rangeStartMillis, long rangeEndMillis) {
        int n = p.size();
        long firstT = p.timesMillis()[0];
        long lastT = p.timesMillis()[n - 1];
        double first = p.values()[0];
        double result = p.values()[n - 1] - first;
        double last = 0;
        for (int i = 0; i < n; i++) {
            double v = p.values()[i];
            if (v < last) { // a counter reset: the counter restarted from 0
                result += last;
            }
            last = v;
        }
        double durationToStart = (firstT - rangeStartMillis) / 1000.0;
        double durationToEnd = (rangeEndMillis - lastT) / 1000.0;
        double sampled = (lastT - firstT) / 1000.0;
        double averageBetween = sampled / (n - 1);
        if (result > 0 && first >= 0) {
            double durationToZero = sampled * (first / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double threshold = averageBetween * 1.1;
        double extrapolateTo = sampled;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
        return result * (extrapolateTo / sampled);
    }

    enum Op {
        ADD("+", 5), SUB("-", 5), MUL("*", 6), DIV("/", 6), GT(">", 4), LT("<", 4), GE(">=", 4);

        final String symbol;
        final int precedence;

        Op(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        boolean isComparison() {
            return precedence == 4;
        }

        boolean dropsName() {
            return !isComparison();
        }

        /** The value, and whether the sample is kept (comparisons without bool filter). */
        double apply(double l, double r) {
            switch (this) {
                case ADD: return l + r;
                case SUB: return l - r;
                case MUL: return l * r;
                case DIV: return l / r;
                case GT: return l > r ? 1 : 0;
                case LT: return l < r ? 1 : 0;
                case GE: return l >= r ? 1 : 0;
                default: throw new IllegalStateException(name());
            }
        }
    }

    static final class Binary extends Expr {
        final Op op;
        final Expr lhs;
        final Expr rhs;
        final boolean returnBool;

        Binary(Op op, Expr lhs, Expr rhs, boolean returnBool) {
            this.op = op;
            this.lhs = Objects.requireNonNull(lhs, "left operand");
            this.rhs = Objects.requireNonNull(rhs, "right operand");
            this.returnBool = returnBool;
            if (op.isComparison() && !returnBool && lhs.isScalar() && rhs.isScalar()) {
                throw new IllegalArgumentException("comparisons between scalars must use the bool modifier: " + this);
            }
        }

        @Override
        public boolean isScalar() {
            return lhs.isScalar() && rhs.isScalar();
        }

        @Override
        int precedence() {
            return op.precedence;
        }

        @Override
        double scalar(Evaluator.Context ctx, long t) {
            return op.apply(lhs.scalar(ctx, t), rhs.scalar(ctx, t));
        }

        @Override
        List<Elem> vector(Evaluator.Context ctx, long t) {
            if (lhs.isScalar() || rhs.isScalar()) {
                boolean swap = lhs.isScalar();
                double scalar = swap ? lhs.scalar(ctx, t) : rhs.scalar(ctx, t);
                List<Elem> out = new ArrayList<>();
                for (Elem e : (swap ? rhs : lhs).vector(ctx, t)) {
                    double l = swap ? scalar : e.value();
                    double r = swap ? e.value() : scalar;
                    Elem x = combine(e.labels(), l, r, e.value());
                    if (x != null) {
                        out.add(x);
                    }
                }
                return out;
            }
            // one-to-one matching on all labels but __name__
            List<Elem> right = rhs.vector(ctx, t);
            Map<Labels, Elem> bySignature = new HashMap<>();
            for (Elem e : right) {
                Labels sig = e.labels().withoutName();
                if (bySignature.put(sig, e) != null) {
                    throw new PromQlException("found duplicate series for the match group " + sig
                            + " on the right hand-side of " + op.symbol + ": many-to-many matching not allowed");
                }
            }
            List<Elem> out = new ArrayList<>();
            Set<Labels> matched = new HashSet<>();
            for (Elem e : lhs.vector(ctx, t)) {
                Labels sig = e.labels().withoutName();
                Elem r = bySignature.get(sig);
                if (r == null) {
                    continue;
                }
                Elem x = combine(e.labels(), e.value(), r.value(), e.value());
                if (x == null) {
                    continue;
                }
                if (!matched.add(sig)) {
                    throw new PromQlException("multiple matches for labels " + sig + " on the left hand-side of "
                            + op.symbol + ": many-to-one matching must be explicit (group_left/group_right)");
                }
                out.add(x);
            }
            return out;
        }

        /** One output sample, or null when a comparison filter drops it; {@code vectorValue} is the vector side's value. */
        private Elem combine(Labels labels, double l, double r, double vectorValue) {
            double v = op.apply(l, r);
            if (op.isComparison() && !returnBool) {
                if (v == 0) {
                    return null;
                }
                v = vectorValue; // a filter keeps the vector's own value, whichever side it is on
            }
            return new Elem(op.dropsName() || returnBool ? labels.withoutName() : labels, v);
        }

        @Override
        public String toString() {
            String l = lhs.precedence() < op.precedence ? "(" + lhs + ")" : lhs.toString();
            String r = rhs.precedence() <= op.precedence ? "(" + rhs + ")" : rhs.toString();
            return l + " " + op.symbol + (returnBool ? " bool " : " ") + r;
        }
    }

    static final class Or extends Expr {
        final Expr lhs;
        final Expr rhs;

        Or(Expr lhs, Expr rhs) {
            this.lhs = lhs;
            this.rhs = rhs;
        }

        @Override
        public boolean isScalar() {
            return false;
        }

        @Override
        int precedence() {
            return 1;
        }

        @Override
        double scalar(Evaluator.Context ctx, long t) {
            throw new IllegalStateException("a vector");
        }

        @Override
        List<Elem> vector(Evaluator.Context ctx, long t) {
            List<Elem> out = new ArrayList<>(lhs.vector(ctx, t));
            Set<Labels> present = new HashSet<>();
            for (Elem e : out) {
                present.add(e.labels().withoutName());
            }
            for (Elem e : rhs.vector(ctx, t)) {
                if (!present.contains(e.labels().withoutName())) {
                    out.add(e);
                }
            }
            return out;
        }

        @Override
        public String toString() {
            String l = lhs.precedence() < 1 ? "(" + lhs + ")" : lhs.toString();
            String r = rhs.precedence() <= 1 ? "(" + rhs + ")" : rhs.toString();
            return l + " or " + r;
        }
    }

    enum AggOp { SUM, AVG, MIN }

    static final class Agg extends Expr {
        final AggOp op;
        final List<String> by;
        final Expr inner;

        Agg(AggOp op, List<String> by, Expr inner) {
            this.op = op;
            this.by = by;
            this.inner = inner;
        }

        @Override
        public boolean isScalar() {
            return false;
        }

        @Override
        double scalar(Evaluator.Context ctx, long t) {
            throw new IllegalStateException("a vector");
        }

        @Override
        List<Elem> vector(Evaluator.Context ctx, long t) {
            Map<Labels, double[]> groups = new LinkedHashMap<>(); // value, count: in order of first appearance
            for (Elem e : inner.vector(ctx, t)) {
                Labels key = by == null ? Labels.EMPTY : e.labels().only(by);
                double[] g = groups.get(key);
                double v = e.value();
                if (g == null) {
                    groups.put(key, new double[] {v, 1});
                    continue;
                }
                switch (op) {
                    case SUM:
                        g[0] += v;
                        break;
                    case MIN:
                        if (g[0] > v || Double.isNaN(g[0])) {
                            g[0] = v;
                        }
                        break;
                    case AVG:
                        g[1]++;
                        if (Double.isInfinite(g[0])) {
                            if (Double.isInfinite(v) && (g[0] > 0) == (v > 0)) {
                                break;
                            }
                            if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                                break;
                            }
                        }
                        g[0] += v / g[1] - g[0] / g[1]; // 2.42's incremental mean
                        break;
                    default:
                        throw new IllegalStateException(op.name());
                }
            }
            List<Elem> out = new ArrayList<>();
            groups.forEach((k, g) -> out.add(new Elem(k, g[0])));
            return out;
        }

        @Override
        public String toString() {
            return op.name().toLowerCase(Locale.ROOT) + (by == null ? "" : " by (" + String.join(", ", by) + ")") + "(" + inner + ")";
        }
    }

    static final class Quantile extends Expr {
        static final String LE = "le";
        final double q;
        final Expr inner;

        Quantile(double q, Expr inner) {
            this.q = q;
            this.inner = inner;
        }

        @Override
        public boolean isScalar() {
            return false;
        }

        @Override
        double scalar(Evaluator.Context ctx, long t) {
            throw new IllegalStateException("a vector");
        }

        @Override
        List<Elem> vector(Evaluator.Context ctx, long t) {
            Map<Labels, List<double[]>> groups = new LinkedHashMap<>();
            for (Elem e : inner.vector(ctx, t)) {
                String le = e.labels().get(LE);
                Double upper = le == null ? null : parseBound(le);
                if (upper == null) {
                    continue; // Prometheus ignores samples without a parseable le
                }
                Labels key = e.labels().without(List.of(LE, Selector.NAME_LABEL));
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {upper, e.value()});
            }
            List<Elem> out = new ArrayList<>();
            groups.forEach((k, b) -> out.add(new Elem(k, bucketQuantile(q, b))));
            return out;
        }

        @Override
        public String toString() {
            return "histogram_quantile(" + Nodes.number(q) + ", " + inner + ")";
        }
    }

    /** An {@code le} value as Go's strconv.ParseFloat reads it, null when it does not. */
    static Double parseBound(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        String unsigned = l.startsWith("+") || l.startsWith("-") ? l.substring(1) : l;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (unsigned.isEmpty() || !unsigned.matches("(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
            return null;
        }
        return Double.parseDouble(l);
    }

    /** bucketQuantile of Prometheus 2.42 on (upper bound, cumulative count) pairs. */
    static double bucketQuantile(double q, List<double[]> input) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<double[]> sorted = new ArrayList<>();
        for (double[] b : input) {
            sorted.add(b.clone());
        }
        sorted.sort((a, b) -> Double.compare(a[0], b[0]));
        if (sorted.get(sorted.size() - 1)[0] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        List<double[]> buckets = new ArrayList<>(); // coalesced: equal bounds ("2" and "2.0") summed
        for (double[] b : sorted) {
            if (!buckets.isEmpty() && buckets.get(buckets.size() - 1)[0] == b[0]) {
                buckets.get(buckets.size() - 1)[1] += b[1];
            } else {
                buckets.add(b);
            }
        }
        double max = Double.NEGATIVE_INFINITY; // ensureMonotonic
        for (double[] b : buckets) {
            if (b[1] > max) {
                max = b[1];
            } else if (b[1] < max) {
                b[1] = max;
            }
        }
        int n = buckets.size();
        if (n < 2) {
            return Double.NaN;
        }
        double observations = buckets.get(n - 1)[1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < n - 1 && !(buckets.get(b)[1] >= rank)) {
            b++;
        }
        if (b == n - 1) {
            return buckets.get(n - 2)[0];
        }
        if (b == 0 && buckets.get(0)[0] <= 0) {
            return buckets.get(0)[0];
        }
        double start = 0;
        double end = buckets.get(b)[0];
        double count = buckets.get(b)[1];
        if (b > 0) {
            start = buckets.get(b - 1)[0];
            count -= buckets.get(b - 1)[1];
            rank -= buckets.get(b - 1)[1];
        }
        return start + (end - start) * (rank / count);
    }
}
