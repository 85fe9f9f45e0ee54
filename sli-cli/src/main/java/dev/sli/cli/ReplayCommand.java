package dev.sli.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.Rejection;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.store.SliStore;
import dev.sli.store.directory.StoreException;
import dev.sli.store.feed.FeedReport;
import dev.sli.store.feed.SliFeed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sli replay}: imports metric exports (Prometheus {@code query_range} JSON, text exposition, CSV,
 * HdrHistogram logs) or reads a Prometheus-compatible API, feeds each SLI of a config from the series its
 * {@code "source"} selects, and evaluates every objective as {@code sli report} does; with {@code --store}
 * it writes what it replays into a store that {@code sli inspect} and {@code sli gate} read afterwards. Exit
 * codes as {@code sli report}'s: 0 when no objective is missed and no alert fires, 1 when one is or does, 2
 * for bad input or usage (an unreadable config or export, named with file and line or byte offset, in one
 * line), 3 for an internal error. One instance per invocation.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate every objective of an SLO config on exported metric series or a Prometheus-compatible API.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the report was made: no objective MISSED, no alert firing",
            "1:the report was made, and an objective's verdict is MISSED or an alert fires (a burn-rate tier, or work open too long)",
            "2:bad input or usage: the config or an export is invalid or unreadable (file, line or byte offset, field), "
                + "the server cannot be read, or the config has lint errors",
            "3:internal error (one line; the stack trace with --debug)"})
final class ReplayCommand implements Callable<Integer> {

    /** The JSON schema of {@code --format json}: {@code sli report}'s objectives, with what was read and fed. */
    static final String SCHEMA = "https://sli.dev/schema/replay/v1";

    @Parameters(index = "0", paramLabel = "<config>", description = "The SLO config (sli JSON or OpenSLO YAML), with a \"source\" per SLI.")
    private Path config;

    @Mixin
    private SeriesInput input;

    @Option(names = "--store", paramLabel = "<dir>",
            description = "Also write what is replayed into the store in this directory (created when missing), for sli inspect and sli gate.")
    private Path store;

    @Option(names = "--at", paramLabel = "<instant>", converter = ObjectiveOutput.InstantConverter.class,
            description = "When to evaluate, ISO-8601 (default: the end of the bucket holding the last sample recorded).")
    private Instant at;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output as text or as one JSON object (default: ${DEFAULT-VALUE}).")
    private ReportCommand.Format format;

