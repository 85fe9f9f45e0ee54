package dev.sli.core.slo;

import dev.sli.core.window.WindowSpan;
import java.util.OptionalDouble;

/**
 * Where an SLO stands at one instant: the SLI over the objective's window, whether it meets the target,
 * the error budget and the alert decision. Describes itself (objective, span, evaluation time).
 * Immutable and thread-safe; made by {@link Slo#evaluate}.
 */
public final class SloStatus {

    private final Objective objective;
    private final long evaluatedAtMillis;
    private final SliMeasurement measurement;
    private final OptionalDouble ratio;
    private final ErrorBudget budget;
    private final AlertEvaluation alerts;

    SloStatus(Objective objective, long evaluatedAtMillis, SliMeasurement measurement, ErrorBudget budget,
            AlertEvaluation alerts) {
        this.objective = objective;
        this.evaluatedAtMillis = evaluatedAtMillis;
        this.measurement = measurement;
        this.ratio = measurement.ratio(objective.missingDataPolicy());
        this.budget = budget;
        this.alerts = alerts;
    }

    /** The objective evaluated. */
    public Objective objective() {
        return objective;
    }

    /** The instant evaluated, in epoch milliseconds. */
    public long evaluatedAtMillis() {
        return evaluatedAtMillis;
    }

    /** The span measured: the window's whole sealed buckets (for a calendar window, the elapsed part). */
    public WindowSpan span() {
        return measurement.span();
    }

    /** The SLI measurement over {@link #span()}, unknown amounts included. */
    public SliMeasurement measurement() {
        return measurement;
    }

    /** Whether anything counted as good or bad under the missing-data policy. */
    public boolean hasData() {
        return ratio.isPresent();
    }

    /** The SLI: good ÷ (good + bad) under the missing-data policy, in [0, 1]; empty when there is no data. */
    public OptionalDouble ratio() {
        return ratio;
    }

    /** Whether the SLI over {@link #span()} reaches the target; false when there is no data. */
    public boolean targetMet() {
        return ratio.isPresent() && ratio.getAsDouble() >= objective.target();
    }

    /** The error budget over the window's whole period. */
    public ErrorBudget budget() {
        return budget;
    }

    /** The burn-rate alerts. */
    public AlertEvaluation alerts() {
        return alerts;
    }

    @Override
    public String toString() {
        return "SloStatus[" + objective.name() + " at " + evaluatedAtMillis + ": "
                + (ratio.isPresent() ? ratio.getAsDouble() + (targetMet() ? " meets " : " misses ") + objective.target() : "no data")
                + ", " + budget + ", " + alerts.decision() + "]";
    }
}
