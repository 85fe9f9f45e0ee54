package dev.sli.openslo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.config.BudgetingSpec;
import dev.sli.core.config.ConfigException;
import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.ObjectiveType;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliKind;
import dev.sli.core.config.SliSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.MissingDataPolicy;
import dev.sli.core.source.Selector;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.window.Window;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenSloReaderTest {

    private static String yaml(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** Each error as {@code file:line:column: path: problem}. */
    private static List<String> errors(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> OpenSloReader.read(new StringReader(text), "slo.yaml"));
        return e.errors().stream().map(Object::toString).toList();
    }

    private static final String SERVICE = yaml(
            "apiVersion: openslo/v1",
            "kind: Service",
            "metadata:",
            "  name: web",
            "spec:",
            "  description: The web shop");

    private static final String DATASOURCE = yaml(
            "apiVersion: openslo/v1",
            "kind: DataSource",
            "metadata:",
            "  name: prom",
            "spec:",
            "  type: Prometheus",
            "  connectionDetails:",
            "    url: http://prometheus:9090");

    private static final String SLO = yaml(
            "apiVersion: openslo/v1",
            "kind: SLO",
            "metadata:",
            "  name: web-availability",
            "spec:",
            "  service: web",
            "  indicator:",
            "    metadata:",
            "      name: web-requests",
            "    spec:",
            "      ratioMetric:",
            "        counter: true",
            "        good:",
            "          metricSource:",
            "            metricSourceRef: prom",
            "            spec:",
            "              query: http_requests_total{job=\"web\", code!~\"5..\"}",
            "        total:",
            "          metricSource:",
            "            metricSourceRef: prom",
            "            spec:",
            "              query: http_requests_total{job=\"web\"}",
            "  timeWindow:",
            "    - duration: 1M",
            "      isRolling: false",
            "      calendar:",
            "        startTime: 2024-01-01 00:00:00",
            "        timeZone: Europe/Berlin",
            "  budgetingMethod: Timeslices",
            "  objectives:",
            "    - displayName: Good minutes",
            "      targetPercent: 99.5",
            "      timeSliceTarget: 0.95",
            "      timeSliceWindow: 5",
            "  alertPolicies:",
            "    - kind: AlertPolicy",
            "      metadata:",
            "        name: fast-burn",
            "      spec:",
            "        alertWhenBreaching: true",
            "        conditions:",
            "          - conditionRef: fast",
            "        notificationTargets:",
            "          - targetRef: pager",
            "---",
            "apiVersion: openslo/v1",
            "kind: AlertCondition",
            "metadata:",
            "  name: fast",
            "  annotations:",
            "    sli.dev/budgetFraction: \"0.02\"",
            "spec:",
            "  severity: page",
            "  condition:",
            "    kind: burnrate",
            "    op: gte",
            "    threshold: 13.44",
            "    lookbackWindow: 1h");

    @Test
    void mapsInlineIndicatorDataSourceCalendarWindowTimeslicesAndAnAlert() {
        SloDocument document = OpenSloReader.parse(SERVICE + "---\n" + DATASOURCE + "---\n" + SLO);
        ServiceSpec service = document.services().get(0);
        assertEquals("web", service.name());
        assertEquals(Optional.of("The web shop"), service.description());
        SliSpec sli = service.slis().get(0);
        assertEquals("web-requests", sli.name());
        assertEquals(SliKind.OUTCOME, sli.kind());
        // OpenSLO's good query selects in full; sli's good selector adds matchers to the total's
        assertEquals(SourceSpec.builder().selector(SourceSpec.Role.TOTAL, Selector.parse("http_requests_total{job=\"web\"}"))
                .selector(SourceSpec.Role.GOOD, Selector.parse("{code!~\"5..\"}")).build(), sli.source().orElseThrow());
        ObjectiveSpec o = service.objectives().get(0);
        assertEquals("web-availability", o.name());
        assertEquals(ObjectiveType.SLO, o.type());
        assertEquals(0.995, o.target());
        assertEquals(Window.calendar(LocalDate.of(2024, 1, 1), Period.ofMonths(1), ZoneId.of("Europe/Berlin")), o.window());
        assertEquals(BudgetingSpec.timeslices(0.95, Duration.ofMinutes(5)), o.budgeting());
        assertEquals(MissingDataPolicy.EXCLUDE, o.missingData());
        // no short window given: a twelfth of the long one, as the SRE Workbook's tiers have
        assertEquals(List.of(AlertTier.page(0.02, Duration.ofHours(1), Duration.ofMinutes(5))), o.alerts());
        assertEquals(Optional.of("OpenSLO does not say what missing data counts as (no sli.dev/missingData annotation); "
                + "exclude assumed. Alert condition \"fast\" gives no short window (sli.dev/shortWindow); 5m, a twelfth of "
                + "its lookback window, assumed as in the SRE Workbook."), o.assumption());
    }

    @Test
    void derivesTheBudgetFractionFromTheBurnRateOnARollingWindow() {
        // 14.4 × 1h / 30d = 0.02: the Workbook's fast-burn page
        String slo = SLO.replace("    - duration: 1M\n      isRolling: false\n      calendar:\n"
                        + "        startTime: 2024-01-01 00:00:00\n        timeZone: Europe/Berlin\n",
                        "    - duration: 30d\n      isRolling: true\n")
                .replace("    sli.dev/budgetFraction: \"0.02\"\n", "    sli.dev/shortWindow: 5m\n")
                .replace("threshold: 13.44", "threshold: 14.4");
        ObjectiveSpec o = OpenSloReader.parse(SERVICE + "---\n" + DATASOURCE + "---\n" + slo).services().get(0).objectives().get(0);
        assertEquals(Window.rolling(Duration.ofDays(30)), o.window());
        assertEquals(List.of(AlertTier.page(0.02, Duration.ofHours(1), Duration.ofMinutes(5))), o.alerts());
    }

    @Test
    void refusesABurnRateThatDisagreesWithTheStatedBudgetFraction() {
        // on a rolling 4w (672h) window, 14.4 over 1h spends 14.4 / 672 = 0.0214286 of the budget, not 0.02
        String slo = SLO.replace("    - duration: 1M\n      isRolling: false\n      calendar:\n"
                + "        startTime: 2024-01-01 00:00:00\n        timeZone: Europe/Berlin\n", "    - duration: 4w\n")
                .replace("threshold: 13.44", "threshold: 14.4");
        assertEquals(List.of("slo.yaml:69:16: documents[3].spec.condition.threshold: burn rate 14.4 over 1h spends "
                        + "0.0214286 of the budget, but sli.dev/budgetFraction says 0.02"),
                errors(SERVICE + "---\n" + DATASOURCE + "---\n" + slo));
    }

    @Test
    void refusesAGoodQueryThatSelectsOutsideTheTotal() {
        String slo = SLO.replace("query: http_requests_total{job=\"web\", code!~\"5..\"}", "query: http_requests_total{code!~\"5..\"}");
        assertEquals(List.of("slo.yaml:30:11: documents[2].spec.indicator.spec.ratioMetric.good: selects series outside "
                        + "total: it lacks total's matcher job=\"web\"; a good or bad query must select within the total's series"),
                errors(SERVICE + "---\n" + DATASOURCE + "---\n" + slo));
    }

    @Test
    void namesFileLineColumnDocumentAndPathOfBadIndentation() {
        assertEquals(List.of("slo.yaml:12:15: documents[1]: YAML syntax: mapping values are not allowed here (check the indentation)"),
                errors(SERVICE + "---\n" + yaml("apiVersion: openslo/v1", "kind: Service", "metadata:", "  name: api",
                        "   description: x")));
    }

    @Test
    void namesAWrongType() {
        String slo = SLO.replace("  timeWindow:\n    - duration: 1M\n      isRolling: false\n      calendar:\n"
                + "        startTime: 2024-01-01 00:00:00\n        timeZone: Europe/Berlin\n", "  timeWindow: 4w\n");
        assertEquals(List.of("slo.yaml:39:15: documents[2].spec.timeWindow: expected a list, got the string \"4w\""),
                errors(SERVICE + "---\n" + DATASOURCE + "---\n" + slo));
    }

    @Test
    void namesAnUnknownKind() {
        assertEquals(List.of("slo.yaml:9:7: documents[1].kind: \"Slo\" is not an OpenSLO v1 kind; use one of SLO, SLI, Service, "
                        + "AlertPolicy, AlertCondition, DataSource, AlertNotificationTarget"),
                errors(SERVICE + "---\n" + yaml("apiVersion: openslo/v1", "kind: Slo", "metadata:", "  name: x", "spec: {}")));
    }

    @Test
    void namesAMissingField() {
        assertEquals(List.of("slo.yaml:22:3: documents[2].spec.budgetingMethod: required field is missing: Occurrences, "
                        + "Timeslices or RatioTimeslices"),
                errors(SERVICE + "---\n" + DATASOURCE + "---\n" + SLO.replace("  budgetingMethod: Timeslices\n", "")));
    }

    @Test
    void refusesDuplicateKeysAndAliases() {
        assertEquals(List.of("slo.yaml:5:3: documents[0]: the key \"name\" is given twice in one mapping (first on line 4)"),
                errors(yaml("apiVersion: openslo/v1", "kind: Service", "metadata:", "  name: web", "  name: api", "spec: {}")));
        assertEquals(List.of("slo.yaml:5:6: documents[0]: YAML aliases (*n) are not supported; write the value out in full"),
                errors(yaml("apiVersion: openslo/v1", "kind: Service", "metadata: &m", "  name: &n web", "  x: *n", "spec: {}")));
    }

    @Test
    void quotesBadValuesWithoutControlCharactersAndWithinBounds() {
        String value = "\\e[31m" + "x".repeat(100);
        List<String> errors = errors(yaml("apiVersion: openslo/v1", "kind: \"" + value + "\"", "metadata:", "  name: x", "spec: {}"));
        assertEquals(List.of("slo.yaml:2:7: documents[0].kind: \"\\u001b[31m" + "x".repeat(55) + "…\" is not an OpenSLO v1 kind; "
                + "use one of SLO, SLI, Service, AlertPolicy, AlertCondition, DataSource, AlertNotificationTarget"), errors);
    }
}
