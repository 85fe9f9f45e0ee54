package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.slo.AlertEvaluation.Decision;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SloTest {

    private static final long MINUTE = 60_000;
    private static final long ORIGIN = 1_704_067_200_000L; // 2024-01-01T00:00Z, a Monday
    private static final int THREE_WEEK_MINUTES = 21 * 24 * 60;

    /** Every span all good, in time. */
    private static final Indicator ALL_UP =
            span -> new SliMeasurement(span, SliUnit.MILLISECONDS, span.lengthMillis(), 0, 0);

    private static Objective.Builder uptime() {
        return Objective.builder().name("uptime").target(0.99);
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void rollingStatusMeasuresTheWholeWindowOfSealedBuckets() {
        Objective objective = uptime().window(Window.rolling(Duration.ofDays(21))).build();
        // Three weeks of up time, with 60 minutes down in the middle.
        MinuteIndicator indicator = new MinuteIndicator(ORIGIN, SliUnit.MILLISECONDS, THREE_WEEK_MINUTES)
                .fill(0, THREE_WEEK_MINUTES, MINUTE, 0, 0).fill(10_000, 10_060, 0, MINUTE, 0);
        long at = ORIGIN + THREE_WEEK_MINUTES * MINUTE + 59_999;
        SloStatus status = Slo.evaluate(objective, indicator, at, BucketGrid.DEFAULT);

        WindowSpan window = new WindowSpan(ORIGIN, ORIGIN + THREE_WEEK_MINUTES * MINUTE);
        assertSame(objective, status.objective());
        assertEquals(at, status.evaluatedAtMillis());
        assertEquals(window, status.span());
        assertEquals(window, status.budget().period());
        assertTrue(status.hasData());
        assertEquals(OptionalDouble.of(1 - 60.0 / THREE_WEEK_MINUTES), status.ratio());
        assertEquals(Verdict.MET, status.verdict());
        assertEquals(302.4, status.budget().allowedMinutes());
        assertEquals(60.0, status.budget().consumedMinutes());
        assertEquals(242.4, status.budget().remainingMinutes());
        assertEquals(Decision.NONE, status.alerts().decision());
        assertEquals(at, status.alerts().evaluatedAtMillis());
    }

    @Test
    void statusMissesTheTargetBelowIt() {
        Objective objective = uptime().window(Window.rolling(Duration.ofDays(1))).build();
        Indicator ninetyEightPercent = span -> new SliMeasurement(span, SliUnit.EVENTS, 98, 2, 0);
        SloStatus status = Slo.evaluate(objective, ninetyEightPercent, ORIGIN, BucketGrid.DEFAULT);
        assertEquals(OptionalDouble.of(0.98), status.ratio());
        assertEquals(Verdict.MISSED, status.verdict());
        assertEquals(2.0, status.budget().consumedFraction());
        assertTrue(status.budget().isExhausted());
        // For a 1-day SLO the fast page tier's factor is 0.02 × 24 h / 1 h = 0.48, so a burn of 2 pages.
        assertEquals(0.48, status.alerts().tiers().get(0).factor());
        assertEquals(Decision.PAGE, status.alerts().decision());
    }

    @Test
    void ratioExactlyAtTheTargetMeetsIt() {
        Objective objective = uptime().window(Window.rolling(Duration.ofDays(1))).build();
        SloStatus status = Slo.evaluate(objective, span -> new SliMeasurement(span, SliUnit.EVENTS, 990, 10, 0), ORIGIN,
                BucketGrid.DEFAULT);
        assertEquals(OptionalDouble.of(0.99), status.ratio());
        assertEquals(Verdict.MET, status.verdict());
    }

    @Test
    void noDataIsExplicitAndNeverNaN() {
        Objective objective = uptime().window(Window.rolling(Duration.ofDays(21))).build();
        SloStatus status = Slo.evaluate(objective, span -> SliMeasurement.empty(span, SliUnit.MILLISECONDS), ORIGIN,
                BucketGrid.DEFAULT);
        assertFalse(status.hasData());
        assertEquals(OptionalDouble.empty(), status.ratio());
        assertEquals(Verdict.NO_DATA, status.verdict());
        assertEquals(302.4, status.budget().allowedMinutes());
        assertEquals(0.0, status.budget().consumedFraction());
        assertEquals(Decision.NONE, status.alerts().decision());
        assertFalse(status.alerts().tiers().get(0).longBurn().hasData());
    }

    @Test
    void onlyUnknownDataIsNoDataWhenExcludedAndAllBadWhenCountedBad() {
        Indicator unknownOnly = span -> new SliMeasurement(span, SliUnit.MILLISECONDS, 0, 0, span.lengthMillis());
        Objective excluded = uptime().window(Window.rolling(Duration.ofDays(21))).build();
        Objective bad = uptime().window(Window.rolling(Duration.ofDays(21))).missingDataPolicy(MissingDataPolicy.BAD).build();
        Objective good = uptime().window(Window.rolling(Duration.ofDays(21))).missingDataPolicy(MissingDataPolicy.GOOD).build();

        SloStatus whenExcluded = Slo.evaluate(excluded, unknownOnly, ORIGIN, BucketGrid.DEFAULT);
        assertEquals(OptionalDouble.empty(), whenExcluded.ratio());
        assertEquals(0.0, whenExcluded.budget().consumed());
        assertEquals(Decision.NONE, whenExcluded.alerts().decision());

        SloStatus whenBad = Slo.evaluate(bad, unknownOnly, ORIGIN, BucketGrid.DEFAULT);
        assertEquals(OptionalDouble.of(0), whenBad.ratio());
        assertEquals(30_240.0, whenBad.budget().consumedMinutes());
        assertEquals(Decision.PAGE, whenBad.alerts().decision());

        SloStatus whenGood = Slo.evaluate(good, unknownOnly, ORIGIN, BucketGrid.DEFAULT);
        assertEquals(OptionalDouble.of(1), whenGood.ratio());
        assertEquals(0.0, whenGood.budget().consumed());
        assertEquals(Decision.NONE, whenGood.alerts().decision());
    }

    @Test
    void calendarStatusBudgetsTheWholePeriodWhileMeasuringTheElapsedPart() {
        Objective objective = uptime()
                .window(Window.calendar(LocalDate.of(2024, 1, 1), Period.ofWeeks(3), ZoneOffset.UTC)).build();
        // Up all along except 30 minutes down on the first day.
        MinuteIndicator indicator = new MinuteIndicator(ORIGIN, SliUnit.MILLISECONDS, THREE_WEEK_MINUTES)
                .fill(0, THREE_WEEK_MINUTES, MINUTE, 0, 0).fill(600, 630, 0, MINUTE, 0);
        long at = millis("2024-01-08T12:00:30Z");
        SloStatus status = Slo.evaluate(objective, indicator, at, BucketGrid.DEFAULT);

        assertEquals(new WindowSpan(ORIGIN, millis("2024-01-08T12:00:00Z")), status.span());
        assertEquals(new WindowSpan(ORIGIN, millis("2024-01-22T00:00:00Z")), status.budget().period());
        assertEquals(302.4, status.budget().allowedMinutes());
        assertEquals(30.0, status.budget().consumedMinutes());
        assertEquals(272.4, status.budget().remainingMinutes());
        assertEquals(OptionalDouble.of(1 - 30.0 / (7.5 * 24 * 60)), status.ratio());
        assertEquals(10.08, status.alerts().tiers().get(0).factor());
    }

    @Test
    void calendarPeriodAcrossADaylightSavingChangeIsAnHourShort() {
        // 2024-03-04 to 2024-03-25 in Vancouver contains the spring-forward on 2024-03-10: 503 hours.
        Objective objective = uptime().window(
                Window.calendar(LocalDate.of(2024, 3, 4), Period.ofWeeks(3), ZoneId.of("America/Vancouver"))).build();
        SloStatus status = Slo.evaluate(objective, ALL_UP, millis("2024-03-15T00:00:00Z"), BucketGrid.DEFAULT);
        assertEquals(Duration.ofHours(503).toMillis(), status.budget().period().lengthMillis());
        assertEquals(301.8, status.budget().allowedMinutes());
        assertEquals(10.06, status.alerts().tiers().get(0).factor());
    }

    @Test
    void calendarStatusAtThePeriodStartHasNoDataButTheWholeBudget() {
        Objective objective = uptime()
                .window(Window.calendar(LocalDate.of(2024, 1, 1), Period.ofWeeks(3), ZoneOffset.UTC)).build();
        SloStatus status = Slo.evaluate(objective, ALL_UP, ORIGIN + 30_000, BucketGrid.DEFAULT);
        assertTrue(status.span().isEmpty());
        assertFalse(status.hasData());
        assertEquals(302.4, status.budget().remainingMinutes());
    }

    @Test
    void timeslicesStatusCountsSlicesAndTheirMinutes() {
        Objective objective = uptime().window(Window.rolling(Duration.ofDays(21)))
                .budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(0.95).build();
        BucketGrid fiveMinutes = BucketGrid.of(Duration.ofMinutes(5));
        // One slice per five minutes, all good but one, half an hour ago.
        Indicator slices = span -> {
            long n = span.lengthMillis() / (5 * MINUTE);
            double bad = span.lengthMillis() >= 3_600_000 ? 1 : 0;
            return new SliMeasurement(span, SliUnit.SLICES, n - bad, bad, 0);
        };
        SloStatus status = Slo.evaluate(objective, slices, ORIGIN, fiveMinutes);
        assertEquals(60.48, status.budget().allowed());
        assertEquals(1.0, status.budget().consumed());
        assertEquals(5.0, status.budget().consumedMinutes());
        assertEquals(297.4, status.budget().remainingMinutes());
        assertEquals(OptionalDouble.of(6047.0 / 6048), status.ratio());
        assertEquals(100.0 / 12, status.alerts().tiers().get(0).longBurn().rate(), 1e-12);
        assertEquals(0.0, status.alerts().tiers().get(0).shortBurn().rate());
    }

    @Test
    void burnRateOverARecentWindowFeedsTimeToExhaustion() {
        Objective objective = uptime().window(Window.rolling(Duration.ofDays(21))).build();
        // 100.8 minutes down two weeks ago; bad 1.2 minutes in every hour of the last day.
        MinuteIndicator indicator = new MinuteIndicator(ORIGIN, SliUnit.MILLISECONDS, THREE_WEEK_MINUTES)
                .fill(0, THREE_WEEK_MINUTES, MINUTE, 0, 0);
        indicator.good[7 * 1440] = 0.2 * MINUTE;
        indicator.bad[7 * 1440] = 0.8 * MINUTE;
        indicator.fill(7 * 1440 + 1, 7 * 1440 + 101, 0, MINUTE, 0);
        for (int m = THREE_WEEK_MINUTES - 1440; m < THREE_WEEK_MINUTES; m += 60) {
            indicator.fill(m, m + 1, 0, MINUTE, 0);
            indicator.good[m + 1] = 0.8 * MINUTE;
            indicator.bad[m + 1] = 0.2 * MINUTE;
        }
        long at = ORIGIN + THREE_WEEK_MINUTES * MINUTE;
        SloStatus status = Slo.evaluate(objective, indicator, at, BucketGrid.DEFAULT);
        BurnRate lastHour = Slo.burnRate(objective, indicator, Duration.ofHours(1), at, BucketGrid.DEFAULT);

        assertEquals(new WindowSpan(at - 3_600_000, at), lastHour.span());
        assertEquals(2.0, lastHour.rate());
        assertEquals(129.6, status.budget().consumedMinutes()); // 100.8 + 24 × 1.2
        // (302.4 − 129.6) min left at 2 × 1 % per minute: 8640 min.
        assertEquals(Optional.of(Duration.ofDays(6)), status.budget().timeToExhaustion(lastHour));
    }

    @Test
    void rejectsAnIndicatorInTheWrongUnit() {
        Objective objective = uptime().window(Window.rolling(Duration.ofDays(21)))
                .budgetingMethod(BudgetingMethod.RATIO_TIMESLICES).build();
        assertEquals("indicator unit MILLISECONDS does not fit budgetingMethod RATIO_TIMESLICES, which takes SLICES",
                assertThrows(IllegalArgumentException.class,
                        () -> Slo.evaluate(objective, ALL_UP, ORIGIN, BucketGrid.DEFAULT)).getMessage());
    }

    @Test
    void rejectsAWindowOffTheGrid() {
        Objective objective = uptime().window(Window.rolling(Duration.ofSeconds(90))).build();
        assertEquals("window length PT1M30S is not a positive whole number of PT1M buckets",
                assertThrows(IllegalArgumentException.class,
                        () -> Slo.evaluate(objective, ALL_UP, ORIGIN, BucketGrid.DEFAULT)).getMessage());
    }

    @Test
    void rejectsARecentWindowOffTheGrid() {
        Objective objective = uptime().window(Window.rolling(Duration.ofDays(21))).build();
        assertEquals("window length PT1M30S is not a positive whole number of PT1M buckets",
                assertThrows(IllegalArgumentException.class, () -> Slo.burnRate(objective, ALL_UP,
                        Duration.ofSeconds(90), ORIGIN, BucketGrid.DEFAULT)).getMessage());
    }

    @Test
    void anIndicatorOfASeriesBringsItsGridAndAGridThatDisagreesIsRefused() {
        BucketGrid seconds = BucketGrid.of(Duration.ofSeconds(1));
        Indicator onSeconds = Indicator.onGrid(seconds, ALL_UP::measure);
        Objective objective = uptime().window(Window.rolling(Duration.ofHours(1))).build();
        long at = ORIGIN + 7_500;
        SloStatus status = Slo.evaluate(objective, onSeconds, at);
        assertEquals(new WindowSpan(at - 500 - Duration.ofHours(1).toMillis(), at - 500), status.span());
        assertEquals("grid BucketGrid[PT1M] disagrees with the indicator's series, which is on BucketGrid[PT1S]",
                assertThrows(IllegalArgumentException.class,
                        () -> Slo.evaluate(objective, onSeconds, at, BucketGrid.DEFAULT)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Slo.evaluate(objective, ALL_UP, at));
        assertTrue(e.getMessage().endsWith("is not tied to a series' grid; pass the grid"), e.getMessage());
    }

    @Test
    void timeslicesOfAnObjectiveJudgeSlicesByTheObjectivesOwnSliceTarget() {
        Indicator ninetyFivePercent = span -> new SliMeasurement(span, SliUnit.EVENTS, 95, 5, 0);
        Objective strict = uptime().window(Window.rolling(Duration.ofHours(1)))
                .budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(0.96).build();
        Objective loose = uptime().window(Window.rolling(Duration.ofHours(1)))
                .budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(0.95).build();
        WindowSpan hour = new WindowSpan(ORIGIN, ORIGIN + 60 * MINUTE);
        assertEquals(60, Timeslices.forObjective(ninetyFivePercent, Duration.ofMinutes(1), strict).measure(hour).bad());
        assertEquals(60, Timeslices.forObjective(ninetyFivePercent, Duration.ofMinutes(1), loose).measure(hour).good());
        Objective occurrences = uptime().window(Window.rolling(Duration.ofHours(1))).build();
        assertEquals("objective 'uptime' is budgeted by OCCURRENCES, not in time slices",
                assertThrows(IllegalArgumentException.class, () -> Timeslices.forObjective(ninetyFivePercent,
                        Duration.ofMinutes(1), occurrences)).getMessage());
    }
}
