package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's main job, {@code sli replay examples/registry-slo.json --data examples/registry-3w.json.gz},
 * run in-process with {@code --format json} and the real importers, its figures against the generator's
 * independent computation.
 *
 * <p>Every expected number below comes from {@code python3 examples/generate-registry-3w.py --verify}, which
 * reads the same export with Python's json module and recounts by brute force over the raw samples, without
 * any sli code: increases between consecutive samples (a drop being a counter reset) recorded at the later
 * sample, inside the rolling 3 weeks ending one minute after the last sample; readiness minute by minute, a
 * sample holding until the next or for 5 minutes; each probe sample one minute slice; each provision
 * request's start and finish gauges. If the generator or its seed changes, rerun it, then {@code --verify}
 * (add {@code --replay-json OUT} with the replay's JSON to compare every figure at once) and copy its numbers.
 */
class RegistryExampleTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static JsonNode root;
    static Map<String, JsonNode> objectives;
    static Map<String, JsonNode> fed;

    @BeforeAll
    static void replayTheExample() throws Exception {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cli.execute("replay", "../examples/registry-slo.json", "--data", "../examples/registry-3w.json.gz",
                "--format", "json");
        assertEquals("", err.toString());
        assertEquals(1, code, "exit 1: pod-uptime-slo is MISSED and the error-rate SLO pages");
        root = JSON.readTree(out.toString());
        objectives = new LinkedHashMap<>();
        root.path("objectives").forEach(o -> objectives.put(o.path("name").asText(), o));
        fed = new LinkedHashMap<>();
        root.path("fed").forEach(f -> fed.put(f.path("sli").asText(), f));
    }

    static JsonNode measurement(String objective) {
        assertTrue(objectives.containsKey(objective), objective);
        return objectives.get(objective).path("measurement");
    }

    /** good, bad and unknown of an objective's measurement, as whole numbers. */
    static List<Long> counts(String objective) {
        JsonNode m = measurement(objective);
        return List.of(m.path("good").asLong(), m.path("bad").asLong(), m.path("unknown").asLong());
    }

    @Test
    void everySliIsFedWithoutProblemsAndTheDecoysAreLeftOut() {
        // 1,035,014 samples in 923 series: registry-3w.meta.json, written by the generator
        assertEquals(1_035_014, root.path("samples").asLong());
        assertEquals("2024-01-22T00:01:00Z", root.path("evaluatedAt").asText());
        assertEquals(List.of("uptime-probe", "pod-readiness", "response-time", "response-time-sysdig", "request-outcome",
                "provision-time"), new ArrayList<>(fed.keySet()));
        for (JsonNode f : fed.values()) {
            assertTrue(f.path("recorded").asLong() > 0, f.toString());
            assertEquals(0, f.path("problems").size(), f.toString());
        }
        // desired and ready of api, web and mongodb in silver; not the canary, not the gold cluster
        assertEquals(6, fed.get("pod-readiness").path("series").asInt());
        // the check of the registry, not the decoy check of another service
        assertEquals(1, fed.get("uptime-probe").path("series").asInt());
        // verify: sysdigSamples 90716 (the three selected workloads, one observation a sample)
        assertEquals(3, fed.get("response-time-sysdig").path("series").asInt());
        assertEquals(90_716, fed.get("response-time-sysdig").path("recorded").asLong());
        // 446 requests: a start and a finish gauge each; 442 finished, so 446 + 442 recorded
        assertEquals(892, fed.get("provision-time").path("series").asInt());
        assertEquals(888, fed.get("provision-time").path("recorded").asLong());
    }

    @Test
    void requestsAndErrorsAreTheCountersIncreasesAcrossBothResets() {
        // verify: requests 20619317, requests5xx 69639
        assertEquals(List.of(20_619_317L - 69_639L, 69_639L, 0L), counts("success-rate-sla"));
        assertEquals(List.of(20_619_317L - 69_639L, 69_639L, 0L), counts("error-rate-slo"));
    }

    @Test
    void theLatencyObjectivesCountTheHistogramsBuckets() {
        // verify: histogramRequests 7360411, histogramWithin2s 7357588, histogramWithin5s 7360146; the 8 s
        // SLO takes everything up to le="5" as within it, the +Inf bucket as slow
        assertEquals(List.of(7_357_588L, 7_360_411L - 7_357_588L, 0L), counts("response-time-sla"));
        assertEquals(List.of(7_360_146L, 7_360_411L - 7_360_146L, 0L), counts("response-time-slo"));
    }

    @Test
    void probeAndReadinessMinutes() {
        // verify: probeUpMinutes 30149, probeDownMinutes 91
        assertEquals(List.of(30_149L, 91L, 0L), counts("uptime-sla"));
        assertEquals(List.of(30_149L, 91L, 0L), counts("uptime-slo"));
        // verify: readinessUpMinutes 29896, readinessDownMinutes 340, readinessUnknownMinutes 4 (the 8-minute
        // kube-state-metrics gap less the 5 minutes the last sample holds)
        assertEquals(List.of(29_896L, 340L, 4L), counts("pod-uptime-slo"));
        // 340 min down against 0.8 % of 30,240 min = 241.92 min allowed: overspent
        assertEquals("MISSED", objectives.get("pod-uptime-slo").path("verdict").asText());
        assertEquals(241.92, objectives.get("pod-uptime-slo").path("budget").path("allowedMinutes").asDouble(), 1e-9);
    }

    @Test
    void provisionRequestsWithinAnHourAndTheOnesStillOpen() {
        // verify: provisionWithin1h 401, provisionOver1h 41
        assertEquals(List.of(401L, 41L, 0L), counts("provision-slo"));
        // verify: provisionOpenPast1h, id and age at 2024-01-22T00:01:00Z in ms
        Map<String, Long> open = new LinkedHashMap<>();
        objectives.get("provision-slo").path("openTooLong").forEach(o -> open.put(o.path("id").asText(), o.path("ageMillis").asLong()));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("req-0377", 342_639_000L);
        expected.put("req-0430", 173_671_125L);
        expected.put("req-0440", 71_647_500L);
        expected.put("req-0446", 9_042_750L);
        assertEquals(expected, open);
    }

    @Test
    void theErrorBurstOfTheLastHourPages() {
        JsonNode alerts = objectives.get("error-rate-slo").path("alerts");
        assertEquals("PAGE", alerts.path("decision").asText());
        JsonNode page = alerts.path("tiers").get(0);
        assertEquals("1h", page.path("longWindow").asText());
        // verify: requests1h 49297, requests5xx1h 8426, requests5m 4435, requests5xx5m 797; burn = ratio / 1 %
        assertEquals(8_426.0 / 49_297 / 0.01, page.path("longBurn").asDouble(), 1e-9);
        assertEquals(797.0 / 4_435 / 0.01, page.path("shortBurn").asDouble(), 1e-9);
        assertTrue(page.path("firing").asBoolean());
    }
}
