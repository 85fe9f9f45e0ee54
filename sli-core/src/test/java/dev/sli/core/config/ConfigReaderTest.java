package dev.sli.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.MissingDataPolicy;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.window.CalendarWindow;
import dev.sli.core.window.RollingWindow;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    /** A valid document; tests replace one piece of it. The target 0.99 is on line 7, column 66. */
    static final String MINIMAL = """
            {
              "format": 1,
              "services": [{
                "name": "svc",
                "slis": [{"name": "latency", "kind": "latency", "threshold": "2s"}],
                "objectives": [{
                  "name": "fast", "type": "SLO", "sli": "latency", "target": 0.99,
                  "window": {"rolling": "3w"}, "budgeting": {"method": "occurrences"}, "missingData": "exclude"
                }]
              }]
            }
            """;

    static final Path EXAMPLE = Path.of("../examples/registry-slo.json");

    /** The errors, as {@code line:column: path: problem}, of {@code MINIMAL} with {@code from} replaced by {@code to}. */
    private static List<String> errors(String from, String to) {
        assertTrue(MINIMAL.contains(from), from);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse(MINIMAL.replace(from, to)));
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    private static String error(String from, String to) {
        List<String> errors = errors(from, to);
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    @Test
    void readsMinimalDocument() {
        SloDocument doc = ConfigReader.parse(MINIMAL);
        assertEquals(1, doc.format());
        ServiceSpec service = doc.services().get(0);
        assertEquals("svc", service.name());
        SliSpec sli = service.slis().get(0);
        assertEquals(SliKind.LATENCY, sli.kind());
        assertEquals(Duration.ofSeconds(2), sli.threshold().orElseThrow());
        ObjectiveSpec objective = service.objectives().get(0);
        assertEquals(ObjectiveType.SLO, objective.type());
        assertEquals(0.99, objective.target());
        assertEquals(new RollingWindow(Duration.ofDays(21)), objective.window());
        assertEquals(BudgetingSpec.occurrences(), objective.budgeting());
        assertEquals(MissingDataPolicy.EXCLUDE, objective.missingData());
        assertEquals(sli, service.sliOf(objective));
    }

    @Test
    void readsEveryKindAndOptionalField() throws IOException {
        SloDocument doc;
        try (Reader reader = new InputStreamReader(
                getClass().getResourceAsStream("/config/every-kind.json"), StandardCharsets.UTF_8)) {
            doc = ConfigReader.read(reader, "every-kind.json");
        }
        assertEquals(Period.ofYears(1), doc.reviewEvery().orElseThrow());
        assertEquals(LocalDate.of(2025, 1, 15), doc.nextReview().orElseThrow());
        ServiceSpec shop = doc.services().get(0);
        assertEquals("A made-up service.", shop.assumption().orElseThrow());

        SliSpec p99 = shop.sli("checkout-p99").orElseThrow();
        assertEquals(OptionalDouble.of(0.99), p99.quantile());
        assertTrue(p99.isPercentile());
        assertEquals(Map.of("route", "/checkout"), p99.labels());
        SliSpec replicas = shop.sli("replicas").orElseThrow();
        assertEquals(List.of("shop-api"), replicas.workloads());
        assertEquals(ReadinessMeasure.REPLICAS, replicas.availability().orElseThrow());
        assertEquals(Duration.ofMinutes(2), replicas.staleAfter().orElseThrow());
        SliSpec probe = shop.sli("home-page").orElseThrow();
        assertEquals("https://shop.example/", probe.check().orElseThrow());
        assertEquals(Duration.ofSeconds(30), probe.interval().orElseThrow());
        assertEquals(Duration.ofDays(1), shop.sli("refunds").orElseThrow().threshold().orElseThrow());
        assertTrue(shop.sli("orders").orElseThrow().threshold().isEmpty());

        ObjectiveSpec fast = shop.objectives().get(0);
        assertEquals(new CalendarWindow(LocalDate.of(2024, 1, 1), Period.ofMonths(1), ZoneId.of("America/Vancouver")),
                fast.window());
        assertEquals(BudgetingSpec.timeslices(1, Duration.ofMinutes(5)), fast.budgeting());
        assertEquals(MissingDataPolicy.GOOD, fast.missingData());
        assertEquals(Duration.ofMillis(400), fast.threshold().orElseThrow());
        assertEquals("p99 of each 5 min under 400 ms", fast.description().orElseThrow());
        assertEquals(new CalendarWindow(LocalDate.of(2024, 1, 1), Period.ofDays(21), ZoneId.of("UTC")),
                shop.objectives().get(1).window());
        ObjectiveSpec up = shop.objectives().get(2);
        assertEquals(new RollingWindow(Duration.ofHours(36)), up.window());
        assertEquals(BudgetingSpec.ratioTimeslices(BudgetingSpec.DEFAULT_SLICE), up.budgeting());
        assertEquals(MissingDataPolicy.BAD, up.missingData());
        assertEquals(Duration.ofMinutes(144), up.statedAllowance().orElseThrow().duration());
        assertTrue(up.statedAllowance().orElseThrow().text().isEmpty());
        assertEquals(List.of(AlertTier.ticket(0.5, Duration.ofHours(6), Duration.ofMinutes(30))),
                up.alerts());
        ObjectiveSpec refunds = shop.objectives().get(3);
        assertEquals(Duration.ofDays(2), refunds.alertOpenPast().orElseThrow());
        assertEquals("Refund days are calendar days.", refunds.assumption().orElseThrow());
    }

    @Test
    void readsTheRegistryExample() throws IOException {
        SloDocument doc = ConfigReader.read(EXAMPLE);
        assertEquals(Period.ofMonths(6), doc.reviewEvery().orElseThrow());
        ServiceSpec registry = doc.services().get(0);
        assertEquals(List.of("uptime-probe", "pod-readiness", "response-time", "response-time-sysdig", "request-outcome",
                        "provision-time"),
                registry.slis().stream().map(SliSpec::name).toList());
        SourceSpec readiness = registry.slis().get(1).source().orElseThrow();
        assertEquals(Selector.parse("kube_workload_status_ready{kube_cluster_name='silver', kube_namespace_name='101ed4-prod',"
                        + "kube_workload_name =~ 'platsrv-registry-api|platsrv-registry-web|pltsvc-mongodb'}"),
                readiness.selector(SourceSpec.Role.READY).orElseThrow());
        assertEquals("kube_workload_name", readiness.workloadLabel());
        SourceSpec sysdig = registry.slis().get(3).source().orElseThrow();
        assertEquals(1.0, sysdig.nanosPerUnit());
        assertEquals("sysdig_container_net_http_request_time", sysdig.selector(SourceSpec.Role.GAUGE).orElseThrow().metric().orElseThrow());
        SourceSpec outcome = registry.slis().get(4).source().orElseThrow();
        assertEquals(Selector.parse("{code=\"5xx\"}"), outcome.selector(SourceSpec.Role.BAD).orElseThrow());
        assertEquals(List.of("uptime-sla", "uptime-slo", "pod-uptime-slo", "response-time-sla", "response-time-slo",
                        "provision-sla", "provision-slo", "success-rate-sla", "error-rate-slo"),
                registry.objectives().stream().map(ObjectiveSpec::name).toList());
        ObjectiveSpec uptimeSla = registry.objectives().get(0);
        assertEquals(0.99, uptimeSla.target());
        assertEquals(Duration.ofMinutes(264), uptimeSla.statedAllowance().orElseThrow().duration());
        assertEquals("allowing 4.4 hours of downtime every three weeks",
                uptimeSla.statedAllowance().orElseThrow().text().orElseThrow());
        assertEquals(Duration.ofSeconds(8), registry.objectives().get(4).threshold().orElseThrow());
        assertEquals(Duration.ofHours(1), registry.objectives().get(6).alertOpenPast().orElseThrow());
        assertEquals(4, registry.objectives().get(8).alerts().size());
    }

    @Test
    void rejectsTargetWrittenAsPercentage() {
        assertEquals("7:66: services[0].objectives[0].target: 99 is not a fraction in (0, 1); write 0.99 for 99 %",
                error("\"target\": 0.99", "\"target\": 99"));
        assertEquals("7:66: services[0].objectives[0].target: 99.2 is not a fraction in (0, 1); write 0.992 for 99.2 %",
                error("\"target\": 0.99", "\"target\": 99.2"));
        assertEquals("7:66: services[0].objectives[0].target: \"99%\" is not a number; write 0.99 for 99 %",
                error("\"target\": 0.99", "\"target\": \"99%\""));
    }

    @Test
    void rejectsTargetsOutsideTheOpenUnitInterval() {
        assertEquals("7:66: services[0].objectives[0].target: 1 is not a fraction in (0, 1); a target of 100 % leaves no error budget",
                error("\"target\": 0.99", "\"target\": 1"));
        assertEquals("7:66: services[0].objectives[0].target: 0 is not a fraction in (0, 1)",
                error("\"target\": 0.99", "\"target\": 0"));
        assertEquals("7:66: services[0].objectives[0].target: -0.5 is not a fraction in (0, 1)",
                error("\"target\": 0.99", "\"target\": -0.5"));
        assertEquals("7:66: services[0].objectives[0].target: 250 is not a fraction in (0, 1)",
                error("\"target\": 0.99", "\"target\": 250"));
        assertEquals("7:66: services[0].objectives[0].target: 100 is not a fraction in (0, 1); a target of 100 % leaves no error budget",
                error("\"target\": 0.99", "\"target\": 100"));
        assertEquals("7:66: services[0].objectives[0].target: 5 is not a fraction in (0, 1)",
                error("\"target\": 0.99", "\"target\": 5"));
    }

    @Test
    void namesTheFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, MINIMAL.replace("\"target\": 0.99", "\"target\": 99"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file));
        ConfigError error = e.errors().get(0);
        assertEquals(file.toString(), error.source());
        assertEquals(7, error.line());
        assertEquals(66, error.column());
        assertEquals("services[0].objectives[0].target", error.path());
        assertEquals("99 is not a fraction in (0, 1); write 0.99 for 99 %", error.problem());
        assertEquals(file + ":7:66: services[0].objectives[0].target: 99 is not a fraction in (0, 1); write 0.99 for 99 %",
                e.getMessage());
    }

    @Test
    void rejectsUnknownFieldsSuggestingTheNearestKnownOne() {
        assertEquals("5:53: services[0].slis[0].treshold: unknown field; did you mean \"threshold\"?",
                error("\"threshold\": \"2s\"", "\"treshold\": \"2s\""));
        assertEquals("2:16: owner: unknown field; an SLO document takes format, reviewEvery, nextReview, assumption, services",
                error("\"format\": 1,", "\"format\": 1, \"owner\": \"sre\","));
    }

    @Test
    void readsASourceAndChecksItsRolesAgainstTheKind() {
        String sli = "\"threshold\": \"2s\"}";
        SloDocument doc = ConfigReader.parse(MINIMAL.replace(sli,
                "\"threshold\": \"2s\", \"source\": {\"gauge\": \"req_time{job=~'api|web'}\", \"unit\": \"ms\"}}"));
        SourceSpec source = doc.services().get(0).slis().get(0).source().orElseThrow();
        assertEquals(Selector.parse("req_time{job=~\"api|web\"}"), source.selector(SourceSpec.Role.GAUGE).orElseThrow());
        assertEquals(1e6, source.nanosPerUnit());
        assertEquals("5:94: services[0].slis[0].source.desired: is not a role of a latency SLI",
                error(sli, "\"threshold\": \"2s\", \"source\": {\"desired\": \"d\"}}"));
        assertEquals("5:82: services[0].slis[0].source.unit: is required with a gauge: say whether its values are s, ms, us or ns",
                error(sli, "\"threshold\": \"2s\", \"source\": {\"gauge\": \"g\"}}"));
        assertEquals("5:82: services[0].slis[0].source: a latency SLI is fed by exactly one of histogram, gauge, timer; got histogram, gauge",
                error(sli, "\"threshold\": \"2s\", \"source\": {\"histogram\": \"h\", \"gauge\": \"g\", \"unit\": \"s\"}}"));
        assertEquals("5:96: services[0].slis[0].source.histogram: selector \"h{a=}\": at offset 4, expected a quoted string, found \"}\"",
                error(sli, "\"threshold\": \"2s\", \"source\": {\"histogram\": \"h{a=}\"}}"));
    }

    @Test
    void rejectsFieldsOfAnotherKind() {
        assertEquals("5:72: services[0].slis[0].workloads: unknown field; a latency SLI takes name, kind, description, "
                        + "assumption, labels, source, threshold, quantile",
                error("\"threshold\": \"2s\"", "\"threshold\": \"2s\", \"workloads\": [\"api\"]"));
    }

    @Test
    void reportsEveryMissingRequiredFieldAtItsObject() {
        String doc = MINIMAL.replace(" \"target\": 0.99,", "").replace(", \"missingData\": \"exclude\"", "");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse(doc));
        assertEquals(List.of(
                        "6:20: services[0].objectives[0].target: required field is missing",
                        "6:20: services[0].objectives[0].missingData: required field is missing"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void reportsErrorsFromSeveralPlacesTogether() {
        String doc = MINIMAL.replace("\"threshold\": \"2s\"", "\"threshold\": \"2 s\"")
                .replace("\"target\": 0.99", "\"target\": 99")
                .replace("\"exclude\"", "\"ignore\"");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse(doc));
        assertEquals(List.of(
                        "5:66: services[0].slis[0].threshold: \"2 s\" is not a duration; write e.g. \"500ms\", \"2s\", \"1h30m\", \"21d\" or \"3w\"",
                        "7:66: services[0].objectives[0].target: 99 is not a fraction in (0, 1); write 0.99 for 99 %",
                        "8:91: services[0].objectives[0].missingData: \"ignore\" is not one of \"good\", \"bad\", \"exclude\""),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void reportsErrorsInTheOrderOfTheFile() {
        String doc = MINIMAL.replace("\"target\": 0.99,", "\"target\": 0.99, \"owner\": \"sre\",")
                .replace("\"rolling\": \"3w\"", "\"rolling\": \"3 weeks\"");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse(doc));
        assertEquals(List.of(
                        "7:72: services[0].objectives[0].owner: unknown field; an objective takes name, type, sli, target, "
                                + "window, budgeting, missingData, threshold, statedAllowance, alerts, alertOpenPast, "
                                + "description, assumption",
                        "8:29: services[0].objectives[0].window.rolling: \"3 weeks\" is not a duration; write e.g. "
                                + "\"500ms\", \"2s\", \"1h30m\", \"21d\" or \"3w\""),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void rejectsWrongTypes() {
        assertEquals("4:13: services[0].name: 7 is not a string", error("\"name\": \"svc\"", "\"name\": 7"));
        assertEquals("1:27: services: expected an array, got an object",
                assertThrows(ConfigException.class, () -> ConfigReader.parse("{\"format\": 1, \"services\": {}}"))
                        .getMessage());
        assertEquals("5:14: services[0].slis[0]: expected an SLI (a JSON object), got \"latency\"",
                error("{\"name\": \"latency\", \"kind\": \"latency\", \"threshold\": \"2s\"}", "\"latency\""));
    }

    @Test
    void rejectsInvalidNames() {
        assertEquals("4:13: services[0].name: \"my service\" is not a valid name; use letters, digits, '.', '_' and '-', "
                        + "starting with a letter or digit",
                error("\"name\": \"svc\"", "\"name\": \"my service\""));
    }

    @Test
    void rejectsAnObjectiveOnAnUnknownSli() {
        assertEquals("7:45: services[0].objectives[0].sli: \"latencyy\" is not an SLI of service \"svc\" (its SLIs: latency)",
                error("\"sli\": \"latency\"", "\"sli\": \"latencyy\""));
    }

    @Test
    void rejectsMalformedJsonWithTheEnclosingObject() {
        assertEquals("9:5: services[0].objectives[0]: not valid JSON: Unexpected character ('}' (code 125)): "
                        + "was expecting double-quote to start field name",
                error("\"missingData\": \"exclude\"", "\"missingData\": \"exclude\","));
        // the comma is accepted; the error is the closing brace on the next line, where a field name should be
    }

    @Test
    void rejectsRepeatedFieldsAndKeepsChecking() {
        String doc = MINIMAL.replace("\"format\": 1,", "\"format\": 1, \"format\": 1,")
                .replace("\"target\": 0.99", "\"target\": 99");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse(doc));
        assertEquals(List.of(
                        "2:16: format: repeated field; give each field once",
                        "7:66: services[0].objectives[0].target: 99 is not a fraction in (0, 1); write 0.99 for 99 %"),
                e.errors().stream().map(ConfigError::toString).toList());
    }

    @Test
    void rejectsZeroLengthWindows() {
        assertEquals("8:29: services[0].objectives[0].window.rolling: \"0s\" is not a positive duration",
                error("\"rolling\": \"3w\"", "\"rolling\": \"0s\""));
        assertEquals("8:30: services[0].objectives[0].window.calendar: \"P0D\" is not a positive period",
                error("\"rolling\": \"3w\"", "\"calendar\": \"P0D\", \"start\": \"2024-01-01\", \"zone\": \"UTC\""));
    }

    @Test
    void rejectsAnEmptyLabelName() {
        assertEquals("5:63: services[0].slis[0].labels: a label name is empty",
                error("\"threshold\": \"2s\"", "\"labels\": {\"\": \"api\"}"));
    }

    @Test
    void rejectsOtherFormatVersions() {
        assertEquals("2:13: format: 2 is not a format this version of sli reads; write 1",
                error("\"format\": 1", "\"format\": 2"));
    }

    @Test
    void rejectsEmptyAndTrailingAndNonObjectDocuments() {
        assertEquals("1:1: (document): the file is empty; expected a JSON object",
                assertThrows(ConfigException.class, () -> ConfigReader.parse("")).getMessage());
        assertEquals("12:1: (document): unexpected content after the end of the document",
                assertThrows(ConfigException.class, () -> ConfigReader.parse(MINIMAL + "{}")).getMessage());
        assertEquals("1:1: (document): expected an SLO document (a JSON object), got an array",
                assertThrows(ConfigException.class, () -> ConfigReader.parse("[]")).getMessage());
        assertEquals("1:27: services: is empty; give at least one",
                assertThrows(ConfigException.class, () -> ConfigReader.parse("{\"format\": 1, \"services\": []}"))
                        .getMessage());
    }

    @Test
    void readsDurationsInEveryUnit() {
        assertEquals(Duration.ofMillis(500), Durations.duration("500ms"));
        assertEquals(Duration.ofSeconds(2), Durations.duration("2s"));
        assertEquals(Duration.ofMinutes(90), Durations.duration("1h30m"));
        assertEquals(Duration.ofMinutes(264), Durations.duration("4.4h"));
        assertEquals(Duration.ofDays(21), Durations.duration("21d"));
        assertEquals(Duration.ofDays(21), Durations.duration("3w"));
        assertEquals(Duration.ofMillis(2_500), Durations.duration("2s500ms"));
    }

    @Test
    void rejectsMalformedDurations() {
        assertEquals("5:66: services[0].slis[0].threshold: \"2s1h\" is not a duration: write its units from largest to "
                        + "smallest, each once (e.g. \"1h30m\")",
                error("\"threshold\": \"2s\"", "\"threshold\": \"2s1h\""));
        assertEquals("5:66: services[0].slis[0].threshold: \"0.5ms\" is not a whole number of milliseconds",
                error("\"threshold\": \"2s\"", "\"threshold\": \"0.5ms\""));
        assertEquals("5:66: services[0].slis[0].threshold: \"0s\" is not a positive duration",
                error("\"threshold\": \"2s\"", "\"threshold\": \"0s\""));
        assertEquals("5:66: services[0].slis[0].threshold: \"2\" is not a duration; write e.g. \"500ms\", \"2s\", "
                        + "\"1h30m\", \"21d\" or \"3w\"",
                error("\"threshold\": \"2s\"", "\"threshold\": \"2\""));
    }

    @Test
    void formatsDurationsExactly() {
        assertEquals("3w", Durations.format(Duration.ofDays(21)));
        assertEquals("8d", Durations.format(Duration.ofDays(8)));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("2s500ms", Durations.format(Duration.ofMillis(2_500)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }

    @Test
    void rejectsWindowsThatAreNeitherOrBoth() {
        assertEquals("8:17: services[0].objectives[0].window: give either rolling or calendar, not both",
                error("\"rolling\": \"3w\"", "\"rolling\": \"3w\", \"calendar\": \"3w\""));
        assertEquals("8:17: services[0].objectives[0].window: give rolling (such as \"3w\") or calendar (with start and zone)",
                error("{\"rolling\": \"3w\"}", "{}"));
        assertEquals("8:17: services[0].objectives[0].window: expected a window such as {\"rolling\": \"3w\"} "
                        + "(a JSON object), got \"3w\"",
                error("{\"rolling\": \"3w\"}", "\"3w\""));
    }

    @Test
    void rejectsBadCalendarWindows() {
        assertEquals(List.of(
                        "8:30: services[0].objectives[0].window.calendar: \"1h\" is not a whole number of days; a calendar "
                                + "period is days (\"21d\"), weeks (\"3w\") or an ISO-8601 period (\"P1M\")",
                        "8:45: services[0].objectives[0].window.start: \"2024-02-30\" is not a date; write YYYY-MM-DD",
                        "8:67: services[0].objectives[0].window.zone: \"Mars/Base\" is not an IANA time zone such as "
                                + "\"America/Vancouver\""),
                errors("\"rolling\": \"3w\"", "\"calendar\": \"1h\", \"start\": \"2024-02-30\", \"zone\": \"Mars/Base\""));
        assertEquals("8:35: services[0].objectives[0].window.zone: unknown field; a rolling window takes rolling",
                error("\"rolling\": \"3w\"", "\"rolling\": \"3w\", \"zone\": \"UTC\""));
    }

    @Test
    void rejectsBudgetingFieldsOfAnotherMethod() {
        assertEquals("8:49: services[0].objectives[0].budgeting.sliceTarget: required field is missing",
                error("{\"method\": \"occurrences\"}", "{\"method\": \"timeslices\"}"));
        assertEquals("8:75: services[0].objectives[0].budgeting.sliceTarget: unknown field; occurrences budgeting takes method",
                error("{\"method\": \"occurrences\"}", "{\"method\": \"occurrences\", \"sliceTarget\": 0.9}"));
        assertEquals("8:89: services[0].objectives[0].budgeting.sliceTarget: 95 is not a fraction in (0, 1]; write 0.95 for 95 %",
                error("{\"method\": \"occurrences\"}", "{\"method\": \"timeslices\", \"sliceTarget\": 95}"));
        assertEquals("8:60: services[0].objectives[0].budgeting.method: \"events\" is not one of \"occurrences\", "
                        + "\"timeslices\", \"ratioTimeslices\"",
                error("\"occurrences\"", "\"events\""));
    }

    @Test
    void rejectsAlertTierWithShortWindowNotShorter() {
        assertEquals("8:193: services[0].objectives[0].alerts[0].shortWindow: 1h is not shorter than the long window 1h",
                error("\"missingData\": \"exclude\"", "\"missingData\": \"exclude\", \"alerts\": [{\"severity\": \"page\", "
                        + "\"budgetFraction\": 0.02, \"longWindow\": \"1h\", \"shortWindow\": \"1h\"}]"));
    }

    @Test
    void rejectsQuantileWrittenAsPercentile() {
        assertEquals("5:65: services[0].slis[0].quantile: 99 is not a quantile in [0, 1]; write 0.99 for the 99th percentile",
                error("\"threshold\": \"2s\"", "\"quantile\": 99"));
    }

    @Test
    void rejectsBadReviewSchedule() {
        assertEquals("2:31: reviewEvery: \"6 months\" is not an ISO-8601 period; write e.g. \"P6M\" for six months or "
                        + "\"P1Y\" for a year",
                error("\"format\": 1,", "\"format\": 1, \"reviewEvery\": \"6 months\","));
        assertEquals("2:31: reviewEvery: \"P0D\" is not a positive period",
                error("\"format\": 1,", "\"format\": 1, \"reviewEvery\": \"P0D\","));
    }

    @Test
    void rejectsReadinessWithoutWorkloadsAndProbeWithoutCheck() {
        assertEquals(List.of(
                        "5:14: services[0].slis[0].workloads: required field is missing",
                        "5:14: services[0].slis[0].availability: required field is missing"),
                errors("\"kind\": \"latency\", \"threshold\": \"2s\"", "\"kind\": \"readiness\"")
                        .subList(0, 2));
        assertEquals("5:14: services[0].slis[0].check: required field is missing",
                errors("\"kind\": \"latency\", \"threshold\": \"2s\"", "\"kind\": \"probe\"").get(0));
    }
}
