package dev.sli.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.MissingDataPolicy;
import dev.sli.core.window.Window;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class LintTest {

    static final LocalDate TODAY = LocalDate.of(2024, 6, 1);
    static final Window THREE_WEEKS = Window.rolling(Duration.ofDays(21));

    static final SliSpec LATENCY = SliSpec.builder("latency", SliKind.LATENCY).threshold(Duration.ofSeconds(2)).build();
    static final SliSpec OUTCOME = SliSpec.builder("outcome", SliKind.OUTCOME).build();
    static final SliSpec PROBE = SliSpec.builder("probe", SliKind.PROBE).check("https://example.org/").build();
    static final SliSpec READY = SliSpec.builder("ready", SliKind.READINESS).workloads(List.of("api"))
            .availability(ReadinessMeasure.TIME).build();
    static final SliSpec WORK = SliSpec.builder("work", SliKind.WORK).threshold(Duration.ofHours(1)).build();
    static final SliSpec P99 = SliSpec.builder("p99", SliKind.LATENCY).quantile(0.99).threshold(Duration.ofSeconds(1)).build();

    /** An objective with target 0.99 over a rolling 3 weeks, budgeted by occurrences. */
    static ObjectiveSpec.Builder objective(String name, ObjectiveType type, SliSpec sli) {
        return ObjectiveSpec.builder(name, type, sli.name()).target(0.99).window(THREE_WEEKS)
                .budgeting(BudgetingSpec.occurrences()).missingData(MissingDataPolicy.EXCLUDE);
    }

    /** The same, budgeted by one-minute time slices that must be all good. */
    static ObjectiveSpec.Builder timeObjective(String name, ObjectiveType type, SliSpec sli) {
        return objective(name, type, sli).budgeting(BudgetingSpec.timeslices(1, Duration.ofMinutes(1)));
    }

    static SloDocument document(List<SliSpec> slis, ObjectiveSpec.Builder... objectives) {
        ServiceSpec.Builder service = ServiceSpec.builder("svc");
        slis.forEach(service::sli);
        for (ObjectiveSpec.Builder objective : objectives) {
            service.objective(objective.build());
        }
        return SloDocument.builder().service(service.build()).build();
    }

    static List<String> lint(SloDocument document) {
        return Lint.check(document, TODAY).stream().map(Finding::toString).toList();
    }

    static List<String> lint(SliSpec sli, ObjectiveSpec.Builder... objectives) {
        return lint(document(List.of(sli), objectives));
    }

    static final AlertTier PAGE_FAST = AlertTier.page(0.02, Duration.ofHours(1), Duration.ofMinutes(5));

    // The example

    @Test
    void findsExactlyTheTwoInconsistenciesOfTheRegistryDocument() throws IOException {
        List<Finding> findings = Lint.check(ConfigReader.read(ConfigReaderTest.EXAMPLE), TODAY);
        assertEquals(List.of(
                        "WARNING services[0].objectives[0].statedAllowance: stated 4.4h (\"allowing 4.4 hours of downtime "
                                + "every three weeks\"), but (1 - 0.99) x 3w = 5.04h; the difference, 0.64h, is beyond the "
                                + "rounding tolerance of 0.252h",
                        "WARNING services[0].objectives[4].threshold: threshold 8s is looser than the 2s of SLA "
                                + "response-time-sla on the same SLI; an internal SLO should be at least as strict as the "
                                + "SLA it protects"),
                findings.stream().filter(f -> f.severity() != Finding.Severity.NOTE).map(Finding::toString).toList());
        assertEquals(List.of("allowance-mismatch", "slo-looser-than-sla"),
                findings.stream().filter(f -> f.severity() != Finding.Severity.NOTE).map(Finding::rule).toList());
        List<Finding> notes = findings.stream().filter(f -> f.severity() == Finding.Severity.NOTE).toList();
        assertEquals(13, notes.size());
        assertEquals(List.of("assumption"), notes.stream().map(Finding::rule).distinct().toList());
    }

    @Test
    void flagsTheRegistryReviewOnceItIsDue() throws IOException {
        List<String> findings = Lint.check(ConfigReader.read(ConfigReaderTest.EXAMPLE), LocalDate.of(2024, 9, 2)).stream()
                .filter(f -> f.severity() == Finding.Severity.WARNING).map(Finding::toString).toList();
        assertEquals("WARNING nextReview: the review due on 2024-09-01 is overdue (today is 2024-09-02); review the "
                + "objectives and set the next date", findings.get(0));
        assertEquals(3, findings.size());
    }

    // allowance-mismatch

    @Test
    void flagsAStatedAllowanceThatDoesNotAddUp() {
        assertEquals(List.of("WARNING services[0].objectives[0].statedAllowance: stated 4.4h, but (1 - 0.99) x 3w = 5.04h; "
                        + "the difference, 0.64h, is beyond the rounding tolerance of 0.252h"),
                lint(PROBE, timeObjective("up", ObjectiveType.SLO, PROBE).statedAllowance(StatedAllowance.of("4.4h", null))));
        assertEquals(List.of("WARNING services[0].objectives[0].statedAllowance: stated 4.7h, but (1 - 0.99) x 3w = 5.04h; "
                        + "the difference, 0.34h, is beyond the rounding tolerance of 0.252h"),
                lint(PROBE, timeObjective("up", ObjectiveType.SLO, PROBE).statedAllowance(StatedAllowance.of("4.7h", null))));
        assertEquals(List.of("WARNING services[0].objectives[0].statedAllowance: stated 7h, but (1 - 0.99) x 3w = 5.04h; "
                        + "the difference, 1.96h, is beyond the rounding tolerance of 0.5h"),
                lint(PROBE, timeObjective("up", ObjectiveType.SLO, PROBE).statedAllowance(StatedAllowance.of("7h", null))));
    }

    @Test
    void acceptsAllowancesWithinFivePercentOrTheirOwnRounding() {
        // 99.2 % of 3 weeks is 4.032 h: "4h" is a fair rounding (whole hours), and so is "4.03h".
        for (String stated : List.of("4h", "4.03h", "4h2m", "242m")) {
            assertEquals(List.of(), lint(PROBE, timeObjective("up", ObjectiveType.SLO, PROBE).target(0.992)
                    .statedAllowance(StatedAllowance.of(stated, null))), stated);
        }
        // 99 % of 3 weeks is 5.04 h: within 5 % (0.252 h) or written to whole hours.
        for (String stated : List.of("5h", "4.8h", "5.29h", "302m")) {
            assertEquals(List.of(), lint(READY, timeObjective("up", ObjectiveType.SLO, READY)
                    .statedAllowance(StatedAllowance.of(stated, null))), stated);
        }
    }

    @Test
    void reckonsCalendarAllowancesOverThePeriodContainingToday() {
        // 99.9 % of June (30 days) is 43.2 min; of February 2024 (29 days) 41.76 min.
        Window monthly = Window.calendar(LocalDate.of(2024, 1, 1), Period.ofMonths(1), ZoneId.of("UTC"));
        SloDocument doc = document(List.of(PROBE), timeObjective("up", ObjectiveType.SLO, PROBE).target(0.999)
                .window(monthly).statedAllowance(StatedAllowance.of("50m", null)));
        assertEquals(List.of("WARNING services[0].objectives[0].statedAllowance: stated 50m, but (1 - 0.999) x 30d = "
                        + "43.2m; the difference, 6.8m, is beyond the rounding tolerance of 2.16m"),
                lint(doc));
        assertEquals(List.of("WARNING services[0].objectives[0].statedAllowance: stated 50m, but (1 - 0.999) x 29d = "
                        + "41.76m; the difference, 8.24m, is beyond the rounding tolerance of 2.088m"),
                Lint.check(doc, LocalDate.of(2024, 2, 10)).stream().map(Finding::toString).toList());
    }

    @Test
    void flagsAnAllowanceInTimeOnAnEventBudget() {
        assertEquals(List.of("WARNING services[0].objectives[0].statedAllowance: an allowance in time needs a budget in "
                        + "time (timeslices or ratioTimeslices); with occurrences the budget is 1 % of events"),
                lint(OUTCOME, objective("ok", ObjectiveType.SLO, OUTCOME).statedAllowance(StatedAllowance.of("5h", null))));
        assertEquals(List.of(), lint(OUTCOME, timeObjective("ok", ObjectiveType.SLO, OUTCOME)
                .statedAllowance(StatedAllowance.of("5h", null))));
    }

    // slo-looser-than-sla, sla-without-slo

    @Test
    void flagsAnSloLooserThanItsSla() {
        assertEquals(List.of("WARNING services[0].objectives[1].target: target 0.98 is looser than the 0.99 of SLA "
                        + "contract on the same SLI; an internal SLO should be at least as strict as the SLA it protects"),
                lint(OUTCOME, objective("contract", ObjectiveType.SLA, OUTCOME),
                        objective("internal", ObjectiveType.SLO, OUTCOME).target(0.98)));
        assertEquals(List.of("WARNING services[0].objectives[1].threshold: threshold 8s is looser than the 2s of SLA "
                        + "contract on the same SLI; an internal SLO should be at least as strict as the SLA it protects"),
                lint(LATENCY, objective("contract", ObjectiveType.SLA, LATENCY),
                        objective("internal", ObjectiveType.SLO, LATENCY).threshold(Duration.ofSeconds(8))));
    }

    @Test
    void flagsAnSloThatInheritsALooserThresholdAtTheObjective() {
        assertEquals(List.of("WARNING services[0].objectives[1]: threshold 2s is looser than the 1s of SLA contract on "
                        + "the same SLI; an internal SLO should be at least as strict as the SLA it protects"),
                lint(LATENCY, objective("contract", ObjectiveType.SLA, LATENCY).threshold(Duration.ofSeconds(1)),
                        objective("internal", ObjectiveType.SLO, LATENCY)));
    }

    @Test
    void acceptsSlosAtLeastAsStrictAndSlasOnOtherSlis() {
        assertEquals(List.of(), lint(LATENCY, objective("contract", ObjectiveType.SLA, LATENCY),
                objective("same", ObjectiveType.SLO, LATENCY),
                objective("stricter", ObjectiveType.SLO, LATENCY).target(0.995).threshold(Duration.ofSeconds(1))));
        assertEquals(List.of("NOTE services[0].objectives[0]: no SLO on outcome SLI outcome protects this SLA; an "
                        + "internal SLO at least as strict warns before the contract is breached"),
                lint(document(List.of(OUTCOME, LATENCY), objective("contract", ObjectiveType.SLA, OUTCOME),
                        objective("loose", ObjectiveType.SLO, LATENCY).target(0.9))));
    }

    // missing-threshold, threshold-not-applicable

    @Test
    void flagsAThresholdSliWithoutThreshold() {
        SliSpec bare = SliSpec.builder("latency", SliKind.LATENCY).build();
        assertEquals(List.of("ERROR services[0].objectives[0]: neither this objective nor latency SLI latency has a "
                        + "threshold; set one on either (such as \"threshold\": \"2s\")"),
                lint(bare, objective("fast", ObjectiveType.SLO, bare)));
        SliSpec work = SliSpec.builder("work", SliKind.WORK).build();
        assertEquals(List.of("ERROR services[0].objectives[0]: neither this objective nor work SLI work has a threshold; "
                        + "set one on either (such as \"threshold\": \"2s\")"),
                lint(work, objective("done", ObjectiveType.SLO, work)));
        assertEquals(List.of(), lint(bare, objective("fast", ObjectiveType.SLO, bare).threshold(Duration.ofSeconds(2))));
    }

    @Test
    void flagsAThresholdOnAnSliWithoutOne() {
        assertEquals(List.of("ERROR services[0].objectives[0].threshold: a threshold has no meaning for outcome SLI "
                        + "outcome; only latency and work SLIs have one"),
                lint(OUTCOME, objective("ok", ObjectiveType.SLO, OUTCOME).threshold(Duration.ofSeconds(1))));
    }

    // budgeting-mismatch

    @Test
    void flagsEventBudgetsOnTimeBasedSlis() {
        assertEquals(List.of("ERROR services[0].objectives[0].budgeting: probe SLI probe measures time, not events; "
                        + "budget it with timeslices or ratioTimeslices"),
                lint(PROBE, objective("up", ObjectiveType.SLO, PROBE)));
        assertEquals(List.of("ERROR services[0].objectives[0].budgeting: readiness SLI ready measures time, not events; "
                        + "budget it with timeslices or ratioTimeslices"),
                lint(READY, objective("up", ObjectiveType.SLO, READY)));
        assertEquals(List.of(), lint(READY, objective("up", ObjectiveType.SLO, READY)
                .budgeting(BudgetingSpec.ratioTimeslices(Duration.ofMinutes(1)))));
    }

    @Test
    void requiresTimeslicesForPercentiles() {
        String expected = "ERROR services[0].objectives[0].budgeting: latency SLI p99 is a percentile, good or bad per "
                + "time slice; budget it with timeslices";
        assertEquals(List.of(expected), lint(P99, objective("p99", ObjectiveType.SLO, P99)));
        assertEquals(List.of(expected), lint(P99, objective("p99", ObjectiveType.SLO, P99)
                .budgeting(BudgetingSpec.ratioTimeslices(Duration.ofMinutes(5)))));
        assertEquals(List.of(), lint(P99, timeObjective("p99", ObjectiveType.SLO, P99)));
        // A threshold latency SLI fits any method.
        assertEquals(List.of(), lint(LATENCY, timeObjective("fast", ObjectiveType.SLO, LATENCY)));
    }

    @Test
    void warnsOfProbeSlicesShorterThanTheProbeInterval() {
        assertEquals(List.of("WARNING services[0].objectives[0].budgeting.slice: slices of 30s are shorter than the "
                        + "probe interval 1m, so some slices have no check at all"),
                lint(PROBE, objective("up", ObjectiveType.SLO, PROBE)
                        .budgeting(BudgetingSpec.timeslices(1, Duration.ofSeconds(30)))));
    }

    // alerts

    @Test
    void flagsAnAlertWindowLongerThanTheSloWindow() {
        AlertTier slow = AlertTier.ticket(0.1, Duration.ofDays(3), Duration.ofHours(6));
        assertEquals(List.of("ERROR services[0].objectives[0].alerts[1].longWindow: 3d is longer than the objective's "
                        + "window of 1d; the burn rate would count data outside the window"),
                lint(OUTCOME, objective("ok", ObjectiveType.SLO, OUTCOME).window(Window.rolling(Duration.ofDays(1)))
                        .alert(PAGE_FAST).alert(slow)));
        assertEquals(List.of(), lint(OUTCOME, objective("ok", ObjectiveType.SLO, OUTCOME)
                .window(Window.rolling(Duration.ofDays(3))).alert(slow)));
    }

    @Test
    void flagsAnAlertTierThatCanNeverFire() {
        // 2 % of a 3-week budget in 1 h is a burn rate of 10.08; at target 0.8 the most is 1 / 0.2 = 5.
        assertEquals(List.of("WARNING services[0].objectives[0].alerts[0].budgetFraction: spending 2 % of the budget in "
                        + "1h is a burn rate of 10.08, but with target 0.8 the highest possible (everything bad) is 5, so "
                        + "this tier can never fire"),
                lint(WORK, objective("done", ObjectiveType.SLO, WORK).target(0.8).alert(PAGE_FAST)));
        // At 0.9 the most is 10, still short of 10.08; at 0.95 it is 20.
        assertEquals(1, lint(WORK, objective("done", ObjectiveType.SLO, WORK).target(0.9).alert(PAGE_FAST)).size());
        assertEquals(List.of(), lint(WORK, objective("done", ObjectiveType.SLO, WORK).target(0.95).alert(PAGE_FAST)));
    }

    @Test
    void allowsOpenItemAlertsOnWorkOnly() {
        assertEquals(List.of("ERROR services[0].objectives[0].alertOpenPast: only work SLIs have items that stay open; "
                        + "outcome SLI outcome has none"),
                lint(OUTCOME, objective("ok", ObjectiveType.SLO, OUTCOME).alertOpenPast(Duration.ofHours(1))));
        assertEquals(List.of(), lint(WORK, objective("done", ObjectiveType.SLO, WORK).target(0.8)
                .alertOpenPast(Duration.ofHours(1))));
    }

    // target-below-half

    @Test
    void flagsATargetThatLooksLikeAnErrorRate() {
        assertEquals(List.of("WARNING services[0].objectives[0].target: 0.01 is the good fraction, so it allows 99 % bad; "
                        + "for an error rate below 1 % write 0.99"),
                lint(OUTCOME, objective("errors", ObjectiveType.SLO, OUTCOME).target(0.01)));
        assertEquals(List.of(), lint(OUTCOME, objective("coin", ObjectiveType.SLO, OUTCOME).target(0.5)));
    }

    // duplicate-name

    @Test
    void flagsDuplicateNames() {
        SloDocument doc = SloDocument.builder()
                .service(ServiceSpec.builder("svc").sli(OUTCOME).sli(OUTCOME)
                        .objective(objective("ok", ObjectiveType.SLO, OUTCOME).build())
                        .objective(objective("ok", ObjectiveType.SLO, OUTCOME).build()).build())
                .service(ServiceSpec.builder("svc").sli(OUTCOME)
                        .objective(objective("ok", ObjectiveType.SLO, OUTCOME).build()).build())
                .build();
        assertEquals(List.of(
                        "ERROR services[0].slis[1].name: \"outcome\" is also the name of services[0].slis[0]",
                        "ERROR services[0].objectives[1].name: \"ok\" is also the name of services[0].objectives[0]",
                        "ERROR services[1].name: \"svc\" is also the name of services[0]"),
                lint(doc));
    }

    // review

    @Test
    void checksTheReviewSchedule() {
        SloDocument.Builder base = SloDocument.builder().reviewEvery(Period.ofMonths(6))
                .service(ServiceSpec.builder("svc").sli(OUTCOME).build());
        assertEquals(List.of("WARNING nextReview: the review due on 2024-05-31 is overdue (today is 2024-06-01); review "
                + "the objectives and set the next date"), lint(base.nextReview(LocalDate.of(2024, 5, 31)).build()));
        assertEquals(List.of("WARNING nextReview: 2024-12-02 is further from today (2024-06-01) than the review period P6M"),
                lint(base.nextReview(LocalDate.of(2024, 12, 2)).build()));
        assertEquals(List.of(), lint(base.nextReview(TODAY).build()));
        assertEquals(List.of(), lint(base.nextReview(LocalDate.of(2024, 12, 1)).build()));
        assertEquals(List.of("WARNING reviewEvery: reviews are due every P6M but no nextReview date is set"),
                lint(SloDocument.builder().reviewEvery(Period.ofMonths(6))
                        .service(ServiceSpec.builder("svc").sli(OUTCOME).build()).build()));
    }

    // assumption, and the order of findings

    @Test
    void notesAssumptionsAtEveryLevelAfterErrorsAndWarnings() {
        SloDocument doc = SloDocument.builder().assumption("document")
                .service(ServiceSpec.builder("svc").assumption("service")
                        .sli(SliSpec.builder("outcome", SliKind.OUTCOME).assumption("sli").build())
                        .objective(objective("ok", ObjectiveType.SLO, OUTCOME).target(0.3).assumption("objective").build())
                        .objective(objective("ok", ObjectiveType.SLO, OUTCOME).build())
                        .build())
                .build();
        assertEquals(List.of(
                        "ERROR services[0].objectives[1].name: \"ok\" is also the name of services[0].objectives[0]",
                        "WARNING services[0].objectives[0].target: 0.3 is the good fraction, so it allows 70 % bad; for an "
                                + "error rate below 30 % write 0.7",
                        "NOTE assumption: document",
                        "NOTE services[0].assumption: service",
                        "NOTE services[0].slis[0].assumption: sli",
                        "NOTE services[0].objectives[0].assumption: objective"),
                lint(doc));
    }

    @Test
    void findsNothingInACleanDocument() {
        assertEquals(List.of(), lint(document(List.of(LATENCY, OUTCOME, PROBE, READY, WORK, P99),
                objective("fast-sla", ObjectiveType.SLA, LATENCY), objective("fast", ObjectiveType.SLO, LATENCY).alert(PAGE_FAST),
                objective("ok", ObjectiveType.SLO, OUTCOME),
                timeObjective("up", ObjectiveType.SLO, PROBE).statedAllowance(StatedAllowance.of("5h", "five hours")),
                timeObjective("ready", ObjectiveType.SLO, READY),
                objective("done", ObjectiveType.SLO, WORK).target(0.8).alertOpenPast(Duration.ofHours(1)),
                timeObjective("p99", ObjectiveType.SLO, P99))));
    }

    /** {@code MINIMAL} of the reader's test with the window replaced, read and linted. */
    static List<String> lintWindow(String window) {
        return lint(ConfigReader.parse(ConfigReaderTest.MINIMAL.replace("{\"rolling\": \"3w\"}", window)));
    }

    @Test
    void flagsAWindowLongerThanTheLongestRetentionNamingTheField() {
        assertEquals(List.of("ERROR services[0].objectives[0].window: \"99999999w\" is longer than the longest retention"
                + " sli can keep, 16777216 buckets of 1m (11650d20h16m, about 31.9 years)"),
                lintWindow("{\"rolling\": \"99999999w\"}"));
        assertEquals(List.of("ERROR services[0].objectives[0].window: a calendar period of P999999999Y (up to 365999999634"
                + " days) is longer than the longest retention sli can keep, 16777216 buckets of 1m (11650d20h16m, about 31.9 years)"),
                lintWindow("{\"calendar\": \"P999999999Y\", \"start\": \"2024-01-01\", \"zone\": \"Europe/Paris\"}"));
        assertEquals(List.of("ERROR services[0].objectives[0].window: \"1665w\" is longer than the longest retention"
                + " sli can keep, 16777216 buckets of 1m (11650d20h16m, about 31.9 years)"),
                lintWindow("{\"rolling\": \"1665w\"}"));
    }

    @Test
    void acceptsWindowsUpToTheLongestRetention() {
        assertEquals(List.of(), lintWindow("{\"rolling\": \"1500w\"}"));
        assertEquals(List.of(), lintWindow("{\"rolling\": \"1664w\"}"));
        assertEquals(List.of(), lintWindow("{\"calendar\": \"P31Y\", \"start\": \"2024-01-01\", \"zone\": \"Europe/Paris\"}"));
    }

    @Test
    void aCalendarPeriodOfMoreDaysThanAnIntIsAConfigErrorNotAnException() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigReader.parse(
                ConfigReaderTest.MINIMAL.replace("{\"rolling\": \"3w\"}",
                        "{\"calendar\": \"400000000w\", \"start\": \"2024-01-01\", \"zone\": \"Europe/Paris\"}")));
        assertEquals(List.of("8:30: services[0].objectives[0].window.calendar: \"400000000w\" is too long a calendar period"
                + " (more than 2147483647 days)"), e.errors().stream().map(ConfigError::toString).toList());
    }
}
