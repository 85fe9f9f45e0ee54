package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTierTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private static List<Double> defaultFactors(Duration period) {
        return AlertPolicy.DEFAULT.tiers().stream().map(t -> t.factor(period)).toList();
    }

    private static void assertRejected(String message, Runnable create) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, create::run).getMessage());
    }

    @Test
    void defaultFactorsForThirtyDaysAre14_4_6_3_1() {
        assertEquals(List.of(14.4, 6.0, 3.0, 1.0), defaultFactors(Duration.ofDays(30)));
    }

    @Test
    void defaultFactorsForTwentyOneDaysAre10_08_4_2_2_1_0_7() {
        assertEquals(List.of(10.08, 4.2, 2.1, 0.7), defaultFactors(Duration.ofDays(21)));
    }

    @Test
    void factorScalesWithThePeriod() {
        AlertTier tier = AlertTier.page(0.02, HOUR, FIVE_MINUTES);
        assertEquals(3.36, tier.factor(Duration.ofDays(7)));
        assertEquals(10.06, tier.factor(Duration.ofHours(503)));
        assertEquals(0.02, tier.factor(HOUR));
    }

    @Test
    void defaultPolicyHasTheWorkbookTiersInOrder() {
        assertEquals(List.of(
                AlertTier.page(0.02, HOUR, FIVE_MINUTES),
                AlertTier.page(0.05, Duration.ofHours(6), Duration.ofMinutes(30)),
                AlertTier.ticket(0.1, Duration.ofDays(1), Duration.ofHours(2)),
                AlertTier.ticket(0.1, Duration.ofDays(3), Duration.ofHours(6))), AlertPolicy.DEFAULT.tiers());
    }

    @Test
    void policySortsTiersPageFirstThenFastestFirst() {
        AlertTier slowTicket = AlertTier.ticket(0.1, Duration.ofDays(3), Duration.ofHours(6));
        AlertTier fastTicket = AlertTier.ticket(0.1, Duration.ofDays(1), Duration.ofHours(2));
        AlertTier page = AlertTier.page(0.02, HOUR, FIVE_MINUTES);
        assertEquals(List.of(page, fastTicket, slowTicket), AlertPolicy.of(slowTicket, page, fastTicket).tiers());
    }

    @Test
    void policyMayBeEmpty() {
        assertEquals(List.of(), AlertPolicy.of(List.of()).tiers());
    }

    @Test
    void policyRejectsTwoTiersOfOneSeverityAndLongWindow() {
        assertRejected("tiers must not share severity and longWindow, got two PAGE tiers with longWindow PT1H",
                () -> AlertPolicy.of(AlertTier.page(0.02, HOUR, FIVE_MINUTES),
                        AlertTier.page(0.05, HOUR, Duration.ofMinutes(10))));
    }

    @Test
    void policyAllowsOneLongWindowForBothSeverities() {
        assertEquals(2, AlertPolicy.of(AlertTier.page(0.02, HOUR, FIVE_MINUTES),
                AlertTier.ticket(0.01, HOUR, FIVE_MINUTES)).tiers().size());
    }

    @Test
    void policyTiersCannotBeModified() {
        assertThrows(UnsupportedOperationException.class, () -> AlertPolicy.DEFAULT.tiers().clear());
    }

    @Test
    void rejectsBudgetFractionOfZero() {
        assertRejected("budgetFraction must be in (0, 1], got 0.0", () -> AlertTier.page(0, HOUR, FIVE_MINUTES));
    }

    @Test
    void rejectsBudgetFractionGivenAsAPercentage() {
        assertRejected("budgetFraction must be in (0, 1], got 2.0", () -> AlertTier.page(2, HOUR, FIVE_MINUTES));
    }

    @Test
    void rejectsNaNBudgetFraction() {
        assertRejected("budgetFraction must be in (0, 1], got NaN",
                () -> AlertTier.ticket(Double.NaN, HOUR, FIVE_MINUTES));
    }

    @Test
    void rejectsZeroLongWindow() {
        assertRejected("longWindow must be positive, got PT0S", () -> AlertTier.page(0.02, Duration.ZERO, FIVE_MINUTES));
    }

    @Test
    void rejectsNegativeShortWindow() {
        assertRejected("shortWindow must be positive, got PT-5M",
                () -> AlertTier.page(0.02, HOUR, Duration.ofMinutes(-5)));
    }

    @Test
    void rejectsSubMillisecondWindow() {
        assertRejected("shortWindow must be a whole number of milliseconds, got PT0.0000001S",
                () -> AlertTier.page(0.02, HOUR, Duration.ofNanos(100)));
    }

    @Test
    void rejectsWindowBeyondMillisecondRange() {
        assertRejected("longWindow must fit in a long of milliseconds, got PT2562047788015215H30M7S",
                () -> AlertTier.page(0.02, Duration.ofSeconds(Long.MAX_VALUE), FIVE_MINUTES));
    }

    @Test
    void rejectsShortWindowNotShorterThanLongWindow() {
        assertRejected("shortWindow must be shorter than longWindow PT1H, got PT1H",
                () -> AlertTier.page(0.02, HOUR, HOUR));
    }

    @Test
    void factorRejectsNonPositivePeriod() {
        assertRejected("period must be positive, got PT0S",
                () -> AlertTier.page(0.02, HOUR, FIVE_MINUTES).factor(Duration.ZERO));
    }

    @Test
    void rejectsNullSeverity() {
        assertEquals("severity", assertThrows(NullPointerException.class,
                () -> AlertTier.of(null, 0.02, HOUR, FIVE_MINUTES)).getMessage());
    }
}
