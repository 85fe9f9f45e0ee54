package dev.sli.core.slo;

/**
 * How an SLO counts its budget, with the OpenSLO meanings. The {@link Indicator} already yields amounts
 * in the unit the method needs; the SLO math checks that the unit fits and otherwise treats all three
 * alike (bad fraction = bad ÷ (good + bad)).
 */
public enum BudgetingMethod {
    /**
     * Good and bad occurrences counted directly: events ({@link SliUnit#EVENTS}), time
     * ({@link SliUnit#MILLISECONDS}) or replica-time ({@link SliUnit#REPLICA_MILLISECONDS}).
     */
    OCCURRENCES,
    /**
     * Each time slice (one grid bucket) is good or bad by whether its own ratio reaches the objective's
     * {@code timesliceTarget}; amounts are whole {@link SliUnit#SLICES}.
     */
    TIMESLICES,
    /**
     * Each time slice contributes its own good ratio: {@code good} is the sum of per-slice ratios and
     * {@code bad} the sum of (1 − ratio), in {@link SliUnit#SLICES}.
     */
    RATIO_TIMESLICES;

    /** Whether measurements in {@code unit} can be budgeted with this method. */
    public boolean accepts(SliUnit unit) {
        return this == OCCURRENCES ? unit != SliUnit.SLICES : unit == SliUnit.SLICES;
    }

    /** Throws unless this method {@link #accepts} {@code unit}; builds the message only when it throws. */
    void requireUnit(SliUnit unit) {
        if (!accepts(unit)) {
            throw new IllegalArgumentException("indicator unit " + unit + " does not fit budgetingMethod " + this
                    + ", which takes " + (this == OCCURRENCES ? "EVENTS, MILLISECONDS or REPLICA_MILLISECONDS" : "SLICES"));
        }
    }
}
