package dev.sli.cli.html;

import static dev.sli.cli.html.ReportFixture.AT;
import static dev.sli.cli.html.ReportFixture.HOUR;
import static dev.sli.cli.html.ReportFixture.MINUTE;
import static dev.sli.cli.html.ReportFixture.MINUTES;
import static dev.sli.cli.html.ReportFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.Finding;
import dev.sli.core.registry.SliRegistry;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The report's structure, parsed with the JDK's XML parser (the report is well-formed XHTML): how many charts,
 * series per chart, axis labels with units, and the values drawn against brute force over the fixture's
 * minute-by-minute data, pixel positions included; escaping of every input string.
 */
class HtmlReportTest {

    static final String SVG = "http://www.w3.org/2000/svg";
    static final long FROM = T0 + HOUR;
    static String html;
    static Document doc;

    @BeforeAll
    static void build() throws Exception {
        SliRegistry registry = ReportFixture.registry(false);
        html = HtmlReport.builder(registry, AT).title("shop report").fromMillis(FROM).build().html();
        doc = parse(html);
    }

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Node root, String ns, String name) {
        NodeList list = root instanceof Document d ? d.getElementsByTagNameNS(ns, name) : ((Element) root).getElementsByTagNameNS(ns, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    static List<Element> charts(String kind) {
        return elements(doc, SVG, "svg").stream().filter(e -> e.getAttribute("class").equals("chart"))
                .filter(e -> kind == null || e.getAttribute("data-kind").equals(kind)).toList();
    }

    static List<Element> series(Element chart) {
        return elements(chart, SVG, "path").stream().filter(e -> e.getAttribute("class").equals("series")).toList();
    }

    static Element series(Element chart, String name) {
        return series(chart).stream().filter(e -> e.getAttribute("data-series").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + name + " in " + chart.getAttribute("id")));
    }

    static long[] longs(String s) {
        return s.isEmpty() ? new long[0] : Arrays.stream(s.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    static double[] doubles(String s) {
        return Arrays.stream(s.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    /** The instants every chart is drawn at: each hour from FROM, and AT. */
    static long[] expectedTimes() {
        List<Long> t = new ArrayList<>();
        for (long x = FROM; x < AT; x += HOUR) {
            t.add(x);
        }
        t.add(AT);
        return t.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void oneChartPerObjectiveTierLatencySliAndOneAvailabilityChartEachWithItsSeries() {
        assertEquals(4, charts("budget").size());
        assertEquals(2, charts("burn").size()); // paid: page 1h/5m and ticket 6h/30m
        assertEquals(1, charts("latency").size());
        assertEquals(1, charts("availability").size());
        assertEquals(8, charts(null).size());
        for (Element c : charts("burn")) {
            assertEquals(2, series(c).size(), c.getAttribute("id"));
        }
        Element latency = charts("latency").get(0);
        assertEquals(List.of("p50", "p95", "p99"), series(latency).stream().map(e -> e.getAttribute("data-series")).toList());
        for (Element c : charts(null)) {
            assertTrue(Integer.parseInt(c.getAttribute("width")) > 0 && Integer.parseInt(c.getAttribute("height")) > 0);
            for (Element p : series(c)) {
                if (!c.getAttribute("data-kind").equals("budget") || p.getAttribute("data-series").equals("budget remaining")) {
                    assertTrue(Arrays.equals(expectedTimes(), longs(p.getAttribute("data-t"))), p.getAttribute("data-series"));
                }
            }
        }
        assertEquals(4, doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "tr").getLength() - 1 - 4 - 1,
                "status rows: 4 objectives (plus the SLI table's 4 rows and two header rows)");
    }

    @Test
    void everyChartHasATimeAxisAndAValueAxisWithUnitsAndTickLabels() {
        for (Element c : charts(null)) {
            List<String> labels = elements(c, SVG, "text").stream().filter(e -> e.getAttribute("class").equals("axis-label"))
                    .map(Element::getTextContent).toList();
            assertEquals(2, labels.size(), c.getAttribute("id"));
            assertEquals("time (UTC)", labels.get(0));
            String expected = switch (c.getAttribute("data-kind")) {
                case "budget" -> "budget remaining (% of allowed)";
                case "burn" -> "burn rate (× budget-neutral)";
                case "latency" -> "latency (ms)";
                default -> "one row per SLI";
            };
            assertEquals(expected, labels.get(1), c.getAttribute("id"));
            long ticks = elements(c, SVG, "text").stream().filter(e -> e.getAttribute("class").equals("tick")).count();
            assertTrue(ticks >= (c.getAttribute("data-kind").equals("availability") ? 3 : 6), c.getAttribute("id") + ": " + ticks);
        }
        // a 35-hour axis with ticks at least 95 px apart: 6-hour steps on whole UTC hours, the date on the first and at midnight
        Element budget = charts("budget").get(0);
        List<String> xTicks = elements(budget, SVG, "g").stream().filter(g -> g.getAttribute("class").equals("axis x")).findFirst()
                .map(g -> elements(g, SVG, "text").stream().filter(e -> e.getAttribute("class").equals("tick")).map(Element::getTextContent).toList())
                .orElseThrow();
        assertEquals(List.of("01-01 06:00", "12:00", "18:00", "01-02 00:00", "06:00", "12:00"), xTicks);
    }

    /** Remaining budget of shop/paid (99 %, rolling 1 d, occurrences) at {@code t}, by brute force over the minutes. */
    static double paidRemainingPercent(long t) {
        long good = 0;
        long bad = 0;
        for (int m = 0; m < MINUTES; m++) {
            long bucket = T0 + m * MINUTE;
            if (bucket >= t - 24 * HOUR && bucket + MINUTE <= t) {
                good += 100 - ReportFixture.bad(m);
                bad += ReportFixture.bad(m);
            }
        }
        BigDecimal allowed = new BigDecimal("0.01").multiply(BigDecimal.valueOf(good + bad));
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(bad).divide(allowed, MathContext.DECIMAL64)).doubleValue() * 100;
    }

    /** Burn rate of shop/paid over the {@code windowMillis} before {@code t} (t aligned down to the minute). */
    static double paidBurn(long t, long windowMillis) {
        long end = t - Math.floorMod(t, MINUTE);
        long good = 0;
        long bad = 0;
        for (int m = 0; m < MINUTES; m++) {
            long bucket = T0 + m * MINUTE;
            if (bucket >= end - windowMillis && bucket + MINUTE <= end) {
                good += 100 - ReportFixture.bad(m);
                bad += ReportFixture.bad(m);
            }
        }
        return (double) bad / (good + bad) / 0.01;
    }

    @Test
    void theBudgetLineIsTheRemainingBudgetComputedByBruteForceAndIsDrawnWhereItsValuesSay() {
        Element chart = charts("budget").get(0);
        assertEquals("Error budget remaining of shop/paid", elements(chart, SVG, "title").get(0).getTextContent());
        Element line = series(chart, "budget remaining");
        long[] t = longs(line.getAttribute("data-t"));
        double[] v = doubles(line.getAttribute("data-v"));
        assertEquals(expectedTimes().length, v.length);
        for (int i = 0; i < t.length; i++) {
            assertEquals(paidRemainingPercent(t[i]), v[i], 1e-9, "at " + java.time.Instant.ofEpochMilli(t[i]));
        }
        assertTrue(Arrays.stream(v).min().getAsDouble() < 0, "hour 20's burst overspends the budget");
        // pixels: every point of the path where the axes put (t, v)
        Element frame = elements(chart, SVG, "rect").stream().filter(e -> e.getAttribute("class").equals("frame")).findFirst().orElseThrow();
        double fx = Double.parseDouble(frame.getAttribute("x"));
        double fy = Double.parseDouble(frame.getAttribute("y"));
        double fw = Double.parseDouble(frame.getAttribute("width"));
        double fh = Double.parseDouble(frame.getAttribute("height"));
        long x0 = Long.parseLong(chart.getAttribute("data-x0"));
        long x1 = Long.parseLong(chart.getAttribute("data-x1"));
        double y0 = Double.parseDouble(chart.getAttribute("data-y0"));
        double y1 = Double.parseDouble(chart.getAttribute("data-y1"));
        assertEquals(FROM, x0);
        assertTrue(y0 <= Arrays.stream(v).min().getAsDouble() && y1 >= 100, y0 + " to " + y1);
        Matcher m = Pattern.compile("([ML])(-?[0-9.]+) (-?[0-9.]+)").matcher(line.getAttribute("d"));
        int i = 0;
        while (m.find()) {
            assertEquals(i == 0 ? "M" : "L", m.group(1));
            assertEquals(fx + (double) (t[i] - x0) / (x1 - x0) * fw, Double.parseDouble(m.group(2)), 0.051);
            assertEquals(fy + (y1 - v[i]) / (y1 - y0) * fh, Double.parseDouble(m.group(3)), 0.051);
            i++;
        }
        assertEquals(t.length, i);
    }

    @Test
    void burnRatesAreBruteForceAndTheMarkersSitWhereBothWindowsReachTheThreshold() {
        long[][] windows = {{HOUR, 5 * MINUTE}, {6 * HOUR, 30 * MINUTE}};
        double[] factors = {0.02 * 24, 0.1 * 24 / 6};
        for (int j = 0; j < 2; j++) {
            Element chart = charts("burn").get(j);
            List<Element> lines = series(chart);
            long[] t = longs(lines.get(0).getAttribute("data-t"));
            double[] longRate = doubles(lines.get(0).getAttribute("data-v"));
            double[] shortRate = doubles(lines.get(1).getAttribute("data-v"));
            TreeSet<Long> firing = new TreeSet<>();
            for (int i = 0; i < t.length; i++) {
                assertEquals(paidBurn(t[i], windows[j][0]), longRate[i], 1e-9);
                assertEquals(paidBurn(t[i], windows[j][1]), shortRate[i], 1e-9);
                if (paidBurn(t[i], windows[j][0]) >= factors[j] && paidBurn(t[i], windows[j][1]) >= factors[j]) {
                    firing.add(t[i]);
                }
            }
            Element threshold = elements(chart, SVG, "g").stream().filter(g -> g.getAttribute("class").equals("threshold")).findFirst().orElseThrow();
            assertEquals(factors[j], Double.parseDouble(threshold.getAttribute("data-value")), 1e-12);
            TreeSet<Long> marked = new TreeSet<>();
            elements(chart, SVG, "g").stream().filter(g -> g.getAttribute("class").equals("markers"))
                    .forEach(g -> Arrays.stream(longs(g.getAttribute("data-t"))).forEach(marked::add));
            assertFalse(firing.isEmpty(), "the burst of hour 20 fires tier " + j);
            assertEquals(firing, marked, "tier " + j);
        }
    }

    @Test
    void latencyPercentilesAreThoseOfEachHourWithinTheHistogramsPrecision() {
        Element chart = charts("latency").get(0);
        double[] q = {0.5, 0.95, 0.99};
        List<Element> lines = series(chart);
        long[] t = longs(lines.get(0).getAttribute("data-t"));
        for (int k = 0; k < 3; k++) {
            double[] v = doubles(lines.get(k).getAttribute("data-v"));
            for (int i = 0; i < t.length; i++) {
                long end = t[i] - Math.floorMod(t[i], MINUTE);
                List<Long> all = new ArrayList<>();
                for (int m = 0; m < MINUTES; m++) {
                    long bucket = T0 + m * MINUTE;
                    if (bucket >= end - HOUR && bucket + MINUTE <= end) {
                        for (int r = 0; r < 10; r++) {
                            all.add(ReportFixture.latencyMillis(m, r));
                        }
                    }
                }
                all.sort(null);
                double exact = all.get((int) Math.ceil(q[k] * all.size()) - 1); // nearest rank, ms
                assertEquals(exact, v[i], exact * 0.01 + 1e-9, "p" + q[k] + " at " + t[i]);
            }
        }
        Element threshold = elements(chart, SVG, "g").stream().filter(g -> g.getAttribute("class").equals("threshold")).findFirst().orElseThrow();
        assertEquals(300.0, Double.parseDouble(threshold.getAttribute("data-value")));
        assertEquals("threshold 300 ms (SLI)", elements(threshold, SVG, "text").get(0).getTextContent());
    }

    @Test
    void availabilityBandsShowTheOutagesAndTheSilenceWithExactTotals() {
        Element chart = charts("availability").get(0);
        List<Element> bands = elements(chart, SVG, "rect").stream().filter(e -> e.getAttribute("class").startsWith("band ")).toList();
        List<String> rows = elements(chart, SVG, "text").stream().filter(e -> e.getAttribute("class").equals("rowlabel"))
                .map(Element::getTextContent).toList();
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).startsWith("shop/pods (readiness of api, web): up ") && rows.get(0).contains(", down 10 min, unknown "), rows.get(0));
        assertTrue(rows.get(1).startsWith("shop/ping (probe https://example.com/ping): up ") && rows.get(1).endsWith(", down 5 min, unknown 0 min"),
                rows.get(1));
        assertTrue(hasBand(bands, "band down", T0 + 5 * HOUR, T0 + 5 * HOUR + 10 * MINUTE), "pods down in hour 5");
        assertTrue(hasBand(bands, "band down", T0 + 7 * HOUR, T0 + 7 * HOUR + 5 * MINUTE), "ping down in hour 7");
        assertTrue(hasBand(bands, "band unknown", T0 + 30 * HOUR + 10 * MINUTE, T0 + 31 * HOUR), "pods silent in hour 30");
        // bands of a row tile the range without overlap
        for (String row : List.of("0", "1")) {
            long covered = 0;
            for (Element b : bands) {
                covered += Long.parseLong(b.getAttribute("data-to")) - Long.parseLong(b.getAttribute("data-from"));
            }
            assertEquals(2 * (AT - FROM), covered, row);
        }
    }

    static boolean hasBand(List<Element> bands, String cls, long from, long to) {
        return bands.stream().anyMatch(b -> b.getAttribute("class").equals(cls) && Long.parseLong(b.getAttribute("data-from")) <= from
                && Long.parseLong(b.getAttribute("data-to")) >= to);
    }

    @Test
    void theSameInputGivesTheSameBytes() {
        String again = HtmlReport.builder(ReportFixture.registry(false), AT).title("shop report").fromMillis(FROM).build().html();
        assertEquals(html, again);
    }

    @Test
    void noScriptNoExternalReferenceAndPrintStyles() {
        assertFalse(html.contains("<script"));
        assertFalse(Pattern.compile("(?i)(src|href)=\"(https?:|//)").matcher(html).find(), "no external fetch");
        assertFalse(html.contains("@import") || html.contains("url(http") || html.contains("@font-face"));
        assertTrue(html.contains("@media print"));
    }

    @Test
    void badStepsAndRangesAreRefusedWithTheReason() {
        SliRegistry r = ReportFixture.registry(false);
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.builder(r, AT).step(Duration.ofSeconds(90)).build());
        assertEquals("step PT1M30S is not a positive whole number of buckets of PT1M", step.getMessage());
        IllegalArgumentException from = assertThrows(IllegalArgumentException.class, () -> HtmlReport.builder(r, AT).fromMillis(AT).build());
        assertEquals("charts would start at 2024-01-02T12:00:00Z, not before the evaluation instant 2024-01-02T12:00:00Z", from.getMessage());
    }

    /** Every input string, through config, title, notes, findings and parity rows, appears only as text. */
    @Test
    void inputStringsAppearOnlyEscaped() throws Exception {
        SliRegistry registry = ReportFixture.registry(true);
        List<Finding> findings = List.of(new Finding(Finding.Severity.WARNING, "rule" + ReportFixture.XSS_ATTR, "services[0]."
                + ReportFixture.XSS_MARK, "bad " + ReportFixture.XSS_SCRIPT));
        String out = HtmlReport.builder(registry, AT).title("t " + ReportFixture.XSS_SCRIPT).note("data: x" + ReportFixture.XSS_ATTR + ".json")
                .findings(findings).parity(List.of(new ParityRow(ReportFixture.XSS_MARK2, ReportFixture.XSS_ATTR, "99.9%",
                        ReportFixture.XSS_SCRIPT))).build().html();
        Document d = parse(out);
        assertNoActiveContent(d.getDocumentElement());
        String text = d.getDocumentElement().getTextContent();
        for (String payload : List.of(ReportFixture.XSS_SCRIPT, ReportFixture.XSS_ATTR, ReportFixture.XSS_MARK, ReportFixture.XSS_MARK2)) {
            assertTrue(text.contains(payload), "shown as text: " + payload);
        }
        assertTrue(out.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(out.contains("&quot;&gt;&lt;svg onload=alert(1)&gt;"));
        assertFalse(out.contains("<img") || out.contains("<script") || out.contains("\"><svg onload"));
    }

    static void assertNoActiveContent(Element e) {
        String name = e.getLocalName();
        assertFalse(List.of("script", "img", "iframe", "object", "embed", "foreignObject", "a").contains(name) && !isNav(e),
                "element " + name);
        if (name.equals("svg")) {
            assertTrue(List.of("chart", "swatch").contains(e.getAttribute("class")), "svg of class " + e.getAttribute("class"));
        }
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            assertFalse(a.getName().toLowerCase().startsWith("on"), "attribute " + a.getName() + " on " + name);
            if (a.getName().equals("href")) {
                assertTrue(a.getValue().startsWith("#"), a.getValue());
            }
        }
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                assertNoActiveContent(child);
            }
        }
    }

    static boolean isNav(Element e) {
        return e.getLocalName().equals("a") && e.getParentNode().getLocalName().equals("nav");
    }

    @Test
    void escapeCoversMarkupQuotesAndControlCharacters() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;", Html.escape("<a href=\"x\" title='y'>&amp;</a>"));
        assertEquals("a\ufffdb\ufffdc\td\ne", Html.escape("a\u001bb\u0085c\td\ne"));
        assertEquals("emoji \uD83D\uDE00 kept, lone \ufffd replaced", Html.escape("emoji \uD83D\uDE00 kept, lone \uD800 replaced"));
        assertEquals("plain", Html.escape("plain"));
        assertEquals("", Html.escape(null));
    }
}
