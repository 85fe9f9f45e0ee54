package dev.sli.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.Rejection;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import dev.sli.store.replay.EventsFile;
import dev.sli.store.replay.ReplayException;
import dev.sli.store.replay.ReplayStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sli report}: checks an SLO config with the lint rules, replays an events file into its SLIs and
 * evaluates every objective at one instant: the SLI, how much of the window was observed, the error
 * budget, the verdict read off the budget, the projection at the current burn, the burn rates and alert
 * decision of each tier, and work items open too long. Exit 0 when every objective is met or on its way
 * and no alert fires, 1 when an objective is missed or an alert fires (a burn-rate tier, or work open too
 * long), 2 for an unreadable config or events file (the message names file, line and field), a config
 * with lint errors (printed as {@code sli lint} prints them) or bad usage, 3 for an internal error. One
 * instance per invocation.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Evaluate every objective of an SLO config on an events file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the report was made: no objective MISSED, no alert firing",
            "1:the report was made, and an objective's verdict is MISSED or an alert fires (a burn-rate tier, or work open too long)",
            "2:bad input or usage: the config or events file is invalid or unreadable (file, line, field), or the config has lint errors",
            "3:internal error (one line; the stack trace with --debug)"})
final class ReportCommand implements Callable<Integer> {

    enum Format { TEXT, JSON }

    /** The JSON schema of {@code --format json}. */
    static final String SCHEMA = "https://sli.dev/schema/report/v1";

    @Parameters(index = "0", paramLabel = "<config>", description = "The SLO config: sli JSON or OpenSLO YAML.")
    private Path config;

    @Option(names = "--data", required = true, paramLabel = "<events.csv>",
            description = "The events to replay (sli events file, version 1).")
    private Path data;

    @Option(names = "--at", paramLabel = "<instant>", converter = ObjectiveOutput.InstantConverter.class,
            description = "When to evaluate, ISO-8601, from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z "
                    + "(default: the end of the bucket holding the last event the series accept by its time).")
    private Instant at;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output as text or as one JSON object (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--html", paramLabel = "<file>",
            description = "Also write the self-contained HTML report to <file>; after the answer, prints 'report written to <file>' (on stderr with --format json).")
    private Path html;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        SloDocument document = ConfigFiles.loadLinted(config);
        BucketGrid grid = BucketGrid.DEFAULT;
        SeriesOptions options = SeriesOptions.builder().clock(Clock.system()).grid(grid)
                .retention(ObjectiveOutput.retentionFor(document)).maxFuture(Duration.ofDays(1))
                // history replayed under the system clock: retention counts back from the newest data
                .retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build();
        SliRegistry registry = SliRegistry.create(document, options);
        ReplayStats stats;
        try {
            stats = EventsFile.replay(data, registry, document.services().get(0).name());
        } catch (ReplayException e) {
            throw new BadInputException(e.getMessage());
        } catch (NoSuchFileException e) {
            throw new BadInputException(data + ": no such file");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + data + ": " + e.getMessage());
        }
        // the last event the series can accept by its time, never one they refuse as too far ahead
        long atMillis = at != null ? at.toEpochMilli()
                : stats.last().map(l -> grid.startMillis(grid.bucketOf(l.toEpochMilli()) + 1)).orElse(System.currentTimeMillis());
        List<ObjectiveReport> reports = registry.evaluate(atMillis);
        Map<String, Map<Rejection, Long>> rejected = registry.rejections();
        java.io.StringWriter reportLine = new java.io.StringWriter();
        if (html != null) { // the answer as usual, then where the report is (on stderr beside JSON)
            int status = ObjectiveOutput.html(html, registry, atMillis, "sli report: " + config,
                    dev.sli.core.config.Lint.check(document, java.time.LocalDate.now(java.time.ZoneOffset.UTC)),
                    List.of("data: " + data, "read " + stats.events() + " events"), new PrintWriter(reportLine),
                    spec.commandLine().getErr());
            if (status != Main.OK) {
                return status;
            }
        }
        if (format == Format.JSON) {
            out.println(json(stats, atMillis, reports, rejected));
        } else {
            text(out, stats, atMillis, reports, rejected);
        }
        (format == Format.JSON ? spec.commandLine().getErr() : out).print(reportLine);
        spec.commandLine().getErr().flush();
        out.flush();
        return Main.verdictExitCode(reports);
    }

    private void text(PrintWriter out, ReplayStats stats, long atMillis, List<ObjectiveReport> reports,
            Map<String, Map<Rejection, Long>> rejected) {
        out.println("sli report: " + Terminal.safe(config.toString()) + " on " + Terminal.safe(data.toString()));
        out.println("read " + stats.events() + " events" + stats.first().map(f -> " from " + f + " to " + stats.last().get()).orElse("")
                + "; evaluated at " + Instant.ofEpochMilli(atMillis));
        ObjectiveOutput.text(out, reports, rejected);
    }

    private String json(ReplayStats stats, long atMillis, List<ObjectiveReport> reports,
            Map<String, Map<Rejection, Long>> rejected) {
        ObjectNode root = ObjectiveOutput.JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("config", config.toString());
        root.put("data", data.toString());
        root.put("events", stats.events());
        stats.first().ifPresent(f -> root.put("firstEvent", f.toString()));
        stats.last().ifPresent(l -> root.put("lastEvent", l.toString()));
        root.put("evaluatedAt", Instant.ofEpochMilli(atMillis).toString());
        ObjectiveOutput.json(root, reports, rejected);
        try {
            return ObjectiveOutput.JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

}
