package dev.sli.cli;

import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import dev.sli.core.source.Selector;
import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import dev.sli.store.feed.FeedReport;
import dev.sli.store.feed.SourceFeed;
import dev.sli.store.imports.ImportException;
import dev.sli.store.imports.MetricType;
import dev.sli.store.imports.SampleSink;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import dev.sli.store.prometheus.PrometheusSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Option;

/**
 * Where {@code sli replay} and {@code sli gate CONFIG} take series from, as options mixed into both: export
 * files ({@code --data}, read by sli-store's importers) or a Prometheus-compatible API ({@code --prometheus}
 * with {@code --from} and {@code --to}, read by {@link PrometheusSource}; a bearer token only from
 * {@code --token-env} or {@code --token-file}, never from the command line). {@link #feed} reads the series
 * a config's SLIs select and feeds them into a registry, the same way for both commands. One instance per
 * invocation; not thread-safe.
 */
final class SeriesInput {

    @Option(names = "--data", arity = "1..*", paramLabel = "<file>",
            description = "Export files to import (format detected from the content).")
    List<Path> data;

    @Option(names = "--input-format", paramLabel = "<format>",
            description = "The format of every --data file, instead of detecting it: prometheus-json, csv, exposition, hlog.")
    String inputFormat;

    @Option(names = "--prometheus", paramLabel = "<url>",
            description = "Read the series from this Prometheus-compatible API (Prometheus, Thanos, Mimir, Sysdig) instead of files.")
    String prometheus;

    @Option(names = "--from", paramLabel = "<instant>", converter = ObjectiveOutput.InstantConverter.class,
            description = "With --prometheus: the first instant read, ISO-8601 (default: --to minus the longest window of the config and a day).")
    Instant from;

    @Option(names = "--to", paramLabel = "<instant>", converter = ObjectiveOutput.InstantConverter.class,
            description = "With --prometheus: the last instant read, ISO-8601 (default: now).")
    Instant to;

    @Option(names = "--token-env", paramLabel = "<variable>",
            description = "With --prometheus: send the bearer token held by this environment variable.")
    String tokenEnv;

    @Option(names = "--token-file", paramLabel = "<file>",
            description = "With --prometheus: send the bearer token in this file (read at every query).")
    Path tokenFile;

    /** Whether any source was given. */
    boolean given() {
        return data != null || prometheus != null;
    }

    /**
     * Checks that exactly one source is given and that the Prometheus options go with {@code --prometheus};
     * throws {@link BadInputException} naming the option.
     */
    void check() throws BadInputException {
        if (data != null && prometheus != null) {
            throw new BadInputException("--data and --prometheus: give one source of series, not both");
        }
        if (data == null && prometheus == null) {
            throw new BadInputException("no series: give --data FILE... or --prometheus URL");
        }
        if (prometheus == null && (from != null || to != null || tokenEnv != null || tokenFile != null)) {
            throw new BadInputException((from != null ? "--from" : to != null ? "--to" : tokenEnv != null ? "--token-env" : "--token-file")
                    + " goes with --prometheus");
        }
        if (prometheus != null && inputFormat != null) {
            throw new BadInputException("--input-format goes with --data files");
        }
        if (tokenEnv != null && tokenFile != null) {
            throw new BadInputException("--token-env and --token-file: give one bearer token, not both");
        }
    }

    /** The files or the server, for a report's first line. */
    String describe() {
        return data != null ? String.join(", ", data.stream().map(Path::toString).toList()) : prometheus;
    }

    /** The series options of a replay: the default grid, retention for the document's longest window, anchored on the newest data. */
    static SeriesOptions options(SloDocument document) {
        return SeriesOptions.builder().clock(Clock.system()).grid(BucketGrid.DEFAULT)
                .retention(ObjectiveOutput.retentionFor(document)).maxFuture(Duration.ofDays(1))
                // history replayed under the system clock: retention counts back from the newest data
                .retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build();
    }

    /** What a replay read and fed. */
    record Fed(long samples, FeedReport report, SeriesSet set) {

        /** {@code at}, or the end of the bucket holding the last sample recorded, or now when none was. */
        long atMillis(Instant at, BucketGrid grid) {
            return at != null ? at.toEpochMilli()
                    : report.last().map(l -> grid.startMillis(grid.bucketOf(l.toEpochMilli()) + 1)).orElse(System.currentTimeMillis());
        }
    }

    /**
     * Reads the series {@code document}'s SLIs select from the files ({@code importer} reads each) or the
     * server, and feeds them into {@code registry}, which was created from {@code document}. A progress line
     * goes to {@code err} when it is a terminal.
     *
     * @throws BadInputException for a file or answer that cannot be read (file, line or byte offset), a
     *     server that cannot be reached, or a bad option
     */
    Fed feed(SloDocument document, SliRegistry registry, SeriesImport importer, PrintWriter err) throws BadInputException {
        return feed(document, registry, importer, err, set -> { });
    }

    /** Checks what was read before anything is fed; throws {@link BadInputException} to refuse it. */
    @FunctionalInterface
    interface BeforeFeeding {
        void check(SeriesSet set) throws BadInputException;
    }

