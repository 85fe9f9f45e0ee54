package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The verdict rule: hand-worked examples with exact values, and a brute-force pass over thousands of
 * seeded random histories that fails if the verdict and the budget ever disagree.
 */
@SuppressWarnings("deprecation") // checks that the deprecated targetMet() agrees with the verdict
class VerdictTest {

    private static final long MINUTE = 60_000;
    private static final long DAY = 1_440 * MINUTE;
    private static final long ORIGIN = 1_704_067_200_000L; // 2024-01-01T00:00Z, a Monday
    private static final BucketGrid GRID = BucketGrid.DEFAULT;

    private static Objective.Builder objective(double target, Window window) {
        return Objective.builder().name("slo").target(target).window(window).alertPolicy(AlertPolicy.of(List.of()));
    }

    /** Answers {@code measurement} for its own span and nothing for any other. */
    private static Indicator fixed(SliMeasurement measurement) {
        return span -> span.equals(measurement.span()) ? measurement : SliMeasurement.empty(span, measurement.unit());
    }

    private static SloStatus evaluate(Objective objective, SliMeasurement measurement, long at) {
        return Slo.evaluate(objective, fixed(measurement), at, GRID);
    }

    @Test
    void twoDaysOfThreeWeeksBurningFasterThanTheTargetAllowsAreAtRiskWithTheExactProjection() {
        // The shipped example's uptime SLA: 31 bad one-minute slices of 2876 observed, in the last two days of 21.
        WindowSpan window = new WindowSpan(ORIGIN, ORIGIN + 21 * DAY);
        Coverage coverage = Coverage.of(window, 2_876 * MINUTE, new WindowSpan(ORIGIN + 19 * DAY, ORIGIN + 21 * DAY));
        SliMeasurement m = new SliMeasurement(window, SliUnit.SLICES, 2_845, 31, 27_364, coverage);
        Objective o = objective(0.99, Window.rolling(Duration.ofDays(21))).budgetingMethod(BudgetingMethod.TIMESLICES)
                .timesliceTarget(1).build();
        SloStatus status = evaluate(o, m, window.endMillis());

        assertEquals(Verdict.AT_RISK, status.verdict());
        assertEquals("2.0 d of 21 d observed", status.coverage().describe());
        assertFalse(status.budget().isOverspent());
        assertEquals(302.4, status.budget().allowedMinutes());
        assertEquals(31.0, status.budget().consumedMinutes());
        BudgetProjection p = status.projection();
        assertEquals(27_364 * MINUTE, p.undecidedMillis());
        // 31 + 31 × 27364 ÷ 2876 slices, and (302.4 − 31) × 2876 ÷ 31 minutes to exhaustion
        assertEquals(new BigDecimal(31).add(new BigDecimal(31 * 27_364).divide(new BigDecimal(2_876), MathContext.DECIMAL128))
                .doubleValue(), p.consumed());
        assertEquals(325.9527121001390820584144645340751, p.consumed(), 0.0);
        assertEquals(302.4, p.allowed());
        assertEquals(325.9527121001390820584144645340751 / 302.4, p.consumedFraction(), 1e-15);
        assertTrue(p.isOverspent());
        assertEquals(Optional.of(Duration.ofMillis(1_510_734_968)), p.timeToExhaustion()); // 46,832,784,000 ÷ 31, up
        assertFalse(status.targetMet());
    }

    @Test
    void anIncompleteWindowOfEventsKeepsItsConsumedFractionInTheProjectionAndIsOnTrack() {
        // 82 bad of 11,520 requests in two days of 21: the allowance grows with the traffic.
        WindowSpan window = new WindowSpan(ORIGIN, ORIGIN + 21 * DAY);
        Coverage coverage = Coverage.ofSpan(window, new WindowSpan(ORIGIN + 19 * DAY, ORIGIN + 21 * DAY));
        SliMeasurement m = new SliMeasurement(window, SliUnit.EVENTS, 11_438, 82, 0, coverage);
        SloStatus status = evaluate(objective(0.99, Window.rolling(Duration.ofDays(21))).build(), m, window.endMillis());

        assertEquals(Verdict.ON_TRACK, status.verdict());
        assertEquals(115.2, status.budget().allowed());
        assertEquals(19 * DAY, status.projection().undecidedMillis());
        assertEquals(861.0, status.projection().consumed()); // 82 × 21 ÷ 2
        assertEquals(1_209.6, status.projection().allowed()); // 115.2 × 21 ÷ 2
        assertEquals(82 / 115.2, status.projection().consumedFraction(), 1e-15);
        assertEquals(Optional.empty(), status.projection().timeToExhaustion());
    }