    @Option(names = "--html", paramLabel = "<file>",
            description = "Also write the self-contained HTML report to <file>; after the answer, prints 'report written to <file>' (on stderr with --format json).")
    private Path html;

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
        input.check();
        SeriesOptions options = SeriesInput.options(document);
        SliStore written = store == null ? null : openStore(document, options);
        try {
            SliRegistry registry = written != null ? written.registry() : SliRegistry.create(document, options);
            SliStore into = written;
            SeriesInput.Fed fed = input.feed(document, registry, importer, err, set -> {
                if (into != null) {
                    refuseOverlap(into, document, set);
                }
            });
            long atMillis = fed.atMillis(at, options.grid());
            List<ObjectiveReport> reports = registry.evaluate(atMillis);
            Map<String, Map<Rejection, Long>> rejected = registry.rejections();
            java.io.StringWriter reportLine = new java.io.StringWriter();
            if (html != null) { // the answer as usual, then where the report is (on stderr beside JSON)
                int status = ObjectiveOutput.html(html, registry, atMillis, "sli replay: " + config,
                        dev.sli.core.config.Lint.check(document, java.time.LocalDate.now(java.time.ZoneOffset.UTC)),
                        List.of("data: " + input.describe(), "read " + fed.samples() + " samples"),
                        ParityCommand.rows(document.services().get(0), fed.set()),
                        WorkloadTimelines.of(document, fed.set(), options), new PrintWriter(reportLine), err);
                if (status != Main.OK) {
                    return status;
                }
            }
            if (written != null) {
                noteReplayed(written, document, fed.set());
                closeStore(written);
                written = null;
            }
            if (format == ReportCommand.Format.JSON) {
                out.println(json(fed.samples(), fed.report(), atMillis, reports, rejected));
            } else {
                text(out, fed, atMillis, reports, rejected);
            }
            (format == ReportCommand.Format.JSON ? err : out).print(reportLine);
            out.flush();
            err.flush();
            return Main.verdictExitCode(reports);
        } finally {
            if (written != null) {
                closeQuietly(written);
            }
        }
    }

    /**
     * Refuses a replay into a store that already holds latency or outcome data at or after the first instant this
     * replay would record into the same SLI: those events would be counted twice. Where earlier replays noted
     * the newest instant they recorded ({@link SliStore#replayedThroughMillis}), the check is exact to the sample
     * (the next export may start mid-bucket); otherwise (data a service recorded live) it is the end of the newest
     * sealed bucket. Readiness, probe and work series refuse out-of-order samples themselves (counted as
     * rejected), so they need no check.
     */
    static void refuseOverlap(SliStore store, SloDocument document, dev.sli.store.imports.SeriesSet set) throws BadInputException {
        Map<String, Long> notes;
        try {
            notes = store.replayNotes();
        } catch (StoreException e) {
            throw new BadInputException("--store: " + e.getMessage());
        }
        for (Map.Entry<String, dev.sli.core.source.SourceSpec> sli : countedSlis(document).entrySet()) {
            String name = sli.getKey();
            java.util.OptionalLong first = dev.sli.store.feed.SourceFeed.firstRecordedMillis(sli.getValue(), set);
            if (first.isEmpty()) {
                continue;
            }
            Long through = notes.get(name);
            if (through != null) {
                if (first.getAsLong() <= through) {
                    throw new BadInputException("--store " + store.path() + " already holds " + name + " through "
                            + Instant.ofEpochMilli(through) + " (the newest instant a replay recorded), and this"
                            + " replay would record it from " + Instant.ofEpochMilli(first.getAsLong()) + ": those requests"
                            + " would be counted twice. Replay into a new store, or only data after "
                            + Instant.ofEpochMilli(through) + "; no data was written");
                }
                continue;
            }
            java.util.OptionalLong until = store.sealedUntilMillis(name);
            if (until.isPresent() && first.getAsLong() < until.getAsLong()) {
                throw new BadInputException("--store " + store.path() + " already holds " + name + " up to "
                        + Instant.ofEpochMilli(until.getAsLong()) + ", and this replay would record it from "
                        + Instant.ofEpochMilli(first.getAsLong()) + ": those requests would be counted twice. Replay into a"
                        + " new store, or only data after " + Instant.ofEpochMilli(until.getAsLong()) + "; no data was written");
            }
        }
    }

    /** The latency and outcome SLIs of {@code document} that read a source, by name ({@code service/sli}): what a replay counts. */
    private static Map<String, dev.sli.core.source.SourceSpec> countedSlis(SloDocument document) {
        Map<String, dev.sli.core.source.SourceSpec> counted = new java.util.LinkedHashMap<>();
        for (dev.sli.core.config.ServiceSpec service : document.services()) {
            for (dev.sli.core.config.SliSpec sli : service.slis()) {
                if (sli.source().isPresent() && (sli.kind() == dev.sli.core.config.SliKind.LATENCY
                        || sli.kind() == dev.sli.core.config.SliKind.OUTCOME)) {
                    counted.put(service.name() + "/" + sli.name(), sli.source().get());
                }
            }
        }
        return counted;
    }

    /** Notes in {@code store}, per latency and outcome SLI this replay fed, the newest instant it recorded. */
    static void noteReplayed(SliStore store, SloDocument document, dev.sli.store.imports.SeriesSet set) throws BadInputException {
        Map<String, Long> last = new java.util.HashMap<>();
        countedSlis(document).forEach((name, source) ->
                dev.sli.store.feed.SourceFeed.lastRecordedMillis(source, set).ifPresent(t -> last.put(name, t)));
        try {
            store.markReplayedThrough(last);
        } catch (StoreException e) {
            throw new BadInputException("--store: " + e.getMessage());
        }
    }

    private SliStore openStore(SloDocument document, SeriesOptions options) throws BadInputException {
        String text;
        try {
            text = Files.readString(config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + config + ": " + e.getMessage());
        }
        try {
            return SliStore.open(store, document, text, options);
        } catch (StoreException e) {
            throw new BadInputException("--store: " + e.getMessage());
        }
    }

    private void closeStore(SliStore written) throws BadInputException {
        try {
            written.close();
        } catch (StoreException e) {
            throw new BadInputException("--store: " + e.getMessage());
        }
    }

    private static void closeQuietly(SliStore written) {
        try {
            written.close();
        } catch (StoreException | RuntimeException ignored) {
            // already failing: the first error is the one to report
        }
    }

    private void text(PrintWriter out, SeriesInput.Fed fed, long atMillis, List<ObjectiveReport> reports,
            Map<String, Map<Rejection, Long>> rejected) {
        FeedReport report = fed.report();
        out.println("sli replay: " + Terminal.safe(config.toString()) + " on " + Terminal.safe(input.describe())
                + (store == null ? "" : " into " + Terminal.safe(store.toString())));
        out.println("read " + fed.samples() + " samples; " + report.unusedSamples() + " of them in series no SLI takes"
                + report.first().map(f -> "; recorded from " + f + " to " + report.last().get()).orElse("")
                + "; evaluated at " + Instant.ofEpochMilli(atMillis));
        for (SliFeed s : report.slis()) {
            out.println("fed " + Terminal.safe(s.service() + "/" + s.sli()) + ": " + s.seriesMatched() + " series, " + s.samplesUsed()
                    + " samples, " + s.recorded() + " recorded");
        }
        report.problems().forEach(p -> out.println("note " + Terminal.message(p)));
        ObjectiveOutput.text(out, reports, rejected);
    }

    private String json(long samples, FeedReport fed, long atMillis, List<ObjectiveReport> reports,
            Map<String, Map<Rejection, Long>> rejected) {
        ObjectNode root = ObjectiveOutput.JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("config", config.toString());
        ArrayNode files = root.putArray("data");
        if (input.data != null) {
            input.data.forEach(p -> files.add(p.toString()));
        } else {
            root.put("prometheus", input.prometheus);
        }
        if (store != null) {
            root.put("store", store.toString());
        }
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
}