    /** As {@link #feed(SloDocument, SliRegistry, SeriesImport, PrintWriter)}, {@code before} seeing the series first. */
    Fed feed(SloDocument document, SliRegistry registry, SeriesImport importer, PrintWriter err, BeforeFeeding before)
            throws BadInputException {
        SeriesSet set = new SeriesSet(SourceFeed.selects(document));
        long samples = read(document, set, importer, err);
        before.check(set);
        return new Fed(samples, SourceFeed.feed(document, set, registry), set);
    }

    /**
     * Reads what the files hold ({@code importer} reads each), or what the server holds for the selectors of
     * {@code document}'s sources, into {@code sink}; returns the number of samples read.
     *
     * @throws BadInputException as {@link #feed}
     */
    long read(SloDocument document, SampleSink sink, SeriesImport importer, PrintWriter err) throws BadInputException {
        check();
        Counting counting = new Counting(sink);
        if (data != null) {
            for (Path file : data) {
                try (Progress progress = new Progress(err, file.getFileName() == null ? file.toString() : file.getFileName().toString(),
                        counting.count)) {
                    importer.read(file, Optional.ofNullable(inputFormat), counting);
                } catch (ImportException e) {
                    throw new BadInputException(e.getMessage());
                } catch (NoSuchFileException e) {
                    throw new BadInputException(file + ": no such file");
                } catch (IOException e) {
                    throw new BadInputException("cannot read " + file + ": " + e.getMessage());
                }
            }
        } else {
            readServer(document, counting, err);
        }
        return counting.count.get();
    }

    private void readServer(SloDocument document, SampleSink sink, PrintWriter err) throws BadInputException {
        URI url;
        try {
            url = new URI(prometheus);
        } catch (URISyntaxException e) {
            throw new BadInputException("--prometheus: " + Terminal.excerpt(prometheus) + " is not a URL: " + e.getReason());
        }
        Instant end = to != null ? to : Instant.now();
        Instant start = from != null ? from : end.minus(ObjectiveOutput.retentionFor(document));
        if (start.isAfter(end)) {
            throw new BadInputException("--from " + start + " is after --to " + end);
        }
        PrometheusSource source;
        try {
            PrometheusSource.Builder builder = PrometheusSource.builder(url);
            if (tokenEnv != null) {
                builder.tokenFromEnv(tokenEnv);
            }
            if (tokenFile != null) {
                builder.tokenFromFile(tokenFile);
            }
            source = builder.build();
        } catch (IllegalArgumentException e) {
            throw new BadInputException((tokenEnv != null && e.getMessage().startsWith("environment variable") ? "--token-env: " : "--prometheus: ")
                    + e.getMessage());
        }
        List<Selector> selectors = querySelectors(document);
        try (Progress progress = new Progress(err, url.getHost() == null ? prometheus : url.getHost(), ((Counting) sink).count)) {
            source.read(selectors, start, end, sink);
        } catch (ImportException e) {
            throw new BadInputException(e.getMessage());
        } catch (IOException e) {
            throw new BadInputException(e.getMessage() == null ? "cannot read " + prometheus + ": " + e : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while reading " + prometheus);
        }
    }

    /**
     * The selectors to query a server with: every role of every SLI's source as {@link SourceFeed#selects}
     * takes it (a histogram as its {@code _bucket} series; a good or bad rule only when it is a counter of
     * its own; Micrometer timers not at all), each once.
     */
    static List<Selector> querySelectors(SloDocument document) {
        Map<String, Selector> out = new LinkedHashMap<>();
        for (ServiceSpec service : document.services()) {
            for (SliSpec sli : service.slis()) {
                if (sli.source().isEmpty()) {
                    continue;
                }
                SourceSpec source = sli.source().get();
                Optional<Selector> total = source.selector(Role.TOTAL);
                for (Map.Entry<Role, Selector> e : source.selectors().entrySet()) {
                    Selector s = e.getValue();
                    switch (e.getKey()) {
                        case HISTOGRAM:
                            s.metric().ifPresent(m -> {
                                Selector bucket = Selector.of(m + "_bucket", s.matchers());
                                out.putIfAbsent(bucket.toString(), bucket);
                            });
                            break;
                        case BAD:
                        case GOOD:
                            if (total.isPresent() && s.metric().isPresent() && !s.metric().equals(total.get().metric())) {
                                out.putIfAbsent(s.toString(), s);
                            }
                            break;
                        case TIMER:
                            break;
                        default:
                            out.putIfAbsent(s.toString(), s);
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Counts the samples passing to a sink; the progress line reads the count from another thread. */
    private static final class Counting implements SampleSink {
        final AtomicLong count = new AtomicLong();
        private final SampleSink sink;

        Counting(SampleSink sink) {
            this.sink = sink;
        }

        @Override
        public void type(String metric, MetricType type) {
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

        Progress(PrintWriter err, String what, AtomicLong count) {
            this.err = err;
            if (System.console() == null) {
                timer = null;
                return;
            }
            long start = System.nanoTime();
            String name = Terminal.safe(what);
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
