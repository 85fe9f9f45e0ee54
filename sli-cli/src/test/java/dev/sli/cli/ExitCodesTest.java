package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.cli.LintCommandTest.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The exit codes of every command, one test per code where it applies: 0 ok, 1 an objective missed / an
 * alert firing / lint findings, 2 bad input or usage in one line naming the file or option, 3 an internal
 * error in one line (the stack trace only with {@code --debug}); and each command's {@code --help} lists them.
 */
class ExitCodesTest {

    /** One outcome SLI, 99 % over a rolling day, no alert tiers: 100 events, 1 allowed bad. */
    static final String CONFIG = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [{"name": "payments", "kind": "outcome"}],
              "objectives": [{"name": "paid", "type": "SLO", "sli": "payments", "target": 0.99, "window": {"rolling": "1d"},
                              "budgeting": {"method": "occurrences"}, "missingData": "exclude"}]}]}
            """;

    @TempDir
    Path dir;

    Path config() throws IOException {
        return Files.writeString(dir.resolve("shop.json"), CONFIG);
    }

    /** 100 payments a minute apart, the first {@code bad} of them failed. */
    Path events(int bad) throws IOException {
        StringBuilder text = new StringBuilder("#sli-events 1\n");
        for (int i = 0; i < 100; i++) {
            text.append(String.format("2024-01-01T%02d:%02d:00Z,payments,%s%n", i / 60, i % 60, i < bad ? "error" : "ok"));
        }
        return Files.writeString(dir.resolve("events-" + bad + ".csv"), text);
    }

    @Test
    void reportExitsZeroWhenNoObjectiveIsMissedAndNoAlertFires() throws IOException {
        // 1 bad of 100, 1 allowed: not overspent; the day not fully observed: ON_TRACK
        Run run = LintCommandTest.sli("report", config().toString(), "--data", events(1).toString());
        assertEquals(List.of(), run.err());
        assertTrue(run.out().contains("  verdict  ON_TRACK  (window not completely observed; at the current burn the budget lasts to its end)"),
                run.out().toString());
        assertEquals(0, run.exitCode());
    }

    @Test
    void reportExitsOneWhenAnObjectiveIsMissed() throws IOException {
        // 2 bad of 100, 1 allowed: overspent, so MISSED even before the day is over
        Run run = LintCommandTest.sli("report", config().toString(), "--data", events(2).toString(), "--format", "json");
        assertEquals(List.of(), run.err());
        assertTrue(String.join("\n", run.out()).contains("\"verdict\" : \"MISSED\""), run.out().toString());
        assertEquals(1, run.exitCode());
    }

    @Test
    void reportExitsOneWhenAnAlertFires() {
        // the example at its end: one provision request open past 1 h (an alert), no objective missed
        Run run = LintCommandTest.sli("report", LintCommandTest.EXAMPLE, "--data", ReportCommandTest.DATA.toString());
        assertTrue(run.out().contains("  open     1 open past 1h: ALERT  req-0061 (2h30m)"));
        assertTrue(run.out().stream().noneMatch(l -> l.startsWith("  verdict  MISSED")), run.out().toString());
        assertEquals(1, run.exitCode());
    }

    @Test
    void reportExitsTwoForBadInputInOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "#sli-events 1\n2024-01-01T00:00:00Z,payments,maybe\n");
        Run events = LintCommandTest.sli("report", config().toString(), "--data", bad.toString());
        assertEquals(List.of("sli report: " + bad + ":2: field 3 (ok|error): 'maybe' is neither ok nor error"), events.err());
        assertEquals(2, events.exitCode());
        Path invalid = Files.writeString(dir.resolve("invalid.json"), CONFIG.replace("0.99", "99"));
        Run config = LintCommandTest.sli("report", invalid.toString(), "--data", bad.toString());
        assertEquals(List.of("ERROR " + invalid + ":3:79: services[0].objectives[0].target: 99 is not a fraction in (0, 1); write 0.99 for 99 %",
                "sli report: " + invalid + ": not a valid SLO config; run 'sli lint " + invalid + "' for details"), config.err());
        assertEquals(2, config.exitCode());
        Run missing = LintCommandTest.sli("report", dir.resolve("none.json").toString(), "--data", bad.toString());
        assertEquals(List.of("sli report: " + dir.resolve("none.json") + ": no such file"), missing.err());
        assertEquals(2, missing.exitCode());
        Run usage = LintCommandTest.sli("report", config().toString());
        assertEquals(List.of("sli report: Missing required option: '--data=<events.csv>'",
                "Try 'sli report --help' for more information."), usage.err());
        assertEquals(2, usage.exitCode());
    }

    @Test
    void lintExitsZeroOneAndTwo() throws IOException {
        assertEquals(0, LintCommandTest.sli("lint", LintCommandTest.EXAMPLE, "--today=2024-06-01").exitCode());
        assertEquals(1, LintCommandTest.sli("lint", LintCommandTest.EXAMPLE, "--today=2024-06-01", "--fail-on=warning").exitCode());
        Path invalid = Files.writeString(dir.resolve("invalid.json"), CONFIG.replace("0.99", "99"));
        assertEquals(1, LintCommandTest.sli("lint", invalid.toString()).exitCode()); // lint's answer: invalid
        Run unreadable = LintCommandTest.sli("lint", dir.toString());
        assertEquals(1, unreadable.err().size(), unreadable.toString());
        assertTrue(unreadable.err().get(0).startsWith("sli lint: cannot read " + dir + ": "), unreadable.toString());
        assertEquals(2, unreadable.exitCode());
    }

    @Test
    void convertExitsZeroAndTwo() throws IOException {
        assertEquals(0, LintCommandTest.sli("convert", config().toString(), "--to", "openslo").exitCode());
        Path invalid = Files.writeString(dir.resolve("invalid.json"), CONFIG.replace("0.99", "99"));
        Run run = LintCommandTest.sli("convert", invalid.toString(), "--to", "openslo");
        assertEquals(List.of("ERROR " + invalid + ":3:79: services[0].objectives[0].target: 99 is not a fraction in (0, 1); write 0.99 for 99 %",
                "sli convert: " + invalid + ": not a valid SLO config; nothing was written"), run.err());
        assertEquals(2, run.exitCode());
    }

    @Test
    void inspectExitsTwoOnWhatIsNotAStore() throws IOException {
        Run run = LintCommandTest.sli("inspect", config().toString());
        assertEquals(1, run.err().size(), run.toString());
        assertTrue(run.err().get(0).startsWith("sli inspect: " + config()), run.toString());
        assertEquals(2, run.exitCode());
    }

    /** A command that fails in a way no command expects: what every command's internal errors go through. */
    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("the index is \u001b[31mbroken\nreally");
        }
    }

    static Run withBoom(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine().addSubcommand(new Boom());
        cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString().lines().toList(), err.toString().lines().toList());
    }

    @Test
    void anInternalErrorIsOneLineAndExitThree() {
        Run run = withBoom("boom");
        assertEquals(List.of("sli boom: internal error: the index is \\x1b[31mbroken\\x0areally (IllegalStateException)"), run.err());
        assertEquals(3, run.exitCode());
    }

    @Test
    void debugAddsTheStackTrace() {
        for (List<String> args : List.of(List.of("--debug", "boom"), List.of("boom", "--debug"))) {
            Run run = withBoom(args.toArray(String[]::new));
            assertEquals(3, run.exitCode());
            assertEquals("sli boom: internal error: the index is \\x1b[31mbroken\\x0areally (IllegalStateException)", run.err().get(0));
            assertTrue(run.err().get(1).startsWith("java.lang.IllegalStateException: the index is"), run.err().toString());
            assertTrue(run.err().stream().anyMatch(l -> l.contains("at dev.sli.cli.ExitCodesTest$Boom.call")), run.err().toString());
        }
    }

    @Test
    void replaysInternalErrorsGoThroughTheSameHandler() throws IOException {
        SeriesImport failing = (file, format, sink) -> {
            throw new ArithmeticException("/ by zero");
        };
        Path f = Files.writeString(dir.resolve("x.json"), "{}");
        ReplayCommandTest.Run run = ReplayCommandTest.replay(failing, ReplayCommandTest.CONFIG, "--data", f.toString());
        assertEquals(List.of("sli replay: internal error: / by zero (ArithmeticException)"), run.err());
        assertEquals(3, run.exitCode());
    }

    @Test
    void everyCommandsHelpListsItsExitCodes() {
        for (String command : List.of("lint", "report", "replay", "inspect", "gate", "convert")) {
            Run help = LintCommandTest.sli(command, "--help");
            assertEquals(0, help.exitCode());
            int at = help.out().indexOf("Exit codes:");
            assertTrue(at > 0, command + ": " + help.out());
            List<String> codes = help.out().subList(at + 1, help.out().size()).stream()
                    .filter(l -> l.matches("^\\s+\\d\\s+.*")).map(l -> l.strip().substring(0, 1)).toList();
            List<String> expected = command.equals("inspect") || command.equals("convert") ? List.of("0", "2", "3")
                    : List.of("0", "1", "2", "3");
            assertEquals(expected, codes, command + ": " + help.out());
        }
    }
}
