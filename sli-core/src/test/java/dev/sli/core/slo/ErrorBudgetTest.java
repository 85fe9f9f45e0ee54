package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorBudgetTest {

    private static final long MINUTE = 60_000;
    private static final long ORIGIN = 1_704_067_200_000L; // 2024-01-01T00:00Z
    private static final Duration THREE_WEEKS = Duration.ofDays(21);
    private static final WindowSpan THREE_WEEK_SPAN = new WindowSpan(ORIGIN, ORIGIN + THREE_WEEKS.toMillis());
    private static final BucketGrid FIVE_MINUTE_GRID = BucketGrid.of(Duration.ofMinutes(5));

    private static Objective objective(double target, Duration window) {
        return Objective.builder().name("slo").target(target).window(Window.rolling(window)).build();
    }

    private static Objective objective(double target, MissingDataPolicy policy) {
        return Objective.builder().name("slo").target(target).window(Window.rolling(THREE_WEEKS))
                .missingDataPolicy(policy).build();
    }

    private static Objective slices(BudgetingMethod method) {
        Objective.Builder builder = Objective.builder().name("slices").target(0.99)
                .window(Window.rolling(THREE_WEEKS)).budgetingMethod(method);
        return (method == BudgetingMethod.TIMESLICES ? builder.timesliceTarget(0.95) : builder).build();
    }

    /** Three weeks of time with {@code badMinutes} bad and {@code unknownMinutes} unknown. */
    private static SliMeasurement threeWeeksOfTime(double badMinutes, double unknownMinutes) {
        double total = THREE_WEEKS.toMillis();
        double bad = badMinutes * MINUTE;
        double unknown = unknownMinutes * MINUTE;
        return new SliMeasurement(THREE_WEEK_SPAN, SliUnit.MILLISECONDS, total - bad - unknown, bad, unknown);
    }

    private static ErrorBudget timeBudget(double target, double badMinutes) {
        return ErrorBudget.of(objective(target, THREE_WEEKS), threeWeeksOfTime(badMinutes, 0), THREE_WEEK_SPAN,
                BucketGrid.DEFAULT);
    }

    private static SliMeasurement events(double good, double bad, double unknown) {
        return new SliMeasurement(THREE_WEEK_SPAN, SliUnit.EVENTS, good, bad, unknown);
    }

    private static BurnRate lastHourBurning(Objective objective, double badMillis) {
        WindowSpan hour = new WindowSpan(ORIGIN, ORIGIN + 3_600_000);
        return BurnRate.of(objective, new SliMeasurement(hour, SliUnit.MILLISECONDS, 3_600_000 - badMillis, badMillis, 0));
    }

    private static void assertRejected(String message, Runnable create) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, create::run).getMessage());
    }

    @Test
    void ninetyNinePercentOfThreeWeeksAllows302_4MinutesWhichIs5_04Hours() {
        ErrorBudget budget = timeBudget(0.99, 0);
        assertEquals(18_144_000.0, budget.allowed());
        assertEquals(302.4, budget.allowedMinutes());
        assertEquals(5.04, budget.allowedMinutes() / 60);
        assertEquals(SliUnit.MILLISECONDS, budget.unit());
        assertTrue(budget.isTimeBased());
    }

    @Test
    void ninetyNinePointTwoPercentOfThreeWeeksAllows241_92Minutes() {
        ErrorBudget budget = timeBudget(0.992, 0);
        assertEquals(14_515_200.0, budget.allowed());
        assertEquals(241.92, budget.allowedMinutes());
    }

    @Test
    void timeBudgetCountsConsumedAndRemainingMinutes() {
        ErrorBudget budget = timeBudget(0.99, 100.8);
        assertEquals(6_048_000.0, budget.consumed());
        assertEquals(12_096_000.0, budget.remaining());
        assertEquals(100.8, budget.consumedMinutes());
        assertEquals(201.6, budget.remainingMinutes());
        assertEquals(1.0 / 3, budget.consumedFraction());
        assertFalse(budget.isExhausted());
    }

    @Test
    void overspentBudgetHasNegativeRemaining() {
        ErrorBudget budget = timeBudget(0.99, 400);
        assertEquals(-5_856_000.0, budget.remaining());
        assertEquals(-97.6, budget.remainingMinutes());
        assertEquals(1.3227513227513228, budget.consumedFraction()); // 400 ÷ 302.4
        assertTrue(budget.isExhausted());
    }

    @Test
    void eventBudgetIsOneMinusTargetOfKnownEvents() {
        ErrorBudget budget = ErrorBudget.of(objective(0.999, THREE_WEEKS), events(999_750, 250, 0), THREE_WEEK_SPAN,
                BucketGrid.DEFAULT);
        assertEquals(1000.0, budget.allowed());
        assertEquals(250.0, budget.consumed());
        assertEquals(750.0, budget.remaining());
        assertEquals(0.25, budget.consumedFraction());
        assertEquals(SliUnit.EVENTS, budget.unit());
        assertFalse(budget.isTimeBased());
    }

    @Test
    void eventBudgetHasNoMinutes() {
        ErrorBudget budget = ErrorBudget.of(objective(0.99, THREE_WEEKS), events(99, 1, 0), THREE_WEEK_SPAN,
                BucketGrid.DEFAULT);
        assertEquals("budget is in EVENTS, which cannot be told in minutes",
                assertThrows(IllegalStateException.class, budget::allowedMinutes).getMessage());
        assertEquals("budget is in EVENTS, which cannot be told in minutes",
                assertThrows(IllegalStateException.class, budget::consumedMinutes).getMessage());
        assertEquals("budget is in EVENTS, which cannot be told in minutes",
                assertThrows(IllegalStateException.class, budget::remainingMinutes).getMessage());
    }

    @Test
    void replicaTimeIsBudgetedLikeEventsOnTheKnownAmount() {
        SliMeasurement replicaTime = new SliMeasurement(THREE_WEEK_SPAN, SliUnit.REPLICA_MILLISECONDS, 9_900, 100, 500);
        ErrorBudget budget = ErrorBudget.of(objective(0.99, THREE_WEEKS), replicaTime, THREE_WEEK_SPAN, BucketGrid.DEFAULT);
        assertEquals(100.0, budget.allowed());
        assertEquals(100.0, budget.consumed());
        assertFalse(budget.isTimeBased());
        assertEquals("budget is in REPLICA_MILLISECONDS, which cannot be told in minutes",
                assertThrows(IllegalStateException.class, budget::allowedMinutes).getMessage());
    }

    @Test
    void excludedUnknownEventsLeaveBothAllowanceAndConsumption() {
        ErrorBudget budget = ErrorBudget.of(objective(0.99, MissingDataPolicy.EXCLUDE), events(9_900, 50, 50),
                THREE_WEEK_SPAN, BucketGrid.DEFAULT);
        assertEquals(99.5, budget.allowed());
        assertEquals(50.0, budget.consumed());
    }

    @Test
    void unknownEventsCountedGoodRaiseOnlyTheAllowance() {
        ErrorBudget budget = ErrorBudget.of(objective(0.99, MissingDataPolicy.GOOD), events(9_900, 50, 50),
                THREE_WEEK_SPAN, BucketGrid.DEFAULT);
        assertEquals(100.0, budget.allowed());
        assertEquals(50.0, budget.consumed());
    }

    @Test
    void unknownEventsCountedBadRaiseAllowanceAndConsumption() {
        ErrorBudget budget = ErrorBudget.of(objective(0.99, MissingDataPolicy.BAD), events(9_900, 50, 50),
                THREE_WEEK_SPAN, BucketGrid.DEFAULT);
        assertEquals(100.0, budget.allowed());
        assertEquals(100.0, budget.consumed());
    }

    @Test
    void unknownTimeChangesOnlyConsumptionOfATimeBudget() {
        SliMeasurement measurement = threeWeeksOfTime(60, 30);
        for (MissingDataPolicy policy : MissingDataPolicy.values()) {
            ErrorBudget budget = ErrorBudget.of(objective(0.99, policy), measurement, THREE_WEEK_SPAN, BucketGrid.DEFAULT);
            assertEquals(302.4, budget.allowedMinutes(), policy.name());
            assertEquals(policy == MissingDataPolicy.BAD ? 90.0 : 60.0, budget.consumedMinutes(), policy.name());
        }
    }

    @Test
    void eventBudgetWithNoEventsAllowsNothingAndIsNotExhausted() {
        ErrorBudget budget = ErrorBudget.of(objective(0.99, THREE_WEEKS), events(0, 0, 0), THREE_WEEK_SPAN,
                BucketGrid.DEFAULT);
        assertEquals(0.0, budget.allowed());
        assertEquals(0.0, budget.consumed());
        assertEquals(0.0, budget.consumedFraction());
        assertFalse(budget.isExhausted());
    }

    @Test
    void timeslicesOnOneMinuteGridAllow302_4SlicesOf302_4Minutes() {
        SliMeasurement measurement = new SliMeasurement(THREE_WEEK_SPAN, SliUnit.SLICES, 30_100, 100, 40);
        ErrorBudget budget = ErrorBudget.of(slices(BudgetingMethod.TIMESLICES), measurement, THREE_WEEK_SPAN,
                BucketGrid.DEFAULT);
        assertEquals(302.4, budget.allowed());
        assertEquals(100.0, budget.consumed());
        assertEquals(202.4, budget.remaining());
        assertEquals(302.4, budget.allowedMinutes());
        assertEquals(100.0, budget.consumedMinutes());
        assertEquals(202.4, budget.remainingMinutes());
        assertTrue(budget.isTimeBased());
    }

    @Test
    void timeslicesOnFiveMinuteGridCountFiveMinutesPerSlice() {
        SliMeasurement measurement = new SliMeasurement(THREE_WEEK_SPAN, SliUnit.SLICES, 6_028, 20, 0);
        ErrorBudget budget = ErrorBudget.of(slices(BudgetingMethod.TIMESLICES), measurement, THREE_WEEK_SPAN,
                FIVE_MINUTE_GRID);
        assertEquals(60.48, budget.allowed());
        assertEquals(20.0, budget.consumed());
        assertEquals(302.4, budget.allowedMinutes());
        assertEquals(100.0, budget.consumedMinutes());
        assertEquals(202.4, budget.remainingMinutes());
    }

    @Test
    void ratioTimeslicesConsumeTheSumOfPerSliceBadRatios() {
        // 6048 five-minute slices: 6045 with data whose ratios sum to 6042.5, 3 unknown.
        SliMeasurement measurement = new SliMeasurement(THREE_WEEK_SPAN, SliUnit.SLICES, 6_042.5, 2.5, 3);
        ErrorBudget budget = ErrorBudget.of(slices(BudgetingMethod.RATIO_TIMESLICES), measurement, THREE_WEEK_SPAN,
                FIVE_MINUTE_GRID);
        assertEquals(60.48, budget.allowed());
        assertEquals(2.5, budget.consumed());
        assertEquals(12.5, budget.consumedMinutes());
        assertEquals(289.9, budget.remainingMinutes());
    }

    @Test
    void calendarBudgetCoversTheWholePeriodThoughOnlyPartElapsed() {
        WindowSpan elapsed = new WindowSpan(ORIGIN, ORIGIN + Duration.ofDays(7).toMillis());
        SliMeasurement week = new SliMeasurement(elapsed, SliUnit.MILLISECONDS, elapsed.lengthMillis() - 30 * MINUTE,
                30 * MINUTE, 0);
        ErrorBudget budget = ErrorBudget.of(objective(0.99, THREE_WEEKS), week, THREE_WEEK_SPAN, BucketGrid.DEFAULT);
        assertEquals(302.4, budget.allowedMinutes());
        assertEquals(272.4, budget.remainingMinutes());
        assertEquals(THREE_WEEK_SPAN, budget.period());
        assertEquals(elapsed, budget.measurement().span());
    }

    @Test
    void timeToExhaustionAtTwiceTheSustainableRateIsHalfTheRemainingShareOfThePeriod() {
        Objective objective = objective(0.99, THREE_WEEKS);
        ErrorBudget budget = timeBudget(0.99, 100.8);
        BurnRate twice = lastHourBurning(objective, 72_000);
        assertEquals(2.0, twice.rate());
        // 201.6 min left, spent at 2 × 1 % = 0.02 min per minute: 10 080 min.
        assertEquals(Optional.of(Duration.ofDays(7)), budget.timeToExhaustion(twice));
    }

    @Test
    void timeToExhaustionOfAnEventBudgetScalesThePeriodByRemainingShareOverRate() {
        Objective objective = objective(0.999, Duration.ofDays(30));
        WindowSpan month = new WindowSpan(ORIGIN, ORIGIN + Duration.ofDays(30).toMillis());
        ErrorBudget budget = ErrorBudget.of(objective,
                new SliMeasurement(month, SliUnit.EVENTS, 999_750, 250, 0), month, BucketGrid.DEFAULT);
        BurnRate burn = BurnRate.of(objective, new SliMeasurement(month, SliUnit.EVENTS, 9_970, 30, 0));
        assertEquals(3.0, burn.rate(), 1e-15);
        assertEquals(Optional.of(Duration.ofHours(180)), budget.timeToExhaustion(burn));
    }

    @Test
    void timeToExhaustionIsEmptyWhenNothingBurns() {
        Objective objective = objective(0.99, THREE_WEEKS);
        assertEquals(Optional.empty(), timeBudget(0.99, 100.8).timeToExhaustion(lastHourBurning(objective, 0)));
    }

    @Test
    void timeToExhaustionIsEmptyWhenTheRecentWindowHasNoData() {
        Objective objective = objective(0.99, THREE_WEEKS);
        BurnRate noData = BurnRate.of(objective, SliMeasurement.empty(THREE_WEEK_SPAN, SliUnit.MILLISECONDS));
        assertEquals(Optional.empty(), timeBudget(0.99, 100.8).timeToExhaustion(noData));
    }

    @Test
    void timeToExhaustionIsZeroOnceExhaustedEvenWithoutBurn() {
        Objective objective = objective(0.99, THREE_WEEKS);
        assertEquals(Optional.of(Duration.ZERO), timeBudget(0.99, 302.4).timeToExhaustion(lastHourBurning(objective, 0)));
        assertEquals(Optional.of(Duration.ZERO), timeBudget(0.99, 400).timeToExhaustion(lastHourBurning(objective, 72_000)));
    }

    @Test
    void timeToExhaustionIsEmptyForAnEventBudgetWithNoEvents() {
        Objective objective = objective(0.99, THREE_WEEKS);
        ErrorBudget budget = ErrorBudget.of(objective, events(0, 0, 0), THREE_WEEK_SPAN, BucketGrid.DEFAULT);
        BurnRate burn = BurnRate.of(objective, events(90, 10, 0));
        assertEquals(Optional.empty(), budget.timeToExhaustion(burn));
    }

    @Test
    void timeToExhaustionRejectsABurnRateAgainstAnotherTarget() {
        BurnRate other = lastHourBurning(objective(0.999, THREE_WEEKS), 72_000);
        assertRejected("burn rate is against target 0.999 but the budget against target 0.99",
                () -> timeBudget(0.99, 0).timeToExhaustion(other));
    }

    @Test
    void rejectsSlicesForOccurrences() {
        SliMeasurement measurement = new SliMeasurement(THREE_WEEK_SPAN, SliUnit.SLICES, 1, 0, 0);
        assertRejected("indicator unit SLICES does not fit budgetingMethod OCCURRENCES,"
                        + " which takes EVENTS, MILLISECONDS or REPLICA_MILLISECONDS",
                () -> ErrorBudget.of(objective(0.99, THREE_WEEKS), measurement, THREE_WEEK_SPAN, BucketGrid.DEFAULT));
    }

    @Test
    void rejectsEventsForTimeslices() {
        assertRejected("indicator unit EVENTS does not fit budgetingMethod TIMESLICES, which takes SLICES",
                () -> ErrorBudget.of(slices(BudgetingMethod.TIMESLICES), events(1, 0, 0), THREE_WEEK_SPAN,
                        BucketGrid.DEFAULT));
    }

    @Test
    void rejectsMillisecondsForRatioTimeslices() {
        assertRejected("indicator unit MILLISECONDS does not fit budgetingMethod RATIO_TIMESLICES, which takes SLICES",
                () -> ErrorBudget.of(slices(BudgetingMethod.RATIO_TIMESLICES), threeWeeksOfTime(0, 0), THREE_WEEK_SPAN,
                        BucketGrid.DEFAULT));
    }

    @Test
    void rejectsMeasurementOutsideThePeriod() {
        WindowSpan period = new WindowSpan(60_000, 120_000);
        SliMeasurement measurement = SliMeasurement.empty(new WindowSpan(0, 120_000), SliUnit.EVENTS);
        assertRejected("measurement span WindowSpan[startMillis=0, endMillis=120000] is not within the budget period"
                        + " WindowSpan[startMillis=60000, endMillis=120000]",
                () -> ErrorBudget.of(objective(0.99, THREE_WEEKS), measurement, period, BucketGrid.DEFAULT));
    }

    @Test
    void rejectsSlicePeriodOffTheGrid() {
        WindowSpan period = new WindowSpan(0, 90_000);
        SliMeasurement measurement = SliMeasurement.empty(new WindowSpan(0, 60_000), SliUnit.SLICES);
        assertRejected("budget period WindowSpan[startMillis=0, endMillis=90000] is not aligned to BucketGrid[PT1M]",
                () -> ErrorBudget.of(slices(BudgetingMethod.TIMESLICES), measurement, period, BucketGrid.DEFAULT));
    }
}
