package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.slo.AlertEvaluation.Decision;
import dev.sli.core.slo.AlertEvaluation.TierResult;
import dev.sli.core.slo.AlertTier.Severity;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluates objectives against seeded random per-minute data at many random instants and checks every
 * number against a direct computation written here: exact sums (integers in eighths) and decimal
 * arithmetic, without the library's spans, measurements or rounding.
 */
class BruteForceReferenceTest {

    private static final long MINUTE = 60_000;
    private static final long ORIGIN = 1_704_067_200_000L; // 2024-01-01T00:00Z, a Monday
    private static final int DAY = 1440;
    private static final int WEEK = 7 * DAY;
    private static final int MINUTES = 33 * DAY;
    private static final int INSTANTS = 300;
    /** Amounts are kept exactly as longs in eighths (ratio slices are multiples of 1/8). */
    private static final BigDecimal EIGHTHS = BigDecimal.valueOf(8);

    enum Shape { EVENTS, TIME, TIMESLICES, RATIO_TIMESLICES }

    record TierSpec(Severity severity, String fraction, int longMinutes, int shortMinutes) {
        AlertTier tier() {
            return AlertTier.of(severity, Double.parseDouble(fraction), Duration.ofMinutes(longMinutes),
                    Duration.ofMinutes(shortMinutes));
        }
    }

    private static final List<TierSpec> WORKBOOK_TIERS = List.of(
            new TierSpec(Severity.PAGE, "0.02", 60, 5),
            new TierSpec(Severity.PAGE, "0.05", 360, 30),
            new TierSpec(Severity.TICKET, "0.1", DAY, 120),
            new TierSpec(Severity.TICKET, "0.1", 3 * DAY, 360));

    private static final List<TierSpec> CUSTOM_TIERS = List.of(
            new TierSpec(Severity.TICKET, "0.1", 2 * DAY, 240),
            new TierSpec(Severity.PAGE, "0.01", 30, 5),
            new TierSpec(Severity.TICKET, "0.05", 720, 60),
            new TierSpec(Severity.PAGE, "0.02", 120, 10));

