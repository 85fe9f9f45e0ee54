package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BurnRateTest {

    private static final WindowSpan HOUR = new WindowSpan(0, 3_600_000);

    private static Objective objective(MissingDataPolicy policy) {
        return Objective.builder().name("errors").target(0.99).window(Window.rolling(Duration.ofDays(30)))
                .missingDataPolicy(policy).build();
    }

    private static BurnRate burn(MissingDataPolicy policy, double good, double bad, double unknown) {
        return BurnRate.of(objective(policy), new SliMeasurement(HOUR, SliUnit.EVENTS, good, bad, unknown));
    }

    @Test
    void rateIsBadFractionOverAllowedBadFraction() {
        BurnRate burn = burn(MissingDataPolicy.EXCLUDE, 856, 144, 0);
        assertTrue(burn.hasData());
        assertEquals(0.144, burn.badFraction());
        assertEquals(14.4, burn.rate());
        assertEquals(0.99, burn.target());
        assertEquals(HOUR, burn.span());
    }

    @Test
    void sustainableBurnIsOne() {
        assertEquals(1.0, burn(MissingDataPolicy.EXCLUDE, 99, 1, 0).rate());
    }

    @Test
    void allBadBurnsAtOneOverOneMinusTarget() {
        assertEquals(100.0, burn(MissingDataPolicy.EXCLUDE, 0, 7, 0).rate());
    }

    @Test
    void excludedUnknownLeavesTheRateAsIfItWereNotThere() {
        assertEquals(10.0, burn(MissingDataPolicy.EXCLUDE, 90, 10, 900).rate());
    }

    @Test
    void unknownCountedGoodDilutesTheRate() {
        assertEquals(1.0, burn(MissingDataPolicy.GOOD, 90, 10, 900).rate());
    }

    @Test
    void unknownCountedBadRaisesTheRate() {
        assertEquals(91.0, burn(MissingDataPolicy.BAD, 90, 10, 900).rate());
    }

    @Test
    void emptySpanHasNoDataAndRateZero() {
        BurnRate burn = burn(MissingDataPolicy.EXCLUDE, 0, 0, 0);
        assertFalse(burn.hasData());
        assertEquals(0.0, burn.rate());
        assertEquals(0.0, burn.badFraction());
    }

    @Test
    void onlyUnknownIsNoDataWhenExcluded() {
        BurnRate burn = burn(MissingDataPolicy.EXCLUDE, 0, 0, 50);
        assertFalse(burn.hasData());
        assertEquals(0.0, burn.rate());
    }

    @Test
    void onlyUnknownIsDataWhenCountedGoodOrBad() {
        BurnRate good = burn(MissingDataPolicy.GOOD, 0, 0, 50);
        BurnRate bad = burn(MissingDataPolicy.BAD, 0, 0, 50);
        assertTrue(good.hasData());
        assertEquals(0.0, good.rate());
        assertTrue(bad.hasData());
        assertEquals(100.0, bad.rate());
    }

    @Test
    void carriesItsMeasurement() {
        SliMeasurement measurement = new SliMeasurement(HOUR, SliUnit.EVENTS, 1, 2, 3);
        assertSame(measurement, BurnRate.of(objective(MissingDataPolicy.EXCLUDE), measurement).measurement());
    }

    @Test
    void ratioTimeslicesBurnOnTheSumOfBadRatios() {
        Objective objective = Objective.builder().name("slices").target(0.99).window(Window.rolling(Duration.ofDays(21)))
                .budgetingMethod(BudgetingMethod.RATIO_TIMESLICES).build();
        // 12 five-minute slices, ratios summing to 11.5.
        BurnRate burn = BurnRate.of(objective, new SliMeasurement(HOUR, SliUnit.SLICES, 11.5, 0.5, 0));
        assertEquals(0.5 / 12 / 0.01, burn.rate(), 1e-12);
    }

    @Test
    void rejectsAUnitThatDoesNotFitTheMethod() {
        SliMeasurement slices = new SliMeasurement(HOUR, SliUnit.SLICES, 1, 0, 0);
        assertEquals("indicator unit SLICES does not fit budgetingMethod OCCURRENCES,"
                        + " which takes EVENTS, MILLISECONDS or REPLICA_MILLISECONDS",
                assertThrows(IllegalArgumentException.class,
                        () -> BurnRate.of(objective(MissingDataPolicy.EXCLUDE), slices)).getMessage());
    }
}
