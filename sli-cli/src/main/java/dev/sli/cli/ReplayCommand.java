package dev.sli.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.config.ConfigException;
import dev.sli.core.config.Finding;
import dev.sli.core.config.Lint;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.Rejection;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import dev.sli.store.feed.FeedReport;
import dev.sli.store.feed.SliFeed;
import dev.sli.store.feed.SourceFeed;
import dev.sli.store.imports.ImportException;
import dev.sli.store.imports.SampleSink;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sli replay}: imports metric exports (Prometheus {@code query_range} JSON, text exposition, CSV,
 * HdrHistogram logs), feeds each SLI of a config from the series its {@code "source"} selects, and
 * evaluates every objective as {@code sli report} does. Exit codes as {@code sli report}'s: 0 when no
 * objective is missed and no alert fires, 1 when one is or does, 2 for bad input or usage (an unreadable
 * config or export, named with file and line or byte offset, in one line), 3 for an internal error. One
 * instance per invocation.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Evaluate every objective of an SLO config on exported metric series.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the report was made: no objective MISSED, no alert firing",
            "1:the report was made, and an objective's verdict is MISSED or an alert fires (a burn-rate tier, or work open too long)",
            "2:bad input or usage: the config or an export is invalid or unreadable (file, line or byte offset, field), or the config has lint errors",
            "3:internal error (one line; the stack trace with --debug)"})
