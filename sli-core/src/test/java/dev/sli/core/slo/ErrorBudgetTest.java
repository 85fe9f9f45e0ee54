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
    void fiveMinuteSlicesOnAOneMinuteGridAllow60_48SlicesOf302_4Minutes() {
        // 3 weeks = 6048 five-minute slices; 1 % of them is 60.48 slices = 302.4 min, whatever the grid.
        SliMeasurement measurement = new SliMeasurement(THREE_WEEK_SPAN, SliUnit.SLICES, 6_028, 20, 0);
        ErrorBudget budget = ErrorBudget.of(slices(BudgetingMethod.TIMESLICES), measurement, THREE_WEEK_SPAN,
                BucketGrid.DEFAULT);
        assertEquals(60.48, budget.allowed());
        assertEquals(20.0, budget.consumed());
        assertEquals(40.48, budget.remaining());
        assertEquals(302.4, budget.allowedMinutes());
        assertEquals(100.0, budget.consumedMinutes());
        assertEquals(202.4, budget.remainingMinutes());
        assertEquals(20 / 60.48, budget.consumedFraction());
        assertEquals(300_000, budget.millisPerUnit());
    }

    @Test
    void fiveMinuteSlicesCountTheirUnknownSlicesTowardsTheSliceLength() {
        // one week of 2016 slices observed, two weeks (4032 slices) unknown: still 5-minute slices
        SliMeasurement measurement = new SliMeasurement(THREE_WEEK_SPAN, SliUnit.SLICES, 2_006, 10, 4_032);
        ErrorBudget budget = ErrorBudget.of(slices(BudgetingMethod.TIMESLICES), measurement, THREE_WEEK_SPAN,
                BucketGrid.DEFAULT);
        assertEquals(60.48, budget.allowed());
        assertEquals(50.0, budget.consumedMinutes());
        assertEquals(252.4, budget.remainingMinutes());
    }

    @Test
    void ratioSlicesWhoseSumDriftsByRoundingStillCountWholeSlices() {
        double good = 0;
        double bad = 0;
        for (int i = 0; i < 6_048; i++) {
            good += 0.9;
            bad += 0.1;
        }
        assertTrue(good + bad != 6_048, "the sum drifts, else this test shows nothing");
        SliMeasurement measurement = new SliMeasurement(THREE_WEEK_SPAN, SliUnit.SLICES, good, bad, 0);
        ErrorBudget budget = ErrorBudget.of(slices(BudgetingMethod.RATIO_TIMESLICES), measurement, THREE_WEEK_SPAN,
                BucketGrid.DEFAULT);
        assertEquals(60.48, budget.allowed());
        assertEquals(300_000, budget.millisPerUnit());
    }

    @Test
    void anEmptySliceMeasurementAssumesOneSlicePerBucketWhichChangesOnlyTheSliceCount() {
        SliMeasurement empty = SliMeasurement.empty(THREE_WEEK_SPAN, SliUnit.SLICES);
        ErrorBudget oneMinute = ErrorBudget.of(slices(BudgetingMethod.TIMESLICES), empty, THREE_WEEK_SPAN,
                BucketGrid.DEFAULT);
        ErrorBudget fiveMinutes = ErrorBudget.of(slices(BudgetingMethod.TIMESLICES), empty, THREE_WEEK_SPAN,
                FIVE_MINUTE_GRID);
        assertEquals(302.4, oneMinute.allowed());
        assertEquals(60.48, fiveMinutes.allowed());
        for (ErrorBudget budget : new ErrorBudget[] {oneMinute, fiveMinutes}) {
            assertEquals(302.4, budget.allowedMinutes());
            assertEquals(0.0, budget.consumedMinutes());
            assertEquals(302.4, budget.remainingMinutes());
        }
    }

    @Test
    void fiveMinuteTimeslicesOnAOneMinuteGridForecastInFiveMinuteSlices() {
        // The last of three weeks observed minute by minute, 25 of its 2016 five-minute slices all bad.
        int minutes = 21 * 1_440;
        MinuteIndicator perMinute = new MinuteIndicator(ORIGIN, SliUnit.MILLISECONDS, minutes)
                .fill(14 * 1_440, minutes, MINUTE, 0, 0);
        for (int k = 0; k < 25; k++) {
            int start = 14 * 1_440 + k * 60;
            perMinute.fill(start, start + 5, 0, MINUTE, 0);
        }
        Objective objective = Objective.builder().name("slices").target(0.99).window(Window.rolling(THREE_WEEKS))
                .budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(0.95).build();
        SloStatus status = Slo.evaluate(objective, Timeslices.of(perMinute, Duration.ofMinutes(5), 0.95),
                THREE_WEEK_SPAN.endMillis(), BucketGrid.DEFAULT);

        assertEquals(1_991.0, status.measurement().good());
        assertEquals(25.0, status.measurement().bad());
        assertEquals(4_032.0, status.measurement().unknown());
        ErrorBudget budget = status.budget();
        assertEquals(60.48, budget.allowed());
        assertEquals(302.4, budget.allowedMinutes());
        assertEquals(125.0, budget.consumedMinutes());
        assertEquals(177.4, budget.remainingMinutes());
        assertFalse(budget.isOverspent());
        // At the current burn, 25 bad slices per observed week: 25 + 25 × 2 weeks ÷ 1 week = 75 slices, over 60.48;
        // the 35.48 slices left are spent after 35.48 × 604 800 000 ÷ 25 = 858 332 160 ms.
        BudgetProjection projection = status.projection();
        assertEquals(1_209_600_000L, projection.undecidedMillis());
        assertEquals(75.0, projection.consumed());
        assertEquals(60.48, projection.allowed());
        assertEquals(375.0, projection.consumedMinutes());
        assertEquals(302.4, projection.allowedMinutes());
        assertTrue(projection.isOverspent());
        assertEquals(Optional.of(Duration.ofMillis(858_332_160L)), projection.timeToExhaustion());
        assertEquals(Verdict.AT_RISK, status.verdict());
    }

    @Test
    void rejectsSliceAmountsThatDoNotCutTheSpanIntoWholeSlices() {
        assertRejected("measurement of 6048.5 slices (good + bad + unknown) does not cut its span of 1814400000 ms"
                        + " into a whole number of slices of whole milliseconds",
                () -> ErrorBudget.of(slices(BudgetingMethod.RATIO_TIMESLICES),
                        new SliMeasurement(THREE_WEEK_SPAN, SliUnit.SLICES, 6_046, 2.5, 0), THREE_WEEK_SPAN,
                        BucketGrid.DEFAULT));
        assertRejected("measurement of 11.0 slices (good + bad + unknown) does not cut its span of 1814400000 ms"
                        + " into a whole number of slices of whole milliseconds",
                () -> ErrorBudget.of(slices(BudgetingMethod.TIMESLICES),
                        new SliMeasurement(THREE_WEEK_SPAN, SliUnit.SLICES, 11, 0, 0), THREE_WEEK_SPAN,
                        BucketGrid.DEFAULT));
    }

    @Test
    void rejectsAPeriodOffTheMeasurementsSlices() {
        WindowSpan period = new WindowSpan(ORIGIN - MINUTE, ORIGIN + 10 * MINUTE);
        SliMeasurement twoFiveMinuteSlices = new SliMeasurement(new WindowSpan(ORIGIN, ORIGIN + 10 * MINUTE),
                SliUnit.SLICES, 2, 0, 0);
        assertRejected("budget period WindowSpan[startMillis=1704067140000, endMillis=1704067800000] does not start"
                        + " and end on the measurement's 300000 ms slices",
                () -> ErrorBudget.of(slices(BudgetingMethod.TIMESLICES), twoFiveMinuteSlices, period,
                        BucketGrid.DEFAULT));
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
