package dev.sli.core.slo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an error budget would stand at the end of its window if the part of the window not yet decided
 * burned at the current burn: the rate observed so far. Immutable and thread-safe; made with the
 * {@link SloStatus}.
 *
 * <p><b>Undecided time</b> is the part of the budget period that no data and no policy has settled: the
 * period minus the observed time, except that for time units ({@link SliUnit#MILLISECONDS},
 * {@link SliUnit#SLICES}) under {@link MissingDataPolicy#GOOD} or {@link MissingDataPolicy#BAD} the
 * unobserved time already measured counts as the policy says, so only the part of a calendar period still
 * to come is undecided.
 *
 * <p><b>Current burn</b> is the observed bad amount per observed millisecond. For time units the allowance
 * is fixed, so projected consumed = consumed + bad × undecided ÷ observed, and the budget runs out after
 * (allowed − consumed) × observed ÷ bad milliseconds more at this burn. For {@link SliUnit#EVENTS} and
 * {@link SliUnit#REPLICA_MILLISECONDS} the allowance grows with the amount measured, so consumed and
 * allowed both grow by the factor (observed + undecided) ÷ observed and the consumed fraction stays as it
 * is: such a budget never runs out at a steady burn that has not already overspent it. With nothing
 * observed there is no burn, and the projection is the budget as it stands.
 *
 * <p>Slices are converted to minutes with the slice length the {@link ErrorBudget} found in the
 * measurement, not the grid's resolution.
 */
public final class BudgetProjection {

    private final SliUnit unit;
    private final long undecidedMillis;
    private final double consumed;
    private final double allowed;
    private final double consumedFraction;
    private final boolean overspent;
    private final Duration timeToExhaustion;
    private final long millisPerUnit;
    private final BigDecimal consumedExact;
    private final BigDecimal allowedExact;

    private BudgetProjection(SliUnit unit, long undecidedMillis, BigDecimal consumedExact, BigDecimal allowedExact,
            boolean overspent, Duration timeToExhaustion, long millisPerUnit) {
        this.unit = unit;
        this.undecidedMillis = undecidedMillis;
        this.consumedExact = consumedExact;
        this.allowedExact = allowedExact;
        this.consumed = consumedExact.doubleValue();
        this.allowed = allowedExact.doubleValue();
        this.overspent = overspent;
        this.consumedFraction = ErrorBudget.fraction(consumedExact, allowedExact, overspent);
        this.timeToExhaustion = timeToExhaustion;
        this.millisPerUnit = millisPerUnit;
    }

    /** The projection of {@code budget} of {@code objective}, whose measurement says what was observed. */
    static BudgetProjection of(Objective objective, ErrorBudget budget) {
        Objects.requireNonNull(objective, "objective");
        SliMeasurement m = budget.measurement();
        SliUnit unit = m.unit();
        long period = budget.period().lengthMillis();
        long observed = m.coverage().observedMillis();
        boolean timeUnit = unit == SliUnit.MILLISECONDS || unit == SliUnit.SLICES;
        long undecided = timeUnit && objective.missingDataPolicy() != MissingDataPolicy.EXCLUDE
                ? period - m.span().lengthMillis() : period - observed;
        BigDecimal consumed = budget.consumedExact();
        BigDecimal allowed = budget.allowedExact();
        if (observed == 0 || undecided <= 0) {
            return new BudgetProjection(unit, Math.max(0, undecided), consumed, allowed, budget.isOverspent(),
                    null, budget.millisPerUnit());
        }
        BigDecimal o = BigDecimal.valueOf(observed);
        BigDecimal u = BigDecimal.valueOf(undecided);
        if (!timeUnit) {
            BigDecimal factor = o.add(u).divide(o, MathContext.DECIMAL128);
            return new BudgetProjection(unit, undecided, consumed.multiply(factor), allowed.multiply(factor),
                    budget.isOverspent(), null, 0);
        }
        BigDecimal bad = new BigDecimal(m.bad());
        BigDecimal projected = consumed.add(bad.multiply(u).divide(o, MathContext.DECIMAL128));
        // consumed + bad × u ÷ o > allowed, multiplied through by o so that no rounding can decide it
        boolean over = consumed.multiply(o).add(bad.multiply(u)).compareTo(allowed.multiply(o)) > 0;
        Duration exhaustion = null;
        if (over) {
            BigDecimal left = allowed.subtract(consumed);
            // left is above 0 only if bad is (else consumed alone would be over allowed)
            exhaustion = left.signum() <= 0 ? Duration.ZERO
                    : Duration.ofMillis(left.multiply(o).divide(bad, 0, RoundingMode.CEILING).longValueExact());
        }
        return new BudgetProjection(unit, undecided, projected, allowed, over, exhaustion, budget.millisPerUnit());
    }

    /** The unit of the amounts, the budget's. */
    public SliUnit unit() {
        return unit;
    }

    /** Milliseconds of the budget period not decided yet, which the projection fills at the current burn. */
    public long undecidedMillis() {
        return undecidedMillis;
    }

    /** The bad amount consumed by the end of the window at the current burn. */
    public double consumed() {
        return consumed;
    }

    /** The bad amount allowed by the end of the window (for events, at the current traffic). */
    public double allowed() {
        return allowed;
    }

    /** Projected consumed ÷ projected allowed; above 1 exactly when {@link #isOverspent()}. */
    public double consumedFraction() {
        return consumedFraction;
    }

    /** Whether the budget would be overspent by the end of the window at the current burn (compared exactly). */
    public boolean isOverspent() {
        return overspent;
    }

    /**
     * How much more time at the current burn spends the rest of the budget, when that happens within the
     * undecided time (so only when {@link #isOverspent()}); empty otherwise. Zero when the budget is spent
     * to the last unit and any bad is still burning.
     */
    public Optional<Duration> timeToExhaustion() {
        return Optional.ofNullable(timeToExhaustion);
    }

    /** Whether the amounts are time (MILLISECONDS or SLICES), so that the minute accessors answer. */
    public boolean isTimeBased() {
        return millisPerUnit != 0;
    }

    /**
     * {@link #consumed()} in minutes.
     *
     * @throws IllegalStateException unless {@link #isTimeBased()}
     */
    public double consumedMinutes() {
        requireTimeBased();
        return ErrorBudget.minutes(consumedExact, millisPerUnit);
    }

    /**
     * {@link #allowed()} in minutes.
     *
     * @throws IllegalStateException unless {@link #isTimeBased()}
     */
    public double allowedMinutes() {
        requireTimeBased();
        return ErrorBudget.minutes(allowedExact, millisPerUnit);
    }

    private void requireTimeBased() {
        if (millisPerUnit == 0) {
            throw new IllegalStateException("projection is in " + unit + ", which cannot be told in minutes");
        }
    }

    @Override
    public String toString() {
        return "BudgetProjection[" + consumed + " of " + allowed + " " + unit + " after " + undecidedMillis
                + " ms more" + (timeToExhaustion == null ? "" : ", exhausted in " + timeToExhaustion) + "]";
    }
}
