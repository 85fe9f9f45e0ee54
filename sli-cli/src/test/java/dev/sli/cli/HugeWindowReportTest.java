package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: {@code sli report} with objective windows far longer than the data, run in a child JVM with
 * a 256 MiB heap, so that memory allocated in proportion to the window (not to the data held) fails it with
 * an {@link OutOfMemoryError}; and a window longer than any retention refused with lint's message, without
 * a stack trace.
 */
class HugeWindowReportTest {

    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final long WEEK_MINUTES = 7 * 24 * 60;

    /** The exit code and the lines a child JVM wrote to stdout and stderr. */
    record Child(int exitCode, List<String> out, List<String> err) {
    }

    /** A copy of the example config in {@code dir} with every objective's window set to {@code rolling}. */
    static Path exampleWithWindows(Path dir, String rolling) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(Path.of(ReportCommandTest.CONFIG).toFile());
        int objectives = 0;
        for (JsonNode service : root.get("services")) {
            for (JsonNode objective : service.get("objectives")) {
                ObjectNode window = (ObjectNode) objective.get("window");
                window.removeAll();
                window.put("rolling", rolling);
                objectives++;
            }
        }
        assertEquals(9, objectives);
        Path config = dir.resolve("registry-slo-" + rolling + ".json");
        json.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), root);
        return config;
    }

    /**
     * Runs {@code sli args} in a child JVM (this JVM's {@code java}, the test classpath, {@code -Xmx256m}),
     * killing it and failing if it takes longer than {@link #CHILD_TIMEOUT_SECONDS}.
     */
    static Child sliInChildJvm(Path dir, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            classpath = classpath + File.pathSeparator + modulePath;
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath,
                Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
            fail("sli " + String.join(" ", args) + " took longer than " + CHILD_TIMEOUT_SECONDS + " s; killed");
        }
        return new Child(child.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }

    @Test
    void fifteenHundredWeekWindowsOverTwoDaysOfDataAreEvaluatedInA256MiBHeap(@TempDir Path dir) throws Exception {
        Path config = exampleWithWindows(dir, "1500w");
        Child run = sliInChildJvm(dir, "report", config.toString(), "--data", ReportCommandTest.DATA.toString());
        assertEquals(List.of(), run.err());
        assertEquals(1, run.exitCode()); // work open past 1 h: an alert

        List<String> headers = new ArrayList<>();
        for (int i = 0; i < run.out().size(); i++) {
            if (run.out().get(i).startsWith("registry/")) {
                headers.add(run.out().get(i).substring(0, run.out().get(i).indexOf(' ')));
                assertTrue(run.out().get(i).contains("  rolling 1500w  "), run.out().get(i));
                assertTrue(run.out().get(i + 1).startsWith("  verdict  "), run.out().get(i + 1));
            }
        }
        assertEquals(List.of("registry/uptime-sla", "registry/uptime-slo", "registry/pod-uptime-slo",
                "registry/response-time-sla", "registry/response-time-slo", "registry/provision-sla",
                "registry/provision-slo", "registry/success-rate-sla", "registry/error-rate-slo"), headers);

        // The uptime SLA over 1500 weeks: the probe's slices are those of the 3-week window (all events lie in it),
        // the rest of the 15 120 000 minutes unknown; 1 % of them is 151 200 min.
        for (ReportCommandTest.Event e : ReportCommandTest.events()) {
            assertTrue(e.millis() >= ReportCommandTest.WINDOW_START * 1000, "an event before the 3-week window");
        }
        long[] slices = ReportCommandTest.probeSlices(ReportCommandTest.WINDOW_START, ReportCommandTest.AT);
        long good = slices[0];
        long bad = slices[1];
        long minutes = 1500 * WEEK_MINUTES;
        BigDecimal allowed = new BigDecimal("0.01").multiply(BigDecimal.valueOf(minutes));
        // at the current burn (bad per observed minute) the window ends with bad × minutes ÷ observed: over?
        boolean projectedOver = BigDecimal.valueOf(bad * minutes)
                .compareTo(allowed.multiply(BigDecimal.valueOf(good + bad))) > 0;
        assertTrue(projectedOver, "the example burns faster than 1 % of the time allows");
        int sla = run.out().indexOf("registry/uptime-sla  SLA  uptime-probe (probe)  target 99%  rolling 1500w  "
                + "timeslices >= 100%");
        assertEquals(List.of(
                "  verdict  AT_RISK  (window not completely observed; at the current burn the budget is overspent by its end)",
                "  SLI      " + BigDecimal.valueOf(good).movePointRight(2).divide(BigDecimal.valueOf(good + bad), 4,
                        RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%  (good " + good + ", bad " + bad
                        + ", unknown " + (minutes - good - bad) + " slices; unknown excluded)",
                "  coverage 2.0 d of 10500 d observed, 2024-01-01T00:00:00Z to 2024-01-03T00:00:00Z",
                "  budget   allowed " + allowed.setScale(2, RoundingMode.UNNECESSARY) + " min, consumed " + bad + ".00 min ("
                        + BigDecimal.valueOf(bad).movePointRight(2).divide(allowed, 2, RoundingMode.HALF_UP) + "%), remaining "
                        + allowed.subtract(BigDecimal.valueOf(bad)).setScale(2, RoundingMode.UNNECESSARY) + " min"),
                run.out().subList(sla + 1, sla + 5));
    }

    @Test
    void aWindowLongerThanAnyRetentionIsRefusedWithLintsMessageAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path config = exampleWithWindows(dir, "99999999w");
        Child run = sliInChildJvm(dir, "report", config.toString(), "--data", ReportCommandTest.DATA.toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of(), run.out());
        // the longest retention: 2^24 one-minute buckets = 16 777 216 min = 11 650 d 20 h 16 min
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            expected.add("ERROR services[0].objectives[" + i + "].window: \"99999999w\" is longer than the longest "
                    + "retention sli can keep, 16777216 buckets of 1m (11650d20h16m, about 31.9 years)");
        }
        LintCommandTest.Run lint = LintCommandTest.sli("lint", config.toString());
        assertEquals(1, lint.exitCode());
        assertTrue(lint.out().containsAll(expected), String.join("\n", lint.out()));
        String summary = lint.out().get(lint.out().size() - 1);
        assertTrue(summary.startsWith(config + ": 9 errors, "), summary);
        expected.add(summary);
        expected.add("sli report: " + config + " has lint errors; nothing was evaluated");
        assertEquals(expected, run.err());
        for (String line : run.err()) {
            assertFalse(line.contains("Exception") || line.contains("Error:") || line.startsWith("\tat "), line);
        }
    }
}