    /**
     * One configuration; {@code periodDays} 0 means calendar weeks from {@link #ORIGIN} in UTC.
     */
    record Case(String name, Shape shape, MissingDataPolicy policy, String target, int periodDays,
            List<TierSpec> tiers, long seed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("events, exclude, 99 %, rolling 30 d", Shape.EVENTS, MissingDataPolicy.EXCLUDE, "0.99", 30, WORKBOOK_TIERS, 1),
                new Case("events, good, 99.5 %, rolling 30 d", Shape.EVENTS, MissingDataPolicy.GOOD, "0.995", 30, WORKBOOK_TIERS, 2),
                new Case("events, bad, 99 %, rolling 21 d", Shape.EVENTS, MissingDataPolicy.BAD, "0.99", 21, WORKBOOK_TIERS, 3),
                new Case("events, exclude, 99.5 %, calendar weeks, custom tiers", Shape.EVENTS, MissingDataPolicy.EXCLUDE, "0.995", 0, CUSTOM_TIERS, 4),
                new Case("time, exclude, 99.2 %, rolling 21 d", Shape.TIME, MissingDataPolicy.EXCLUDE, "0.992", 21, WORKBOOK_TIERS, 5),
                new Case("time, bad, 99 %, calendar weeks", Shape.TIME, MissingDataPolicy.BAD, "0.99", 0, WORKBOOK_TIERS, 6),
                new Case("timeslices, exclude, 99 %, rolling 21 d", Shape.TIMESLICES, MissingDataPolicy.EXCLUDE, "0.99", 21, WORKBOOK_TIERS, 7),
                new Case("ratio timeslices, good, 99.5 %, rolling 28 d, custom tiers", Shape.RATIO_TIMESLICES, MissingDataPolicy.GOOD, "0.995", 28, CUSTOM_TIERS, 8),
                new Case("ratio timeslices, bad, 99 %, calendar weeks", Shape.RATIO_TIMESLICES, MissingDataPolicy.BAD, "0.99", 0, WORKBOOK_TIERS, 9));
    }

    /**
     * Minutes around the data that windows and burn-rate windows reach: 28 days back from 4 days before
     * the data, and the last instants' two hours after it, rounded up.
     */
    private static final int PAD_BEFORE = 35 * DAY;
    private static final int PAD_AFTER = DAY;

    /**
     * The random data: per-minute amounts in eighths, with prefix sums for the direct computation. For the
     * slice shapes, every minute outside the data is an unknown slice, as a slice indicator over a series
     * reports it (an error budget in slices takes the slice length from good + bad + unknown covering the span).
     */
    static final class Data {
        final boolean slices;
        final long[] good = new long[MINUTES];
        final long[] bad = new long[MINUTES];
        final long[] unknown = new long[MINUTES];
        final long[] goodSum = new long[MINUTES + 1];
        final long[] badSum = new long[MINUTES + 1];
        final long[] unknownSum = new long[MINUTES + 1];

        Data(Shape shape, SplittableRandom random) {
            slices = shape == Shape.TIMESLICES || shape == Shape.RATIO_TIMESLICES;
            double[] errorRate = new double[MINUTES];
            boolean[] gap = new boolean[MINUTES];
            Arrays.fill(errorRate, 0.002);
            for (int day = 0; day < MINUTES / DAY; day++) {
                double kind = random.nextDouble();
                int incidents = kind < 0.4 ? 0 : kind < 0.75 ? 1 : 1 + random.nextInt(3);
                for (int i = 0; i < incidents; i++) {
                    boolean severe = kind >= 0.75;
                    double rate = severe ? new double[] {0.1, 0.2, 0.5, 1.0}[random.nextInt(4)]
                            : new double[] {0.02, 0.04, 0.07}[random.nextInt(3)];
                    int length = severe ? 3 + random.nextInt(240) : 60 + random.nextInt(600);
                    int start = day * DAY + random.nextInt(DAY);
                    for (int m = start; m < Math.min(MINUTES, start + length); m++) {
                        errorRate[m] = rate;
                    }
                }
                if (random.nextDouble() < 0.3) {
                    int start = day * DAY + random.nextInt(DAY);
                    for (int m = start; m < Math.min(MINUTES, start + 1 + random.nextInt(90)); m++) {
                        gap[m] = true;
                    }
                }
            }
            for (int m = 0; m < MINUTES; m++) {
                double p = errorRate[m];
                switch (shape) {
                    case EVENTS -> {
                        int traffic = 20 + random.nextInt(100);
                        int unknownEvents = gap[m] ? traffic : random.nextDouble() < 0.05 ? random.nextInt(5) : 0;
                        int badEvents = binomial(random, traffic - unknownEvents, p);
                        set(m, traffic - unknownEvents - badEvents, badEvents, unknownEvents, 8);
                    }
                    case TIME -> {
                        long badMillis = gap[m] ? 0 : binomial(random, 60, p) * 1000L;
                        set(m, gap[m] ? 0 : MINUTE - badMillis, badMillis, gap[m] ? MINUTE : 0, 8);
                    }
                    case TIMESLICES -> {
                        boolean bad = !gap[m] && random.nextDouble() < p;
                        set(m, gap[m] || bad ? 0 : 1, bad ? 1 : 0, gap[m] ? 1 : 0, 8);
                    }
                    case RATIO_TIMESLICES -> {
                        int badEighths = gap[m] ? 0 : binomial(random, 8, p);
                        set(m, gap[m] ? 0 : 8 - badEighths, badEighths, gap[m] ? 8 : 0, 1);
                    }
                    default -> throw new AssertionError(shape);
                }
            }
            for (int m = 0; m < MINUTES; m++) {
                goodSum[m + 1] = goodSum[m] + good[m];
                badSum[m + 1] = badSum[m] + bad[m];
                unknownSum[m + 1] = unknownSum[m] + unknown[m];
            }
        }

        private void set(int minute, long goodAmount, long badAmount, long unknownAmount, int eighthsPerUnit) {
            good[minute] = goodAmount * eighthsPerUnit;
            bad[minute] = badAmount * eighthsPerUnit;
            unknown[minute] = unknownAmount * eighthsPerUnit;
        }

        private static int binomial(SplittableRandom random, int n, double p) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() < p) {
                    k++;
                }
            }
            return k;
        }

        MinuteIndicator indicator(SliUnit unit) {
            if (slices) {
                MinuteIndicator indicator = new MinuteIndicator(ORIGIN - PAD_BEFORE * MINUTE, unit,
                        PAD_BEFORE + MINUTES + PAD_AFTER).fill(0, PAD_BEFORE + MINUTES + PAD_AFTER, 0, 0, 1);
                for (int m = 0; m < MINUTES; m++) {
                    indicator.fill(PAD_BEFORE + m, PAD_BEFORE + m + 1, good[m] / 8.0, bad[m] / 8.0, unknown[m] / 8.0);
                }
                return indicator;
            }
            MinuteIndicator indicator = new MinuteIndicator(ORIGIN, unit, MINUTES);
            for (int m = 0; m < MINUTES; m++) {
                indicator.fill(m, m + 1, good[m] / 8.0, bad[m] / 8.0, unknown[m] / 8.0);
            }
            return indicator;
        }

        /**
         * Good and bad in eighths over minutes {@code [from, to)} under {@code policy}: clipped to the data,
         * except that for the slice shapes each minute outside it is an unknown slice.
         */
        long[] goodAndBad(int from, int to, MissingDataPolicy policy) {
            int a = Math.max(0, Math.min(MINUTES, from));
            int b = Math.max(0, Math.min(MINUTES, to));
            long g = goodSum[b] - goodSum[a];
            long x = badSum[b] - badSum[a];
            long u = unknownSum[b] - unknownSum[a] + (slices ? 8L * ((to - from) - (b - a)) : 0);
            return new long[] {policy == MissingDataPolicy.GOOD ? g + u : g, policy == MissingDataPolicy.BAD ? x + u : x};
        }
    }

    private static SliUnit unitOf(Shape shape) {
        return switch (shape) {
            case EVENTS -> SliUnit.EVENTS;
            case TIME -> SliUnit.MILLISECONDS;
            case TIMESLICES, RATIO_TIMESLICES -> SliUnit.SLICES;
        };
    }

    private static Objective objectiveOf(Case c) {
        List<AlertTier> tiers = new ArrayList<>();
        c.tiers().forEach(t -> tiers.add(t.tier()));
        Objective.Builder builder = Objective.builder().name(c.name()).target(Double.parseDouble(c.target()))
                .window(c.periodDays() == 0
                        ? Window.calendar(LocalDate.of(2024, 1, 1), Period.ofWeeks(1), ZoneOffset.UTC)
                        : Window.rolling(Duration.ofDays(c.periodDays())))
                .missingDataPolicy(c.policy()).alertPolicy(AlertPolicy.of(tiers));
        return switch (c.shape()) {
            case TIMESLICES -> builder.budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(0.9).build();
            case RATIO_TIMESLICES -> builder.budgetingMethod(BudgetingMethod.RATIO_TIMESLICES).build();
            default -> builder.build();
        };
    }

    private static BigDecimal amount(long eighths) {
        return BigDecimal.valueOf(eighths).divide(EIGHTHS);
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(expected - actual) <= tolerance * Math.abs(expected),
                what + ": expected " + expected + " but was " + actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyNumberMatchesADirectComputation(Case c) {
        SplittableRandom random = new SplittableRandom(c.seed());
        Data data = new Data(c.shape(), random);
        MinuteIndicator indicator = data.indicator(unitOf(c.shape()));
        Objective objective = objectiveOf(c);
        BigDecimal target = new BigDecimal(c.target());
        BigDecimal allowedBad = BigDecimal.ONE.subtract(target);
        Map<Decision, Integer> decisions = new EnumMap<>(Decision.class);
        int suppressedSeen = 0;
        int noDataSeen = 0;
        int exhaustedSeen = 0;
        int projectedSeen = 0;

        for (int i = 0; i < INSTANTS; i++) {
            // Mostly anywhere in the data (give or take two hours); some before and just after its start.
            long at = random.nextInt(20) == 0
                    ? ORIGIN - 4 * DAY * MINUTE + random.nextLong((4 * DAY + 10) * MINUTE)
                    : ORIGIN - 120 * MINUTE + random.nextLong((MINUTES + 240) * MINUTE);
            if (random.nextInt(4) == 0) {
                at = ORIGIN + Math.floorDiv(at - ORIGIN, MINUTE) * MINUTE;
            }
            String where = c + " at minute " + (at - ORIGIN) / (double) MINUTE;

            // The direct computation: windows end at the start of the minute containing `at`.
            int end = (int) Math.floorDiv(at - ORIGIN, MINUTE);
            int periodStart;
            int periodMinutes;
            int spanStart;
            if (c.periodDays() == 0) {
                periodStart = Math.floorDiv(end, WEEK) * WEEK;
                periodMinutes = WEEK;
                spanStart = periodStart;
            } else {
                periodMinutes = c.periodDays() * DAY;
                periodStart = end - periodMinutes;
                spanStart = periodStart;
            }
            long[] window = data.goodAndBad(spanStart, end, c.policy());
            long known = window[0] + window[1];
            BigDecimal consumed = amount(window[1]);
            BigDecimal allowed = switch (c.shape()) {
                case EVENTS -> allowedBad.multiply(amount(known));
                case TIME -> allowedBad.multiply(BigDecimal.valueOf(periodMinutes * MINUTE));
                default -> allowedBad.multiply(BigDecimal.valueOf(periodMinutes));
            };
            BigDecimal remaining = allowed.subtract(consumed);

            SloStatus status = Slo.evaluate(objective, indicator, at, BucketGrid.DEFAULT);

            assertEquals(ORIGIN + spanStart * MINUTE, status.span().startMillis(), where);
            assertEquals(ORIGIN + end * MINUTE, status.span().endMillis(), where);
            assertEquals(ORIGIN + (periodStart + periodMinutes) * MINUTE, status.budget().period().endMillis(), where);
            if (known == 0) {
                noDataSeen++;
                assertEquals(OptionalDouble.empty(), status.ratio(), where);
            } else {
                BigDecimal ratio = BigDecimal.valueOf(window[0]).divide(BigDecimal.valueOf(known), MathContext.DECIMAL128);
                assertRelative(ratio.doubleValue(), status.ratio().getAsDouble(), 1e-15, where + " ratio");
            }
            ErrorBudget budget = status.budget();
            assertEquals(consumed.compareTo(allowed) > 0, status.verdict() == Verdict.MISSED, where + " missed");
            assertEquals(allowed.doubleValue(), budget.allowed(), where + " allowed");
            assertEquals(consumed.doubleValue(), budget.consumed(), where + " consumed");
            assertEquals(remaining.doubleValue(), budget.remaining(), where + " remaining");
            assertEquals(allowed.signum() == 0 ? 0 : consumed.divide(allowed, MathContext.DECIMAL128).doubleValue(),
                    budget.consumedFraction(), where + " consumed fraction");
            if (c.shape() != Shape.EVENTS) {
                BigDecimal minutesPerUnit = c.shape() == Shape.TIME
                        ? BigDecimal.ONE.divide(BigDecimal.valueOf(MINUTE), MathContext.DECIMAL128) : BigDecimal.ONE;
                assertRelative(allowed.multiply(minutesPerUnit).doubleValue(), budget.allowedMinutes(), 1e-15, where);
                assertRelative(remaining.multiply(minutesPerUnit).doubleValue(), budget.remainingMinutes(), 1e-15, where);
            }

            // Burn rates and alerts, tier by tier, in the policy's order.
            boolean[] firing = new boolean[c.tiers().size()];
            List<TierSpec> specs = new ArrayList<>(c.tiers());
            specs.sort((x, y) -> x.severity() != y.severity()
                    ? x.severity().compareTo(y.severity()) : Integer.compare(x.longMinutes(), y.longMinutes()));
            Decision expectedDecision = Decision.NONE;
            for (int t = 0; t < specs.size(); t++) {
                TierSpec spec = specs.get(t);
                TierResult result = status.alerts().tiers().get(t);
                assertEquals(spec.tier(), result.tier(), where);
                BigDecimal fractionTimesPeriod = new BigDecimal(spec.fraction()).multiply(BigDecimal.valueOf(periodMinutes));
                assertRelative(fractionTimesPeriod.divide(BigDecimal.valueOf(spec.longMinutes()), MathContext.DECIMAL128)
                        .doubleValue(), result.factor(), 1e-15, where + " factor");
                BigDecimal threshold = fractionTimesPeriod.multiply(allowedBad);
                boolean longReaches = checkBurn(data, c, spec, end - spec.longMinutes(), end, threshold, allowedBad,
                        result.longBurn(), where + " long burn of " + spec);
                boolean shortReaches = checkBurn(data, c, spec, end - spec.shortMinutes(), end, threshold, allowedBad,
                        result.shortBurn(), where + " short burn of " + spec);
                firing[t] = longReaches && shortReaches;
                boolean suppressed = false;
                for (int f = 0; f < t; f++) {
                    TierSpec faster = specs.get(f);
                    suppressed |= faster.severity() == spec.severity() && faster.longMinutes() < spec.longMinutes() && firing[f];
                }
                assertEquals(firing[t], result.firing(), where + " firing of " + spec);
                assertEquals(suppressed, result.suppressed(), where + " suppressed of " + spec);
                suppressedSeen += suppressed ? 1 : 0;
                if (firing[t] && (spec.severity() == Severity.PAGE || expectedDecision == Decision.NONE)) {
                    expectedDecision = spec.severity() == Severity.PAGE ? Decision.PAGE : Decision.TICKET;
                }
            }
            assertEquals(expectedDecision, status.alerts().decision(), where + " decision");
            decisions.merge(expectedDecision, 1, Integer::sum);

            // Time to exhaustion at the burn of the last hour.
            BurnRate lastHour = Slo.burnRate(objective, indicator, Duration.ofHours(1), at, BucketGrid.DEFAULT);
            long[] hour = data.goodAndBad(end - 60, end, c.policy());
            Optional<Duration> left = budget.timeToExhaustion(lastHour);
            if (consumed.signum() > 0 && remaining.signum() <= 0) {
                exhaustedSeen++;
                assertEquals(Optional.of(Duration.ZERO), left, where);
            } else if (hour[1] == 0 || allowed.signum() == 0) {
                assertEquals(Optional.empty(), left, where);
            } else {
                projectedSeen++;
                // remaining ÷ allowed × period ÷ (bad ÷ (known × (1 − target))) over the last hour
                double expectedMillis = remaining.multiply(BigDecimal.valueOf(periodMinutes * MINUTE))
                        .multiply(BigDecimal.valueOf(hour[0] + hour[1])).multiply(allowedBad)
                        .divide(allowed.multiply(BigDecimal.valueOf(hour[1])), MathContext.DECIMAL128).doubleValue();
                double actualMillis = left.orElseThrow().toMillis();
                assertTrue(Math.abs(expectedMillis - actualMillis) <= Math.max(1, 1e-12 * expectedMillis),
                        where + " time to exhaustion: expected " + expectedMillis + " ms but was " + actualMillis);
            }
        }

        // The data must exercise every outcome, or the comparisons above prove little.
        String seen = c + ": decisions " + decisions + ", suppressed " + suppressedSeen + ", no data " + noDataSeen
                + ", exhausted " + exhaustedSeen + ", projected " + projectedSeen;
        assertTrue(decisions.getOrDefault(Decision.PAGE, 0) >= 5, seen);
        assertTrue(decisions.getOrDefault(Decision.TICKET, 0) >= 5, seen);
        assertTrue(decisions.getOrDefault(Decision.NONE, 0) >= 5, seen);
        assertTrue(suppressedSeen >= 5, seen);
        // unknown slices (every minute outside the data) count under GOOD and BAD, so no window lacks data there
        boolean unknownCounts = data.slices && c.policy() != MissingDataPolicy.EXCLUDE;
        assertTrue(unknownCounts ? noDataSeen == 0 : noDataSeen >= 3, seen);
        assertTrue(exhaustedSeen >= 5, seen);
        assertTrue(projectedSeen >= 5, seen);
    }

    /** Checks one burn rate against the direct computation; returns whether it reaches the tier's threshold. */
    private static boolean checkBurn(Data data, Case c, TierSpec spec, int from, int to, BigDecimal threshold,
            BigDecimal allowedBad, BurnRate burn, String where) {
        long[] window = data.goodAndBad(from, to, c.policy());
        long known = window[0] + window[1];
        assertEquals(ORIGIN + from * MINUTE, burn.span().startMillis(), where);
        assertEquals(ORIGIN + to * MINUTE, burn.span().endMillis(), where);
        assertEquals(known != 0, burn.hasData(), where);
        if (known == 0) {
            assertEquals(0.0, burn.rate(), where);
            return false;
        }
        BigDecimal rate = BigDecimal.valueOf(window[1])
                .divide(BigDecimal.valueOf(known).multiply(allowedBad), MathContext.DECIMAL128);
        assertRelative(rate.doubleValue(), burn.rate(), 1e-15, where + " rate");
        // rate ≥ fraction × period ÷ long window, multiplied out: bad × long ≥ fraction × period × (1 − target) × known
        return BigDecimal.valueOf(window[1]).multiply(BigDecimal.valueOf(spec.longMinutes()))
                .compareTo(threshold.multiply(BigDecimal.valueOf(known))) >= 0;
    }
}
