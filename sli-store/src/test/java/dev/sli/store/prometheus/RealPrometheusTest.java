package dev.sli.store.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sli.core.source.Selector;
import dev.sli.store.imports.ImportSummary;
import dev.sli.store.imports.Importers;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus: a conformance data set backfilled with promtool, served by prometheus on loopback,
 * read back with PrometheusSource, and compared with the file import, sample for sample.
 */
class RealPrometheusTest {

    static final Path DATA_SET = Path.of(System.getProperty("sli.conformance.dir", (java.nio.file.Files.isDirectory(java.nio.file.Path.of("../../shared/conformance")) ? "../../shared/conformance" : "/work/shared/conformance")), "seed7-2d-1m", "series.json");

    @Test
    void replaysEverySeriesOfABackfilledServerExactly(@TempDir Path dir) {
        Optional<Path> prometheus = onPath("prometheus");
        Optional<Path> promtool = onPath("promtool");
        Assumptions.assumeTrue(prometheus.isPresent() && promtool.isPresent(),
                "prometheus and promtool are not on the PATH (Debian: apt-get install prometheus); .ci/run installs them");
        assertTimeoutPreemptively(Duration.ofMinutes(4), () -> run(prometheus.get(), promtool.get(), dir));
    }

    private static void run(Path prometheus, Path promtool, Path dir) throws Exception {
        // 1. the file, as Importers reads it
        SeriesSet fromFile = SeriesSet.all();
        Importers.defaults().read(DATA_SET, Optional.empty(), fromFile);
        Map<SeriesKey, SeriesSet.Samples> expected = fromFile.series();

        // 2. OpenMetrics with timestamps, backfilled into blocks
        Path om = dir.resolve("series.om");
        Set<String> metrics = new LinkedHashSet<>();
        long[] span = toOpenMetrics(DATA_SET, om, metrics);
        Path data = dir.resolve("data");
        exec(List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(), data.toString()), dir, 120);

        // 3. the server
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config, "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:" + port)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            waitReady(base, server, dir.resolve("prometheus.log"));

            // 4. every series back, over the data's whole span
            List<Selector> selectors = new ArrayList<>();
            for (String m : metrics) {
                selectors.add(Selector.parse(m));
            }
            SeriesSet fromServer = SeriesSet.all();
            ImportSummary s = PrometheusSource.builder(base).build()
                    .read(selectors, Instant.ofEpochMilli(span[0]), Instant.ofEpochMilli(span[1]), fromServer);
            Map<SeriesKey, SeriesSet.Samples> got = fromServer.series();
            assertEquals(new TreeMap<>(stringKeys(expected)).keySet(), new TreeMap<>(stringKeys(got)).keySet());
            long samples = 0;
            for (Map.Entry<SeriesKey, SeriesSet.Samples> e : expected.entrySet()) {
                SeriesSet.Samples want = e.getValue();
                SeriesSet.Samples have = got.get(e.getKey());
                assertEquals(want.size(), have.size(), e.getKey().toString());
                for (int i = 0; i < want.size(); i++) {
                    assertEquals(want.timeMillis(i), have.timeMillis(i), e.getKey() + " sample " + i);
                    assertEquals(Double.doubleToRawLongBits(want.value(i)), Double.doubleToRawLongBits(have.value(i)),
                            e.getKey() + " sample " + i);
                }
                samples += want.size();
            }
            assertEquals(samples, s.samples());
            assertEquals(0, s.duplicates() + s.outOfOrder());
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, SeriesKey> stringKeys(Map<SeriesKey, SeriesSet.Samples> m) {
        Map<String, SeriesKey> out = new TreeMap<>();
        m.keySet().forEach(k -> out.put(k.toString(), k));
        return out;
    }

    /** Writes the series of a query_range JSON as OpenMetrics with timestamps; returns the first and last timestamp (ms). */
    static long[] toOpenMetrics(Path json, Path out, Set<String> metrics) throws IOException {
        JsonNode result = new ObjectMapper().readTree(json.toFile()).path("data").path("result");
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String family = null;
            for (JsonNode series : result) {
                JsonNode metric = series.path("metric");
                String name = metric.path("__name__").asText();
                if (!name.equals(family)) {
                    assertTrue(metrics.add(name), "the series of " + name + " are not together: OpenMetrics needs them so");
                    w.write("# TYPE " + name + " unknown\n");
                    family = name;
                }
                StringBuilder labels = new StringBuilder();
                for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> l = it.next();
                    if (!l.getKey().equals("__name__")) {
                        labels.append(labels.length() == 0 ? "" : ",").append(l.getKey()).append("=\"")
                                .append(l.getValue().asText().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
                    }
                }
                for (JsonNode sample : series.path("values")) {
                    String seconds = sample.get(0).asText();
                    w.write(name + "{" + labels + "} " + sample.get(1).asText() + " " + seconds + "\n");
                    long ms = new java.math.BigDecimal(seconds).movePointRight(3).longValueExact();
                    min = Math.min(min, ms);
                    max = Math.max(max, ms);
                }
            }
            w.write("# EOF\n");
        }
        return new long[] {min, max};
    }

    private static void waitReady(URI base, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("prometheus exited with " + server.exitValue() + ": " + tail(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) base.resolve("/-/ready").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("prometheus not ready in 90 s: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static void exec(List<String> cmd, Path dir, int seconds) throws Exception {
        Path log = dir.resolve("exec.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish in " + seconds + " s: " + tail(log));
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + tail(log));
    }

    static Optional<Path> onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, binary);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
