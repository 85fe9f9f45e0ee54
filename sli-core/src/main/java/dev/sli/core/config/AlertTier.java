package dev.sli.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One multi-window burn-rate alert: fire when {@code budgetFraction} of the error budget would be spent
 * in {@code longWindow}, confirmed over {@code shortWindow} (Google SRE Workbook). Immutable.
 *
 * @param severity whether it pages or files a ticket
 * @param budgetFraction share of the budget, in (0, 1], that the long window may spend before it fires
 * @param longWindow the window the burn rate is measured over
 * @param shortWindow the confirming window; shorter than {@code longWindow}
 */
public record AlertTier(Severity severity, double budgetFraction, Duration longWindow, Duration shortWindow) {

    /** How loudly a tier alerts. */
    public enum Severity {
        /** Wakes someone up. */
        PAGE,
        /** Goes into the queue for working hours. */
        TICKET
    }

    public AlertTier {
        Checks.required("severity", severity);
        Checks.fractionUpToOne("budgetFraction", budgetFraction);
        Checks.positive("longWindow", Checks.required("longWindow", longWindow));
        Checks.positive("shortWindow", Checks.required("shortWindow", shortWindow));
        if (shortWindow.compareTo(longWindow) >= 0) {
            throw new InvalidValueException("shortWindow", Durations.format(shortWindow)
                    + " is not shorter than the long window " + Durations.format(longWindow));
        }
    }

    /**
     * The burn rate this tier fires at for an SLO window of {@code sloWindow}: budgetFraction × sloWindow
     * / longWindow (14.4 for 2 % in 1 h of 30 days; 10.08 of 21 days).
     */
    public double burnRate(Duration sloWindow) {
        Objects.requireNonNull(sloWindow, "sloWindow");
        return budgetFraction * sloWindow.toMillis() / longWindow.toMillis();
    }
}
