package dev.sli.core.slo;

import java.time.Duration;
import java.util.Objects;

/**
 * One multi-window burn-rate alert (Google SRE Workbook, ch. 5): fire when the burn rate over both the
 * long and the short window reaches the rate that spends {@code budgetFraction} of the SLO period's
 * budget within the long window. Immutable and thread-safe; the factories throw
 * {@link IllegalArgumentException} naming the field, value and rule.
 */
public final class AlertTier {

    /** Whom a firing tier notifies. */
    public enum Severity {
        /** Wake someone up. */
        PAGE,
        /** File a ticket for working hours. */
        TICKET
    }

    private final Severity severity;
    private final double budgetFraction;
    private final Duration longWindow;
    private final Duration shortWindow;
    private final long longWindowMillis;
    private final long shortWindowMillis;

    private AlertTier(Severity severity, double budgetFraction, Duration longWindow, Duration shortWindow) {
        this.severity = Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(longWindow, "longWindow");
        Objects.requireNonNull(shortWindow, "shortWindow");
        if (!(budgetFraction > 0 && budgetFraction <= 1)) {
            throw new IllegalArgumentException("budgetFraction must be in (0, 1], got " + budgetFraction);
        }
        this.budgetFraction = budgetFraction;
        this.longWindowMillis = positiveMillis("longWindow", longWindow);
        this.shortWindowMillis = positiveMillis("shortWindow", shortWindow);
        if (shortWindowMillis >= longWindowMillis) {
            throw new IllegalArgumentException(
                    "shortWindow must be shorter than longWindow " + longWindow + ", got " + shortWindow);
        }
        this.longWindow = longWindow;
        this.shortWindow = shortWindow;
    }

    private static long positiveMillis(String field, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, got " + window);
        }
        long millis;
        try {
            millis = window.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + " must fit in a long of milliseconds, got " + window, e);
        }
        if (!Duration.ofMillis(millis).equals(window)) {
            throw new IllegalArgumentException(field + " must be a whole number of milliseconds, got " + window);
        }
        return millis;
    }

    /**
     * A tier of {@code severity} that fires when both windows burn at the rate that spends
     * {@code budgetFraction} (in (0, 1]) of the period's budget within {@code longWindow}.
     *
     * @throws IllegalArgumentException if the fraction is outside (0, 1], a window is not a positive whole
     *     number of milliseconds, or the short window is not shorter than the long one
     */
    public static AlertTier of(Severity severity, double budgetFraction, Duration longWindow, Duration shortWindow) {
        return new AlertTier(severity, budgetFraction, longWindow, shortWindow);
    }

    /** A {@link Severity#PAGE} tier; see {@link #of}. */
    public static AlertTier page(double budgetFraction, Duration longWindow, Duration shortWindow) {
        return of(Severity.PAGE, budgetFraction, longWindow, shortWindow);
    }

    /** A {@link Severity#TICKET} tier; see {@link #of}. */
    public static AlertTier ticket(double budgetFraction, Duration longWindow, Duration shortWindow) {
        return of(Severity.TICKET, budgetFraction, longWindow, shortWindow);
    }

    /** Whom this tier notifies. */
    public Severity severity() {
        return severity;
    }

    /** The share of the period's error budget, in (0, 1], that burning at the threshold spends in the long window. */
    public double budgetFraction() {
        return budgetFraction;
    }

    /** The long window (for example 1 h). */
    public Duration longWindow() {
        return longWindow;
    }

    /** The short window that confirms the burn is still going on (for example 5 min). */
    public Duration shortWindow() {
        return shortWindow;
    }

    long longWindowMillis() {
        return longWindowMillis;
    }

    long shortWindowMillis() {
        return shortWindowMillis;
    }

    /**
     * The burn-rate threshold for an SLO period of {@code period}: budgetFraction × period ÷ longWindow
     * (2 % over 1 h of a 30-day period is 14.4).
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public double factor(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        return factor(period.toMillis());
    }

    /** {@link #factor(Duration)} for a period of {@code periodMillis}, without allocating. */
    double factor(long periodMillis) {
        return budgetFraction * periodMillis / longWindowMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertTier t && t.severity == severity && t.budgetFraction == budgetFraction
                && t.longWindowMillis == longWindowMillis && t.shortWindowMillis == shortWindowMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(severity, budgetFraction, longWindowMillis, shortWindowMillis);
    }

    @Override
    public String toString() {
        return severity + " at " + budgetFraction + " of budget in " + longWindow + " (confirmed over " + shortWindow + ")";
    }
}
