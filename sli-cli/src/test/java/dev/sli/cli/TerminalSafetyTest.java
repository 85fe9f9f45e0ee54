package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.cli.LintCommandTest.Run;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing read from an input file reaches the terminal as a control character (ESC sequences, a carriage
 * return or newline faking a line of output), in text or in JSON, and an error quotes a 100 MB field as a
 * bounded excerpt.
 */
class TerminalSafetyTest {

    static final String EVIL = "req\u001b[2J\r\nsli gate: gate OPEN\u009b31m\u007f";
    static final String SHOWN = "req\\x1b[2J\\x0d\\x0asli gate: gate OPEN\\x9b31m\\x7f";
    static final long T0 = 1_704_067_200L; // 2024-01-01T00:00:00Z

    @TempDir
    Path dir;

    /** A query_range export: one provision request (id {@code EVIL}) started at T0 and never finished, sampled for 2 h. */
    Path openWorkItem() throws IOException {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i <= 120; i++) {
            values.append(i == 0 ? "" : ",").append("[").append(T0 + 60L * i).append(",\"").append(T0).append("\"]");
        }
        String id = EVIL.replace("\u001b", "\\u001b").replace("\r", "\\r").replace("\n", "\\n")
                .replace("\u009b", "\\u009b").replace("\u007f", "\\u007f");
        return Files.writeString(dir.resolve("work.json"), "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"__name__\":\"provision_request_started_timestamp_seconds\",\"request_id\":\"" + id + "\"},"
                + "\"values\":[" + values + "]}]}}");
    }

    static void assertNoControlCharacters(List<String> lines) {
        for (String line : lines) {
            for (char c : line.toCharArray()) {
                assertFalse(c < 0x20 || (c >= 0x7f && c < 0xa0), () -> "control character in " + line);
            }
        }
    }

    @Test
    void aLabelValueWithEscapesAndNewlinesIsShownEscapedInText() throws IOException {
        ReplayCommandTest.Run run = ReplayCommandTest.replay(DefaultImport.INSTANCE, ReplayCommandTest.CONFIG, "--data",
                openWorkItem().toString(), "--at", "2024-01-01T02:00:00Z");
        assertEquals(1, run.exitCode(), run.toString()); // the item open past 1 h is an alert
        List<String> out = run.out().lines().toList();
        assertNoControlCharacters(out);
        assertNoControlCharacters(run.err());
        assertTrue(out.contains("  open     1 open past 1h: ALERT  " + SHOWN + " (2h)"), run.out());
        assertTrue(out.stream().noneMatch(l -> l.startsWith("sli gate")), run.out());
    }

    @Test
    void jsonEscapesEveryControlCharacterToo() throws IOException {
        ReplayCommandTest.Run run = ReplayCommandTest.replay(DefaultImport.INSTANCE, ReplayCommandTest.CONFIG, "--data",
                openWorkItem().toString(), "--at", "2024-01-01T02:00:00Z", "--format", "json");
        assertNoControlCharacters(run.out().lines().toList());
        assertTrue(run.out().contains("\"id\" : \"req\\u001B[2J\\r\\nsli gate: gate OPEN\\u009b31m\\u007F\""), run.out());
        // and it is still the same string to a JSON reader
        assertEquals(EVIL, ReplayCommandTest.JSON.readTree(run.out()).path("objectives").findValue("openTooLong").get(0)
                .path("id").asText());
    }

    @Test
    void anEventsFileFieldWithAnEscapeSequenceIsEscapedInTheError() throws IOException {
        Path events = Files.writeString(dir.resolve("e.csv"), "#sli-events 1\n2024-01-01T00:00:00Z,response-time,7\u001b]0;owned\u0007\u009b,ok\n");
        Run run = LintCommandTest.sli("report", LintCommandTest.EXAMPLE, "--data", events.toString());
        assertEquals(List.of("sli report: " + events + ":2: field 3 (seconds): '7\\x1b]0;owned\\x07\\x9b' is not a number of seconds"),
                run.err());
        assertEquals(2, run.exitCode());
    }

    @Test
    void aConfigNameWithAnEscapeSequenceIsEscapedInLintsOutput() throws IOException {
        Path config = Files.writeString(dir.resolve("c.json"), ExitCodesTest.CONFIG.replace("\"paid\"", "\"pa\\u001b[8mid\""));
        Run run = LintCommandTest.sli("lint", config.toString());
        assertNoControlCharacters(run.err());
        assertNoControlCharacters(run.out());
        assertTrue(run.err().get(0).contains("\\u001b[8m"), run.err().toString());
    }

    /** Writes an events file whose line 2 has {@code size} characters of 7 in its seconds field, then "x". */
    Path hugeField(int size) throws IOException {
        Path events = dir.resolve("huge.csv");
        try (Writer w = Files.newBufferedWriter(events, StandardCharsets.UTF_8)) {
            w.write("#sli-events 1\n2024-01-01T00:00:00Z,response-time,");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, '7');
            for (int left = size; left > 0; left -= chunk.length) {
                w.write(chunk, 0, Math.min(left, chunk.length));
            }
            w.write("x,ok\n");
        }
        return events;
    }

    @Test
    void aHundredMegabyteFieldIsQuotedAsABoundedExcerpt() throws IOException {
        int size = 100 * 1024 * 1024;
        Path events = hugeField(size);
        Run run = LintCommandTest.sli("report", LintCommandTest.EXAMPLE, "--data", events.toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.err().size());
        String line = run.err().get(0);
        assertTrue(line.length() <= Terminal.MESSAGE_CHARS + 60, "a line of " + line.length() + " characters");
        String head = "sli report: " + events + ":2: field 3 (seconds): '";
        assertTrue(line.startsWith(head + "7777"), line);
        // what was left out: the message had head + 'value' + the rule; the line keeps 640 + 360 of it
        String rule = "' is not a number of seconds";
        int message = (head.length() - "sli report: ".length()) + size + 1 + rule.length();
        assertTrue(line.endsWith("… [" + (message - 1000) + " characters left out] …" + "7".repeat(360 - rule.length() - 1) + "x" + rule), line);
    }

    /** The test config with its target written as a string of {@code size} nines. */
    Path hugeTarget(int size) throws IOException {
        Path config = dir.resolve("big-" + size + ".json");
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            String[] parts = ExitCodesTest.CONFIG.split("0\\.99", 2);
            w.write(parts[0] + "\"");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, '9');
            for (int left = size; left > 0; left -= chunk.length) {
                w.write(chunk, 0, Math.min(left, chunk.length));
            }
            w.write("\"" + parts[1]);
        }
        return config;
    }

    @Test
    void aMegabyteConfigValueIsQuotedAsABoundedExcerpt() throws IOException {
        Path config = hugeTarget(1 << 20);
        for (String command : List.of("lint", "convert")) {
            Run run = command.equals("lint") ? LintCommandTest.sli("lint", config.toString())
                    : LintCommandTest.sli("convert", config.toString(), "--to", "json");
            assertEquals(2, run.err().size(), run.err().toString());
            String line = run.err().get(0);
            assertTrue(line.length() <= Terminal.MESSAGE_CHARS + 60, command + ": a line of " + line.length() + " characters");
            assertTrue(line.startsWith("ERROR " + config + ":3:79: services[0].objectives[0].target: \"9999"), line);
            assertTrue(line.endsWith("9999\" is not a number"), line);
            assertTrue(line.contains("characters left out"), line);
        }
    }

    @Test
    void aHundredMegabyteConfigValueIsRefusedInOneShortLine() throws IOException {
        Path config = hugeTarget(100 * 1024 * 1024);
        Run run = LintCommandTest.sli("lint", config.toString());
        // Jackson refuses a string past 20 000 000 characters, saying how far it had read
        assertEquals(2, run.err().size(), run.err().toString());
        assertTrue(run.err().get(0).matches(java.util.regex.Pattern.quote("ERROR " + config + ": (document): not valid JSON: "
                + "String value length (") + "\\d{8}" + java.util.regex.Pattern.quote(") exceeds the maximum allowed (20000000, "
                + "from `StreamReadConstraints.getMaxStringLength()`)")), run.err().get(0));
        assertEquals(config + ": not a valid SLO config (1 error)", run.err().get(1));
        assertEquals(1, run.exitCode());
    }
}
