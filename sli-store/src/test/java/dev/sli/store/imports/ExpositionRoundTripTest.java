package dev.sli.store.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance data set written as exposition text, scrape by scrape (every series at one timestamp,
 * then the next), with our own writer, read back, and compared sample by sample, bit for bit, with the
 * values and timestamps of {@code series.json}.
 */
class ExpositionRoundTripTest {

    private static final Path SERIES = Path.of(System.getProperty("sli.conformance.dir", (java.nio.file.Files.isDirectory(java.nio.file.Path.of("../../shared/conformance")) ? "../../shared/conformance" : "/work/shared/conformance")), "seed7-2d-1m", "series.json");

    /** One series of the JSON: its labels, and its samples (seconds → the value string as the JSON has it). */
    private static final class JsonSeries {
        final String metric;
        final Map<String, String> labels = new TreeMap<>();
        final TreeMap<Long, String> values = new TreeMap<>();

        JsonSeries(String metric) {
            this.metric = metric;
        }
    }

    private static List<JsonSeries> series;
    private static long sampleCount;

    @BeforeAll
    static void readJson() throws IOException {
        JsonNode result = new ObjectMapper().readTree(SERIES.toFile()).path("data").path("result");
        series = new ArrayList<>();
        for (JsonNode s : result) {
            JsonSeries js = new JsonSeries(s.path("metric").path("__name__").asText());
            for (Iterator<Map.Entry<String, JsonNode>> it = s.path("metric").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("__name__")) {
                    js.labels.put(e.getKey(), e.getValue().asText());
                }
            }
            for (JsonNode v : s.path("values")) {
                js.values.put(v.get(0).asLong(), v.get(1).asText());
                sampleCount++;
            }
            series.add(js);
        }
    }

    @Test
    void prometheusTextRoundTripIsBitExact() throws Exception {
        byte[] text = write(false);
        SeriesSet set = SeriesSet.all();
        ImportStats stats = ExpositionImporter.prometheusText().build()
                .readWithStats(new ByteArrayInputStream(text), "seed7.prom", set);
        assertSameAsJson(set, stats);
    }

    @Test
    void openMetricsRoundTripIsBitExact() throws Exception {
        byte[] text = write(true);
        SeriesSet set = SeriesSet.all();
        ImportStats stats = ExpositionImporter.openMetrics().build()
                .readWithStats(new ByteArrayInputStream(text), "seed7.om", set);
        assertSameAsJson(set, stats);
    }

    private static void assertSameAsJson(SeriesSet set, ImportStats stats) {
        assertEquals(83462, sampleCount, "the data set's meta says 83462 samples");
        assertEquals(sampleCount, stats.samples());
        assertEquals(0, stats.skipped());
        assertEquals(29, stats.series());
        Map<SeriesKey, SeriesSet.Samples> read = set.series();
        assertEquals(series.size(), read.size());
        for (JsonSeries js : series) {
            SeriesKey key = SeriesKey.of(js.metric, js.labels);
            SeriesSet.Samples samples = read.get(key);
            assertEquals(js.values.size(), samples == null ? -1 : samples.size(), key.toString());
            int i = 0;
            for (Map.Entry<Long, String> e : js.values.entrySet()) {
                assertEquals(e.getKey() * 1000, samples.timeMillis(i), key + " sample " + i);
                assertEquals(Double.doubleToRawLongBits(jsonValue(e.getValue())), Double.doubleToRawLongBits(samples.value(i)),
                        key + " sample " + i + " " + e.getValue());
                i++;
            }
        }
        assertEquals(MetricType.COUNTER, set.type("http_requests_total"));
        assertEquals(MetricType.HISTOGRAM, set.type("http_request_duration_seconds"));
        assertEquals(MetricType.GAUGE, set.type("kube_workload_status_ready"));
        assertEquals(MetricType.GAUGE, set.type("sysdig_container_net_http_request_time"));
    }

    /** The JSON's value string as Prometheus's API writes float64s (NaN, +Inf, -Inf, or a Go float). */
    private static double jsonValue(String s) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(s);
        }
    }

    /**
     * The data set as exposition text: one scrape per timestamp, each with its # TYPE lines. Prometheus
     * text copies the JSON's value strings; OpenMetrics writes Java's shortest form of the parsed double and
     * the timestamp in seconds three ways (integer, with ".000", in exponent form).
     */
    private static byte[] write(boolean openMetrics) throws IOException {
        TreeSet<Long> times = new TreeSet<>();
        for (JsonSeries js : series) {
            times.addAll(js.values.keySet());
        }
        Map<String, String> families = new LinkedHashMap<>();
        for (JsonSeries js : series) {
            String m = js.metric;
            if (m.endsWith("_total")) {
                families.put(openMetrics ? m.substring(0, m.length() - 6) : m, "counter");
            } else if (m.endsWith("_bucket") || m.endsWith("_count") || m.endsWith("_sum")) {
                families.put(m.substring(0, m.lastIndexOf('_')), "histogram");
            } else {
                families.put(m, "gauge");
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            int n = 0;
            for (long t : times) {
                for (Map.Entry<String, String> f : families.entrySet()) {
                    out.write("# TYPE " + f.getKey() + " " + f.getValue() + "\n");
                }
                for (JsonSeries js : series) {
                    String v = js.values.get(t);
                    if (v == null) {
                        continue;
                    }
                    out.write(js.metric);
                    out.write('{');
                    boolean first = true;
                    for (Map.Entry<String, String> l : js.labels.entrySet()) {
                        out.write((first ? "" : ",") + l.getKey() + "=\"" + l.getValue().replace("\\", "\\\\")
                                .replace("\"", "\\\"").replace("\n", "\\n") + "\"");
                        first = false;
                    }
                    out.write("} ");
                    if (openMetrics) {
                        double d = jsonValue(v);
                        out.write(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "+Inf" : "-Inf") : Double.toString(d));
                        out.write(' ');
                        int form = n++ % 3;
                        String seconds = Long.toString(t);
                        out.write(form == 0 ? seconds : form == 1 ? seconds + ".000"
                                : seconds.charAt(0) + "." + seconds.substring(1) + "e" + (seconds.length() - 1));
                    } else {
                        out.write(v);
                        out.write(' ');
                        out.write(Long.toString(t * 1000));
                    }
                    out.write('\n');
                }
            }
            if (openMetrics) {
                out.write("# EOF\n");
            }
        }
        return bytes.toByteArray();
    }
}