    @Test
    void aBudgetSpentToTheLastMillisecondIsMetAndOneMillisecondMoreIsMissed() {
        // 99 % of a day allows 14.4 min = 864,000 ms.
        WindowSpan day = new WindowSpan(ORIGIN, ORIGIN + DAY);
        Objective o = objective(0.99, Window.rolling(Duration.ofDays(1))).build();
        SloStatus spent = evaluate(o, new SliMeasurement(day, SliUnit.MILLISECONDS, DAY - 864_000, 864_000, 0), day.endMillis());
        assertEquals(Verdict.MET, spent.verdict());
        assertEquals(1.0, spent.budget().consumedFraction());
        assertTrue(spent.budget().isExhausted());
        assertTrue(spent.targetMet());

        SloStatus over = evaluate(o, new SliMeasurement(day, SliUnit.MILLISECONDS, DAY - 864_001, 864_001, 0), day.endMillis());
        assertEquals(Verdict.MISSED, over.verdict());
        assertTrue(over.budget().consumedFraction() > 1);
    }

    @Test
    void aBadAmountAHairAboveTheAllowanceInDecimalIsMissedAndItsFractionIsAboveOne() {
        // The double nearest 14.4 is 14.4000000000000003552…, just above 99 % of 1,440 slices: overspent.
        WindowSpan day = new WindowSpan(ORIGIN, ORIGIN + DAY);
        Objective o = objective(0.99, Window.rolling(Duration.ofDays(1))).budgetingMethod(BudgetingMethod.RATIO_TIMESLICES)
                .build();
        SloStatus status = evaluate(o, new SliMeasurement(day, SliUnit.SLICES, 1_440 - 14.4, 14.4, 0), day.endMillis());
        assertTrue(new BigDecimal(14.4).compareTo(new BigDecimal("14.4")) > 0);
        assertEquals(Verdict.MISSED, status.verdict());
        assertEquals(Math.nextUp(1.0), status.budget().consumedFraction());
    }

    @Test
    void anOverspentBudgetIsMissedHoweverLittleOfTheWindowWasObserved() {
        // 400 bad minutes in the first three days of 21 at 99 % (allowed 302.4 min).
        WindowSpan window = new WindowSpan(ORIGIN, ORIGIN + 21 * DAY);
        Coverage coverage = Coverage.of(window, 3 * DAY, new WindowSpan(ORIGIN, ORIGIN + 3 * DAY));
        SliMeasurement m = new SliMeasurement(window, SliUnit.MILLISECONDS, 3 * DAY - 400 * MINUTE, 400 * MINUTE,
                18 * DAY, coverage);
        SloStatus status = evaluate(objective(0.99, Window.rolling(Duration.ofDays(21))).build(), m, window.endMillis());
        assertEquals(Verdict.MISSED, status.verdict());
        assertEquals(400 / 302.4, status.budget().consumedFraction(), 1e-15);
        assertEquals(Optional.of(Duration.ZERO), status.projection().timeToExhaustion());
    }

    @Test
    void nothingObservedIsNoDataUnlessThePolicyCountsItBad() {
        WindowSpan week = new WindowSpan(ORIGIN, ORIGIN + 7 * DAY);
        SliMeasurement unknown = new SliMeasurement(week, SliUnit.MILLISECONDS, 0, 0, 7 * DAY, Coverage.none(week));
        Window rolling = Window.rolling(Duration.ofDays(7));
        assertEquals(Verdict.NO_DATA, evaluate(objective(0.99, rolling).build(), unknown, week.endMillis()).verdict());
        assertEquals(Verdict.NO_DATA, evaluate(objective(0.99, rolling).missingDataPolicy(MissingDataPolicy.GOOD).build(),
                unknown, week.endMillis()).verdict());
        SloStatus bad = evaluate(objective(0.99, rolling).missingDataPolicy(MissingDataPolicy.BAD).build(), unknown,
                week.endMillis());
        assertEquals(Verdict.MISSED, bad.verdict());
        assertEquals(100.0, bad.budget().consumedFraction(), 1e-12);
    }

