package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.window.Window;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ObjectiveTest {

    private static final Window THREE_WEEKS = Window.rolling(Duration.ofDays(21));

    private static Objective.Builder valid() {
        return Objective.builder().name("uptime").target(0.99).window(THREE_WEEKS);
    }

    private static void assertRejected(String message, Objective.Builder builder) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaultsToOccurrencesExcludeAndTheDefaultAlertPolicy() {
        Objective objective = valid().build();
        assertEquals("uptime", objective.name());
        assertEquals(0.99, objective.target());
        assertEquals(THREE_WEEKS, objective.window());
        assertEquals(BudgetingMethod.OCCURRENCES, objective.budgetingMethod());
        assertEquals(MissingDataPolicy.EXCLUDE, objective.missingDataPolicy());
        assertEquals(AlertPolicy.DEFAULT, objective.alertPolicy());
        assertEquals(OptionalDouble.empty(), objective.timesliceTarget());
    }

    @Test
    void keepsEveryFieldSet() {
        AlertPolicy policy = AlertPolicy.of(AlertTier.page(0.02, Duration.ofHours(1), Duration.ofMinutes(5)));
        Objective objective = valid().budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(0.95)
                .missingDataPolicy(MissingDataPolicy.BAD).alertPolicy(policy).build();
        assertEquals(BudgetingMethod.TIMESLICES, objective.budgetingMethod());
        assertEquals(OptionalDouble.of(0.95), objective.timesliceTarget());
        assertEquals(MissingDataPolicy.BAD, objective.missingDataPolicy());
        assertEquals(policy, objective.alertPolicy());
    }

    @Test
    void takesOneMinusTargetInDecimal() {
        assertEquals(new BigDecimal("0.01"), valid().target(0.99).build().allowedBadDecimal());
        assertEquals(new BigDecimal("0.008"), valid().target(0.992).build().allowedBadDecimal());
        assertEquals(100.0, valid().target(0.99).build().burnPerBadFraction());
        assertEquals(125.0, valid().target(0.992).build().burnPerBadFraction());
        assertEquals(1000.0, valid().target(0.999).build().burnPerBadFraction());
    }

    @Test
    void acceptsATimesliceTargetOfOne() {
        assertEquals(OptionalDouble.of(1.0),
                valid().budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(1).build().timesliceTarget());
    }

    @Test
    void rejectsMissingName() {
        assertRejected("name must not be blank, got null", Objective.builder().target(0.99).window(THREE_WEEKS));
    }

    @Test
    void rejectsBlankName() {
        assertRejected("name must not be blank, got \"  \"", valid().name("  "));
    }

    @Test
    void rejectsMissingTarget() {
        assertRejected("target is required", Objective.builder().name("uptime").window(THREE_WEEKS));
    }

    @Test
    void rejectsTargetGivenAsAPercentage() {
        assertRejected("target must be in (0, 1) exclusive, a fraction such as 0.99, got 99.0", valid().target(99));
    }

    @Test
    void rejectsTargetOfOne() {
        assertRejected("target must be in (0, 1) exclusive, a fraction such as 0.99, got 1.0", valid().target(1));
    }

    @Test
    void rejectsTargetOfZero() {
        assertRejected("target must be in (0, 1) exclusive, a fraction such as 0.99, got 0.0", valid().target(0));
    }

    @Test
    void rejectsNaNTarget() {
        assertRejected("target must be in (0, 1) exclusive, a fraction such as 0.99, got NaN", valid().target(Double.NaN));
    }

    @Test
    void rejectsMissingWindow() {
        assertRejected("window is required", Objective.builder().name("uptime").target(0.99));
    }

    @Test
    void rejectsTimeslicesWithoutTimesliceTarget() {
        assertRejected("timesliceTarget is required when budgetingMethod is TIMESLICES",
                valid().budgetingMethod(BudgetingMethod.TIMESLICES));
    }

    @Test
    void rejectsTimesliceTargetOfZero() {
        assertRejected("timesliceTarget must be in (0, 1], got 0.0",
                valid().budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(0));
    }

    @Test
    void rejectsTimesliceTargetAboveOne() {
        assertRejected("timesliceTarget must be in (0, 1], got 95.0",
                valid().budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(95));
    }

    @Test
    void rejectsTimesliceTargetForOccurrences() {
        assertRejected("timesliceTarget must not be set when budgetingMethod is OCCURRENCES, got 0.95",
                valid().timesliceTarget(0.95));
    }

    @Test
    void rejectsTimesliceTargetForRatioTimeslices() {
        assertRejected("timesliceTarget must not be set when budgetingMethod is RATIO_TIMESLICES, got 0.95",
                valid().budgetingMethod(BudgetingMethod.RATIO_TIMESLICES).timesliceTarget(0.95));
    }

    @Test
    void rejectsNullsInSetters() {
        Objective.Builder builder = valid();
        assertEquals("name", assertThrows(NullPointerException.class, () -> builder.name(null)).getMessage());
        assertEquals("window", assertThrows(NullPointerException.class, () -> builder.window(null)).getMessage());
        assertEquals("budgetingMethod",
                assertThrows(NullPointerException.class, () -> builder.budgetingMethod(null)).getMessage());
        assertEquals("missingDataPolicy",
                assertThrows(NullPointerException.class, () -> builder.missingDataPolicy(null)).getMessage());
        assertEquals("alertPolicy", assertThrows(NullPointerException.class, () -> builder.alertPolicy(null)).getMessage());
    }
}
