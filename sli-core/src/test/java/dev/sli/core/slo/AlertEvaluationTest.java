package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.slo.AlertEvaluation.Decision;
import dev.sli.core.slo.AlertEvaluation.TierResult;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertEvaluationTest {

    private static final long MINUTE = 60_000;
    private static final long ORIGIN = 1_704_067_200_000L; // 2024-01-01T00:00Z
    private static final int DATA_MINUTES = 4 * 24 * 60;
    /** Four days of data end here; half a minute into the bucket after, so windows end at the data's end. */
    private static final long AT = ORIGIN + DATA_MINUTES * MINUTE + 30_000;

    private static Objective objective(Duration period, MissingDataPolicy policy, AlertPolicy alertPolicy) {
        return Objective.builder().name("errors").target(0.99).window(Window.rolling(period))
                .missingDataPolicy(policy).alertPolicy(alertPolicy).build();
    }

    private static Objective thirtyDays() {
        return objective(Duration.ofDays(30), MissingDataPolicy.EXCLUDE, AlertPolicy.DEFAULT);
    }

    /** Every minute of the four days has {@code good} good and {@code bad} bad events. */
    private static MinuteIndicator constant(double good, double bad) {
        return new MinuteIndicator(ORIGIN, SliUnit.EVENTS, DATA_MINUTES).fill(0, DATA_MINUTES, good, bad, 0);
    }

    private static AlertEvaluation evaluate(Objective objective, Indicator indicator) {
        return Slo.alerts(objective, indicator, AT, BucketGrid.DEFAULT);
    }

    private static List<Boolean> firing(AlertEvaluation evaluation) {
        List<Boolean> firing = new ArrayList<>();
        evaluation.tiers().forEach(t -> firing.add(t.firing()));
        return firing;
    }

    private static List<Boolean> suppressed(AlertEvaluation evaluation) {
        List<Boolean> suppressed = new ArrayList<>();
        evaluation.tiers().forEach(t -> suppressed.add(t.suppressed()));
        return suppressed;
    }

    @Test
    void burningAtFifteenFiresEveryTierAndSuppressesTheSlowerOfEachSeverity() {
        AlertEvaluation evaluation = evaluate(thirtyDays(), constant(85, 15));
        assertEquals(Decision.PAGE, evaluation.decision());
        assertEquals(List.of(true, true, true, true), firing(evaluation));
        assertEquals(List.of(false, true, false, true), suppressed(evaluation));
    }

    @Test
    void burningAtSevenPagesOnTheSixHourTier() {
        AlertEvaluation evaluation = evaluate(thirtyDays(), constant(93, 7));
        assertEquals(Decision.PAGE, evaluation.decision());
        assertEquals(List.of(false, true, true, true), firing(evaluation));
        assertEquals(List.of(false, false, false, true), suppressed(evaluation));
    }

    @Test
    void burningAtTwoTicketsOnTheThreeDayTier() {
        AlertEvaluation evaluation = evaluate(thirtyDays(), constant(98, 2));
        assertEquals(Decision.TICKET, evaluation.decision());
        assertEquals(List.of(false, false, false, true), firing(evaluation));
        assertEquals(List.of(false, false, false, false), suppressed(evaluation));
    }

    @Test
    void burningBelowOneDoesNotAlert() {
        AlertEvaluation evaluation = evaluate(thirtyDays(), constant(995, 5));
        assertEquals(Decision.NONE, evaluation.decision());
        assertEquals(List.of(false, false, false, false), firing(evaluation));
    }

    @Test
    void burnExactlyAtTheFactorFires() {
        TierResult fastPage = evaluate(thirtyDays(), constant(856, 144)).tiers().get(0);
        assertEquals(14.4, fastPage.factor());
        assertEquals(14.4, fastPage.longBurn().rate());
        assertTrue(fastPage.firing());
    }

    @Test
    void burnEqualToTheFactorInDecimalFiresThoughBinaryRoundingPutsItJustBelow() {
        // 7 bad of 2500 against 99.7 % is a burn of 0.28 / 0.3 = 0.9333…, the 3-day factor for 28 days.
        Objective objective = Objective.builder().name("errors").target(0.997)
                .window(Window.rolling(Duration.ofDays(28))).build();
        TierResult slowTicket = evaluate(objective, span -> new SliMeasurement(span, SliUnit.EVENTS, 2_493, 7, 0))
                .tiers().get(3);
        assertEquals(0.9333333333333333, slowTicket.factor());
        assertEquals(0.9333333333333332, slowTicket.longBurn().rate());
        assertTrue(slowTicket.firing());
    }

    @Test
    void burnJustBelowTheFactorDoesNotFire() {
        TierResult fastPage = evaluate(thirtyDays(), constant(8_561, 1_439)).tiers().get(0);
        assertEquals(14.39, fastPage.longBurn().rate());
        assertFalse(fastPage.firing());
    }

    @Test
    void factorsComeFromTheSloPeriod() {
        AlertEvaluation thirty = evaluate(thirtyDays(), constant(1, 0));
        AlertEvaluation twentyOne = evaluate(
                objective(Duration.ofDays(21), MissingDataPolicy.EXCLUDE, AlertPolicy.DEFAULT), constant(1, 0));
        assertEquals(List.of(14.4, 6.0, 3.0, 1.0), thirty.tiers().stream().map(TierResult::factor).toList());
        assertEquals(List.of(10.08, 4.2, 2.1, 0.7), twentyOne.tiers().stream().map(TierResult::factor).toList());
    }

    @Test
    void windowsEndWhereTheLastSealedBucketEnds() {
        TierResult slowTicket = evaluate(thirtyDays(), constant(1, 0)).tiers().get(3);
        long end = ORIGIN + DATA_MINUTES * MINUTE;
        assertEquals(new WindowSpan(end - Duration.ofDays(3).toMillis(), end), slowTicket.longBurn().span());
        assertEquals(new WindowSpan(end - Duration.ofHours(6).toMillis(), end), slowTicket.shortBurn().span());
        assertEquals(AT, evaluate(thirtyDays(), constant(1, 0)).evaluatedAtMillis());
    }

    @Test
    void aBurnThatHasStoppedDoesNotFire() {
        // 20 % bad from 60 to 10 minutes ago, nothing bad since: the hour burns at 16.7, the last 5 min at 0.
        MinuteIndicator indicator = constant(100, 0).fill(DATA_MINUTES - 60, DATA_MINUTES - 10, 80, 20, 0);
        TierResult fastPage = evaluate(thirtyDays(), indicator).tiers().get(0);
        assertTrue(fastPage.longBurn().rate() > 16.6);
        assertEquals(0.0, fastPage.shortBurn().rate());
        assertFalse(fastPage.firing());
    }

    @Test
    void aBriefSpikeDoesNotFire() {
        MinuteIndicator indicator = constant(100, 0).fill(DATA_MINUTES - 5, DATA_MINUTES, 0, 100, 0);
        TierResult fastPage = evaluate(thirtyDays(), indicator).tiers().get(0);
        assertEquals(100.0, fastPage.shortBurn().rate());
        assertEquals(100.0 / 12, fastPage.longBurn().rate(), 1e-12);
        assertFalse(fastPage.firing());
    }

    @Test
    void noDataFiresNothingAndSaysSo() {
        AlertEvaluation evaluation = evaluate(thirtyDays(), span -> SliMeasurement.empty(span, SliUnit.EVENTS));
        assertEquals(Decision.NONE, evaluation.decision());
        for (TierResult tier : evaluation.tiers()) {
            assertFalse(tier.longBurn().hasData());
            assertFalse(tier.shortBurn().hasData());
            assertEquals(0.0, tier.longBurn().rate());
            assertFalse(tier.firing());
        }
    }

    @Test
    void unknownCountedBadPagesWhereExcludedUnknownDoesNot() {
        MinuteIndicator indicator = constant(100, 0).fill(DATA_MINUTES - 120, DATA_MINUTES, 0, 0, 100);
        AlertEvaluation bad = evaluate(objective(Duration.ofDays(30), MissingDataPolicy.BAD, AlertPolicy.DEFAULT), indicator);
        AlertEvaluation excluded = evaluate(thirtyDays(), indicator);
        AlertEvaluation good = evaluate(objective(Duration.ofDays(30), MissingDataPolicy.GOOD, AlertPolicy.DEFAULT), indicator);
        assertEquals(Decision.PAGE, bad.decision());
        assertEquals(100.0, bad.tiers().get(0).longBurn().rate());
        assertEquals(Decision.NONE, excluded.decision());
        assertFalse(excluded.tiers().get(0).longBurn().hasData());
        assertEquals(Decision.NONE, good.decision());
        assertTrue(good.tiers().get(0).longBurn().hasData());
        assertEquals(0.0, good.tiers().get(0).longBurn().rate());
    }

    @Test
    void aConfiguredPolicyIsEvaluatedInsteadOfTheDefault() {
        AlertPolicy ticketsOnly = AlertPolicy.of(AlertTier.ticket(0.02, Duration.ofHours(2), Duration.ofMinutes(10)));
        AlertEvaluation evaluation = evaluate(objective(Duration.ofDays(30), MissingDataPolicy.EXCLUDE, ticketsOnly),
                constant(85, 15));
        assertEquals(Decision.TICKET, evaluation.decision());
        assertEquals(1, evaluation.tiers().size());
        assertEquals(7.2, evaluation.tiers().get(0).factor());
        assertTrue(evaluation.tiers().get(0).firing());
    }

    @Test
    void ticketIsNotSuppressedByAFiringPage() {
        AlertPolicy policy = AlertPolicy.of(AlertTier.page(0.02, Duration.ofHours(1), Duration.ofMinutes(5)),
                AlertTier.ticket(0.1, Duration.ofHours(6), Duration.ofMinutes(30)));
        AlertEvaluation evaluation = evaluate(objective(Duration.ofDays(30), MissingDataPolicy.EXCLUDE, policy),
                constant(85, 15));
        assertEquals(List.of(true, true), firing(evaluation));
        assertEquals(List.of(false, false), suppressed(evaluation));
    }

    @Test
    void emptyPolicyNeverAlerts() {
        AlertEvaluation evaluation = evaluate(objective(Duration.ofDays(30), MissingDataPolicy.EXCLUDE,
                AlertPolicy.of(List.of())), constant(0, 100));
        assertEquals(Decision.NONE, evaluation.decision());
        assertEquals(List.of(), evaluation.tiers());
    }

    @Test
    void rejectsTierWindowsOffTheGrid() {
        AlertPolicy policy = AlertPolicy.of(AlertTier.page(0.02, Duration.ofSeconds(90), Duration.ofSeconds(30)));
        Objective objective = objective(Duration.ofDays(30), MissingDataPolicy.EXCLUDE, policy);
        assertEquals("alert tier windows PT1M30S and PT30S must be whole numbers of PT1M buckets",
                assertThrows(IllegalArgumentException.class, () -> evaluate(objective, constant(1, 0))).getMessage());
    }

    @Test
    void rejectsAnIndicatorInTheWrongUnit() {
        Indicator slices = span -> SliMeasurement.empty(span, SliUnit.SLICES);
        assertEquals("indicator unit SLICES does not fit budgetingMethod OCCURRENCES,"
                        + " which takes EVENTS, MILLISECONDS or REPLICA_MILLISECONDS",
                assertThrows(IllegalArgumentException.class, () -> evaluate(thirtyDays(), slices)).getMessage());
    }

    @Test
    void tierResultsCannotBeModified() {
        List<TierResult> tiers = evaluate(thirtyDays(), constant(1, 0)).tiers();
        assertThrows(UnsupportedOperationException.class, () -> tiers.remove(0));
    }
}
