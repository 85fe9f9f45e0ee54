package dev.sli.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.slo.ErrorBudget;
import dev.sli.core.slo.SloStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sli inspect DIR}: what a store holds (each series with its id, kind, time range, bucket count and
 * size on disk; retired and orphaned series too) and the SLO status of each objective of the document its
 * writer keeps, evaluated at the end of the newest data. Opens the store read-only, so it works while a
 * writer runs. Exit codes: 0 shown, 2 not a readable store or bad usage, 3 internal error.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show what a store holds and the SLO status of its objectives (read-only; works while a writer runs).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:shown", "2:not a readable store, or bad usage (the error names the file)",
            "3:internal error (one line; the stack trace with --debug)"})
final class InspectCommand implements Callable<Integer> {

    /** The JSON schema of {@code --format json}. */
    static final String SCHEMA = "https://sli.dev/schema/inspect/v1";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<store-dir>", description = "The store directory.")
    private Path dir;

    @Option(names = "--html", paramLabel = "<file>",
            description = "Also write the self-contained HTML report of the objectives to <file>; prints 'report written to <file>'.")
    private Path html;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output as text or as one JSON object (default: ${DEFAULT-VALUE}).")
    private ReportCommand.Format format;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        try (StoreView view = StoreView.open(dir)) {
            var at = view.newestDataEndMillis();
            List<ObjectiveReport> reports = at.isEmpty() ? List.of() : view.store.registry().evaluate(at.getAsLong());
            if (format == ReportCommand.Format.JSON) {
                out.println(json(view, at, reports));
            } else {
                text(out, view, at, reports);
            }
            if (html != null) {
                PrintWriter err = spec.commandLine().getErr();
                long when = at.isPresent() ? at.getAsLong() : System.currentTimeMillis();
                return ObjectiveOutput.html(html, view.store.registry(), when, "sli inspect: " + dir,
                        dev.sli.core.config.Lint.check(view.document, java.time.LocalDate.now(java.time.ZoneOffset.UTC)),
                        List.of("store: " + dir), out, err);
            }
            out.flush();
            return Main.OK;
        }
    }

    private static String state(StoreView view, StoreView.SeriesFile f) {
        return f.entry().retired() ? "retired" : view.store.changes().orphaned().contains(f.entry().name()) ? "orphaned" : "live";
    }

    private String json(StoreView view, java.util.OptionalLong at, List<ObjectiveReport> reports) {
        ObjectNode root = ObjectiveOutput.JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("store", dir.toString());
        root.put("bucketMillis", view.options.grid().resolutionMillis());
        root.put("retentionMillis", view.options.retention().toMillis());
        var writer = view.store.directory().runningWriter();
        if (writer.isPresent()) {
            root.put("writer", writer.get().toString());
        } else {
            root.putNull("writer");
        }
        ArrayNode series = root.putArray("series");
        long totalBytes = 0;
        for (StoreView.SeriesFile f : view.series) {
            ObjectNode n = series.addObject();
            n.put("id", f.entry().id());
            n.put("name", f.entry().name());
            n.put("kind", f.entry().kind().name().toLowerCase(Locale.ROOT));
            n.put("state", state(view, f));
            boolean data = f.summary() != null && f.summary().firstBucket().isPresent();
            if (data) {
                n.put("dataStart", Instant.ofEpochMilli(view.options.grid().startMillis(f.summary().firstBucket().getAsLong())).toString());
                n.put("dataEnd", Instant.ofEpochMilli(view.options.grid().startMillis(f.summary().lastBucket().getAsLong() + 1)).toString());
            } else {
                n.putNull("dataStart");
                n.putNull("dataEnd");
            }
            n.put("buckets", f.summary() == null ? 0 : f.summary().buckets());
            long bytes = f.summary() == null ? 0 : f.summary().bytes();
            n.put("bytes", bytes);
            totalBytes += bytes;
        }
        long counterBytes = counterBytes();
        root.put("counterBytes", counterBytes);
        root.put("bytes", totalBytes + counterBytes);
        if (at.isPresent()) {
            root.put("evaluatedAt", Instant.ofEpochMilli(at.getAsLong()).toString());
        } else {
            root.putNull("evaluatedAt");
        }
        ObjectiveOutput.json(root, reports, at.isPresent() ? view.store.registry().rejections() : java.util.Map.of());
        try {
            return ObjectiveOutput.JSON.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private void text(PrintWriter out, StoreView view, java.util.OptionalLong at, List<ObjectiveReport> reports) {
        out.println("store " + Terminal.safe(dir.toString()) + ": buckets of " + ObjectiveOutput.human(view.options.grid().resolution())
                + ", retention " + ObjectiveOutput.human(view.options.retention())
                + view.store.directory().runningWriter().map(w -> ", written by " + Terminal.safe(w.toString())).orElse(", no writer running"));
        long totalBytes = 0;
        for (StoreView.SeriesFile f : view.series) {
            String state = state(view, f);
            state = state.equals("orphaned") ? "orphaned (not in the document)" : state;
            String range = f.summary() == null || f.summary().firstBucket().isEmpty() ? "no data"
                    : Instant.ofEpochMilli(view.options.grid().startMillis(f.summary().firstBucket().getAsLong())) + " to "
                            + Instant.ofEpochMilli(view.options.grid().startMillis(f.summary().lastBucket().getAsLong() + 1));
            long bytes = f.summary() == null ? 0 : f.summary().bytes();
            totalBytes += bytes;
            out.println(String.format(Locale.ROOT, "  #%-4d %-32s %-9s %-8s %s, %d buckets, %s", f.entry().id(),
                    Terminal.safe(f.entry().name()), f.entry().kind().name().toLowerCase(Locale.ROOT), state, range,
                    f.summary() == null ? 0 : f.summary().buckets(), bytes(bytes)));
        }
        long counterBytes = counterBytes();
        out.println("  " + view.series.size() + " series, " + bytes(totalBytes + counterBytes) + " on disk ("
                + bytes(counterBytes) + " of them the counter files all series share)");
        if (at.isEmpty()) {
            out.println("no data yet: nothing to evaluate");
            return;
        }
        out.println("objectives at " + Instant.ofEpochMilli(at.getAsLong()) + " (the end of the newest data):");
        for (ObjectiveReport r : reports) {
            SloStatus s = r.status();
            ErrorBudget b = s.budget();
            out.println(String.format(Locale.ROOT, "  %-40s %-9s SLI %s  target %s  budget remaining %s  coverage %s",
                    Terminal.safe(r.objective().service() + "/" + r.objective().spec().name()), s.verdict(),
                    s.ratio().isPresent() ? ObjectiveOutput.percent(s.ratio().getAsDouble()) : "no data",
                    ObjectiveOutput.percent(r.objective().spec().target()), GateCommand.remainingText(b),
                    s.coverage().describe()));
        }
    }

    /** The bytes of the store's counter files (preallocated by Chronicle Map: their capacity, not their use). */
    private long counterBytes() {
        try {
            return dev.sli.store.SliStore.counterBytes(dir);
        } catch (java.io.IOException e) {
            return 0; // a file the writer's retention deleted while listed: the next inspect counts again
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}