final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<config.json>", description = "The SLO config, with a \"source\" per SLI.")
    private Path config;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "<file>",
            description = "Export files to import (format detected from the content).")
    private List<Path> data;

    @Option(names = "--input-format", paramLabel = "<format>",
            description = "The format of every --data file, instead of detecting it.")
    private String inputFormat;

    @Option(names = "--at", paramLabel = "<instant>", converter = ObjectiveOutput.InstantConverter.class,
            description = "When to evaluate, ISO-8601 (default: the end of the bucket holding the last sample recorded).")
    private Instant at;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output as text or as one JSON object (default: ${DEFAULT-VALUE}).")
    private ReportCommand.Format format;

    @Spec
    private CommandSpec spec;

    private final SeriesImport importer;

    /** With the importers' facade. */
    ReplayCommand() {
        this(DefaultImport.INSTANCE);
    }

    /** With {@code importer} reading the files. */
    ReplayCommand(SeriesImport importer) {
        this.importer = importer;
    }

    @Override
    public Integer call() throws BadInputException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SloDocument document = ConfigFiles.loadLinted(config);
        SeriesSet set = new SeriesSet(SourceFeed.selects(document));
        long samples = 0;
        for (Path file : data) {
            Counting counting = new Counting(set);
            try (Progress progress = new Progress(err, file, counting.count)) {
                importer.read(file, Optional.ofNullable(inputFormat), counting);
            } catch (ImportException e) {
                throw new BadInputException(e.getMessage());
            } catch (NoSuchFileException e) {
                throw new BadInputException(file + ": no such file");
            } catch (IOException e) {
                throw new BadInputException("cannot read " + file + ": " + e.getMessage());
            }
            samples += counting.count.get();
        }
        BucketGrid grid = BucketGrid.DEFAULT;
        SeriesOptions options = SeriesOptions.builder().clock(Clock.system()).grid(grid)
                .retention(ObjectiveOutput.retentionFor(document)).maxFuture(Duration.ofDays(1))
                .retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build();
        SliRegistry registry = SliRegistry.create(document, options);
        FeedReport fed = SourceFeed.feed(document, set, registry);
        long atMillis = at != null ? at.toEpochMilli()
                : fed.last().map(l -> grid.startMillis(grid.bucketOf(l.toEpochMilli()) + 1)).orElse(System.currentTimeMillis());
        List<ObjectiveReport> reports = registry.evaluate(atMillis);
        Map<String, Map<Rejection, Long>> rejected = registry.rejections();
        if (format == ReportCommand.Format.JSON) {
            out.println(json(samples, fed, atMillis, reports, rejected));
        } else {
            out.println("sli replay: " + Terminal.safe(config.toString()) + " on " + String.join(", ", data.stream().map(p -> Terminal.safe(p.toString())).toList()));
            out.println("read " + samples + " samples; " + (fed.unusedSamples()) + " of them in series no SLI takes"
                    + fed.first().map(f -> "; recorded from " + f + " to " + fed.last().get()).orElse("")
                    + "; evaluated at " + Instant.ofEpochMilli(atMillis));
            for (SliFeed s : fed.slis()) {
                out.println("fed " + Terminal.safe(s.service() + "/" + s.sli()) + ": " + s.seriesMatched() + " series, " + s.samplesUsed()
                        + " samples, " + s.recorded() + " recorded");
            }
            fed.problems().forEach(p -> out.println("note " + Terminal.message(p)));
            ObjectiveOutput.text(out, reports, rejected);
        }
        out.flush();
        return Main.verdictExitCode(reports);
    }

    private String json(long samples, FeedReport fed, long atMillis, List<ObjectiveReport> reports,
            Map<String, Map<Rejection, Long>> rejected) {
        ObjectNode root = ObjectiveOutput.JSON.createObjectNode();
        root.put("config", config.toString());
        ArrayNode files = root.putArray("data");
        data.forEach(p -> files.add(p.toString()));
        root.put("samples", samples);
        root.put("unusedSeries", fed.unusedSeries());
        root.put("unusedSamples", fed.unusedSamples());
        fed.first().ifPresent(f -> root.put("firstSample", f.toString()));
        fed.last().ifPresent(l -> root.put("lastSample", l.toString()));
        ArrayNode feeds = root.putArray("fed");
        for (SliFeed s : fed.slis()) {
            ObjectNode n = feeds.addObject();
            n.put("service", s.service());
            n.put("sli", s.sli());
            n.put("series", s.seriesMatched());
            n.put("samples", s.samplesUsed());
            n.put("recorded", s.recorded());
            ArrayNode problems = n.putArray("problems");
            s.problems().forEach(problems::add);
        }
        root.put("evaluatedAt", Instant.ofEpochMilli(atMillis).toString());
        ObjectiveOutput.json(root, reports, rejected);
        try {
            return ObjectiveOutput.JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Counts the samples passing to a sink; the progress line reads the count from another thread. */
    private static final class Counting implements SampleSink {
        final AtomicLong count = new AtomicLong();
        private final SampleSink sink;

        Counting(SampleSink sink) {
            this.sink = sink;
        }

        @Override
        public void type(String metric, dev.sli.store.imports.MetricType type) {
            sink.type(metric, type);
        }

        @Override
        public void sample(SeriesKey series, long timestampMillis, double value) {
            count.lazySet(count.get() + 1); // one writer
            sink.sample(series, timestampMillis, value);
        }

        @Override
        public void histogram(SeriesKey series, long startMillis, long endMillis, org.HdrHistogram.Histogram histogram) {
            sink.histogram(series, startMillis, endMillis, histogram);
        }
    }

    /**
     * A progress line on stderr, rewritten every quarter second once an import has taken a second, and only
     * when stderr is a terminal ({@code System.console() != null}); cleared when the import ends.
     */
    private static final class Progress implements AutoCloseable {
        private final ScheduledExecutorService timer;
        private final PrintWriter err;
        private volatile boolean shown;

        Progress(PrintWriter err, Path file, AtomicLong count) {
            this.err = err;
            if (System.console() == null) {
                timer = null;
                return;
            }
            long start = System.nanoTime();
            String name = Terminal.safe(file.getFileName() == null ? file.toString() : file.getFileName().toString());
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sli-replay-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(() -> {
                double seconds = (System.nanoTime() - start) / 1e9;
                synchronized (err) {
                    err.print(String.format(java.util.Locale.ROOT, "\rimporting %s: %,d samples, %.0f s ", name, count.get(), seconds));
                    err.flush();
                }
                shown = true;
            }, 1000, 250, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            if (timer == null) {
                return;
            }
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (shown) {
                synchronized (err) {
                    err.print("\r\033[K");
                    err.flush();
                }
            }
        }
    }
}