    @Test
    void aCalendarPeriodHalfOverIsNeverMetAndProjectsItsBurnOverTheRest() {
        // Weekly periods from Monday 2024-01-01; at Thursday noon 3.5 days have elapsed, all observed.
        Window calendar = Window.calendar(LocalDate.of(2024, 1, 1), Period.ofWeeks(1), ZoneOffset.UTC);
        long at = ORIGIN + 3 * DAY + DAY / 2;
        WindowSpan elapsed = new WindowSpan(ORIGIN, at);
        Objective o = objective(0.99, calendar).build(); // allows 100.8 min a week

        SloStatus calm = evaluate(o, new SliMeasurement(elapsed, SliUnit.MILLISECONDS, at - ORIGIN - 30 * MINUTE,
                30 * MINUTE, 0), at);
        assertEquals(Verdict.ON_TRACK, calm.verdict());
        assertEquals("3.5 d of 7 d observed", calm.coverage().describe());
        assertEquals(60.0, calm.projection().consumedMinutes()); // 30 more minutes in the other 3.5 days
        assertEquals(100.8, calm.projection().allowedMinutes());
        assertEquals(Optional.empty(), calm.projection().timeToExhaustion());

        SloStatus burning = evaluate(o, new SliMeasurement(elapsed, SliUnit.MILLISECONDS, at - ORIGIN - 60 * MINUTE,
                60 * MINUTE, 0), at);
        assertEquals(Verdict.AT_RISK, burning.verdict());
        assertEquals(120.0, burning.projection().consumedMinutes());
        // (100.8 − 60) min × 5040 min ÷ 60 min = 3427.2 min
        assertEquals(Optional.of(Duration.ofMillis(205_632_000)), burning.projection().timeToExhaustion());
    }

    @Test
    void aCompletelyObservedRollingWindowUnderTheGoodPolicyStillNeedsEveryMinuteObservedToBeMet() {
        // Unknown time counted good leaves nothing undecided, but the window is not completely observed.
        WindowSpan day = new WindowSpan(ORIGIN, ORIGIN + DAY);
        SliMeasurement m = new SliMeasurement(day, SliUnit.MILLISECONDS, DAY / 2 - MINUTE, MINUTE, DAY / 2,
                Coverage.of(day, DAY / 2, new WindowSpan(ORIGIN + DAY / 2, ORIGIN + DAY)));
        SloStatus status = evaluate(objective(0.99, Window.rolling(Duration.ofDays(1)))
                .missingDataPolicy(MissingDataPolicy.GOOD).build(), m, day.endMillis());
        assertEquals(Verdict.ON_TRACK, status.verdict());
        assertEquals(0, status.projection().undecidedMillis());
        assertEquals(1.0, status.projection().consumedMinutes());
    }

    // ---- brute force -------------------------------------------------------------------------------

    private static final double[] TARGETS = {0.5, 0.8, 0.9, 0.95, 0.99, 0.992, 0.995, 0.999};
    private static final SliUnit[] UNITS = {SliUnit.MILLISECONDS, SliUnit.SLICES, SliUnit.EVENTS,
        SliUnit.REPLICA_MILLISECONDS};

