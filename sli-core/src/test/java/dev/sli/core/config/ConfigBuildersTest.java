package dev.sli.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.MissingDataPolicy;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ConfigBuildersTest {

    private static String rejection(Executable executable) {
        return assertThrows(IllegalArgumentException.class, executable).getMessage();
    }

    private static SliSpec latency() {
        return SliSpec.builder("latency", SliKind.LATENCY).threshold(Duration.ofSeconds(2)).build();
    }

    private static ObjectiveSpec.Builder objective() {
        return ObjectiveSpec.builder("fast", ObjectiveType.SLO, "latency").target(0.99)
                .window(Window.rolling(Duration.ofDays(21))).budgeting(BudgetingSpec.occurrences())
                .missingData(MissingDataPolicy.EXCLUDE);
    }

    @Test
    void buildsADocumentInCode() {
        SloDocument doc = SloDocument.builder().reviewEvery(Period.ofMonths(6))
                .service(ServiceSpec.builder("svc").sli(latency()).objective(objective().build()).build())
                .build();
        assertEquals(0.99, doc.services().get(0).objectives().get(0).target());
        assertEquals(Period.ofMonths(6), doc.reviewEvery().orElseThrow());
    }

    @Test
    void rejectsPercentagesWithTheFieldName() {
        assertEquals("target: 99 is not a fraction in (0, 1); write 0.99 for 99 %",
                rejection(() -> objective().target(99)));
        assertEquals("sliceTarget: 1.5 is not a fraction in (0, 1]",
                rejection(() -> BudgetingSpec.timeslices(1.5, Duration.ofMinutes(1))));
        assertEquals("quantile: 99.9 is not a quantile in [0, 1]; write 0.999 for the 99.9th percentile",
                rejection(() -> SliSpec.builder("p", SliKind.LATENCY).quantile(99.9)));
        assertEquals("target: NaN is not a fraction in (0, 1)", rejection(() -> objective().target(Double.NaN)));
    }

    @Test
    void rejectsMissingFieldsInBuild() {
        assertEquals("target: required field is missing", rejection(() -> ObjectiveSpec.builder("fast",
                ObjectiveType.SLO, "latency").window(Window.rolling(Duration.ofDays(1))).build()));
        assertEquals("missingData: required field is missing", rejection(() -> ObjectiveSpec.builder("fast",
                ObjectiveType.SLA, "latency").target(0.9).window(Window.rolling(Duration.ofDays(1)))
                .budgeting(BudgetingSpec.occurrences()).build()));
        assertEquals("workloads: required field is missing",
                rejection(() -> SliSpec.builder("ready", SliKind.READINESS).availability(ReadinessMeasure.TIME).build()));
        assertEquals("check: required field is missing", rejection(() -> SliSpec.builder("up", SliKind.PROBE).build()));
        assertEquals("services: is empty; a document needs at least one service",
                rejection(() -> SloDocument.builder().build()));
        assertEquals("slis: is empty; a service needs at least one SLI", rejection(() -> ServiceSpec.builder("svc").build()));
    }

    @Test
    void rejectsFieldsTheKindDoesNotHave() {
        assertEquals("threshold: is not a field of an outcome SLI", rejection(() -> SliSpec.builder("ok", SliKind.OUTCOME)
                .threshold(Duration.ofSeconds(1)).build()));
        assertEquals("workloads: is not a field of a probe SLI", rejection(() -> SliSpec.builder("up", SliKind.PROBE)
                .check("https://example.org/").workloads(List.of("api")).build()));
    }

    @Test
    void rejectsAnObjectiveOnAnSliTheServiceDoesNotHave() {
        assertEquals("objectives[0].sli: \"nope\" is not an SLI of service \"svc\" (its SLIs: latency)",
                rejection(() -> ServiceSpec.builder("svc").sli(latency())
                        .objective(ObjectiveSpec.builder("x", ObjectiveType.SLO, "nope").target(0.9)
                                .window(Window.rolling(Duration.ofDays(1))).budgeting(BudgetingSpec.occurrences())
                                .missingData(MissingDataPolicy.GOOD).build())
                        .build()));
    }

    @Test
    void rejectsInvalidNamesAndValues() {
        assertEquals("name: \"a b\" is not a valid name; use letters, digits, '.', '_' and '-', starting with a letter or digit",
                rejection(() -> SliSpec.builder("a b", SliKind.OUTCOME).build()));
        assertEquals("threshold: \"0s\" is not a positive duration",
                rejection(() -> SliSpec.builder("l", SliKind.LATENCY).threshold(Duration.ZERO)));
        assertEquals("workloads[1]: \"api\" is listed twice",
                rejection(() -> SliSpec.builder("r", SliKind.READINESS).workloads(List.of("api", "api"))));
        assertEquals("description: is blank; leave the field out instead",
                rejection(() -> objective().description(" ")));
        assertEquals("duration: \"4.4 h\" is not a duration; write e.g. \"500ms\", \"2s\", \"1h30m\", \"21d\" or \"3w\"",
                rejection(() -> StatedAllowance.of("4.4 h", null)));
        assertEquals("reviewEvery: \"P-6M\" is not a positive period",
                rejection(() -> SloDocument.builder().reviewEvery(Period.ofMonths(-6))));
    }

    @Test
    void rejectsAlertTierWhoseShortWindowIsNotShorter() {
        assertEquals("shortWindow: 2h is not shorter than the long window 1h", rejection(() -> Checks.alertTier(
                AlertTier.Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofHours(2))));
        assertEquals("budgetFraction: 0 is not a fraction in (0, 1]", rejection(() -> Checks.alertTier(
                AlertTier.Severity.PAGE, 0, Duration.ofHours(1), Duration.ofMinutes(5))));
    }

    @Test
    void derivesBurnRatesFromTheSloWindow() {
        AlertTier page = AlertTier.page(0.02, Duration.ofHours(1), Duration.ofMinutes(5));
        assertEquals(14.4, page.factor(Duration.ofDays(30)), 1e-12);
        assertEquals(10.08, page.factor(Duration.ofDays(21)), 1e-12);
    }

    @Test
    void statedAllowanceKnowsHowItWasRounded() {
        StatedAllowance tenths = StatedAllowance.of("4.4h", "allowing 4.4 hours");
        assertEquals(Duration.ofMinutes(264), tenths.duration());
        assertEquals(Duration.ofMinutes(6), tenths.resolution());
        assertEquals("h", tenths.unit());
        StatedAllowance hours = StatedAllowance.of("4h", null);
        assertEquals(Duration.ofHours(1), hours.resolution());
        assertEquals(Duration.ofMinutes(1), StatedAllowance.of("1h30m", null).resolution());
    }

    @Test
    void exposesOnlyUnmodifiableLists() {
        ServiceSpec service = ServiceSpec.builder("svc").sli(latency()).objective(objective().build()).build();
        assertThrows(UnsupportedOperationException.class, () -> service.slis().add(latency()));
        assertThrows(UnsupportedOperationException.class, () -> service.objectives().clear());
        assertThrows(UnsupportedOperationException.class, () -> service.objectives().get(0).alerts().clear());
        assertThrows(UnsupportedOperationException.class, () -> service.slis().get(0).labels().put("a", "b"));
    }
}
