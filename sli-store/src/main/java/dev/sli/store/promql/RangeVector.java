package dev.sli.store.promql;

import dev.sli.core.source.Selector;
import java.util.Objects;

/**
 * A range vector: {@code selector[range]} (the raw samples in {@code [t-range, t]}, both ends included
 * as in Prometheus 2.x) or a subquery {@code (expr)[range:step]} (the expression evaluated at the
 * multiples of the step, counted from the Unix epoch, from the first at or after {@code t-range} to
 * {@code t}). Immutable and thread-safe.
 */
public final class RangeVector {

    final Selector selector;
    final Expr inner;
    final long rangeMillis;
    /** The subquery step, 0 for the evaluator's default step (the evaluation interval). */
    final long stepMillis;

    private RangeVector(Selector selector, Expr inner, long rangeMillis, long stepMillis) {
        if (rangeMillis <= 0) {
            throw new IllegalArgumentException("a range must be positive, got " + rangeMillis + " ms");
        }
        if (stepMillis < 0) {
            throw new IllegalArgumentException("a subquery step must be positive, got " + stepMillis + " ms");
        }
        this.selector = selector;
        this.inner = inner;
        this.rangeMillis = rangeMillis;
        this.stepMillis = stepMillis;
    }

    /** {@code selector[range]}; throws {@link IllegalArgumentException} unless the range is positive. */
    public static RangeVector of(Selector selector, long rangeMillis) {
        return new RangeVector(Objects.requireNonNull(selector, "selector"), null, rangeMillis, 0);
    }

    /** {@code (expr)[range:]}, stepped at the evaluator's default subquery step. */
    public static RangeVector subquery(Expr expr, long rangeMillis) {
        return new RangeVector(null, Expr.vectorOperand(expr), rangeMillis, 0);
    }

    /** {@code (expr)[range:step]}; throws {@link IllegalArgumentException} unless range and step are positive. */
    public static RangeVector subquery(Expr expr, long rangeMillis, long stepMillis) {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("a subquery step must be positive, got " + stepMillis + " ms");
        }
        return new RangeVector(null, Expr.vectorOperand(expr), rangeMillis, stepMillis);
    }

    /** The range in milliseconds. */
    public long rangeMillis() {
        return rangeMillis;
    }

    /** Whether this is a subquery rather than a range selector. */
    public boolean isSubquery() {
        return inner != null;
    }

    /** The PromQL text. */
    @Override
    public String toString() {
        if (inner == null) {
            return selector + "[" + Durations.format(rangeMillis) + "]";
        }
        return "(" + inner + ")[" + Durations.format(rangeMillis) + ":" + (stepMillis == 0 ? "" : Durations.format(stepMillis)) + "]";
    }
}
