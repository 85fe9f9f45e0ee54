package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sli parity} on each shipped conformance data set, read by the real importers from series.json
 * and from series.csv.gz: every id of expected.json (Prometheus 2.42's values) must come out of the JSON
 * output within 1e-9 relative, label set by label set, and an empty result empty.
 */
class ParityCommandTest {

    static final Path CONFORMANCE = Path.of(System.getProperty("sli.conformance.dir", (java.nio.file.Files.isDirectory(java.nio.file.Path.of("../../shared/conformance")) ? "../../shared/conformance" : "/work/shared/conformance")));

    @TestFactory
    List<DynamicTest> jsonOutputEqualsPrometheusOnEveryDataSet() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (var folders = Files.list(CONFORMANCE)) {
            for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("expected.json"))).sorted().toList()) {
                for (String file : List.of("series.json", "series.csv.gz")) {
                    tests.add(DynamicTest.dynamicTest(folder.getFileName() + "/" + file, () -> check(folder, folder.resolve(file))));
                }
            }
        }
        assertTrue(!tests.isEmpty(), "no data sets under " + CONFORMANCE.toAbsolutePath());
        return tests;
    }

    static void check(Path folder, Path data) throws IOException {
        LintCommandTest.Run run = LintCommandTest.sli("parity", LintCommandTest.EXAMPLE, "--data", data.toString(), "--format", "json");
        assertEquals(0, run.exitCode(), String.join("\n", run.err()));
        ObjectMapper m = new ObjectMapper();
        Map<String, JsonNode> got = new HashMap<>();
        for (JsonNode q : m.readTree(String.join("\n", run.out())).get("queries")) {
            got.put(q.get("id").asText(), q);
        }
        for (JsonNode want : m.readTree(folder.resolve("expected.json").toFile()).get("queries")) {
            String id = want.get("id").asText();
            JsonNode have = got.get(id);
            assertTrue(have != null, "no id " + id + " in the output");
            Map<JsonNode, Double> w = values(want.get("result"));
            Map<JsonNode, Double> h = values(have.get("result"));
            assertEquals(w.keySet(), h.keySet(), id + ": label sets");
            w.forEach((labels, v) -> assertTrue(close(v, h.get(labels)), id + " " + labels + ": Prometheus " + v + ", sli " + h.get(labels)));
            if (want.get("value").isNull()) {
                assertTrue(have.get("value").isNull(), id + ": value should be null");
            } else {
                assertTrue(close(value(want.get("value")), value(have.get("value"))), id + ": value");
            }
        }
    }

    static Map<JsonNode, Double> values(JsonNode result) {
        Map<JsonNode, Double> out = new HashMap<>();
        result.forEach(s -> out.put(s.get("labels"), value(s.get("value"))));
        return out;
    }

    static double value(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        switch (v.asText()) {
            case "NaN": return Double.NaN;
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default: throw new AssertionError("not a value: " + v);
        }
    }

    static boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || expected == 0) {
            return expected == actual;
        }
        return Math.abs(expected - actual) <= 1e-9 * Math.abs(expected);
    }

    static String sample(String metric, String workload, String type, long t, String value) {
        return "{\"metric\":{\"__name__\":\"" + metric + "\",\"kube_cluster_name\":\"silver\",\"kube_namespace_name\":\"101ed4-prod\","
                + "\"kube_workload_name\":\"" + workload + "\",\"kube_workload_type\":\"" + type + "\"},\"values\":[[" + t + ",\"" + value + "\"]]}";
    }

    @Test
    void textSaysNoDataWhereTheDashboardIsEmptyAndEscapesControlCharactersOfLabels(@TempDir Path dir) throws IOException {
        // one hour of full readiness (the dashboard's > 0 drops every step: no data) and a 2.5 s gauge (dropped by < 2)
        StringBuilder result = new StringBuilder();
        String evil = "deploy\\u001b[31mment";
        for (long t = 1704067200; t <= 1704067200 + 3600; t += 60) {
            for (String metric : List.of("kube_workload_status_desired", "kube_workload_status_ready")) {
                result.append(result.length() == 0 ? "" : ",").append(sample(metric, "platsrv-registry-web", evil, t, "2"));
            }
            result.append(",").append(sample("sysdig_container_net_http_request_time", "platsrv-registry-web", evil, t, "2500000000"));
        }
        Path data = dir.resolve("series\u001b[31m.json"); // a file name is input too
        Files.writeString(data, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + result + "]}}");
        LintCommandTest.Run run = LintCommandTest.sli("parity", LintCommandTest.EXAMPLE, "--data", data.toString());
        assertEquals(0, run.exitCode(), String.join("\n", run.err()));
        String text = String.join("\n", run.out());
        assertTrue(text.contains("  Prometheus  no data (Prometheus returns an empty result)"), text);
        assertTrue(text.contains("100 % of the time every workload had all desired replicas ready (61 of 61 one-minute steps"), text);
        assertTrue(text.contains("every workload's worst request time was at least 2 s (platsrv-registry-web 2.5 s)"), text);
        assertTrue(text.chars().noneMatch(c -> c < 0x20 && c != '\n'), "a control character reached the terminal");
        assertTrue(text.contains("series\\u001b[31m.json"), text);
    }
}