    /** Per-minute amounts from ORIGIN, with which minutes were observed; sums minute by minute. */
    private record History(SliUnit unit, double[] good, double[] bad, double[] unknown, boolean[] observed)
            implements Indicator {
        @Override
        public SliMeasurement measure(WindowSpan span) {
            int from = (int) Math.max(0, (span.startMillis() - ORIGIN) / MINUTE);
            int to = (int) Math.min(good.length, Math.max(0, (span.endMillis() - ORIGIN) / MINUTE));
            double g = 0;
            double b = 0;
            double u = (span.endMillis() - span.startMillis()) / MINUTE - Math.max(0, to - from);
            u *= unitPerMinute();
            int first = -1;
            int last = -1;
            long count = 0;
            for (int i = from; i < to; i++) {
                g += good[i];
                b += bad[i];
                u += unknown[i];
                if (observed[i]) {
                    count++;
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            Coverage c = count == 0 ? Coverage.none(span) : Coverage.of(span, count * MINUTE,
                    new WindowSpan(ORIGIN + first * MINUTE, ORIGIN + (last + 1) * MINUTE));
            return new SliMeasurement(span, unit, g, b, u, c);
        }

        double unitPerMinute() {
            return unit == SliUnit.MILLISECONDS ? MINUTE : unit == SliUnit.SLICES ? 1 : 0;
        }
    }

    private static History randomHistory(Random random, SliUnit unit, int minutes) {
        double[] good = new double[minutes];
        double[] bad = new double[minutes];
        double[] unknown = new double[minutes];
        boolean[] observed = new boolean[minutes];
        // observed from a random start to a random end, with random gaps; bad in bursts at a random rate
        int start = random.nextInt(4) == 0 ? 0 : random.nextInt(minutes);
        int end = random.nextInt(3) == 0 ? minutes : start + random.nextInt(minutes - start + 1);
        double gapRate = random.nextInt(3) == 0 ? 0 : random.nextDouble() * 0.2;
        double badRate = random.nextDouble() * random.nextDouble() * 0.05;
        boolean ratio = random.nextBoolean();
        for (int i = 0; i < minutes; i++) {
            observed[i] = i >= start && i < end && random.nextDouble() >= gapRate;
            boolean isBad = random.nextDouble() < badRate;
            switch (unit) {
                case MILLISECONDS -> {
                    if (observed[i]) {
                        bad[i] = isBad ? 1 + random.nextInt((int) MINUTE) : 0;
                        good[i] = MINUTE - bad[i];
                    } else {
                        unknown[i] = MINUTE;
                    }
                }
                case SLICES -> {
                    if (observed[i]) {
                        bad[i] = !isBad ? 0 : ratio ? random.nextDouble() : 1;
                        good[i] = 1 - bad[i];
                    } else {
                        unknown[i] = 1;
                    }
                }
                case EVENTS -> {
                    if (observed[i]) {
                        good[i] = random.nextInt(20);
                        bad[i] = isBad ? 1 + random.nextInt(5) : 0;
                    }
                }
                default -> {
                    if (observed[i]) {
                        int desired = 1 + random.nextInt(3);
                        bad[i] = isBad ? 1 + random.nextInt((int) MINUTE * desired) : 0;
                        good[i] = desired * MINUTE - bad[i];
                    }
                }
            }
        }
        return new History(unit, good, bad, unknown, observed);
    }

    @Test
    void verdictAndBudgetNeverDisagreeOnThousandsOfRandomHistories() {
        Random random = new Random(6_2024_0601L);
        int[] seen = new int[Verdict.values().length];
        int minutes = 3 * 1_440;
        for (int n = 0; n < 4_000; n++) {
            SliUnit unit = UNITS[random.nextInt(UNITS.length)];
            double target = TARGETS[random.nextInt(TARGETS.length)];
            MissingDataPolicy policy = MissingDataPolicy.values()[random.nextInt(3)];
            boolean calendar = random.nextBoolean();
            Window window = calendar ? Window.calendar(LocalDate.of(2024, 1, 1), Period.ofDays(1), ZoneOffset.UTC)
                    : Window.rolling(Duration.ofMinutes(60 + random.nextInt(1_440)));
            Objective.Builder b = objective(target, window).missingDataPolicy(policy);
            if (unit == SliUnit.SLICES) {
                b.budgetingMethod(BudgetingMethod.RATIO_TIMESLICES);
            }
            Objective objective = b.build();
            History history = randomHistory(random, unit, minutes);
            long at = ORIGIN + 1_440 * MINUTE + (long) (random.nextDouble() * (minutes - 1_440) * MINUTE);
            String where = "history " + n + ": " + unit + ", " + target + ", " + policy + ", " + window + " at " + at;

            SloStatus status = Slo.evaluate(objective, history, at, GRID);

            // Independently: the span and period, the exact budget, the coverage and the projection.
            long end = ORIGIN + (at - ORIGIN) / MINUTE * MINUTE;
            long periodStart = calendar ? ORIGIN + (at - ORIGIN) / DAY * DAY
                    : end - ((dev.sli.core.window.RollingWindow) window).lengthMillis();
            long periodEnd = calendar ? periodStart + DAY : end;
            int from = (int) ((periodStart - ORIGIN) / MINUTE);
            int to = (int) ((end - ORIGIN) / MINUTE);
            double good = 0;
            double bad = 0;
            double unknown = 0;
            long observedMinutes = 0;
            for (int i = from; i < to; i++) {
                good += history.good[i];
                bad += history.bad[i];
                unknown += history.unknown[i];
                observedMinutes += history.observed[i] ? 1 : 0;
            }
            double consumedAmount = policy == MissingDataPolicy.BAD ? bad + unknown : bad;
            double knownAmount = good + bad + (policy == MissingDataPolicy.EXCLUDE ? 0 : unknown);
            BigDecimal allowedBad = BigDecimal.ONE.subtract(new BigDecimal(Double.toString(target)));
            BigDecimal consumed = new BigDecimal(consumedAmount);
            long periodMinutes = (periodEnd - periodStart) / MINUTE;
            BigDecimal allowed = switch (unit) {
                case MILLISECONDS -> allowedBad.multiply(BigDecimal.valueOf(periodMinutes * MINUTE));
                case SLICES -> allowedBad.multiply(BigDecimal.valueOf(periodMinutes));
                default -> allowedBad.multiply(new BigDecimal(knownAmount));
            };
            boolean overspent = consumed.compareTo(allowed) > 0;
            boolean complete = observedMinutes == periodMinutes;
            boolean timeUnit = unit == SliUnit.MILLISECONDS || unit == SliUnit.SLICES;
            long undecidedMinutes = timeUnit && policy != MissingDataPolicy.EXCLUDE
                    ? (periodEnd - end) / MINUTE : periodMinutes - observedMinutes;
            boolean projectedOver = overspent || (timeUnit && observedMinutes > 0 && consumed
                    .multiply(BigDecimal.valueOf(observedMinutes)).add(new BigDecimal(bad)
                            .multiply(BigDecimal.valueOf(undecidedMinutes)))
                    .compareTo(allowed.multiply(BigDecimal.valueOf(observedMinutes))) > 0);
            Verdict expected = overspent ? Verdict.MISSED : complete ? Verdict.MET : observedMinutes == 0
                    ? Verdict.NO_DATA : projectedOver ? Verdict.AT_RISK : Verdict.ON_TRACK;

            assertEquals(expected, status.verdict(), where);
            seen[expected.ordinal()]++;
            assertEquals(overspent, status.budget().isOverspent(), where);
            // what a reader sees can never contradict the verdict either
            assertEquals(status.verdict() == Verdict.MISSED, status.budget().consumedFraction() > 1, where);
            assertEquals(status.verdict() == Verdict.MET, status.targetMet(), where);
            assertEquals(complete, status.coverage().isComplete(), where);
            assertEquals(observedMinutes * MINUTE, status.coverage().observedMillis(), where);
            assertEquals(periodEnd - periodStart, status.coverage().window().lengthMillis(), where);
            BudgetProjection p = status.projection();
            if (observedMinutes > 0) {
                assertEquals(undecidedMinutes * MINUTE, p.undecidedMillis(), where);
            }
            assertEquals(projectedOver, p.isOverspent(), where);
            assertEquals(p.isOverspent(), p.consumedFraction() > 1, where);
            if (status.verdict() == Verdict.AT_RISK) {
                Duration left = p.timeToExhaustion().orElseThrow(() -> new AssertionError(where));
                assertTrue(left.toMillis() <= p.undecidedMillis(), where);
                // at the current burn, the budget left lasts left × bad ÷ observed (rounded up to the millisecond)
                BigDecimal spentBy = new BigDecimal(bad).multiply(BigDecimal.valueOf(left.toMillis()))
                        .divide(BigDecimal.valueOf(observedMinutes * MINUTE), MathContext.DECIMAL128);
                assertTrue(spentBy.compareTo(allowed.subtract(consumed)) >= 0, where);
                BigDecimal spentBefore = new BigDecimal(bad).multiply(BigDecimal.valueOf(left.toMillis() - 1))
                        .divide(BigDecimal.valueOf(observedMinutes * MINUTE), MathContext.DECIMAL128);
                assertTrue(spentBefore.compareTo(allowed.subtract(consumed)) < 0, where);
            } else if (!timeUnit && status.verdict() == Verdict.ON_TRACK) {
                BigDecimal fraction = allowed.signum() == 0 ? BigDecimal.ZERO : consumed.divide(allowed, MathContext.DECIMAL128);
                assertEquals(fraction.doubleValue(), p.consumedFraction(), 1e-12, where);
            }
        }
        for (Verdict v : Verdict.values()) {
            assertTrue(seen[v.ordinal()] >= 20, "only " + seen[v.ordinal()] + " histories were " + v);
        }
    }
}
