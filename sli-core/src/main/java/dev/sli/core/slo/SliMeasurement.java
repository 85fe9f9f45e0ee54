package dev.sli.core.slo;

import dev.sli.core.window.WindowSpan;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An SLI measured over one window: how much was good, how much bad, and how much is unknown (no data),
 * in one {@link SliUnit}. Immutable and thread-safe; the window it covers travels with it.
 *
 * <p>Amounts are doubles so that RatioTimeslices (a sum of per-slice ratios) fits the same shape; event
 * counts and milliseconds are whole numbers, exact up to 2<sup>53</sup>.
 *
 * @param span the window measured
 * @param unit what the amounts count
 * @param good the good amount; finite, not negative
 * @param bad the bad amount; finite, not negative
 * @param unknown the amount with no data; finite, not negative
 * @param coverage how much of {@code span} holds data (see {@link Coverage} for what "observed" means per unit)
 */
public record SliMeasurement(WindowSpan span, SliUnit unit, double good, double bad, double unknown, Coverage coverage) {

    /**
     * @throws IllegalArgumentException if an amount is negative, NaN or infinite, or the coverage is of
     *     another window than {@code span}
     */
    public SliMeasurement {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(coverage, "coverage");
        requireAmount("good", good);
        requireAmount("bad", bad);
        requireAmount("unknown", unknown);
        if (!coverage.window().equals(span)) {
            throw new IllegalArgumentException("coverage is of " + coverage.window() + ", not of the span " + span);
        }
    }

    /**
     * A measurement whose coverage follows from its amounts ({@link Coverage#fromAmounts}): nothing observed
     * when good + bad is 0, all of the span when unknown is 0, otherwise the known share of the span. Indicators
     * that know where their data lies pass a {@link Coverage} instead.
     */
    public SliMeasurement(WindowSpan span, SliUnit unit, double good, double bad, double unknown) {
        this(span, unit, good, bad, unknown, Coverage.fromAmounts(Objects.requireNonNull(span, "span"), good + bad, unknown));
    }

    private static void requireAmount(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and not negative, got " + value);
        }
    }

    /** A measurement of nothing at all over {@code span}. */
    public static SliMeasurement empty(WindowSpan span, SliUnit unit) {
        return new SliMeasurement(span, unit, 0, 0, 0, Coverage.none(span));
    }

    /** Good plus bad: the amount that has data. */
    public double known() {
        return good + bad;
    }

    /** Good plus bad plus unknown. */
    public double total() {
        return good + bad + unknown;
    }

    /** Whether nothing at all was measured (no good, bad or unknown amount). */
    public boolean isEmpty() {
        return total() == 0;
    }

    /** Good amount once {@code policy} has decided what the unknown amount counts as. */
    public double goodUnder(MissingDataPolicy policy) {
        return policy == MissingDataPolicy.GOOD ? good + unknown : good;
    }

    /** Bad amount once {@code policy} has decided what the unknown amount counts as. */
    public double badUnder(MissingDataPolicy policy) {
        return policy == MissingDataPolicy.BAD ? bad + unknown : bad;
    }

    /**
     * The good fraction in [0, 1] under {@code policy}; empty when there is nothing to divide by
     * (never NaN).
     */
    public OptionalDouble ratio(MissingDataPolicy policy) {
        double g = goodUnder(policy);
        double denominator = g + badUnder(policy);
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of(g / denominator);
    }

    /**
     * This measurement plus {@code other} (same unit, spans that do not overlap), over the span from the
     * earlier start to the later end; the coverages add up the same way.
     */
    public SliMeasurement plus(SliMeasurement other) {
        if (other.unit != unit) {
            throw new IllegalArgumentException("cannot add " + other.unit + " to " + unit);
        }
        Coverage sum = coverage.plus(other.coverage);
        return new SliMeasurement(sum.window(), unit, good + other.good, bad + other.bad, unknown + other.unknown, sum);
    }
}
