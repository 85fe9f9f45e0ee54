package dev.sli.store.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpositionImporterTest {

    private static final ExpositionImporter PROMETHEUS = ExpositionImporter.prometheusText().build();
    private static final ExpositionImporter OPEN_METRICS = ExpositionImporter.openMetrics().build();

    static ImportStats read(ExpositionImporter importer, String text, SampleSink sink) throws Exception {
        return importer.readWithStats(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "in.prom", sink);
    }

    static ImportException failure(ExpositionImporter importer, String text) {
        return failure(importer, text.getBytes(StandardCharsets.UTF_8));
    }

    static ImportException failure(ExpositionImporter importer, byte[] bytes) {
        return assertThrows(ImportException.class,
                () -> importer.read(new ByteArrayInputStream(bytes), "in.prom", new RecordingSink()));
    }

    @Test
    void readsEverySampleAndTypeOfPrometheusText() throws Exception {
        String text = ""
                + "# HELP http_requests_total The total number of requests.\n"
                + "# TYPE http_requests_total counter\n"
                + "http_requests_total{method=\"post\",code=\"200\"} 1027 1704067200000\n"
                + "http_requests_total{code=\"400\", method=\"post\",} 3 1704067200000\n"
                + "\n"
                + "# a free comment, ignored\n"
                + "# TYPE temperature gauge\n"
                + "temperature\t-12.5e-1\t1704067200001\n"
                + "temperature{room=\"a \\\"quoted\\\" \\\\ back\\nslash \\t\"} NaN 1704067200002\n"
                + "  temperature{room=\"\"} +Inf 1704067200003  \n"
                + "temperature{room=\"c\"} -Inf 1704067200004\n"
                + "# TYPE latency_seconds histogram\n"
                + "latency_seconds_bucket{le=\"0.05\"} 24054 1704067200000\n"
                + "latency_seconds_bucket{le=\"+Inf\"} 144320 1704067200000 # {trace_id=\"abc\"} 0.67 1704067199.5\n"
                + "latency_seconds_sum 53423 1704067200000\n"
                + "latency_seconds_count 144320 1704067200000\n"
                + "# TYPE rpc_seconds summary\n"
                + "rpc_seconds{quantile=\"0.99\"} 76656 1704067200000\n"
                + "rpc_seconds_sum 1.7560473e+07 1704067200000\n"
                + "rpc_seconds_count 2693 1704067200000\n"
                + "# TYPE misc untyped\n"
                + "misc{} 0 1704067200000\n"
                + "# TYPE http_requests_total counter\n" // the next scrape repeats its TYPE lines
                + "http_requests_total{method=\"post\",code=\"200\"} 1030 1704067215000\n"
                + "temperature -1.0 1704067215001\r\n"
                + "unannounced 1e3 1704067215000";
        RecordingSink sink = new RecordingSink();
        ImportStats stats = read(PROMETHEUS, text, sink);
        assertEquals(List.of(
                "type http_requests_total COUNTER",
                "http_requests_total{code=\"200\", method=\"post\"} 1704067200000 1027.0",
                "http_requests_total{code=\"400\", method=\"post\"} 1704067200000 3.0",
                "type temperature GAUGE",
                "temperature{} 1704067200001 -1.25",
                "temperature{room=\"a \\\"quoted\\\" \\\\ back\\nslash \\\\t\"} 1704067200002 NaN/7ff8000000000000",
                "temperature{room=\"\"} 1704067200003 Infinity",
                "temperature{room=\"c\"} 1704067200004 -Infinity",
                "type latency_seconds HISTOGRAM",
                "latency_seconds_bucket{le=\"0.05\"} 1704067200000 24054.0",
                "latency_seconds_bucket{le=\"+Inf\"} 1704067200000 144320.0",
                "latency_seconds_sum{} 1704067200000 53423.0",
                "latency_seconds_count{} 1704067200000 144320.0",
                "type rpc_seconds SUMMARY",
                "rpc_seconds{quantile=\"0.99\"} 1704067200000 76656.0",
                "rpc_seconds_sum{} 1704067200000 1.7560473E7",
                "rpc_seconds_count{} 1704067200000 2693.0",
                "type misc UNKNOWN",
                "misc{} 1704067200000 0.0",
                "http_requests_total{code=\"200\", method=\"post\"} 1704067215000 1030.0",
                "temperature{} 1704067215001 -1.0",
                "unannounced{} 1704067215000 1000.0"), sink.calls);
        assertEquals("17 samples of 15 series; skipped 0 out of order, 0 with a duplicate timestamp, 0 repeated", stats.toString());
    }

    @Test
    void labelValueEscapesAreDecoded() throws Exception {
        SeriesSet set = SeriesSet.all();
        read(PROMETHEUS, "m{a=\"x\\\\y\\\"z\\nw\\q\"} 1 1704067200000\n", set);
        SeriesKey key = set.series().keySet().iterator().next();
        assertEquals("x\\y\"z\nw\\q", key.label("a"));
    }

    @Test
    void readsEverySampleAndTypeOfOpenMetrics() throws Exception {
        String text = ""
                + "# TYPE http_requests counter\n"
                + "# UNIT http_requests requests\n"
                + "# HELP http_requests Requests, with \\n escapes in help.\n"
                + "http_requests_total{code=\"200\"} 1027 1704067200\n"
                + "http_requests_created{code=\"200\"} 1704060000.25 1704067200\n"
                + "# TYPE latency_seconds histogram\n"
                + "# UNIT latency_seconds seconds\n"
                + "latency_seconds_bucket{le=\"0.1\"} 8 1704067200.5 # {trace_id=\"kw8\"} 0.07 1704067199.9\n"
                + "latency_seconds_bucket{le=\"+Inf\"} 17 1704067200.5\n"
                + "latency_seconds_count 17 1704067200.5\n"
                + "latency_seconds_sum 324789.3 1704067200.5\n"
                + "latency_seconds_created 1704060000 1704067200.5\n"
                + "# TYPE queue gaugehistogram\n"
                + "queue_bucket{le=\"+Inf\"} 3 1704067200.0009\n"
                + "# TYPE build info\n"
                + "build_info{version=\"1.2\"} 1 1.7040672e9\n"
                + "# TYPE feature stateset\n"
                + "feature{feature=\"a\"} 1 1704067200.001\n"
                + "# TYPE thing unknown\n"
                + "thing NaN 1704067200\n"
                + "# TYPE rpc_seconds summary\n"
                + "rpc_seconds{quantile=\"0.5\"} -Inf 1704067200\n"
                + "# TYPE http_requests counter\n"
                + "http_requests_total{code=\"200\"} 1030 1704067215.999999\n"
                + "# EOF\n";
        RecordingSink sink = new RecordingSink();
        ImportStats stats = read(OPEN_METRICS, text, sink);
        assertEquals(List.of(
                "type http_requests_total COUNTER",
                "http_requests_total{code=\"200\"} 1704067200000 1027.0",
                "http_requests_created{code=\"200\"} 1704067200000 1.70406000025E9",
                "type latency_seconds HISTOGRAM",
                "latency_seconds_bucket{le=\"0.1\"} 1704067200500 8.0",
                "latency_seconds_bucket{le=\"+Inf\"} 1704067200500 17.0",
                "latency_seconds_count{} 1704067200500 17.0",
                "latency_seconds_sum{} 1704067200500 324789.3",
                "latency_seconds_created{} 1704067200500 1.70406E9",
                "type queue GAUGE",
                "queue_bucket{le=\"+Inf\"} 1704067200000 3.0",
                "type build GAUGE",
                "build_info{version=\"1.2\"} 1704067200000 1.0",
                "type feature GAUGE",
                "feature{feature=\"a\"} 1704067200001 1.0",
                "type thing UNKNOWN",
                "thing{} 1704067200000 NaN/7ff8000000000000",
                "type rpc_seconds SUMMARY",
                "rpc_seconds{quantile=\"0.5\"} 1704067200000 -Infinity",
                "http_requests_total{code=\"200\"} 1704067215999 1030.0"), sink.calls);
        assertEquals(13, stats.samples());
        assertEquals(12, stats.series());
    }

    @Test
    void skipsWhatPrometheusTsdbRefusesAndCountsIt() throws Exception {
        String text = ""
                + "a 1 1704067260000\n"
                + "a 2 1704067200000\n" // line 2: older than the newest: out of order
                + "a 1 1704067260000\n" // line 3: the same again: repeated
                + "a 5 1704067260000\n" // line 4: same timestamp, other value: duplicate
                + "b NaN 1704067260000\n"
                + "b NaN 1704067260000\n" // line 6: repeated (same NaN bits)
                + "a 3 1704067320000\n"
                + "a 4 1704067200000\n" // line 8: out of order
                + "b 7 1704067260000\n"; // line 9: duplicate
        RecordingSink sink = new RecordingSink();
        ImportStats stats = read(PROMETHEUS, text, sink);
        assertEquals(List.of("a{} 1704067260000 1.0", "b{} 1704067260000 NaN/7ff8000000000000", "a{} 1704067320000 3.0"), sink.calls);
        assertEquals(3, stats.samples());
        assertEquals(2, stats.series());
        assertEquals(2, stats.outOfOrder());
        assertEquals(2, stats.firstOutOfOrderLine());
        assertEquals(2, stats.duplicateTimestamps());
        assertEquals(4, stats.firstDuplicateTimestampLine());
        assertEquals(2, stats.repeated());
        assertEquals(6, stats.skipped());
        assertEquals("3 samples of 2 series; skipped 2 out of order (first at line 2), 2 with a duplicate timestamp "
                + "(first at line 4), 2 repeated", stats.toString());
    }

    @Test
    void aSeriesSpelledTwoWaysIsOneSeries() throws Exception {
        RecordingSink sink = new RecordingSink();
        ImportStats stats = read(PROMETHEUS, "m{a=\"1\",b=\"2\"} 1 1704067200000\nm{b=\"2\", a=\"1\"} 2 1704067200000\n", sink);
        assertEquals(List.of("m{a=\"1\", b=\"2\"} 1704067200000 1.0"), sink.calls);
        assertEquals(1, stats.duplicateTimestamps());
        assertEquals(1, stats.series());
    }

    @Test
    void aDefaultTimestampStandsForMissingOnes() throws Exception {
        RecordingSink sink = new RecordingSink();
        ExpositionImporter importer = ExpositionImporter.prometheusText().defaultTimestampMillis(1704067200000L).build();
        read(importer, "up 1\nup{job=\"x\"} 0 1704067260000\nup{job=\"y\"} 1 # {a=\"b\"} 1\n", sink);
        assertEquals(List.of("up{} 1704067200000 1.0", "up{job=\"x\"} 1704067260000 0.0", "up{job=\"y\"} 1704067200000 1.0"),
                sink.calls);
    }

    @Test
    void openMetricsSecondsAreConvertedExactly() {
        assertEquals(1704067200123L, PrometheusNumbers.parseSecondsToMillis("1704067200.123"));
        assertEquals(1704067200123L, PrometheusNumbers.parseSecondsToMillis("1704067200.1239"));
        assertEquals(1704067200100L, PrometheusNumbers.parseSecondsToMillis("1704067200.1"));
        assertEquals(1704067200000L, PrometheusNumbers.parseSecondsToMillis("1704067200."));
        assertEquals(1704067200000L, PrometheusNumbers.parseSecondsToMillis("+1704067200"));
        assertEquals(1704067200123L, PrometheusNumbers.parseSecondsToMillis("1.704067200123e9"));
        assertEquals(1704067200123L, PrometheusNumbers.parseSecondsToMillis("1704067200123E-3"));
        assertEquals(-1500L, PrometheusNumbers.parseSecondsToMillis("-1.5009"));
        assertEquals(500L, PrometheusNumbers.parseSecondsToMillis(".5"));
        // exact where float64 is not: 4220827.021 * 1000 is 4220827020.9999995 in float64
        assertEquals(4220827021L, PrometheusNumbers.parseSecondsToMillis("4220827.021"));
        assertThrows(NumberFormatException.class, () -> PrometheusNumbers.parseSecondsToMillis("1e999999999"));
        assertEquals(0L, PrometheusNumbers.parseSecondsToMillis("1e-999999999"));
        assertThrows(NumberFormatException.class, () -> PrometheusNumbers.parseSecondsToMillis("NaN"));
        assertThrows(NumberFormatException.class, () -> PrometheusNumbers.parseSecondsToMillis("0x10"));
    }

    @Test
    void valuesAreParsedAsPrometheusParsesThem() {
        assertEquals(Double.POSITIVE_INFINITY, PrometheusNumbers.parseValue("+Inf"));
        assertEquals(Double.POSITIVE_INFINITY, PrometheusNumbers.parseValue("inf"));
        assertEquals(Double.POSITIVE_INFINITY, PrometheusNumbers.parseValue("Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, PrometheusNumbers.parseValue("-INF"));
        assertEquals(Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(PrometheusNumbers.parseValue("nan")));
        assertEquals(-0.0, PrometheusNumbers.parseValue("-0"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(PrometheusNumbers.parseValue("-0")));
        assertEquals(0.1, PrometheusNumbers.parseValue("1e-1"));
        assertEquals(0.0, PrometheusNumbers.parseValue("1e-400"));
        for (String bad : new String[] {"", "+", "-NaN", "+nan", "0x1p3", "1_000", "1d", "1f", "Infinit", "1e", "e1", ".", "1.2.3", " 1"}) {
            assertThrows(NumberFormatException.class, () -> PrometheusNumbers.parseValue(bad), bad);
        }
        NumberFormatException range = assertThrows(NumberFormatException.class, () -> PrometheusNumbers.parseValue("1e309"));
        assertEquals("beyond the float64 range", range.getMessage());
    }
}
