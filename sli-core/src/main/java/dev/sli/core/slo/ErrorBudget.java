package dev.sli.core.slo;

import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.WindowSpan;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An SLO's error budget over one period: how much bad is allowed, how much was consumed and how much is
 * left, in the measurement's {@link SliUnit}. Immutable and thread-safe.
 *
 * <p>Allowed bad = (1 − target) × the known amount under the missing-data policy for
 * {@link SliUnit#EVENTS} and {@link SliUnit#REPLICA_MILLISECONDS} (whose period total is not known in
 * advance), and (1 − target) × the <em>whole</em> period — not only its elapsed part — for
 * {@link SliUnit#MILLISECONDS} and {@link SliUnit#SLICES}. Consumed = the bad amount under the
 * missing-data policy.
 *
 * <p><b>Slice length.</b> A {@link SliUnit#SLICES} measurement does not carry its slice length, but it
 * implies it: its good, bad and unknown slices together cover its span (as {@link Timeslices} and the
 * latency series' percentile slices count them), so one slice lasts span length ÷ (good + bad + unknown).
 * That length, not the grid's resolution, divides the period for the allowance (period ÷ slice length ×
 * (1 − target) slices: 60.48 five-minute slices in 99 % of 3 weeks, 302.4 min on any grid) and converts
 * slices to minutes here and in the {@link BudgetProjection}. For
 * {@link BudgetingMethod#RATIO_TIMESLICES} the sum may be a hair off a whole number (a sum of per-slice
 * ratios) and is rounded. An <em>empty</em> measurement (nothing good, bad or unknown, as over the empty
 * span at the very start of a calendar period) implies no length, and one slice per grid bucket is
 * assumed: only {@link #allowed()} in slices depends on that choice, since nothing is consumed and the
 * allowance in minutes is (1 − target) × the period either way. A measurement whose slices do not cut its
 * span into whole slices of whole milliseconds is refused.
 */
public final class ErrorBudget {

    private static final BigDecimal MILLIS_PER_MINUTE = BigDecimal.valueOf(60_000);

    private final SliMeasurement measurement;
    private final WindowSpan period;
    private final double target;
    private final double allowed;
    private final double consumed;
    private final double remaining;
    private final double consumedFraction;
    private final boolean overspent;
    /** The exact amounts the doubles are rounded from, for the verdict and the projection. */
    private final BigDecimal allowedExact;
    private final BigDecimal consumedExact;
    /** Milliseconds per unit for MILLISECONDS (1) and SLICES (the slice length); 0 otherwise. */
    private final long millisPerUnit;
    /** Whether the unit is MILLISECONDS or SLICES; the minute fields are 0 otherwise. */
    private final boolean timeBased;
    private final double allowedMinutes;
    private final double consumedMinutes;
    private final double remainingMinutes;

    // Amounts are worked out in decimal and rounded once, so each is the double nearest the exact answer:
    // 99 % of 3 weeks is 302.4 min, not 302.40000000000003.
    private ErrorBudget(Objective objective, SliMeasurement measurement, WindowSpan period, BucketGrid grid) {
        objective.budgetingMethod().requireUnit(measurement.unit());
        WindowSpan span = measurement.span();
        if (span.startMillis() < period.startMillis() || span.endMillis() > period.endMillis()) {
            throw new IllegalArgumentException("measurement span " + span + " is not within the budget period " + period);
        }
        this.measurement = measurement;
        this.period = period;
        this.target = objective.target();
        MissingDataPolicy policy = objective.missingDataPolicy();
        BigDecimal fraction = objective.allowedBadDecimal();
        double bad = measurement.badUnder(policy);
        long millisPerUnit;
        BigDecimal allowedExact;
        switch (measurement.unit()) {
            case MILLISECONDS:
                millisPerUnit = 1;
                allowedExact = fraction.multiply(BigDecimal.valueOf(period.lengthMillis()));
                break;
            case SLICES:
                millisPerUnit = sliceMillis(measurement, period, grid);
                allowedExact = fraction.multiply(BigDecimal.valueOf(period.lengthMillis() / millisPerUnit));
                break;
            default:
                millisPerUnit = 0;
                allowedExact = fraction.multiply(new BigDecimal(measurement.goodUnder(policy) + bad));
                break;
        }
        BigDecimal consumedExact = new BigDecimal(bad);
        BigDecimal remainingExact = allowedExact.subtract(consumedExact);
        this.allowed = allowedExact.doubleValue();
        this.consumed = bad;
        this.remaining = remainingExact.doubleValue();
        this.overspent = consumedExact.compareTo(allowedExact) > 0;
        this.consumedFraction = fraction(consumedExact, allowedExact, overspent);
        this.allowedExact = allowedExact;
        this.consumedExact = consumedExact;
        this.millisPerUnit = millisPerUnit;
        this.timeBased = millisPerUnit != 0;
        this.allowedMinutes = minutes(allowedExact, millisPerUnit);
        this.consumedMinutes = minutes(consumedExact, millisPerUnit);
        this.remainingMinutes = minutes(remainingExact, millisPerUnit);
    }

    /** Tolerated distance of a slice count from a whole number, per slice (ratio sums drift by ulps). */
    private static final double SLICE_COUNT_TOLERANCE = 1e-6;

    /**
     * The slice length a SLICES measurement implies: its span's length ÷ its good + bad + unknown slices
     * (rounded to a whole number), or the grid's resolution when the measurement is empty; the period must
     * start and end on slices of that length.
     */
    private static long sliceMillis(SliMeasurement measurement, WindowSpan period, BucketGrid grid) {
        double total = measurement.total();
        if (total == 0) {
            if (!grid.isAligned(period.startMillis()) || !grid.isAligned(period.endMillis())) {
                throw new IllegalArgumentException("budget period " + period + " is not aligned to " + grid);
            }
            return grid.resolutionMillis();
        }
        long spanMillis = measurement.span().lengthMillis();
        long slices = Math.round(total);
        if (slices <= 0 || Math.abs(total - slices) > SLICE_COUNT_TOLERANCE * slices
                || spanMillis % slices != 0 || spanMillis == 0) {
            throw new IllegalArgumentException("measurement of " + total + " slices (good + bad + unknown) does not cut"
                    + " its span of " + spanMillis + " ms into a whole number of slices of whole milliseconds");
        }
        long sliceMillis = spanMillis / slices;
        if (Math.floorMod(period.startMillis(), sliceMillis) != 0 || Math.floorMod(period.endMillis(), sliceMillis) != 0) {
            throw new IllegalArgumentException("budget period " + period + " does not start and end on the measurement's "
                    + sliceMillis + " ms slices");
        }
        return sliceMillis;
    }

    /**
     * consumed ÷ allowed as the nearest double, except that it is above 1 exactly when consumed is above
     * allowed in decimal (a quotient a hair above 1 would otherwise round to 1.0); 0 when nothing is allowed.
     */
    static double fraction(BigDecimal consumed, BigDecimal allowed, boolean over) {
        if (allowed.signum() == 0) {
            return over ? Double.POSITIVE_INFINITY : 0;
        }
        double f = consumed.divide(allowed, MathContext.DECIMAL128).doubleValue();
        return over && f <= 1 ? Math.nextUp(1.0) : f;
    }

    static double minutes(BigDecimal amount, long millisPerUnit) {
        return amount.multiply(BigDecimal.valueOf(millisPerUnit)).divide(MILLIS_PER_MINUTE, MathContext.DECIMAL128)
                .doubleValue();
    }

    /**
     * The budget of {@code objective} for {@code measurement}, which must lie within {@code period} (the
     * objective window's {@code periodAt}). For SLICES the slice length is the measurement's span length ÷
     * its good + bad + unknown slices (see the class comment); {@code grid} gives it only for an empty
     * measurement.
     *
     * @throws IllegalArgumentException if the unit does not fit the budgeting method, the measurement is
     *     not within the period, or (for SLICES) the measurement's slices do not cut its span into whole
     *     slices of whole milliseconds, or the period does not start and end on slices of that length (on
     *     the grid, for an empty measurement)
     */
    public static ErrorBudget of(Objective objective, SliMeasurement measurement, WindowSpan period, BucketGrid grid) {
        return new ErrorBudget(Objects.requireNonNull(objective, "objective"),
                Objects.requireNonNull(measurement, "measurement"),
                Objects.requireNonNull(period, "period"), Objects.requireNonNull(grid, "grid"));
    }

    /** The unit of every amount here. */
    public SliUnit unit() {
        return measurement.unit();
    }

    /** The whole period the budget is reckoned over. */
    public WindowSpan period() {
        return period;
    }

    /** What the budget was computed from: for a calendar window, the elapsed part of the period. */
    public SliMeasurement measurement() {
        return measurement;
    }

    /**
     * The bad amount the objective allows over the period; 0 only for an events or replica-time budget with
     * nothing known yet.
     */
    public double allowed() {
        return allowed;
    }

    /** The bad amount spent so far, unknown amounts counted as the missing-data policy says. */
    public double consumed() {
        return consumed;
    }

    /** Allowed minus consumed; negative when the budget is overspent. */
    public double remaining() {
        return remaining;
    }

    /**
     * Consumed ÷ allowed: 1 is all spent, above 1 overspent (exactly when {@link #isOverspent()}); 0 when
     * nothing is allowed and nothing consumed, infinite when something is consumed and nothing allowed.
     */
    public double consumedFraction() {
        return consumedFraction;
    }

    /**
     * Whether more was consumed than allowed, compared exactly in decimal: the objective is missed exactly
     * when this is true (see {@link SloStatus#verdict()}).
     */
    public boolean isOverspent() {
        return overspent;
    }

    BigDecimal allowedExact() {
        return allowedExact;
    }

    BigDecimal consumedExact() {
        return consumedExact;
    }

    /** Milliseconds per unit for MILLISECONDS (1) and SLICES (the slice length); 0 for the other units. */
    long millisPerUnit() {
        return millisPerUnit;
    }

    /** Whether something was consumed and nothing remains. */
    public boolean isExhausted() {
        return consumed > 0 && remaining <= 0;
    }

    /** Whether the amounts are time (MILLISECONDS or SLICES), so that the minute accessors answer. */
    public boolean isTimeBased() {
        return timeBased;
    }

    /**
     * {@link #allowed()} in minutes.
     *
     * @throws IllegalStateException unless {@link #isTimeBased()}
     */
    public double allowedMinutes() {
        requireTimeBased();
        return allowedMinutes;
    }

    /**
     * {@link #consumed()} in minutes (for SLICES: slices × the slice length the measurement implies).
     *
     * @throws IllegalStateException unless {@link #isTimeBased()}
     */
    public double consumedMinutes() {
        requireTimeBased();
        return consumedMinutes;
    }

    /**
     * {@link #remaining()} in minutes; negative when overspent.
     *
     * @throws IllegalStateException unless {@link #isTimeBased()}
     */
    public double remainingMinutes() {
        requireTimeBased();
        return remainingMinutes;
    }

    private void requireTimeBased() {
        if (!timeBased) {
            throw new IllegalStateException("budget is in " + measurement.unit() + ", which cannot be told in minutes");
        }
    }

    /**
     * How long until the budget is spent if {@code recent} (the burn rate over a recent window, such as
     * the last hour) goes on: remaining ÷ allowed × period length ÷ rate, rounded to the millisecond. A
     * rate of 1 spends the whole allowance in one period, so for MILLISECONDS and SLICES this is exactly
     * remaining ÷ (rate × (1 − target)) of wall time; for events it assumes traffic keeps the volume that
     * set the allowance. Bad amounts that will later leave a rolling window are not credited back.
     *
     * @return {@link Duration#ZERO} if already {@link #isExhausted() exhausted}; empty if {@code recent}
     *     has no data or a rate of 0, or nothing is allowed
     * @throws IllegalArgumentException if {@code recent} was measured against another target
     */
    public Optional<Duration> timeToExhaustion(BurnRate recent) {
        Objects.requireNonNull(recent, "recent");
        if (recent.target() != target) {
            throw new IllegalArgumentException("burn rate is against target " + recent.target()
                    + " but the budget against target " + target);
        }
        if (isExhausted()) {
            return Optional.of(Duration.ZERO);
        }
        if (recent.rate() == 0 || allowed == 0) {
            return Optional.empty();
        }
        double millis = remaining / allowed * period.lengthMillis() / recent.rate();
        return Optional.of(Duration.ofMillis(Math.round(millis)));
    }

    @Override
    public String toString() {
        return "ErrorBudget[" + consumed + " of " + allowed + " " + unit() + " over " + period + "]";
    }
}
