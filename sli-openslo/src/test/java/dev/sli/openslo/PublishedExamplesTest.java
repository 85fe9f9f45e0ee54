package dev.sli.openslo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.config.ConfigError;
import dev.sli.core.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published OpenSLO examples (see src/test/resources/openslo/README.md): none uses a metric source sli
 * can read (they say "type: Any" or aggregate with sum), so each must fail naming the field it cannot map.
 */
class PublishedExamplesTest {

    private static final Path DIR = Path.of("src", "test", "resources", "openslo");
    private static final String ANY = "metric source type \"Any\" is not supported: sli reads PromQL series selectors "
            + "(Prometheus, Thanos, Cortex, Mimir, VictoriaMetrics), or type sli for the embedded library";
    private static final String NOT_MIDNIGHT = "\"2022-01-01 12:00:00\" is not at midnight: sli's calendar periods start "
            + "at 00:00:00 of a day";

    private static List<String> errors(String file) {
        ConfigException e = assertThrows(ConfigException.class, () -> OpenSloReader.read(DIR.resolve(file)));
        for (ConfigError error : e.errors()) {
            assertEquals(DIR.resolve(file).toString(), error.source());
        }
        return e.errors().stream().map(x -> x.line() + ":" + x.column() + " " + x.describe()).toList();
    }

    @Test
    void occurrencesExampleNamesItsThresholdMetricSourceType() {
        assertEquals(List.of("17:17 documents[0].spec.indicator.spec.thresholdMetric.metricSource.type: " + ANY),
                errors("budgeting-method--occurences-slo.yaml"));
    }

    @Test
    void ratioTimeslicesExampleNamesBothMetricSourceTypes() {
        assertEquals(List.of(
                "18:19 documents[0].spec.indicator.spec.ratioMetric.good.metricSource.type: " + ANY,
                "23:19 documents[0].spec.indicator.spec.ratioMetric.total.metricSource.type: " + ANY),
                errors("budgeting-method--ratio-timeslices.yaml"));
    }

    @Test
    void timeslicesExampleAlsoNamesItsOneMinuteCalendarPeriod() {
        assertEquals(List.of(
                "18:19 documents[0].spec.indicator.spec.ratioMetric.good.metricSource.type: " + ANY,
                "23:19 documents[0].spec.indicator.spec.ratioMetric.total.metricSource.type: " + ANY,
                "27:17 documents[0].spec.timeWindow[0].duration: \"1m\" is not a calendar period: sli's calendar periods "
                        + "are whole days, weeks, months, quarters or years (d, w, M, Q, Y)"),
                errors("budgeting-method--timeslices-slo.yaml"));
    }

    @Test
    void lowTrafficExampleAlsoNamesItsNoonStartTime() {
        assertEquals(List.of(
                "16:19 documents[0].spec.indicator.spec.ratioMetric.good.metricSource.type: " + ANY,
                "21:19 documents[0].spec.indicator.spec.ratioMetric.total.metricSource.type: " + ANY,
                "28:20 documents[0].spec.timeWindow[0].calendar.startTime: " + NOT_MIDNIGHT),
                errors("treat-low-traffic-as-equally-important--timeslices-slo.yaml"));
    }

    @Test
    void osloV1ListNamesItsAggregatingQueries() {
        String notSelector = "is not supported: sli reads plain series selectors such as http_requests_total{code=~\"5..\"}, "
                + "not PromQL expressions (sum, rate, ranges); selector ";
        assertEquals(List.of(
                "25:24 documents[0][0].spec.indicator.spec.ratioMetric.good.metricSource.spec.query: " + notSelector
                        + "\"sum(http_requests{k8s_cluster=\\\"prod\\\",component=\\\"web\\\",code=~\\\"…\" (70 characters): "
                        + "at offset 3, expected the end of the selector, found \"(http_requests{k8s_cluster=\\\"prod\\\","
                        + "component=\\\"web\\\",code=~\\\"2xx…\" (67 characters)",
                "30:24 documents[0][0].spec.indicator.spec.ratioMetric.total.metricSource.spec.query: " + notSelector
                        + "\"sum(http_requests{k8s_cluster=\\\"prod\\\",component=\\\"web\\\"})\": at offset 3, expected the "
                        + "end of the selector, found \"(http_requests{k8s_cluster=\\\"prod\\\",component=\\\"web\\\"})\"",
                "35:22 documents[0][0].spec.timeWindow[0].calendar.startTime: " + NOT_MIDNIGHT),
                errors("oslo--v1.yaml"));
    }

    @Test
    void osloUnknownFieldNamesTheFieldAndTheBadName() {
        assertEquals(List.of(
                "4:9 documents[0].metadata.name: \"my-rad service\" is not a valid name; use letters, digits, '.', '_' "
                        + "and '-', starting with a letter or digit",
                "6:3 documents[0].spec.markdown: unknown field \"markdown\" of a Service; known fields: description"),
                errors("oslo--unknown-field.yaml"));
    }

    @Test
    void osloV2alphaIsRefusedByItsApiVersionOnly() {
        String v2 = "apiVersion: \"openslo.com/v2alpha\" is not an apiVersion sli reads; write \"openslo/v1\"";
        assertEquals(List.of(
                "1:15 documents[0][0]." + v2,
                "38:15 documents[0][1]." + v2,
                "47:15 documents[0][2]." + v2),
                errors("oslo--v2alpha.yaml"));
    }
}
