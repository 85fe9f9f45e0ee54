package dev.sli.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    static final BenchmarkReport.RunInfo RUN = new BenchmarkReport.RunInfo("bench-results/full.json",
            "java -jar sli-bench/target/benchmarks.jar -prof gc", "2024-01-22 10:00 UTC", "2 cores, 24 GiB");

    static String resource(String name) throws IOException {
        try (InputStream in = BenchmarkReportTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rendersTheFixtureExactly() throws IOException {
        JsonNode root = new ObjectMapper().readTree(resource("report-fixture.json"));
        assertEquals(resource("report-fixture.md"), BenchmarkReport.render(root, RUN));
    }

    @Test
    void rejectsAThroughputResult() throws IOException {
        JsonNode root = new ObjectMapper().readTree(
                "[{\"benchmark\": \"dev.sli.bench.RecordBench.liveLatency\", \"mode\": \"sample\"}]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkReport.render(root, RUN));
        assertEquals("bench-results/full.json: dev.sli.bench.RecordBench.liveLatency is in mode sample; "
                + "the report reads average-time (avgt), single-shot (ss) and throughput (thrpt) results only", e.getMessage());
    }

    @Test
    void rejectsAnEmptyResultFile() throws IOException {
        JsonNode root = new ObjectMapper().readTree("[]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkReport.render(root, RUN));
        assertEquals("bench-results/full.json: expected a non-empty JSON array of JMH results", e.getMessage());
    }

    @Test
    void formatsTimesWithThreeSignificantDigitsAndAFittingUnit() {
        assertEquals("3.14 ns", BenchmarkReport.time(3.14159));
        assertEquals("999 ns", BenchmarkReport.time(999.4));
        assertEquals("1.00 µs", BenchmarkReport.time(1_000));
        assertEquals("42.5 µs", BenchmarkReport.time(42_500));
        assertEquals("1.23 s", BenchmarkReport.time(1_234_567_890));
        assertEquals("—", BenchmarkReport.time(Double.NaN));
    }

    @Test
    void formatsAllocationsBelowOneHundredthAsLessThan() {
        assertEquals("< 0.01", BenchmarkReport.bytes(0.0001));
        assertEquals("0.50", BenchmarkReport.bytes(0.5));
        assertEquals("1367", BenchmarkReport.bytes(1367.26));
        assertEquals("8.50 G", BenchmarkReport.bytes(8.5e9));
    }

    @Test
    void throughputResultsAreReadAsTimePerOperation() throws Exception {
        com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"benchmark\": \"dev.sli.bench.StoreBench.appendOutcomeBucket\", \"mode\": \"thrpt\", \"threads\": 1,"
                        + " \"primaryMetric\": {\"score\": 125000.0, \"scoreError\": 12500.0, \"scoreUnit\": \"ops/s\"}}");
        BenchmarkReport.Result r = BenchmarkReport.parse(node, "full.json");
        assertEquals(8_000.0, r.nanos(), 1e-9); // 125,000 operations a second: 8 µs each
        assertEquals(800.0, r.errorNanos(), 1e-9); // first-order: 12,500 / 125,000² s
    }
}
