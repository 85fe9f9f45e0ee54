package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.sli.cli.LintCommandTest.Run;
import dev.sli.core.source.Selector;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sli gate} on every source: a config with export files, a config with a Prometheus-compatible API
 * (the JDK's HTTP server answering instant queries of range selectors from the conformance data set, with
 * a real selector match), and a store that {@code sli replay --store} wrote; the remaining budget is the
 * same on all three and equals brute force on the raw samples.
 */
class GateSourcesTest {

    static final String CONFIG = ReplayCommandTest.CONFIG;
    static final Path SEED7 = ReplayCommandTest.SEED7;
    static final String FROM = "2024-01-01T00:00:00Z";
    static final String TO = "2024-01-03T00:00:00Z";

    @TempDir
    Path dir;

    HttpServer server;
    final AtomicInteger queries = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The remaining fraction of success-rate-sla's budget by brute force: 1 - bad / (1% of all requests). */
    static BigDecimal bruteForceRemaining() throws IOException {
        long bad = ReplayCommandTest.increases(m -> m.path("__name__").asText().equals("http_requests_total")
                && m.path("code").asText().equals("5xx"));
        long all = ReplayCommandTest.increases(m -> m.path("__name__").asText().equals("http_requests_total"));
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(bad).divide(BigDecimal.valueOf(all).multiply(new BigDecimal("0.01")),
                MathContext.DECIMAL64));
    }

    static JsonNode json(Run run) throws IOException {
        return ReplayCommandTest.JSON.readTree(String.join("\n", run.out()));
    }

    /**
     * Serves {@code /api/v1/query?query=SELECTOR[Nms]&time=T} from the conformance file: every series the
     * selector matches, with its samples in {@code (T - N, T]}; 401 without {@code token} when one is given.
     */
    String serve(String token) throws IOException {
        JsonNode all = ReplayCommandTest.JSON.readTree(SEED7.toFile()).path("data").path("result");
        Pattern query = Pattern.compile("(.*)\\[(\\d+)ms\\]");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            queries.incrementAndGet();
            Map<String, String> params = new HashMap<>();
            for (String p : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = p.split("=", 2);
                params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            byte[] body;
            int status = 200;
            if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = "{\"status\":\"error\",\"errorType\":\"unauthorized\",\"error\":\"no token\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                Matcher m = query.matcher(params.get("query"));
                assertTrue(m.matches(), params.get("query"));
                Selector selector = Selector.parse(m.group(1));
                double end = Double.parseDouble(params.get("time"));
                double start = end - Long.parseLong(m.group(2)) / 1000.0;
                ObjectNode root = ReplayCommandTest.JSON.createObjectNode().put("status", "success");
                ObjectNode data = root.putObject("data").put("resultType", "matrix");
                ArrayNode result = data.putArray("result");
                for (JsonNode series : all) {
                    Map<String, String> labels = new HashMap<>();
                    Iterator<Map.Entry<String, JsonNode>> it = series.path("metric").fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        labels.put(e.getKey(), e.getValue().asText());
                    }
                    if (!selector.matches(labels.get("__name__"), labels)) {
                        continue;
                    }
                    ArrayNode values = ReplayCommandTest.JSON.createArrayNode();
                    for (JsonNode v : series.path("values")) {
                        double t = v.get(0).asDouble();
                        if (t > start && t <= end) {
                            values.add(v);
                        }
                    }
                    if (!values.isEmpty()) {
                        ObjectNode s = result.addObject();
                        s.set("metric", series.path("metric"));
                        s.set("values", values);
                    }
                }
                body = ReplayCommandTest.JSON.writeValueAsBytes(root);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void gateOnFilesOnAServerAndOnTheStoreReplayWroteGiveTheBruteForceBudget() throws IOException {
        BigDecimal expected = bruteForceRemaining();
        Run files = LintCommandTest.sli("gate", CONFIG, "--data", SEED7.toString(), "--slo", "success-rate-sla",
                "--min-budget", "10%", "--format", "json");
        assertEquals(List.of(), files.err());
        JsonNode onFiles = json(files);
        assertEquals(expected.doubleValue(), onFiles.path("remaining").asDouble(), 1e-12);
        assertEquals("2024-01-03T00:01:00Z", onFiles.path("evaluatedAt").asText());
        assertEquals(onFiles.path("open").asBoolean() ? 0 : 1, files.exitCode());

        Path store = dir.resolve("store");
        Run replay = LintCommandTest.sli("replay", CONFIG, "--data", SEED7.toString(), "--store", store.toString());
        assertEquals(List.of(), replay.err());
        assertEquals(0, replay.exitCode());
        assertTrue(replay.out().get(0).endsWith(" into " + store), replay.out().get(0));
        Run onStore = LintCommandTest.sli("gate", store.toString(), "--slo", "success-rate-sla", "--min-budget", "10%", "--format", "json");
        assertEquals(List.of(), onStore.err());
        assertEquals(files.exitCode(), onStore.exitCode());
        JsonNode fromStore = json(onStore);
        assertEquals(onFiles.path("remaining"), fromStore.path("remaining"));
        assertEquals(onFiles.path("evaluatedAt"), fromStore.path("evaluatedAt"));
        assertEquals(onFiles.path("verdict"), fromStore.path("verdict"));
        // and the text line says why, the same way on both
        Run text = LintCommandTest.sli("gate", store.toString(), "--slo", "success-rate-sla", "--min-budget", "10%");
        assertEquals(List.of(fromStore.path("text").asText()), text.out());
        assertEquals(List.of(onFiles.path("text").asText()), LintCommandTest.sli("gate", CONFIG, "--data",
                SEED7.toString(), "--slo", "success-rate-sla", "--min-budget", "10%").out());

        Run inspect = LintCommandTest.sli("inspect", store.toString());
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertTrue(inspect.out().stream().anyMatch(l -> l.contains("registry/request-outcome") && l.contains("outcome")), inspect.toString());

        String url = serve(null);
        Run prometheus = LintCommandTest.sli("gate", CONFIG, "--prometheus", url, "--from", FROM, "--to", TO,
                "--slo", "success-rate-sla", "--min-budget", "10%", "--format", "json");
        assertEquals(List.of(), prometheus.err());
        JsonNode fromServer = json(prometheus);
        assertEquals(onFiles.path("remaining"), fromServer.path("remaining"));
        assertEquals(onFiles.path("evaluatedAt"), fromServer.path("evaluatedAt"));
        assertTrue(queries.get() > 0);
    }

    @Test
    void replayFromAServerEqualsReplayFromTheExportFile() throws IOException {
        String url = serve(null);
        Run fromFile = LintCommandTest.sli("replay", CONFIG, "--data", SEED7.toString(), "--format", "json");
        Run fromServer = LintCommandTest.sli("replay", CONFIG, "--prometheus", url, "--from", FROM, "--to", TO, "--format", "json");
        assertEquals(List.of(), fromServer.err());
        assertEquals(fromFile.exitCode(), fromServer.exitCode());
        JsonNode a = json(fromFile);
        JsonNode b = json(fromServer);
        assertEquals(a.path("objectives"), b.path("objectives"));
        assertEquals(a.path("fed"), b.path("fed"));
        assertEquals(url, b.path("prometheus").asText());
    }

    @Test
    void theTokenComesFromAFileOrAnEnvironmentVariableNeverTheCommandLine() throws IOException {
        String url = serve("s3cret");
        Run without = LintCommandTest.sli("replay", CONFIG, "--prometheus", url, "--from", FROM, "--to", TO);
        assertEquals(2, without.exitCode());
        assertEquals(1, without.err().size(), without.toString());
        assertTrue(without.err().get(0).startsWith("sli replay: " + url + "/api/v1/query query "), without.toString());
        assertTrue(without.err().get(0).endsWith(": HTTP 401: errorType \"unauthorized\", error \"no token\""), without.toString());

        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        Run with = LintCommandTest.sli("replay", CONFIG, "--prometheus", url, "--from", FROM, "--to", TO, "--token-file", token.toString());
        assertEquals(List.of(), with.err());
        assertEquals(0, with.exitCode());

        Run unset = LintCommandTest.sli("replay", CONFIG, "--prometheus", url, "--token-env", "SLI_TEST_NO_SUCH_VARIABLE_42");
        assertEquals(List.of("sli replay: --token-env: environment variable SLI_TEST_NO_SUCH_VARIABLE_42 is not set or empty: no bearer token"),
                unset.err());
        assertEquals(2, unset.exitCode());
        Run onCommandLine = LintCommandTest.sli("replay", CONFIG, "--prometheus", url, "--token", "s3cret");
        assertEquals(2, onCommandLine.exitCode());
        assertEquals("sli replay: Unknown options: '--token', 's3cret'", onCommandLine.err().get(0));
    }

    @Test
    void aGateWithoutSeriesOrWithTwoSourcesIsAUsageError() throws IOException {
        Run none = LintCommandTest.sli("gate", CONFIG, "--slo", "success-rate-sla", "--min-budget", "10%");
        assertEquals(List.of("sli gate: " + CONFIG + " is a config: give its series with --data FILE... or --prometheus URL "
                + "(or give a store directory instead)"), none.err());
        assertEquals(2, none.exitCode());
        Run both = LintCommandTest.sli("gate", CONFIG, "--data", SEED7.toString(), "--prometheus", "http://127.0.0.1:1",
                "--slo", "success-rate-sla", "--min-budget", "10%");
        assertEquals(List.of("sli gate: --data and --prometheus: give one source of series, not both"), both.err());
        assertEquals(2, both.exitCode());
        Run wrongSlo = LintCommandTest.sli("gate", CONFIG, "--data", SEED7.toString(), "--slo", "nope", "--min-budget", "10%");
        assertEquals(2, wrongSlo.exitCode());
        assertTrue(wrongSlo.err().get(0).startsWith("sli gate: --slo: no objective 'nope' in " + CONFIG + "; it has registry/uptime-sla, "),
                wrongSlo.toString());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Run notAStore = LintCommandTest.sli("gate", empty.toString(), "--slo", "x", "--min-budget", "10%");
        assertEquals(List.of("sli gate: " + empty + ": not a store (no store.header) and not a config file"), notAStore.err());
        assertEquals(2, notAStore.exitCode());
    }

    @Test
    void parityFromAServerEqualsParityFromTheFile() throws IOException {
        String url = serve(null);
        Run fromFile = LintCommandTest.sli("parity", LintCommandTest.EXAMPLE, "--data", SEED7.toString(), "--format", "json");
        assertEquals(0, fromFile.exitCode(), fromFile.toString());
        Run fromServer = LintCommandTest.sli("parity", LintCommandTest.EXAMPLE, "--prometheus", url, "--from", FROM, "--to", TO,
                "--format", "json");
        assertEquals(0, fromServer.exitCode(), fromServer.toString());
        assertTrue(queries.get() > 0);
        assertEquals(fromFile.out(), fromServer.out());
    }
}
