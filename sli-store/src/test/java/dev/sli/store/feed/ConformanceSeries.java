package dev.sli.store.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only reader of a conformance folder's series.json (a Prometheus query_range answer) with a Jackson
 * tree, standing in for the importers: the raw series for brute force, and a sink to fill a SeriesSet.
 */
final class ConformanceSeries {

    static final Path ROOT = Path.of(System.getProperty("sli.conformance.dir", (java.nio.file.Files.isDirectory(java.nio.file.Path.of("../../shared/conformance")) ? "../../shared/conformance" : "/work/shared/conformance")));

    /** One raw series: name, labels without __name__, Unix-second timestamps and values. */
    record Raw(String name, Map<String, String> labels, long[] seconds, double[] values) {
        String label(String l) {
            return labels.get(l);
        }
    }

    final List<Raw> series = new ArrayList<>();
    final JsonNode expected;
    final long evalSeconds;

    ConformanceSeries(String folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(ROOT.resolve(folder).resolve("series.json").toFile());
        for (JsonNode r : root.path("data").path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            String name = null;
            Iterator<Map.Entry<String, JsonNode>> it = r.path("metric").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__name__")) {
                    name = e.getValue().asText();
                } else {
                    labels.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode values = r.path("values");
            long[] t = new long[values.size()];
            double[] v = new double[values.size()];
            for (int i = 0; i < values.size(); i++) {
                t[i] = values.get(i).get(0).asLong();
                v[i] = Double.parseDouble(values.get(i).get(1).asText());
            }
            series.add(new Raw(name, labels, t, v));
        }
        expected = json.readTree(ROOT.resolve(folder).resolve("expected.json").toFile());
        evalSeconds = expected.path("eval_time_unix").asLong();
    }

    /** Every sample into {@code set}, series by series, as a query_range importer would. */
    void fill(SeriesSet set) {
        for (Raw r : series) {
            SeriesKey key = SeriesKey.of(r.name, r.labels);
            for (int i = 0; i < r.seconds.length; i++) {
                set.sample(key, r.seconds[i] * 1000, r.values[i]);
            }
        }
    }

    long totalSamples() {
        return series.stream().mapToLong(r -> r.seconds.length).sum();
    }

    /** The single value of query {@code id}. */
    double value(String id) {
        return query(id).path("value").asDouble();
    }

    /** The result of query {@code id} whose label {@code label} is {@code value}. */
    double resultWhere(String id, String label, String value) {
        for (JsonNode r : query(id).path("result")) {
            if (r.path("labels").path(label).asText().equals(value)) {
                return r.path("value").asDouble();
            }
        }
        throw new AssertionError(id + " has no result with " + label + "=" + value);
    }

    private JsonNode query(String id) {
        for (JsonNode q : expected.path("queries")) {
            if (q.path("id").asText().equals(id)) {
                return q;
            }
        }
        throw new AssertionError("no query " + id);
    }
}
