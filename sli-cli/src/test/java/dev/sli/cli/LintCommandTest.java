package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LintCommandTest {

    static final String EXAMPLE = Path.of("..", "examples", "registry-slo.json").toString();

    /** The exit code and everything written to stdout and stderr by one in-process run of {@code sli}. */
    record Run(int exitCode, List<String> out, List<String> err) {
    }

    static Run sli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString().lines().toList(), err.toString().lines().toList());
    }

    static final List<String> EXAMPLE_OUTPUT = List.of(
            "WARNING services[0].objectives[0].statedAllowance: stated 4.4h (\"allowing 4.4 hours of downtime every "
                    + "three weeks\"), but (1 - 0.99) x 3w = 5.04h; the difference, 0.64h, is beyond the rounding "
                    + "tolerance of 0.252h",
            "WARNING services[0].objectives[4].threshold: threshold 8s is looser than the 2s of SLA response-time-sla "
                    + "on the same SLI; an internal SLO should be at least as strict as the SLA it protects",
            "NOTE assumption: The document states a window only for uptime ('every three weeks'); every objective "
                    + "here uses a rolling 3 weeks, the range of the document's PromQL queries ([3w:]). It gives no "
                    + "review date: 2024-09-01 is assumed as the next.",
            "NOTE services[0].slis[0].assumption: The probe interval is not stated; 1 min assumed. A minute counts as "
                    + "down when its check fails.",
            "NOTE services[0].slis[1].assumption: The document's PromQL sums each workload's average missing replicas; "
                    + "here the service counts as up only while all three workloads have every desired replica ready.",
            "NOTE services[0].slis[3].assumption: A gauge of request time is not a count of requests; each sample "
                    + "counts as one observation. Kept so that sli parity can set the dashboard's number beside the "
                    + "histogram-based response-time SLI; no objective of its own.",
            "NOTE services[0].slis[4].assumption: What counts as an error is not stated; HTTP 5xx responses assumed.",
            "NOTE services[0].slis[5].assumption: Where a provision request starts and ends is not stated; from "
                    + "submission to completion by the provisioner assumed.",
            "NOTE services[0].objectives[0].assumption: Which monitor the SLA is judged by is not stated; the "
                    + "black-box probe assumed, as it sees what users see.",
            "NOTE services[0].objectives[1].assumption: The document names no alerts on the uptime budget; the Google "
                    + "SRE Workbook's multiwindow burn-rate tiers assumed.",
            "NOTE services[0].objectives[2].assumption: The internal uptime SLO is also kept on pod readiness, the "
                    + "document's second uptime monitor (Sysdig).",
            "NOTE services[0].objectives[3].assumption: The share of requests that must be within 2 s is not stated; "
                    + "99 % assumed.",
            "NOTE services[0].objectives[4].assumption: The share of requests is not stated; 99 % assumed, as for the "
                    + "SLA.",
            "NOTE services[0].objectives[6].assumption: The share of requests is not stated; 80 % assumed, as in the "
                    + "SLA and the SLI.",
            "NOTE services[0].objectives[8].assumption: The document sets no internal target stricter than the 99 % "
                    + "SLA, so the SLO equals it. Alert tiers from the Google SRE Workbook; the document names none.",
            EXAMPLE + ": 0 errors, 2 warnings, 13 notes");

    @Test
    void printsTheExamplesFindingsAndPassesOnWarnings() {
        Run run = sli("lint", EXAMPLE, "--today=2024-06-01");
        assertEquals(EXAMPLE_OUTPUT, run.out());
        assertEquals(List.of(), run.err());
        assertEquals(0, run.exitCode());
    }

    @Test
    void failsOnWarningsWhenAskedTo() {
        Run run = sli("lint", EXAMPLE, "--today=2024-06-01", "--fail-on=warning");
        assertEquals(EXAMPLE_OUTPUT, run.out());
        assertEquals(1, run.exitCode());
    }

    @Test
    void showsTheOverdueReviewOnALaterDate() {
        Run run = sli("lint", EXAMPLE, "--today=2024-09-02");
        assertEquals("WARNING nextReview: the review due on 2024-09-01 is overdue (today is 2024-09-02); review the "
                + "objectives and set the next date", run.out().get(0));
        assertEquals(EXAMPLE + ": 0 errors, 3 warnings, 13 notes", run.out().get(run.out().size() - 1));
        assertEquals(0, run.exitCode());
    }

    @Test
    void printsJsonWhenAsked() throws IOException {
        Run run = sli("lint", EXAMPLE, "--today=2024-06-01", "--format=json");
        JsonNode root = new ObjectMapper().readTree(String.join("\n", run.out()));
        assertEquals(EXAMPLE, root.get("file").asText());
        assertTrue(root.get("valid").asBoolean());
        assertEquals(0, root.get("errors").asInt());
        assertEquals(2, root.get("warnings").asInt());
        assertEquals(13, root.get("notes").asInt());
        JsonNode first = root.get("findings").get(0);
        assertEquals("WARNING", first.get("severity").asText());
        assertEquals("allowance-mismatch", first.get("rule").asText());
        assertEquals("services[0].objectives[0].statedAllowance", first.get("path").asText());
        assertEquals(EXAMPLE_OUTPUT.get(0), "WARNING " + first.get("path").asText() + ": " + first.get("message").asText());
        assertEquals(15, root.get("findings").size());
        assertEquals(0, run.exitCode());
    }

    @Test
    void failsOnAnInvalidConfigNamingFileLineAndPath(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(Path.of(EXAMPLE)).replace("\"target\": 0.992,", "\"target\": 99.2,"));
        Run run = sli("lint", bad.toString(), "--today=2024-06-01");
        assertEquals(List.of(), run.out());
        assertEquals(List.of(
                        "ERROR " + bad + ":87:21: services[0].objectives[1].target: 99.2 is not a fraction in (0, 1); "
                                + "write 0.992 for 99.2 %",
                        "ERROR " + bad + ":105:21: services[0].objectives[2].target: 99.2 is not a fraction in (0, 1); "
                                + "write 0.992 for 99.2 %",
                        bad + ": not a valid SLO config (2 errors)"),
                run.err());
        assertEquals(1, run.exitCode());
    }

    @Test
    void reportsAnInvalidConfigAsJson(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": 1, \"services\": [], \"owner\": \"sre\"}");
        Run run = sli("lint", bad.toString(), "--format=json");
        JsonNode root = new ObjectMapper().readTree(String.join("\n", run.out()));
        assertEquals(false, root.get("valid").asBoolean());
        JsonNode first = root.get("configErrors").get(0);
        assertEquals(1, first.get("line").asInt());
        assertEquals(27, first.get("column").asInt());
        assertEquals("services", first.get("path").asText());
        assertEquals("is empty; give at least one", first.get("message").asText());
        assertEquals(2, root.get("configErrors").size());
        assertEquals(1, run.exitCode());
    }

    @Test
    void failsOnLintErrorsUnlessToldNever(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("probe.json");
        Files.writeString(config, """
                {"format": 1, "services": [{"name": "svc",
                  "slis": [{"name": "up", "kind": "probe", "check": "https://example.org/"}],
                  "objectives": [{"name": "up", "type": "SLO", "sli": "up", "target": 0.99, "window": {"rolling": "1d"},
                    "budgeting": {"method": "occurrences"}, "missingData": "exclude"}]}]}
                """);
        List<String> expected = List.of("ERROR services[0].objectives[0].budgeting: probe SLI up measures time, not "
                + "events; budget it with timeslices or ratioTimeslices", config + ": 1 error, 0 warnings, 0 notes");
        Run run = sli("lint", config.toString(), "--today=2024-06-01");
        assertEquals(expected, run.out());
        assertEquals(1, run.exitCode());
        Run never = sli("lint", config.toString(), "--today=2024-06-01", "--fail-on=never");
        assertEquals(expected, never.out());
        assertEquals(0, never.exitCode());
    }

    @Test
    void failsOnAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.json");
        Run run = sli("lint", missing.toString());
        assertEquals(List.of("sli lint: " + missing + ": no such file"), run.err());
        assertEquals(2, run.exitCode());
    }

    @Test
    void rejectsABadDateAsUsageError() {
        Run run = sli("lint", EXAMPLE, "--today=2024-13-01");
        assertEquals("sli lint: Invalid value for option '--today': '2024-13-01' is not a date; write YYYY-MM-DD", run.err().get(0));
        assertEquals(2, run.exitCode());
    }

    @Test
    void rejectsAnUnknownFormatAsUsageError() {
        Run run = sli("lint", EXAMPLE, "--format=xml");
        assertEquals("sli lint: Invalid value for option '--format': expected one of [TEXT, JSON] (case-insensitive) but was 'xml'",
                run.err().get(0));
        assertEquals(2, run.exitCode());
    }

    @Test
    void asksForASubcommand() {
        Run run = sli();
        assertEquals("sli: Missing subcommand", run.err().get(0));
        assertTrue(run.err().contains("Commands:"), run.err().toString());
        assertEquals(2, run.exitCode());
    }
}
