package dev.sli.store.promql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sli.store.imports.ImportException;
import dev.sli.store.imports.Importers;
import dev.sli.store.imports.SeriesSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The conformance data sets (folders with series.json, expected.json): where they are, and their
 * series loaded into a {@link SeriesSet}. The one place that reads series files in the tests.
 */
final class ConformanceData {

    /** One expected query: id, window, and the result Prometheus returned. */
    record Expected(String id, String window, Map<Map<String, String>, Double> result) {
    }

    private ConformanceData() {
    }

    /** The folder holding the data sets: {@code -Dsli.conformance.dir}, else ../shared/conformance beside the repository, else /work/shared/conformance. */
    static Path root() {
        String dir = System.getProperty("sli.conformance.dir");
        return Path.of(dir != null ? dir : (java.nio.file.Files.isDirectory(java.nio.file.Path.of("../../shared/conformance")) ? "../../shared/conformance" : "/work/shared/conformance"));
    }

    /** Every data-set folder under {@link #root()}, sorted by name. */
    static List<Path> folders() throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(root())) {
            s.filter(p -> Files.isRegularFile(p.resolve("expected.json"))).sorted().forEach(out::add);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no conformance data sets (folders with expected.json) under " + root().toAbsolutePath());
        }
        return out;
    }

    /** The series files of a data set, each read on its own: the same samples as JSON and as gzipped CSV. */
    static final List<String> SERIES_FILES = List.of("series.json", "series.csv.gz");

    /** Reads {@code folder}/{@code file} with the importers (format detected) into a set that keeps every series. */
    static SeriesSet load(Path folder, String file) throws IOException {
        SeriesSet set = SeriesSet.all();
        try {
            Importers.defaults().read(folder.resolve(file), Optional.empty(), set);
        } catch (ImportException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return set;
    }

    static JsonNode expectedJson(Path folder) throws IOException {
        return new ObjectMapper().readTree(folder.resolve("expected.json").toFile());
    }

    /** The expected results of {@code folder}, in file order. */
    static List<Expected> expected(JsonNode expectedJson) {
        List<Expected> out = new ArrayList<>();
        for (JsonNode q : expectedJson.get("queries")) {
            Map<Map<String, String>, Double> result = new LinkedHashMap<>();
            for (JsonNode s : q.get("result")) {
                Map<String, String> labels = new LinkedHashMap<>();
                s.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                result.put(labels, s.get("value").isNumber() ? s.get("value").asDouble() : value(s.get("value").asText()));
            }
            out.add(new Expected(q.get("id").asText(), q.get("window").asText(), result));
        }
        return out;
    }

    /** A sample value as Prometheus writes it. */
    static double value(String text) {
        switch (text) {
            case "NaN": return Double.NaN;
            case "+Inf": case "Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(text);
        }
    }

    /** A PromQL duration of one unit ({@code 450s}, {@code 2d}, {@code 3w}) in milliseconds. */
    static long durationMillis(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d|w)").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long unit = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> 604_800_000;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    /** Whether {@code actual} equals {@code expected} within 1e-9 relative (NaN equals NaN, infinities exactly). */
    static boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || expected == 0) {
            return expected == actual;
        }
        return Math.abs(expected - actual) <= 1e-9 * Math.abs(expected);
    }
}
