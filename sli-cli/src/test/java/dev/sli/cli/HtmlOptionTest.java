package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.cli.LintCommandTest.Run;
import dev.sli.store.SliStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code --html FILE} on {@code sli replay}, {@code sli report} and {@code sli inspect}: the report is written,
 * parses as XML, holds the charts the document calls for, and the command prints one line naming the file.
 */
class HtmlOptionTest {

    static final String CONFIG = "../examples/registry-slo.json";
    static final Path SEED7 = Path.of(System.getProperty("sli.conformance.dir", (java.nio.file.Files.isDirectory(java.nio.file.Path.of("../../shared/conformance")) ? "../../shared/conformance" : "/work/shared/conformance")), "seed7-2d-1m", "series.json");

    @TempDir
    Path dir;

    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    static List<String> chartKinds(Document d) {
        NodeList svgs = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < svgs.getLength(); i++) {
            Element e = (Element) svgs.item(i);
            if (e.getAttribute("class").equals("chart")) {
                kinds.add(e.getAttribute("data-kind"));
            }
        }
        return kinds;
    }

    /** The example document: 9 objectives, two with 4 alert tiers, 2 latency SLIs, and a probe and a readiness SLI. */
    static void assertExampleCharts(Document d) {
        List<String> kinds = chartKinds(d);
        assertEquals(9, kinds.stream().filter("budget"::equals).count(), kinds.toString());
        assertEquals(8, kinds.stream().filter("burn"::equals).count(), kinds.toString());
        assertEquals(2, kinds.stream().filter("latency"::equals).count(), kinds.toString());
        assertEquals(1, kinds.stream().filter("availability"::equals).count(), kinds.toString());
    }

    @Test
    void replayWritesTheReportAndPrintsOneLine() throws Exception {
        Path html = dir.resolve("r.html");
        Run r = LintCommandTest.sli("replay", CONFIG, "--data", SEED7.toString(), "--html", html.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("report written to " + html, r.out().get(r.out().size() - 1));
        assertTrue(r.out().size() > 10, "the answer is printed as without --html: " + r.out());
        assertEquals(List.of(), r.err());
        Document d = parse(html);
        assertExampleCharts(d);
        assertEquals("sli replay: ../examples/registry-slo.json", d.getElementsByTagName("h1").item(0).getTextContent());
        // the dashboard-parity pairs, with what Prometheus 2.42 returned on this data set (expected.json)
        com.fasterxml.jackson.databind.JsonNode expected = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(SEED7.resolveSibling("expected.json").toFile());
        java.util.Map<String, Double> prometheus = new java.util.HashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode q : expected.get("queries")) {
            if (q.get("value").isNumber()) {
                prometheus.put(q.get("id").asText(), q.get("value").asDouble());
            }
        }
        org.w3c.dom.NodeList tables = d.getElementsByTagName("table");
        org.w3c.dom.Element parity = null;
        for (int i = 0; i < tables.getLength(); i++) {
            if ("parity".equals(((org.w3c.dom.Element) tables.item(i)).getAttribute("class"))) {
                parity = (org.w3c.dom.Element) tables.item(i);
            }
        }
        assertTrue(parity != null, "a dashboard-parity table");
        // one availability row per workload besides the SLI's: its down minutes are Prometheus's bad steps
        // for that workload, steps x (1 - avg_over_time(ready >= bool desired)) in expected.json
        String page = java.nio.file.Files.readString(html);
        java.util.Map<String, double[]> perWorkload = new java.util.HashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode q : expected.get("queries")) {
            String id = q.get("id").asText();
            if (id.equals("time_availability_per_workload") || id.equals("time_availability_per_workload_steps")) {
                for (com.fasterxml.jackson.databind.JsonNode row : q.get("result")) {
                    double[] v = perWorkload.computeIfAbsent(row.get("labels").get("kube_workload_name").asText(), k -> new double[2]);
                    v[id.endsWith("_steps") ? 1 : 0] = row.get("value").asDouble();
                }
            }
        }
        assertEquals(3, perWorkload.size());
        perWorkload.forEach((workload, v) -> {
            long badSteps = Math.round(v[1] * (1 - v[0]));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("registry/pod-readiness: " + java.util.regex.Pattern.quote(workload)
                    + " \\(this workload alone\\): up [^,]*, down (\\d+) min").matcher(page);
            assertTrue(m.find(), "an availability row for " + workload);
            assertEquals(badSteps, Long.parseLong(m.group(1)), workload + ": down minutes");
        });
        org.w3c.dom.NodeList rows = parity.getElementsByTagName("tr");
        assertEquals(3, rows.getLength(), "a header and the two dashboard queries");
        for (int i = 1; i < rows.getLength(); i++) {
            org.w3c.dom.NodeList cells = ((org.w3c.dom.Element) rows.item(i)).getElementsByTagName("td");
            String id = cells.item(0).getTextContent();
            assertEquals(prometheus.get(id), Double.parseDouble(cells.item(1).getTextContent()), 1e-9 * Math.abs(prometheus.get(id)), id);
        }
        // the status table says what the text output says
        Run text = LintCommandTest.sli("replay", CONFIG, "--data", SEED7.toString());
        String all = String.join("\n", text.out());
        String table = d.getElementsByTagName("table").item(0).getTextContent();
        assertTrue(all.contains("registry/pod-uptime-slo") && all.contains("verdict  AT_RISK"), all);
        assertTrue(table.contains("registry/pod-uptime-slo") && table.contains("AT RISK"), table);
    }

    @Test
    void reportWritesTheReportAndPrintsOneLine() throws Exception {
        Path html = dir.resolve("report.html");
        Run r = LintCommandTest.sli("report", CONFIG, "--data", "../examples/registry-events.csv", "--html", html.toString());
        // the same exit code as without --html: 1, the example's provision requests open past their hour alert
        assertEquals(LintCommandTest.sli("report", CONFIG, "--data", "../examples/registry-events.csv").exitCode(), r.exitCode(), r.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals("report written to " + html, r.out().get(r.out().size() - 1));
        assertTrue(r.out().size() > 10, "the answer is printed as without --html: " + r.out());
        assertExampleCharts(parse(html));
    }

    @Test
    void anUnwritableFileIsBadUsageInOneLine() throws Exception {
        // missing directories are created; a regular file where a directory should be cannot be
        Path html = java.nio.file.Files.writeString(dir.resolve("a-file"), "x").resolve("r.html");
        Run r = LintCommandTest.sli("replay", CONFIG, "--data", SEED7.toString(), "--html", html.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(List.of(), r.out());
        assertEquals(1, r.err().size(), r.toString());
        assertTrue(r.err().get(0).startsWith("sli replay: cannot write " + html + ": "), r.err().get(0));
    }

    @Test
    void inspectWritesTheReportOfTheStoresObjectives() throws Exception {
        StoreCommandsTest store = new StoreCommandsTest();
        store.dir = dir.resolve("store");
        Files.createDirectories(store.dir);
        Path html = dir.resolve("inspect.html");
        try (SliStore running = store.writer()) {
            Run r = LintCommandTest.sli("inspect", store.dir.toString(), "--html", html.toString());
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals("report written to " + html, r.out().get(r.out().size() - 1));
        }
        Document d = parse(html);
        assertEquals(List.of("budget", "latency"), chartKinds(d));
        assertTrue(d.getElementsByTagName("table").item(0).getTextContent().contains("shop/paid"));
    }

    /** Payloads in the config's free text and in the data file's name reach the report only as text. */
    @Test
    void inputFromConfigAndDataFileNameIsEscaped() throws Exception {
        String[] payloads = {"</script><img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>"};
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(Path.of(CONFIG).toFile());
        root.put("assumption", payloads[0]);
        for (JsonNode service : root.get("services")) {
            ((ObjectNode) service).put("description", payloads[1]);
            for (JsonNode sli : service.get("slis")) {
                ((ObjectNode) sli).put("description", payloads[0]).put("assumption", payloads[1]);
            }
            for (JsonNode o : service.get("objectives")) {
                ((ObjectNode) o).put("assumption", payloads[0]);
            }
        }
        Path config = dir.resolve("xss.json");
        json.writeValue(config.toFile(), root);
        Path data = dir.resolve("data" + payloads[1] + ".json");
        Files.copy(SEED7, data);
        Path html = dir.resolve("xss.html");
        Run r = LintCommandTest.sli("replay", config.toString(), "--data", data.toString(), "--html", html.toString());
        assertEquals(0, r.exitCode(), r.toString());
        String text = Files.readString(html, StandardCharsets.UTF_8);
        Document d = parse(html);
        assertNoActiveContent(d.getDocumentElement());
        String shown = d.getDocumentElement().getTextContent();
        assertTrue(shown.contains(payloads[0]) && shown.contains(payloads[1]), "shown as text");
        assertTrue(shown.contains("data: " + data), "the data file's name, as text");
        assertFalse(text.contains("<img") || text.contains("<script") || text.contains("\"><svg onload"));
    }

    static void assertNoActiveContent(Element e) {
        assertFalse(List.of("script", "img", "iframe", "object", "embed", "foreignObject").contains(e.getLocalName()), e.getLocalName());
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            assertFalse(((Attr) attrs.item(i)).getName().toLowerCase().startsWith("on"), ((Attr) attrs.item(i)).getName());
        }
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                assertNoActiveContent(child);
            }
        }
    }
}
