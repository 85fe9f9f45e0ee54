package dev.sli.store.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sli.core.source.Selector;
import dev.sli.store.imports.ImportException;
import dev.sli.store.imports.ImportSummary;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our HTTP client against small loopback servers: token, retries, errors, chunk edges. */
class PrometheusSourceTest {

    private static final Pattern QUERY = Pattern.compile("query=(.*)&time=([0-9.]+)");
    private HttpServer server;
    private final List<String> queries = Collections.synchronizedList(new ArrayList<>());

    private URI serve(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/query", ex -> {
            try {
                String q = URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
                queries.add(q);
                handler.handle(ex, q);
            } finally {
                ex.close();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    interface Handler {
        void handle(HttpExchange ex, String query) throws IOException;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static final String ONE_SAMPLE = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{\"__name__\":\"up\",\"job\":\"a\"},\"values\":[[1704067200,\"1\"]]}]}}";

    private static final Instant T0 = Instant.ofEpochSecond(1704067200);

    @Test
    void sendsTheTokenFromAFileAndAnEnvironmentVariableAndA401NamesTheQuery(@TempDir Path dir) throws Exception {
        String secret = "s3cr3t-token";
        String home = System.getenv("HOME");
        URI base = serve((ex, q) -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (("Bearer " + secret).equals(auth) || ("Bearer " + home).equals(auth)) {
                send(ex, 200, ONE_SAMPLE);
            } else {
                send(ex, 401, "Unauthorized\n");
            }
        });
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, secret + "\n");
        List<Selector> up = List.of(Selector.parse("up"));

        SeriesSet set = SeriesSet.all();
        ImportSummary s = PrometheusSource.builder(base).tokenFromFile(tokenFile).build().read(up, T0, T0, set);
        assertEquals(1, s.samples());
        assertEquals(1704067200000L, set.series().get(SeriesKey.of("up", Map.of("job", "a"))).timeMillis(0));

        if (home != null && !home.isBlank()) {
            assertEquals(1, PrometheusSource.builder(base).tokenFromEnv("HOME").build().read(up, T0, T0, SeriesSet.all()).samples());
        }

        ImportException e = assertThrows(ImportException.class,
                () -> PrometheusSource.builder(base).build().read(up, T0, T0, SeriesSet.all()));
        assertEquals(base + "/api/v1/query query \"up[1ms]\" time 1704067200.000: HTTP 401: body \"Unauthorized\\u000a\"", e.getMessage());
        assertTrue(!e.getMessage().contains(secret));
    }

    @Test
    void retriesA503ThenReadsTheAnswer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        URI base = serve((ex, q) -> {
            if (calls.incrementAndGet() <= 2) {
                send(ex, 503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"starting\"}");
            } else {
                send(ex, 200, ONE_SAMPLE);
            }
        });
        ImportSummary s = PrometheusSource.builder(base).initialBackoff(Duration.ofMillis(20)).build()
                .read(List.of(Selector.parse("up")), T0, T0, SeriesSet.all());
        assertEquals(3, calls.get());
        assertEquals(1, s.samples());
    }

    @Test
    void givesUpAfterMaxAttemptsNamingTheServersError() throws Exception {
        URI base = serve((ex, q) -> send(ex, 503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}"));
        ImportException e = assertThrows(ImportException.class, () -> PrometheusSource.builder(base).maxAttempts(3)
                .initialBackoff(Duration.ofMillis(5)).build().read(List.of(Selector.parse("up")), T0, T0, SeriesSet.all()));
        assertEquals(base + "/api/v1/query query \"up[1ms]\" time 1704067200.000: HTTP 503: errorType \"unavailable\", "
                + "error \"overloaded\", after 3 attempts", e.getMessage());
        assertEquals(3, queries.size());
    }

    @Test
    void a400IsNotRetriedAndQuotesPrometheusError() throws Exception {
        URI base = serve((ex, q) -> send(ex, 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter "
                + "\\\"query\\\": 1:4: parse error: unexpected character\"}"));
        ImportException e = assertThrows(ImportException.class, () -> PrometheusSource.builder(base).build()
                .read(List.of(Selector.parse("up{job=\"a\"}")), T0, T0, SeriesSet.all()));
        assertEquals(base + "/api/v1/query query \"up{job=\\\"a\\\"}[1ms]\" time 1704067200.000: HTTP 400: errorType \"bad_data\", "
                + "error \"invalid parameter \\\"query\\\": 1:4: parse error: unexpected character\"", e.getMessage());
        assertEquals(1, queries.size());
    }

    /** A server with samples every 10 s holding Prometheus 2's closed range [t-d, t] or 3's open (t-d, t]. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void chunkEdgesLoseAndDoubleNothing(boolean closedOnTheLeft) throws Exception {
        long first = 1704067200000L;
        URI base = serve((ex, q) -> {
            Matcher m = QUERY.matcher(q);
            assertTrue(m.matches(), q);
            Matcher r = Pattern.compile("up\\[(\\d+)ms\\]").matcher(m.group(1));
            assertTrue(r.matches(), m.group(1));
            long t = new java.math.BigDecimal(m.group(2)).movePointRight(3).longValueExact();
            long lo = t - Long.parseLong(r.group(1));
            StringBuilder values = new StringBuilder();
            for (long s = first; s <= first + 3_600_000; s += 10_000) {
                if ((closedOnTheLeft ? s >= lo : s > lo) && s <= t) {
                    values.append(values.length() == 0 ? "" : ",").append("[").append(java.math.BigDecimal.valueOf(s, 3).toPlainString())
                            .append(",\"").append(s / 10_000 - first / 10_000).append("\"]");
                }
            }
            send(ex, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"up\"},"
                    + "\"values\":[" + values + "]}]}}");
        });
        SeriesSet set = SeriesSet.all();
        // from and to on samples; chunks of 60 s end on samples too: the edge cases
        ImportSummary s = PrometheusSource.builder(base).chunk(Duration.ofSeconds(60)).build().read(List.of(Selector.parse("up")),
                Instant.ofEpochMilli(first + 100_000), Instant.ofEpochMilli(first + 1_000_000), set);
        SeriesSet.Samples up = set.series().get(SeriesKey.of("up", Map.of()));
        assertEquals(91, up.size()); // 100 s … 1000 s every 10 s, both ends included
        for (int i = 0; i < up.size(); i++) {
            assertEquals(first + 100_000 + i * 10_000L, up.timeMillis(i));
            assertEquals(10 + i, up.value(i));
        }
        assertEquals(0, s.duplicates() + s.outOfOrder());
        assertEquals(16, queries.size()); // 900 s + 1 ms in chunks of 60 s
        assertTrue(queries.get(0).equals("query=up[60000ms]&time=1704067359.999"), queries.get(0));
    }

    @Test
    void builderRefusesATokenInClearTextAndAMissingVariable() {
        URI remote = URI.create("http://prometheus.example:9090");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrometheusSource.builder(remote).tokenFromFile(Path.of("/nonexistent")).build());
        assertEquals("the bearer token (token file /nonexistent) would travel in clear text to \"prometheus.example\" over plain "
                + "http: use https, or allowTokenOverPlainHttp()", e.getMessage());
        assertEquals("environment variable SLI_SURELY_UNSET_TOKEN_VAR is not set or empty: no bearer token",
                assertThrows(IllegalArgumentException.class,
                        () -> PrometheusSource.builder(remote).tokenFromEnv("SLI_SURELY_UNSET_TOKEN_VAR")).getMessage());
        assertEquals("maxAttempts must be 1 to 20, was 0",
                assertThrows(IllegalArgumentException.class, () -> PrometheusSource.builder(remote).maxAttempts(0).build()).getMessage());
    }
}
