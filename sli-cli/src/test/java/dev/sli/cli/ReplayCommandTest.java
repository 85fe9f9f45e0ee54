package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sli.store.imports.ImportException;
import dev.sli.store.imports.SampleSink;
import dev.sli.store.imports.SeriesKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sli replay} on a conformance data set: the objectives' counts equal brute force on the raw samples.
 * The importers' facade is not in this build yet, so the files are read by a test reader of Prometheus
 * query_range JSON (a Jackson tree) through the command's import seam.
 */
class ReplayCommandTest {

    static final String CONFIG = "../examples/registry-slo.json";
    static final Path SEED7 = Path.of(System.getProperty("sli.conformance.dir", (java.nio.file.Files.isDirectory(java.nio.file.Path.of("../../shared/conformance")) ? "../../shared/conformance" : "/work/shared/conformance")), "seed7-2d-1m", "series.json");
    static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a query_range answer; a JSON error becomes an ImportException with the line and byte offset. */
    static final SeriesImport QUERY_RANGE = (file, format, sink) -> {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ImportException(file.toString(), at.getLineNr(), at.getByteOffset(), e.getOriginalMessage());
        }
        for (JsonNode r : root.path("data").path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = r.path("metric").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
            SeriesKey key = SeriesKey.of(labels.get("__name__"), labels);
            for (JsonNode v : r.path("values")) {
                sink.sample(key, v.get(0).asLong() * 1000, Double.parseDouble(v.get(1).asText()));
            }
        }
    };

    record Run(int exitCode, String out, List<String> err) {
    }

    static Run replay(SeriesImport importer, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ReplayCommand.class ? type.cast(new ReplayCommand(importer)) : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cli = Main.commandLine(factory);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cli.execute(all);
        return new Run(code, out.toString(), err.toString().lines().toList());
    }

    /** Sum of increases between consecutive samples of the series {@code which} selects, a drop being a reset. */
    static long increases(Predicate<JsonNode> which) throws IOException {
        long sum = 0;
        for (JsonNode r : JSON.readTree(SEED7.toFile()).path("data").path("result")) {
            if (!which.test(r.path("metric"))) {
                continue;
            }
            JsonNode v = r.path("values");
            for (int i = 1; i < v.size(); i++) {
                double prev = Double.parseDouble(v.get(i - 1).get(1).asText());
                double cur = Double.parseDouble(v.get(i).get(1).asText());
                sum += (long) (cur >= prev ? cur - prev : cur);
            }
        }
        return sum;
    }

    static JsonNode objective(JsonNode root, String name) {
        for (JsonNode o : root.path("objectives")) {
            if (o.path("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no objective " + name);
    }

    @Test
    void replayOfAConformanceSetGivesTheObjectivesBruteForceCounts() throws Exception {
        Run run = replay(QUERY_RANGE, CONFIG, "--data", SEED7.toString(), "--format", "json");
        assertEquals(List.of(), run.err());
        assertEquals(0, run.exitCode());
        JsonNode root = JSON.readTree(run.out());
        assertEquals("2024-01-03T00:01:00Z", root.path("evaluatedAt").asText());
        long bad = increases(m -> m.path("__name__").asText().equals("http_requests_total") && m.path("code").asText().equals("5xx"));
        long all = increases(m -> m.path("__name__").asText().equals("http_requests_total"));
        JsonNode success = objective(root, "success-rate-sla").path("measurement");
        assertEquals(all - bad, success.path("good").asLong());
        assertEquals(bad, success.path("bad").asLong());
        Predicate<JsonNode> bucket = m -> m.path("__name__").asText().equals("http_request_duration_seconds_bucket");
        long requests = increases(bucket.and(m -> m.path("le").asText().equals("+Inf")));
        long under2 = increases(bucket.and(m -> m.path("le").asText().equals("2")));
        long under5 = increases(bucket.and(m -> m.path("le").asText().equals("5")));
        JsonNode sla = objective(root, "response-time-sla").path("measurement");
        assertEquals(under2, sla.path("good").asLong());
        assertEquals(requests - under2, sla.path("bad").asLong());
        // the 8 s SLO: every request up to the 5 s bucket is within it; the +Inf bucket is clamped, so slow
        JsonNode slo = objective(root, "response-time-slo").path("measurement");
        assertEquals(under5, slo.path("good").asLong());
        assertEquals(requests - under5, slo.path("bad").asLong());
        assertEquals(List.of("uptime-probe: no series matched up=probe_success{check=\"uptime-com-1565965\"}"),
                iterable(root.path("fed").get(0).path("problems")));
    }

    @Test
    void textOutputNamesWhatWasFedAndWhatMatchedNothing() {
        Run run = replay(QUERY_RANGE, CONFIG, "--data", SEED7.toString());
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("\nfed registry/request-outcome: 4 series, 11524 samples, "), run.out());
        assertTrue(run.out().contains("\nnote provision-time: no series matched started=provision_request_started_timestamp_seconds\n"));
        assertTrue(run.out().contains("\nregistry/success-rate-sla  SLA  request-outcome (outcome)  target 99%"));
    }

    @Test
    void aTruncatedFileExitsTwoWithFileLineAndOffsetInOneLine(@TempDir Path dir) throws IOException {
        Path cut = dir.resolve("cut.json");
        Files.writeString(cut, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\n\"result\":[{\"metric\":{\"__name__\":\"up\"},\"values\":[[1704067200,\"1\"");
        Run run = replay(QUERY_RANGE, CONFIG, "--data", cut.toString());
        // cut off at the end of line 2: the offset is the file's length
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().size(), run.err().toString());
        assertTrue(run.err().get(0).startsWith("sli replay: " + cut + ":2 (byte " + Files.size(cut) + "): Unexpected end-of-input"), run.err().get(0));
        assertEquals("", run.out());
    }

    @Test
    void controlCharactersOfAnImportErrorNeverReachTheTerminal(@TempDir Path dir) throws IOException {
        SeriesImport refusing = (file, format, sink) -> {
            throw new ImportException(file.toString(), 3, -1, "unknown format: starts with \"\u001b[31mred\"");
        };
        Path f = dir.resolve("x.txt");
        Files.writeString(f, "x");
        Run run = replay(refusing, CONFIG, "--data", f.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of("sli replay: " + f + ":3: unknown format: starts with \"\\x1b[31mred\""), run.err());
    }

    @Test
    void theRealImportersReadTheJsonAndTheCsvExportAsTheTestReaderDoes() {
        Run reference = replay(QUERY_RANGE, CONFIG, "--data", SEED7.toString(), "--format", "json");
        assertEquals(0, reference.exitCode(), reference.toString());
        Run json = replay(DefaultImport.INSTANCE, CONFIG, "--data", SEED7.toString(), "--format", "json");
        assertEquals(reference, json);
        Path csv = SEED7.resolveSibling("series.csv.gz");
        Run fromCsv = replay(DefaultImport.INSTANCE, CONFIG, "--data", csv.toString(), "--format", "json");
        assertEquals(reference.exitCode(), fromCsv.exitCode(), fromCsv.toString());
        assertEquals(reference.out().replace(SEED7.toString(), "FILE"), fromCsv.out().replace(csv.toString(), "FILE"));
        Run unknown = replay(DefaultImport.INSTANCE, CONFIG, "--data", SEED7.toString(), "--input-format", "parquet");
        assertEquals(2, unknown.exitCode());
        assertEquals(List.of("sli replay: " + SEED7 + ": --input-format 'parquet' is not one of prometheus-json, csv, exposition, hlog"),
                unknown.err());
    }

    static List<String> iterable(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
