package dev.sli.store.promql;

import dev.sli.core.source.Selector;
import java.util.List;
import java.util.Objects;

/**
 * A PromQL expression of the shapes SLO dashboards use, built in Java rather than parsed: instant
 * selectors, {@code *_over_time} and {@code increase} over a {@link RangeVector}, arithmetic and
 * comparisons between vectors and scalars, {@code or}, {@code sum}/{@code avg}/{@code min} (optionally
 * {@code by} labels) and {@code histogram_quantile}. {@link #toString()} gives the PromQL text.
 * Evaluate with {@link Evaluator}. Immutable and thread-safe; the factories throw
 * {@link NullPointerException} for null arguments and {@link IllegalArgumentException} for operands of
 * the wrong kind (a vector where PromQL wants a scalar).
 */
public abstract class Expr {

    Expr() {
    }

    /** A number literal (a scalar). */
    public static Expr number(double value) {
        return new Nodes.Num(value);
    }

    /** {@code vector(value)}: one sample without labels. */
    public static Expr vector(double value) {
        return new Nodes.VectorOf(value);
    }

    /** An instant vector selector: each selected series' newest sample within the lookback. */
    public static Expr selector(Selector selector) {
        return new Nodes.Sel(Objects.requireNonNull(selector, "selector"));
    }

    /** {@code avg_over_time(range)}. */
    public static Expr avgOverTime(RangeVector range) {
        return new Nodes.OverTime(Nodes.Fn.AVG_OVER_TIME, range);
    }

    /** {@code count_over_time(range)}. */
    public static Expr countOverTime(RangeVector range) {
        return new Nodes.OverTime(Nodes.Fn.COUNT_OVER_TIME, range);
    }

    /** {@code sum_over_time(range)}. */
    public static Expr sumOverTime(RangeVector range) {
        return new Nodes.OverTime(Nodes.Fn.SUM_OVER_TIME, range);
    }

    /** {@code max_over_time(range)}. */
    public static Expr maxOverTime(RangeVector range) {
        return new Nodes.OverTime(Nodes.Fn.MAX_OVER_TIME, range);
    }

    /** {@code increase(range)}: Prometheus's extrapolated increase, counter resets included. */
    public static Expr increase(RangeVector range) {
        return new Nodes.OverTime(Nodes.Fn.INCREASE, range);
    }

    /** {@code sum(e)}. */
    public static Expr sum(Expr e) {
        return new Nodes.Agg(Nodes.AggOp.SUM, null, vectorOperand(e));
    }

    /** {@code sum by (labels) (e)}. */
    public static Expr sumBy(List<String> labels, Expr e) {
        return new Nodes.Agg(Nodes.AggOp.SUM, List.copyOf(labels), vectorOperand(e));
    }

    /** {@code avg(e)}. */
    public static Expr avg(Expr e) {
        return new Nodes.Agg(Nodes.AggOp.AVG, null, vectorOperand(e));
    }

    /** {@code min(e)}. */
    public static Expr min(Expr e) {
        return new Nodes.Agg(Nodes.AggOp.MIN, null, vectorOperand(e));
    }

    /** {@code histogram_quantile(quantile, buckets)} on classic cumulative {@code le} buckets. */
    public static Expr histogramQuantile(double quantile, Expr buckets) {
        return new Nodes.Quantile(quantile, vectorOperand(buckets));
    }

    /** {@code this + other}. */
    public Expr plus(Expr other) {
        return new Nodes.Binary(Nodes.Op.ADD, this, other, false);
    }

    /** {@code this - other}. */
    public Expr minus(Expr other) {
        return new Nodes.Binary(Nodes.Op.SUB, this, other, false);
    }

    /** {@code this * other}. */
    public Expr times(Expr other) {
        return new Nodes.Binary(Nodes.Op.MUL, this, other, false);
    }

    /** {@code this / other} (division by zero gives ±Inf or NaN, as in Prometheus). */
    public Expr dividedBy(Expr other) {
        return new Nodes.Binary(Nodes.Op.DIV, this, other, false);
    }

    /** {@code this > other}: a filter that drops the samples where it is false. */
    public Expr greaterThan(Expr other) {
        return new Nodes.Binary(Nodes.Op.GT, this, other, false);
    }

    /** {@code this < other}: a filter that drops the samples where it is false. */
    public Expr lessThan(Expr other) {
        return new Nodes.Binary(Nodes.Op.LT, this, other, false);
    }

    /** {@code this >= other}: a filter that drops the samples where it is false. */
    public Expr greaterOrEqual(Expr other) {
        return new Nodes.Binary(Nodes.Op.GE, this, other, false);
    }

    /** {@code this >= bool other}: 1 where true, 0 where false, name dropped. */
    public Expr greaterOrEqualBool(Expr other) {
        return new Nodes.Binary(Nodes.Op.GE, this, other, true);
    }

    /** {@code this or other}: this vector, plus the samples of {@code other} whose labels it lacks. */
    public Expr or(Expr other) {
        return new Nodes.Or(vectorOperand(this), vectorOperand(other));
    }

    /** Whether this expression is a scalar rather than an instant vector. */
    public abstract boolean isScalar();

    /** The PromQL text of this expression. */
    @Override
    public abstract String toString();

    /** The precedence of the outermost operator, for parentheses in {@link #toString()}. */
    int precedence() {
        return Integer.MAX_VALUE;
    }

    abstract double scalar(Evaluator.Context ctx, long atMillis);

    abstract List<Nodes.Elem> vector(Evaluator.Context ctx, long atMillis);

    static Expr vectorOperand(Expr e) {
        Objects.requireNonNull(e, "expression");
        if (e.isScalar()) {
            throw new IllegalArgumentException("expected an instant vector, got the scalar " + e);
        }
        return e;
    }
}
