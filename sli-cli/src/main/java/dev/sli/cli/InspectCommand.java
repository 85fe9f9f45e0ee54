package dev.sli.cli;

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

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<store-dir>", description = "The store directory.")
    private Path dir;

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        try (StoreView view = StoreView.open(dir)) {
            out.println("store " + Terminal.safe(dir.toString()) + ": buckets of " + ObjectiveOutput.human(view.options.grid().resolution())
                    + ", retention " + ObjectiveOutput.human(view.options.retention())
                    + view.store.directory().runningWriter().map(w -> ", written by " + Terminal.safe(w.toString())).orElse(", no writer running"));
            long totalBytes = 0;
            for (StoreView.SeriesFile f : view.series) {
                String state = f.entry().retired() ? "retired"
                        : view.store.changes().orphaned().contains(f.entry().name()) ? "orphaned (not in the document)" : "live";
                String range = f.summary() == null || f.summary().firstBucket().isEmpty() ? "no data"
                        : Instant.ofEpochMilli(view.options.grid().startMillis(f.summary().firstBucket().getAsLong())) + " to "
                                + Instant.ofEpochMilli(view.options.grid().startMillis(f.summary().lastBucket().getAsLong() + 1));
                long bytes = f.summary() == null ? 0 : f.summary().bytes();
                totalBytes += bytes;
                out.println(String.format(Locale.ROOT, "  #%-4d %-32s %-9s %-8s %s, %d buckets, %s", f.entry().id(),
                        Terminal.safe(f.entry().name()), f.entry().kind().name().toLowerCase(Locale.ROOT), state, range,
                        f.summary() == null ? 0 : f.summary().buckets(), bytes(bytes)));
            }
            out.println("  " + view.series.size() + " series, " + bytes(totalBytes) + " on disk");
            var at = view.newestDataEndMillis();
            if (at.isEmpty()) {
                out.println("no data yet: nothing to evaluate");
                out.flush();
                return 0;
            }
            out.println("objectives at " + Instant.ofEpochMilli(at.getAsLong()) + " (the end of the newest data):");
            List<ObjectiveReport> reports = view.store.registry().evaluate(at.getAsLong());
            for (ObjectiveReport r : reports) {
                SloStatus s = r.status();
                ErrorBudget b = s.budget();
                out.println(String.format(Locale.ROOT, "  %-40s %-9s SLI %s  target %s  budget remaining %s  coverage %s",
                        Terminal.safe(r.objective().service() + "/" + r.objective().spec().name()), s.verdict(),
                        s.ratio().isPresent() ? ObjectiveOutput.percent(s.ratio().getAsDouble()) : "no data",
                        ObjectiveOutput.percent(r.objective().spec().target()), GateCommand.remainingText(b),
                        s.coverage().describe()));
            }
            out.flush();
            return 0;
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
