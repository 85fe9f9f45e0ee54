package dev.sli.cli.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report rendered by a real headless Chromium (Debian package {@code chromium}), driven by its own command
 * line: a copy of the report with a probe script added by the test (the report itself has none) records each
 * chart's rendered size and series count, attributes named on*, scripts, images, errors and a marker global into
 * attributes that {@code --dump-dom} shows. A three-week report of the example document must render in under
 * 5 s of wall time; the screenshot is kept as {@code target/report-screenshot.png}. Skipped only when no
 * chromium binary is on the PATH.
 */
class ChromiumReportTest {

    static final long MINUTE = 60_000L;
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long AT = T0 + 21 * DAY;
    static final Path TARGET = Path.of("target");

    @TempDir
    Path tmp;

    static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The example document fed three weeks of synthetic data, minute by minute, with outages and bursts. */
    static SliRegistry threeWeeks() throws IOException {
        SloDocument doc = ConfigReader.read(Path.of("../examples/registry-slo.json"));
        SeriesOptions options = SeriesOptions.builder().clock(Clock.system()).grid(BucketGrid.DEFAULT).retention(Duration.ofDays(23))
                .maxFuture(Duration.ofDays(1)).retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build();
        SliRegistry r = SliRegistry.create(doc, options);
        String[] workloads = {"platsrv-registry-api", "platsrv-registry-web", "pltsvc-mongodb"};
        int minutes = (int) ((AT - T0) / MINUTE);
        for (int m = 0; m < minutes; m++) {
            long t = T0 + m * MINUTE;
            int hour = m / 60;
            boolean outage = hour % 97 == 50 && m % 60 < 20;
            r.probe("registry", "uptime-probe").recordAt(t, !outage, 80_000_000L);
            for (String w : workloads) {
                r.readiness("registry", "pod-readiness").recordAt(t, w, 3, outage && w.endsWith("api") ? 1 : 3);
            }
            for (int i = 0; i < 3; i++) {
                long ms = 50 + (m * 31L + i * 97L) % 700 + (hour % 50 == 7 ? 2_500 : 0);
                r.latency("registry", "response-time").recordAt(t + i * 15_000, ms * 1_000_000L, true);
                r.latency("registry", "response-time-sysdig").recordAt(t + i * 15_000, ms * 900_000L, true);
            }
            long bad = hour % 120 == 60 ? 20 : m % 11 == 0 ? 1 : 0;
            r.outcome("registry", "request-outcome").recordCountsAt(t + 30_000, 200 - bad, bad);
            if (m % 240 == 0) {
                r.work("registry", "provision-time").startAt(t, "req-" + m);
            }
            if (m % 240 == 45 + (m / 240 % 5 == 0 ? 60 : 0)) {
                r.work("registry", "provision-time").finishAt(t, "req-" + (m - m % 240), true);
            }
        }
        r.evaluate(AT);
        return r;
    }

    static final String PROBE_HEAD = "<script>window.__errors = [];"
            + "window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });"
            + "var ce = console.error; console.error = function () { window.__errors.push(Array.prototype.join.call(arguments, ' ')); };"
            + "</script>";
    static final String PROBE_TAIL = "<script>(function () {"
            + "var charts = document.querySelectorAll('svg.chart');"
            + "charts.forEach(function (c) { var r = c.getBoundingClientRect();"
            + " c.setAttribute('data-rendered', Math.round(r.width) + 'x' + Math.round(r.height));"
            + " c.setAttribute('data-rendered-series', c.querySelectorAll('path.series').length); });"
            + "var on = 0; document.querySelectorAll('*').forEach(function (e) { for (var i = 0; i != e.attributes.length; i++) {"
            + " if (/^on/i.test(e.attributes[i].name)) { on++; } } });"
            + "var b = document.body; b.setAttribute('data-charts', charts.length); b.setAttribute('data-on-attributes', on);"
            + "b.setAttribute('data-scripts', document.scripts.length); b.setAttribute('data-images', document.images.length);"
            + "b.setAttribute('data-xss', typeof window.__xss); b.setAttribute('data-errors', window.__errors.length + ':' + window.__errors.join('|'));"
            + "})();</script>";

    record Render(int exit, String stdout, String stderr, long wallMillis) {
    }

