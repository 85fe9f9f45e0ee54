package dev.sli.core.slo;

/**
 * The verdict on an objective at one instant, taken from its error budget so that the two never
 * disagree: {@link #MISSED} exactly when the budget is overspent; {@link #MET} only when the budget is not
 * overspent and its whole period was observed; otherwise the window is incomplete and the
 * {@link BudgetProjection} at the current burn decides between {@link #AT_RISK} and {@link #ON_TRACK}, or
 * nothing was observed at all ({@link #NO_DATA}).
 */
public enum Verdict {
    /** The whole budget period was observed and the budget is not overspent (consumed ≤ allowed). */
    MET,
    /** The budget is overspent (consumed > allowed, compared exactly), however much of the window was observed. */
    MISSED,
    /** Not overspent, the window incompletely observed, and at the current burn it would be overspent by its end. */
    AT_RISK,
    /** Not overspent, the window incompletely observed, and at the current burn it would still not be overspent. */
    ON_TRACK,
    /** Not overspent and nothing of the window observed. */
    NO_DATA;

    /** The verdict the rule gives for {@code budget}, whose period {@code coverage} is of, and its projection. */
    static Verdict of(ErrorBudget budget, Coverage coverage, BudgetProjection projection) {
        if (budget.isOverspent()) {
            return MISSED;
        }
        if (coverage.isComplete()) {
            return MET;
        }
        if (coverage.isEmpty()) {
            return NO_DATA;
        }
        return projection.isOverspent() ? AT_RISK : ON_TRACK;
    }
}
