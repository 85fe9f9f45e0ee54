package dev.sli.cli;

import dev.sli.core.config.ConfigException;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.time.Clock;
import dev.sli.store.SliStore;
import dev.sli.store.directory.SeriesEntry;
import dev.sli.store.directory.StoreDirectory;
import dev.sli.store.directory.StoreException;
import dev.sli.store.history.LogSealedHistory;
import dev.sli.store.history.SeriesFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A store opened read-only for {@code sli inspect} and {@code sli gate}, beside a writer that may be
 * running: the SLO document the writer keeps in it, its series files summarized, and a registry on them
 * built with the writer's own bucket size and retention (read from the files), so that the answers are the
 * writer's. Close it when done.
 */
final class StoreView implements AutoCloseable {

    /** One series of the store: its registry entry and what its files hold together (null when it has none yet). */
    record SeriesFile(SeriesEntry entry, LogSealedHistory.Summary summary) {
    }

    final Path dir;
    final SloDocument document;
    final SliStore store;
    final List<SeriesFile> series;
    final SeriesOptions options;

    private StoreView(Path dir, SloDocument document, SliStore store, List<SeriesFile> series, SeriesOptions options) {
        this.dir = dir;
        this.document = document;
        this.store = store;
        this.series = series;
        this.options = options;
    }

    /**
     * Opens {@code dir}; throws {@link BadInputException} (a one-line message naming the file and the problem) for a
     * missing, foreign or damaged store, or one without the document a writer keeps.
     */
    static StoreView open(Path dir) throws BadInputException {
        List<SeriesFile> files = new ArrayList<>();
        long resolutionMillis;
        int retentionBuckets = 0;
        try (StoreDirectory d = StoreDirectory.openReadOnly(dir)) {
            resolutionMillis = d.bucketResolution().toMillis();
            for (SeriesEntry e : d.header().series()) {
                SeriesFiles seriesFiles = SeriesFiles.inStore(dir.resolve("series"), e.id());
                LogSealedHistory.Summary s = seriesFiles.exists() ? LogSealedHistory.summarize(seriesFiles) : null;
                files.add(new SeriesFile(e, s));
                if (s != null && !e.retired() && s.shape().isPresent()) {
                    retentionBuckets = Math.max(retentionBuckets, s.shape().get().retentionBuckets());
                }
            }
        } catch (StoreException e) {
            throw new BadInputException(e.getMessage());
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot read the store: " + e.getMessage());
        }
        String text;
        try {
            text = SliStore.storedDocument(dir).orElseThrow(() -> new BadInputException(dir.resolve(SliStore.DOCUMENT_FILE)
                    + ": no SLO document: the store's writer kept none, so its objectives are unknown here"));
        } catch (IOException e) {
            throw new BadInputException(dir.resolve(SliStore.DOCUMENT_FILE) + ": cannot read: " + e.getMessage());
        }
        SloDocument document;
        try {
            document = ConfigFiles.parse(text, dir.resolve(SliStore.DOCUMENT_FILE).toString());
        } catch (ConfigException e) {
            throw new BadInputException(dir.resolve(SliStore.DOCUMENT_FILE) + ": " + e.errors().get(0));
        } catch (IOException e) {
            throw new BadInputException(dir.resolve(SliStore.DOCUMENT_FILE) + ": cannot read: " + e.getMessage());
        }
        BucketGrid grid = BucketGrid.of(Duration.ofMillis(resolutionMillis));
        Duration retention = retentionBuckets > 0 ? Duration.ofMillis(retentionBuckets * resolutionMillis)
                : ObjectiveOutput.retentionFor(document);
        SeriesOptions options = SeriesOptions.builder().clock(Clock.system()).grid(grid).retention(retention)
                .maxFuture(Duration.ofDays(1)).retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build();
        SliStore store;
        try {
            store = SliStore.openReadOnly(dir, document, options);
        } catch (StoreException e) {
            throw new BadInputException(e.getMessage());
        }
        try { // the buckets each series holds: its logs' and, since the counter files, theirs (as the store read them)
            List<SeriesFile> withCounters = new ArrayList<>();
            for (SeriesFile f : files) {
                SeriesFiles seriesFiles = SeriesFiles.inStore(dir.resolve("series"), f.entry().id());
                java.util.NavigableSet<Long> counted = store.counterBuckets(f.entry().id());
                withCounters.add(new SeriesFile(f.entry(), seriesFiles.exists() || !counted.isEmpty()
                        ? LogSealedHistory.summarize(seriesFiles, counted) : null));
            }
            return new StoreView(dir, document, store, withCounters, options);
        } catch (IOException e) {
            try {
                store.close();
            } catch (StoreException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new BadInputException(dir + ": cannot read the store: " + e.getMessage());
        }
    }

    /** The end of the newest sealed bucket of any live series, or empty when none holds data. */
    java.util.OptionalLong newestDataEndMillis() {
        long newest = Long.MIN_VALUE;
        for (SeriesFile f : series) {
            if (f.summary() != null && !f.entry().retired() && f.summary().lastBucket().isPresent()) {
                newest = Math.max(newest, f.summary().lastBucket().getAsLong());
            }
        }
        return newest == Long.MIN_VALUE ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(options.grid().startMillis(newest + 1));
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (StoreException ignored) {
            // a read-only store writes nothing on close
        }
    }
}
