package dev.sli.core.slo;

import dev.sli.core.window.WindowSpan;
import java.util.Objects;

/**
 * How fast an SLO's error budget burns over one span: the bad fraction in the span ÷ (1 − target), so
 * 1 spends exactly the budget over the SLO period. Unknown amounts count as the objective's
 * {@link MissingDataPolicy} says. A span with nothing known has no data: {@link #hasData()} is false and
 * the rate 0, never NaN. Immutable and thread-safe.
 */
public final class BurnRate {

    private final SliMeasurement measurement;
    private final double target;
    private final MissingDataPolicy policy;
    private final double bad;
    private final double known;
    private final double rate;

    BurnRate(Objective objective, SliMeasurement measurement) {
        objective.budgetingMethod().requireUnit(measurement.unit());
        this.measurement = measurement;
        this.target = objective.target();
        this.policy = objective.missingDataPolicy();
        this.bad = measurement.badUnder(policy);
        this.known = measurement.goodUnder(policy) + bad;
        // bad × (1 ÷ (1 − target)) ÷ known, with the factor exact for round targets (100 for 99 %): 144 bad
        // of 1000 is exactly 14.4 and 7 bad of 7 exactly 100, as computed by hand.
        this.rate = known == 0 ? 0 : bad * objective.burnPerBadFraction() / known;
    }

    /**
     * The burn rate of {@code measurement} against {@code objective}.
     *
     * @throws IllegalArgumentException if the measurement's unit does not fit the objective's budgeting method
     */
    public static BurnRate of(Objective objective, SliMeasurement measurement) {
        return new BurnRate(Objects.requireNonNull(objective, "objective"), Objects.requireNonNull(measurement, "measurement"));
    }

    /** The span the rate was measured over. */
    public WindowSpan span() {
        return measurement.span();
    }

    /** The measurement the rate was computed from, unknown amounts included. */
    public SliMeasurement measurement() {
        return measurement;
    }

    /** The objective's target the rate is relative to. */
    public double target() {
        return target;
    }

    /** Whether anything in the span counted as good or bad under the missing-data policy. */
    public boolean hasData() {
        return known != 0;
    }

    /** Bad ÷ (good + bad) under the missing-data policy, in [0, 1]; 0 when there is no data. */
    public double badFraction() {
        return known == 0 ? 0 : bad / known;
    }

    /** The burn rate, not negative: 1 spends the budget over exactly one SLO period; 0 when there is no data. */
    public double rate() {
        return rate;
    }

    @Override
    public String toString() {
        return hasData()
                ? "BurnRate[" + rate + " over " + span() + ", " + policy + "]"
                : "BurnRate[no data over " + span() + "]";
    }
}
