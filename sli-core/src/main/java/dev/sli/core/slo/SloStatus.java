package dev.sli.core.slo;

import dev.sli.core.window.WindowSpan;
import java.util.OptionalDouble;

/**
 * Where an SLO stands at one instant: the SLI over the objective's window, how much of the window was
 * observed, the error budget, the verdict, the projection at the current burn, and the alert decision.
 * Describes itself (objective, span, evaluation time). Immutable and thread-safe; made by
 * {@link Slo#evaluate}.
 *
 * <p><b>The verdict rule.</b> The {@link #verdict()} is read off the {@link #budget()}, never off the SLI
 * ratio alone, so the two cannot contradict each other:
 * <ol>
 *   <li>{@link Verdict#MISSED} exactly when the budget is overspent: consumed above allowed, compared in
 *       exact decimal arithmetic ({@link ErrorBudget#isOverspent()}), whatever the coverage;
 *   <li>otherwise {@link Verdict#MET} when the whole budget period was observed ({@link #coverage()} is
 *       complete: for a calendar window, the period must also be over);
 *   <li>otherwise {@link Verdict#NO_DATA} when nothing of it was observed;
 *   <li>otherwise the window is incomplete, and the {@link #projection()} at the current burn decides:
 *       {@link Verdict#AT_RISK} if it overspends the budget by the end of the window, else
 *       {@link Verdict#ON_TRACK}.
 * </ol>
 * The SLI {@link #ratio()} over what was observed is reported beside it, but decides nothing: for a time
 * budget it is taken over the observed part while the budget is reckoned over the whole period.
 */
public final class SloStatus {

    private final Objective objective;
    private final long evaluatedAtMillis;
    private final SliMeasurement measurement;
    private final OptionalDouble ratio;
    private final ErrorBudget budget;
    private final AlertEvaluation alerts;
    private final Coverage coverage;
    private final BudgetProjection projection;
    private final Verdict verdict;

    SloStatus(Objective objective, long evaluatedAtMillis, SliMeasurement measurement, ErrorBudget budget,
            AlertEvaluation alerts) {
        this.objective = objective;
        this.evaluatedAtMillis = evaluatedAtMillis;
        this.measurement = measurement;
        this.ratio = measurement.ratio(objective.missingDataPolicy());
        this.budget = budget;
        this.alerts = alerts;
        this.coverage = measurement.coverage().within(budget.period());
        this.projection = BudgetProjection.of(objective, budget);
        this.verdict = Verdict.of(budget, coverage, projection);
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

    /**
     * Whether the verdict is {@link Verdict#MET}.
     *
     * @deprecated the SLI over the observed part alone does not decide; use {@link #verdict()}, which
     *     tells an incomplete window apart
     */
    @Deprecated
    public boolean targetMet() {
        return verdict == Verdict.MET;
    }

    /** The verdict, read off the budget and the coverage by the rule in the class comment. */
    public Verdict verdict() {
        return verdict;
    }

    /**
     * How much of the budget period was observed: the measurement's coverage, seen as coverage of the whole
     * period (for a calendar window, the part still to come is not observed).
     */
    public Coverage coverage() {
        return coverage;
    }

    /** The budget at the end of the window if the undecided part burns at the current burn. */
    public BudgetProjection projection() {
        return projection;
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
                + verdict + ", " + coverage.describe() + ", SLI "
                + (ratio.isPresent() ? ratio.getAsDouble() + " against " + objective.target() : "no data")
                + ", " + budget + ", " + alerts.decision() + "]";
    }
}