    /** Runs chromium with {@code args} and the file's URL; kills it (and its children) if it takes over 60 s. */
    Render chromium(Path binary, Path file, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                "--no-first-run", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + Files.createTempDirectory(tmp, "profile")));
        cmd.addAll(List.of(args));
        cmd.add(file.toUri().toString());
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish in 60 s: " + cmd);
            }
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        return new Render(p.exitValue(), Files.readString(out), Files.readString(err), wall);
    }

    Path probed(String html, String name) throws IOException {
        String withProbe = html.replace("<head>\n", "<head>\n" + PROBE_HEAD + "\n").replace("</body>", PROBE_TAIL + "</body>");
        Path file = tmp.resolve(name);
        Files.writeString(file, withProbe, StandardCharsets.UTF_8);
        return file;
    }

    static String bodyAttribute(String dom, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
        assertTrue(m.find(), "body has " + name + ": " + dom.substring(0, Math.min(400, dom.length())));
        return m.group(1);
    }

    static void assertNoConsoleErrors(Render r) {
        for (String line : r.stderr().lines().toList()) {
            assertFalse(line.contains("Uncaught") || line.contains(":CONSOLE"), "console: " + line);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aThreeWeekReportRendersEveryChartInUnderFiveSeconds() throws Exception {
        Path binary = chromium();
        Assumptions.assumeTrue(binary != null, "no chromium binary on the PATH (chromium or chromium-browser): "
                + "install the Debian package chromium (.ci/run does)");
        long built = System.nanoTime();
        HtmlReport report = HtmlReport.builder(threeWeeks(), AT).title("sli: three weeks of the registry example").build();
        long buildMillis = (System.nanoTime() - built) / 1_000_000;
        Files.createDirectories(TARGET);
        Path file = TARGET.resolve("report-3w.html");
        report.writeTo(file);
        assertEquals(20, report.chartCount());

        Render dom = chromium(binary, probed(report.html(), "report-3w-probe.html"), "--dump-dom");
        assertEquals(0, dom.exit(), dom.stderr());
        assertNoConsoleErrors(dom);
        assertEquals("20", bodyAttribute(dom.stdout(), "data-charts"));
        assertEquals("0:", bodyAttribute(dom.stdout(), "data-errors"));
        Matcher m = Pattern.compile("<svg[^>]*class=\"chart\"[^>]*>").matcher(dom.stdout());
        Map<String, Integer> seriesPerKind = new LinkedHashMap<>();
        int charts = 0;
        while (m.find()) {
            String tag = m.group();
            String kind = attr(tag, "data-kind");
            String[] size = attr(tag, "data-rendered").split("x");
            assertTrue(Integer.parseInt(size[0]) > 100 && Integer.parseInt(size[1]) > 50, tag);
            int series = Integer.parseInt(attr(tag, "data-rendered-series"));
            int expected = switch (kind) {
                case "burn" -> 2;
                case "latency" -> 3;
                case "availability" -> 0;
                default -> -1;
            };
            if (expected >= 0) {
                assertEquals(expected, series, tag);
            } else {
                assertTrue(series == 1 || series == 2, tag); // budget, with the projection when the window is not complete
            }
            seriesPerKind.merge(kind, 1, Integer::sum);
            charts++;
        }
        assertEquals(20, charts);
        assertEquals(Map.of("budget", 9, "burn", 8, "latency", 2, "availability", 1), seriesPerKind);

        Path png = TARGET.resolve("report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(png);
        Render shot = chromium(binary, file.toAbsolutePath(), "--screenshot=" + png, "--window-size=1280,2000");
        assertEquals(0, shot.exit(), shot.stderr());
        assertTrue(Files.size(png) > 10_000, "screenshot of " + Files.size(png) + " bytes");
        assertNoConsoleErrors(shot);
        System.out.printf("3-week report: %d charts, %d bytes, built in %d ms; chromium --dump-dom %d ms, --screenshot %d ms%n",
                report.chartCount(), report.html().getBytes(StandardCharsets.UTF_8).length, buildMillis, dom.wallMillis(), shot.wallMillis());
        assertTrue(dom.wallMillis() < 5_000, "rendering took " + dom.wallMillis() + " ms");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void nothingFromInputRunsInTheBrowser() throws Exception {
        Path binary = chromium();
        Assumptions.assumeTrue(binary != null, "no chromium binary on the PATH (chromium or chromium-browser): "
                + "install the Debian package chromium (.ci/run does)");
        String html = HtmlReport.builder(ReportFixture.registry(true), ReportFixture.AT).title(ReportFixture.XSS_MARK2)
                .note(ReportFixture.XSS_MARK).parity(List.of(new ParityRow(ReportFixture.XSS_SCRIPT, ReportFixture.XSS_ATTR,
                        ReportFixture.XSS_MARK, ReportFixture.XSS_MARK2))).build().html();
        Render dom = chromium(binary, probed(html, "xss-probe.html"), "--dump-dom");
        assertEquals(0, dom.exit(), dom.stderr());
        assertNoConsoleErrors(dom);
        assertEquals("undefined", bodyAttribute(dom.stdout(), "data-xss"), "a marker global set by a payload");
        assertEquals("0", bodyAttribute(dom.stdout(), "data-on-attributes"));
        assertEquals("2", bodyAttribute(dom.stdout(), "data-scripts"), "only the test's two probe scripts");
        assertEquals("0", bodyAttribute(dom.stdout(), "data-images"));
        assertEquals("0:", bodyAttribute(dom.stdout(), "data-errors"));
        assertEquals("8", bodyAttribute(dom.stdout(), "data-charts"));
    }

    static String attr(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
        assertTrue(m.find(), name + " in " + tag);
        return m.group(1);
    }
}
