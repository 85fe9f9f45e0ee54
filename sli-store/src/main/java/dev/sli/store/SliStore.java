package dev.sli.store;

import dev.sli.core.config.SloDocument;
import dev.sli.core.history.HistoryShape;
import dev.sli.core.history.SealedHistory;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.record.Series;
import dev.sli.core.record.SeriesKind;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import dev.sli.store.counters.DayCounters;
import dev.sli.store.directory.SeriesEntry;
import dev.sli.store.directory.StoreDirectory;
import dev.sli.store.directory.StoreException;
import dev.sli.store.history.LogSealedHistory;
import dev.sli.store.history.SeriesFiles;
import dev.sli.store.log.CorruptLogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An {@link SliRegistry} whose series keep their sealed history in a store directory, so that after a
 * restart (or a {@code kill -9}) the windows, budgets and burn rates continue where they were:
 *
 * <pre>{@code
 * try (SliStore store = SliStore.open(dir, document, documentText, SeriesOptions.DEFAULT)) {
 *     SliRegistry registry = store.registry();   // record and evaluate as usual
 *     store.changes();                            // what the config changed against the store
 * }
 * }</pre>
 *
 * <p>Each SLI of the config ({@code service/sli}, with its labels) maps to a stable id in the store's header; its
 * histogram blocks are in the directory {@code series/<id>/}, one record log per UTC day ({@code 2026-11-28.log}),
 * and its per-bucket amounts in the counter files every series shares ({@code counters/2026-11-28.cmap}, Chronicle
 * Map: fixed-size records updated in place; see {@link DayCounters}), both deleted a whole day at a time as they
 * leave the retention (a version-1 store's {@code series/<id>.log} is read first, never appended to, and
 * deleted once out of retention; see {@link SeriesFiles}). A config change is handled explicitly and reported
 * by {@link #changes}: an SLI of the same name, kind and shape is kept; a new one is added; one whose kind or
 * shape (bucket size, retention, thresholds) or labels changed is <em>redefined</em>: the old id is retired, its files
 * kept, and a new id starts empty, so that data of two definitions is never mixed; a series of the store that the
 * config no longer names is <em>orphaned</em>: kept on disk, not loaded.
 *
 * <p>Sealed buckets are written as they seal. A flusher thread seals every completed bucket of latency and
 * outcome series each {@code flushInterval} (default 1 s), so such a bucket reaches the store within that
 * long after it ends even when nobody queries; readiness, probe and work series seal a bucket when a later
 * sample arrives. Each interval the flusher also checkpoints what every series holds open ({@code series/<id>/open},
 * replaced whole by an atomic rename): the open buckets of latency and outcome series, a work series' open
 * tasks, a readiness or probe series' samples in force; so a killed process loses at most one flush interval of
 * what it recorded, and nothing sealed, and the next open continues from the checkpoint. Every JVM that opens a
 * store needs Chronicle Map's flags ({@link dev.sli.store.chronicle.ChronicleRuntime#JVM_FLAGS}); without them
 * the open throws {@link IllegalStateException} naming them.
 * {@link #close} seals and checkpoints what it holds and marks the shutdown clean.
 *
 * <p>One writer per directory (the lock names the holder's pid and host); {@link #openReadOnly} opens
 * beside a running writer and sees what it had written when opened. Thread-safe; close once.
 */
public final class SliStore implements AutoCloseable {

    /** The name of the copy of the SLO document the writer runs with, for read-only opens. */
    public static final String DOCUMENT_FILE = "slo-document";
    /** The default interval of the flusher. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

    private final StoreDirectory directory;
    private final SliRegistry registry;
    private final List<AutoCloseable> histories = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, LogSealedHistory> byName = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConfigChanges changes;
    private final ScheduledExecutorService flusher;
    /** The labels of each SLI of the config ({@code service/sli}): part of what identifies its series. */
    private final Map<String, Map<String, String>> labels = new java.util.HashMap<>();
    private final boolean recovered;
    /** The counter files holding every series' sealed amounts (Chronicle Map); null for a reader. */
    private DayCounters counters;
    /** What the counter files held at open, by series id and bucket. */
    private final Map<Integer, java.util.TreeMap<Long, long[]>> heldAmounts = new java.util.HashMap<>();
    /** Each live series' checkpoint, read by a reader before the counter files (see LogSealedHistory.openReadOnly). */
    private final Map<Integer, LogSealedHistory.CheckpointAhead> checkpointsAhead = new java.util.HashMap<>();
    /** Shapes of the series' files checked before the writer opened, so that each series is checked once. */
    private final Map<SeriesFiles, Optional<HistoryShape>> checked;
    private boolean closed;

    private SliStore(StoreDirectory directory, SloDocument document, SeriesOptions options, Duration flushInterval,
            Map<SeriesFiles, Optional<HistoryShape>> checked) throws StoreException {
        this.directory = directory;
        this.checked = checked;
        this.recovered = !directory.readOnly() && directory.recoveryNeeded();
        Path seriesDir = directory.path().resolve("series");
        java.util.Set<String> kept = new java.util.LinkedHashSet<>();
        List<String> added = new ArrayList<>();
        List<String> redefined = new ArrayList<>();
        Map<String, SeriesKind> kinds = new LinkedHashMap<>();
        document.services().forEach(s -> s.slis().forEach(sli -> {
            kinds.put(s.name() + "/" + sli.name(), SeriesKind.valueOf(sli.kind().name()));
            labels.put(s.name() + "/" + sli.name(), new java.util.TreeMap<>(sli.labels())); // sorted, as the header keeps them
        }));
        try {
            if (!directory.readOnly()) {
                Files.createDirectories(seriesDir);
            }
            openCounters(kinds.size(), options.grid().resolutionMillis());
            SealedHistory.Factory factory = (series, shape) -> {
                try {
                    return open(series, shape, seriesDir, kinds, added, redefined, kept);
                } catch (StoreException e) {
                    throw new UncheckedIOException(e);
                } catch (IOException e) {
                    throw new UncheckedIOException(seriesError(seriesDir, e));
                }
            };
            this.registry = SliRegistry.create(document, options, factory);
        } catch (UncheckedIOException e) {
            closeHistories();
            closeCounters();
            throw seriesError(seriesDir, e.getCause());
        } catch (StoreException e) {
            closeHistories();
            closeCounters();
            throw e;
        } catch (IOException e) {
            closeHistories();
            closeCounters();
            throw StoreException.io(seriesDir, e);
        } catch (RuntimeException e) {
            closeHistories();
            closeCounters();
            throw e;
        }
        List<String> orphaned = new ArrayList<>();
        for (SeriesEntry e : directory.header().series()) {
            if (!e.retired() && !kinds.containsKey(e.name())) {
                orphaned.add(e.name());
            }
        }
        this.changes = new ConfigChanges(List.copyOf(kept), List.copyOf(added), List.copyOf(redefined),
                List.copyOf(orphaned));
        if (recovered) {
            directory.markRecovered(); // the logs cut torn tails as they opened: nothing else to repair
        }
        if (directory.readOnly() || flushInterval.isZero()) {
            this.flusher = null;
        } else {
            this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sli-store-flush " + directory.path().getFileName());
                t.setDaemon(true);
                return t;
            });
            long every = flushInterval.toMillis();
            flusher.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The directory of the counter files, in the store directory. */
    public static final String COUNTERS_DIRECTORY = "counters";

    /**
     * Opens the counter files and reads what they hold. A writer opens them for writing (recovering them when the
     * last writer died), with a first file a day sized for {@code series} series at the store's resolution. A
     * reader first reads every live series' checkpoint, then the counter files through private copies (never
     * mapping the writer's files), so that a bucket the writer seals and drops from its checkpoint in between is
     * in one or the other.
     */
    private void openCounters(int series, long resolutionMillis) throws IOException {
        Path dir = directory.path().resolve(COUNTERS_DIRECTORY);
        DayCounters.Visitor hold = (id, bucket, amounts) ->
                heldAmounts.computeIfAbsent(id, k -> new java.util.TreeMap<>()).put(bucket, amounts.clone());
        if (directory.readOnly()) {
            Path seriesDir = directory.path().resolve("series");
            for (SeriesEntry e : directory.header().series()) {
                if (!e.retired()) {
                    checkpointsAhead.put(e.id(), LogSealedHistory.readCheckpointAhead(SeriesFiles.inStore(seriesDir, e.id())));
                }
            }
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                DayCounters.readEach(dir, resolutionMillis, hold);
            }
            return;
        }
        long perDay = Math.max(1, DayCounters.MILLIS_PER_DAY / resolutionMillis) * Math.max(1, series);
        int capacity = (int) Math.max(1_024, Math.min(65_536, perDay + perDay / 4));
        counters = DayCounters.openForWriting(dir, resolutionMillis, recovered, capacity);
        counters.forEach(hold);
    }

    /**
     * The buckets the counter files held for series id {@code id} when this store opened (the sealed buckets
     * this version writes there), in order; empty for none. For {@code sli inspect}.
     */
    public java.util.NavigableSet<Long> counterBuckets(int id) {
        java.util.TreeMap<Long, long[]> held = heldAmounts.get(id);
        return held == null ? java.util.Collections.emptyNavigableSet()
                : java.util.Collections.unmodifiableNavigableSet(new java.util.TreeSet<>(held.keySet()));
    }

    /** The bytes of the counter files (their preallocated length, Chronicle Map's), 0 when there are none. */
    public static long counterBytes(Path dir) throws IOException {
        Path counters = dir.resolve(COUNTERS_DIRECTORY);
        if (!Files.isDirectory(counters, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = Files.list(counters)) {
            long total = 0;
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(f);
                }
            }
            return total;
        }
    }

    /** The counters of series {@code id} for its history: the writer's files, or what a reader read. */
    private LogSealedHistory.Counters countersOf(int id) {
        java.util.TreeMap<Long, long[]> held = heldAmounts.getOrDefault(id, new java.util.TreeMap<>());
        return counters != null ? LogSealedHistory.Counters.writing(counters, id, held) : LogSealedHistory.Counters.read(id, held);
    }

    /** Closes the counter files (writing counters.sum, each file's length and CRC32C, for the next open). */
    private void closeCounters() {
        if (counters != null) {
            counters.close();
            counters = null;
        }
    }

    private SealedHistory open(String series, HistoryShape shape, Path seriesDir, Map<String, SeriesKind> kinds,
            List<String> added, List<String> redefined, java.util.Set<String> kept) throws IOException {
        SeriesKind kind = kinds.get(series);
        Map<String, String> wanted = labels.getOrDefault(series, Map.of());
        Optional<SeriesEntry> entry = directory.series(series).filter(e -> !e.retired());
        long created = directory.header().createdEpochMillis();
        if (directory.readOnly()) {
            if (entry.isEmpty()) {
                added.add(series);
                return SealedHistory.inMemory().open(series, shape);
            }
            if (!entry.get().labels().equals(wanted)) {
                redefined.add(series + ": the store holds it with labels " + entry.get().labels() + "; the config gives "
                        + wanted + " (answers here leave the store's data out)");
                return SealedHistory.inMemory().open(series, shape);
            }
            SeriesFiles files = SeriesFiles.inStore(seriesDir, entry.get().id());
            if (!files.exists()) {
                kept.add(series);
                return SealedHistory.inMemory().open(series, shape);
            }
            LogSealedHistory.Owner owner = new LogSealedHistory.Owner(created, entry.get().id());
            Optional<HistoryShape> stored = verified(files, owner);
            if (stored.isPresent() && !stored.get().equals(shape)) {
                redefined.add(series + ": the store holds it as " + stored.get() + "; the config makes it " + shape
                        + " (answers here leave the store's data out)");
                return SealedHistory.inMemory().open(series, shape);
            }
            LogSealedHistory h = LogSealedHistory.openReadOnly(files, shape, owner, countersOf(entry.get().id()),
                    checkpointsAhead.get(entry.get().id()));
            histories.add(h);
            byName.put(series, h);
            kept.add(series);
            return h;
        }
        if (entry.isPresent() && entry.get().kind() != kind) {
            redefined.add(series + ": was " + entry.get().kind() + " (id " + entry.get().id() + ", kept on disk), now " + kind);
            directory.retireSeries(series);
            entry = Optional.empty();
        }
        if (entry.isPresent() && !entry.get().labels().equals(wanted)) {
            redefined.add(series + ": had labels " + entry.get().labels() + " (id " + entry.get().id()
                    + ", kept on disk), now " + wanted);
            directory.retireSeries(series);
            entry = Optional.empty();
        }
        if (entry.isPresent()) {
            SeriesFiles files = SeriesFiles.inStore(seriesDir, entry.get().id());
            Optional<HistoryShape> stored = files.exists()
                    ? verified(files, new LogSealedHistory.Owner(created, entry.get().id())) : Optional.empty();
            if (stored.isPresent() && !stored.get().equals(shape)) {
                redefined.add(series + ": was " + stored.get() + " (id " + entry.get().id() + ", kept on disk), now " + shape);
                directory.retireSeries(series);
                entry = Optional.empty();
            } else {
                kept.add(series);
            }
        }
        if (entry.isEmpty()) {
            entry = Optional.of(directory.addSeries(series, kind, wanted));
            if (redefined.stream().noneMatch(r -> r.startsWith(series + ":"))) {
                added.add(series);
            }
        }
        LogSealedHistory h = LogSealedHistory.open(SeriesFiles.inStore(seriesDir, entry.get().id()), shape,
                new LogSealedHistory.Owner(created, entry.get().id()), countersOf(entry.get().id()));
        histories.add(h);
        byName.put(series, h);
        return h;
    }

    /** The shape in {@code files} after {@link LogSealedHistory#verify}, checked once per open of the store. */
    private Optional<HistoryShape> verified(SeriesFiles files, LogSealedHistory.Owner owner) throws IOException {
        Optional<HistoryShape> known = checked.remove(files);
        return known != null ? known : LogSealedHistory.verify(files, owner);
    }

    /**
     * Checks, before anything is written, every file of every series of the store in {@code dir} that
     * {@code document} will load (the legacy log and each day log): whole, well formed, of one shape, and this
     * store's and this series' own. A store that is not there yet passes; a bad header is reported as
     * {@link StoreDirectory#openReadOnly} reports it.
     */
    private static Map<SeriesFiles, Optional<HistoryShape>> checkSeriesFiles(Path dir, SloDocument document) throws StoreException {
        Map<SeriesFiles, Optional<HistoryShape>> shapes = new java.util.HashMap<>();
        if (!Files.exists(dir.resolve(dev.sli.store.directory.HeaderLayout.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            return shapes;
        }
        try (StoreDirectory view = StoreDirectory.openReadOnly(dir)) {
            Path seriesDir = view.path().resolve("series");
            for (var service : document.services()) {
                for (var sli : service.slis()) {
                    Optional<SeriesEntry> entry = view.series(service.name() + "/" + sli.name());
                    if (entry.isEmpty()) {
                        continue;
                    }
                    SeriesFiles files = SeriesFiles.inStore(seriesDir, entry.get().id());
                    if (!files.exists()) {
                        continue;
                    }
                    try {
                        shapes.put(files, LogSealedHistory.verify(files, new LogSealedHistory.Owner(
                                view.header().createdEpochMillis(), entry.get().id())));
                    } catch (IOException e) {
                        throw seriesError(seriesDir, e);
                    }
                }
            }
        }
        return shapes;
    }

    /** A series file's failure as a {@link StoreException} naming the file and the problem. */
    static StoreException seriesError(Path seriesDir, IOException e) {
        if (e instanceof StoreException s) {
            return s;
        }
        if (e instanceof CorruptLogException c) {
            StoreException.Problem problem = switch (c.reason()) {
                case EMPTY -> StoreException.Problem.EMPTY;
                case ZEROED -> StoreException.Problem.ZEROED;
                case TRUNCATED -> StoreException.Problem.TRUNCATED;
                case WRONG_MAGIC -> StoreException.Problem.WRONG_MAGIC;
                case UNSUPPORTED_VERSION -> StoreException.Problem.UNSUPPORTED_VERSION;
                case DAMAGED, TOO_LARGE -> StoreException.Problem.CORRUPT;
                case FOREIGN -> StoreException.Problem.FOREIGN;
                case NOT_A_REGULAR_FILE -> StoreException.Problem.IO;
            };
            return StoreException.of(c.file(), problem, c.problem(), c);
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            Path file = a.getFile() == null ? seriesDir : Path.of(a.getFile());
            return StoreException.of(file, StoreException.Problem.NO_PERMISSION, "permission denied, cannot read the series history", e);
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return StoreException.of(Path.of(f.getFile()), StoreException.Problem.IO, "cannot read or write: "
                    + (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason()), e);
        }
        return StoreException.io(seriesDir, e);
    }

    /**
     * Opens (or creates) the store in {@code dir} for writing, with a registry of {@code document}'s series on
     * it. {@code documentText}, the document as written (JSON or OpenSLO), is kept in the store so that
     * {@code sli inspect} and {@code sli gate} can evaluate it; null keeps none.
     *
     * @throws StoreException naming the file and the problem: another writer holds it (with its pid and host),
     *     a damaged or foreign file, another bucket resolution. Every series file the document loads is checked
     *     before anything is written, so a failed open leaves every file of the store as it was
     */
    public static SliStore open(Path dir, SloDocument document, String documentText, SeriesOptions options,
            Duration flushInterval) throws StoreException {
        Map<SeriesFiles, Optional<HistoryShape>> checked = checkSeriesFiles(dir, document); // a bad file fails here, before any write
        StoreDirectory directory = StoreDirectory.openOrCreate(dir, Duration.ofMillis(options.grid().resolutionMillis()));
        SliStore store;
        try {
            store = new SliStore(directory, document, options, flushInterval, checked);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(directory, e);
            throw e;
        }
        if (documentText != null) {
            Path file = directory.path().resolve(DOCUMENT_FILE);
            try {
                Path tmp = directory.path().resolve(DOCUMENT_FILE + ".tmp");
                Files.writeString(tmp, documentText, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                StoreException failure = StoreException.io(file, e);
                try {
                    store.close();
                } catch (StoreException suppressed) {
                    failure.addSuppressed(suppressed);
                }
                throw failure;
            }
        }
        return store;
    }

    /** {@link #open(Path, SloDocument, String, SeriesOptions, Duration)} with the default flush interval. */
    public static SliStore open(Path dir, SloDocument document, String documentText, SeriesOptions options)
            throws StoreException {
        return open(dir, document, documentText, options, DEFAULT_FLUSH_INTERVAL);
    }

    /**
     * Opens the store in {@code dir} read-only, beside a writer that may be running, with a registry of
     * {@code document}'s series on what the writer had written. Nothing is written; queries seal on this
     * process's heap only.
     *
     * @throws StoreException as {@link #open}, except that a writer does not keep a reader out
     */
    public static SliStore openReadOnly(Path dir, SloDocument document, SeriesOptions options) throws StoreException {
        StoreDirectory directory = StoreDirectory.openReadOnly(dir);
        try {
            return new SliStore(directory, document, options, Duration.ZERO, new java.util.HashMap<>());
        } catch (StoreException | RuntimeException e) {
            closeQuietly(directory, e);
            throw e;
        }
    }

    private static void closeQuietly(StoreDirectory directory, Exception failure) {
        try {
            directory.close();
        } catch (StoreException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * The SLO document a writer keeps in {@code dir}, as written; empty when it kept none. The text is checked
     * to be a document at all (a regular file of at most {@value #MAX_DOCUMENT_BYTES} bytes of UTF-8 text
     * without control characters other than tab and line ends); whether it is a valid config is for the
     * caller's parser to say.
     *
     * @throws StoreException naming the file and the problem ({@code EMPTY}, {@code ZEROED}, {@code CORRUPT},
     *     {@code NO_PERMISSION}, {@code IO}); the file is never changed
     */
    public static Optional<String> storedDocument(Path dir) throws StoreException {
        Path file = dir.resolve(DOCUMENT_FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            throw StoreException.of(file, StoreException.Problem.IO, "not a regular file, cannot be the kept SLO document");
        }
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
        } catch (IOException e) {
            throw StoreException.io(file, e);
        }
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw StoreException.of(file, StoreException.Problem.CORRUPT, "more than " + MAX_DOCUMENT_BYTES
                    + " bytes, more than an SLO document holds");
        }
        if (bytes.length == 0) {
            throw StoreException.of(file, StoreException.Problem.EMPTY, "empty file (0 bytes), not an SLO document");
        }
        int nonZero = 0;
        while (nonZero < bytes.length && bytes[nonZero] == 0) {
            nonZero++;
        }
        if (nonZero == bytes.length) {
            throw StoreException.of(file, StoreException.Problem.ZEROED, "all " + bytes.length
                    + " bytes are zero, not an SLO document");
        }
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult result = utf8.decode(in, out, true);
        if (result.isError()) {
            throw StoreException.of(file, StoreException.Problem.CORRUPT, "not UTF-8 text: a malformed sequence at byte "
                    + in.position() + ", not an SLO document");
        }
        utf8.flush(out);
        String text = out.flip().toString();
        int line = 1;
        for (int i = 0, at = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                throw StoreException.of(file, StoreException.Problem.CORRUPT, String.format(java.util.Locale.ROOT,
                        "a control character 0x%02x at byte %d (line %d), not an SLO document", (int) c, at, line));
            }
            at += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return Optional.of(text);
    }

    /** The most a kept SLO document may hold, in bytes. */
    public static final int MAX_DOCUMENT_BYTES = 16 << 20;

    /** The file in which replays into the store note, per SLI, the newest instant they recorded. */
    public static final String REPLAYED_FILE = "replayed";
    private static final String REPLAYED_HEADER = "sli-replayed 1";

    /**
     * The newest instant (epoch ms) that replays into this store recorded into SLI {@code name}
     * ({@code service/sli}), as {@link #markReplayedThrough} noted it; empty when no replay noted one. A later
     * replay must record only after it, or it would count data twice; unlike {@link #sealedUntilMillis} it is
     * exact to the sample, not to the bucket.
     *
     * @throws StoreException if the file is damaged (naming the file and line)
     */
    public java.util.OptionalLong replayedThroughMillis(String name) throws StoreException {
        Long t = readReplayed(directory.path()).get(name);
        return t == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
    }

    /**
     * Every note of {@link #replayedThroughMillis}: the newest instant (epoch ms) replays recorded, by SLI name;
     * read from the file at each call.
     *
     * @throws StoreException if the file is damaged (naming the file and line)
     */
    public Map<String, Long> replayNotes() throws StoreException {
        return Map.copyOf(readReplayed(directory.path()));
    }

    /**
     * Notes that a replay recorded data up to and including {@code lastRecordedMillis} (epoch ms, by SLI name);
     * an earlier note of a later instant is kept. Written whole to a temporary file, forced, and renamed over.
     *
     * @throws StoreException if the file cannot be written, or the existing one is damaged
     * @throws IllegalStateException if the store is read-only
     */
    public synchronized void markReplayedThrough(Map<String, Long> lastRecordedMillis) throws StoreException {
        if (directory.readOnly()) {
            throw new IllegalStateException("store " + directory.path() + " is open read-only");
        }
        Map<String, Long> merged = new java.util.TreeMap<>(readReplayed(directory.path()));
        lastRecordedMillis.forEach((name, t) -> merged.merge(name, t, Math::max));
        StringBuilder text = new StringBuilder(REPLAYED_HEADER).append('\n');
        merged.forEach((name, t) -> text.append(t).append('\t').append(name).append('\n'));
        Path file = directory.path().resolve(REPLAYED_FILE);
        Path tmp = directory.path().resolve(REPLAYED_FILE + ".tmp");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        } catch (IOException e) {
            throw StoreException.io(tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw StoreException.io(file, e);
        }
    }

    /** The replay notes of the store in {@code dir}; empty when it has none. */
    static Map<String, Long> readReplayed(Path dir) throws StoreException {
        Path file = dir.resolve(REPLAYED_FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        List<String> lines;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_DOCUMENT_BYTES) {
                throw StoreException.of(file, StoreException.Problem.CORRUPT, "not a regular file of at most "
                        + MAX_DOCUMENT_BYTES + " bytes: not the store's replay notes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw StoreException.of(file, StoreException.Problem.CORRUPT, "not UTF-8 text: not the store's replay notes", e);
        } catch (IOException e) {
            throw StoreException.io(file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(REPLAYED_HEADER)) {
            throw StoreException.of(file, StoreException.Problem.CORRUPT, "line 1: expected \"" + REPLAYED_HEADER
                    + "\": not the store's replay notes");
        }
        Map<String, Long> notes = new java.util.HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            try {
                if (tab <= 0 || tab == line.length() - 1) {
                    throw new NumberFormatException();
                }
                notes.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
            } catch (NumberFormatException e) {
                throw StoreException.of(file, StoreException.Problem.CORRUPT, "line " + (i + 1)
                        + ": expected epoch milliseconds, a tab and an SLI name");
            }
        }
        return notes;
    }

    /**
     * Where the sealed data of series {@code name} ({@code service/sli}) ends, epoch milliseconds: the end of
     * its newest sealed bucket, as the store held it at open plus what this process sealed since; empty when
     * it holds none. A replay into the store must start after it, or it would count data twice.
     */
    public java.util.OptionalLong sealedUntilMillis(String name) {
        LogSealedHistory h = byName.get(name);
        if (h == null) {
            return java.util.OptionalLong.empty();
        }
        java.util.OptionalLong bucket = h.newestSealedBucket();
        long resolution = registry.options().grid().resolutionMillis();
        return bucket.isPresent() ? java.util.OptionalLong.of((bucket.getAsLong() + 1) * resolution) : java.util.OptionalLong.empty();
    }

    /** The registry whose series live in this store. */
    public SliRegistry registry() {
        return registry;
    }

    /** What the config changed against the store when it opened. */
    public ConfigChanges changes() {
        return changes;
    }

    /** Whether the previous writer had not closed the store (killed), so that this open recovered it. */
    public boolean recovered() {
        return recovered;
    }

    /** The directory. */
    public Path path() {
        return directory.path();
    }

    /** The store's directory handle: header, series registry, lock holder. */
    public StoreDirectory directory() {
        return directory;
    }

    /**
     * What the flusher does each interval: seals the completed buckets and checkpoints the open ones of every
     * latency and outcome series, the open tasks of every work series and the samples in force of every
     * readiness and probe series, so that a process killed after this loses only what it recorded later.
     */
    private void flush() {
        for (LogSealedHistory h : byName.values()) {
            h.retryPending(); // what the files refused before (a full disk), in order, before anything newer
        }
        sealCompleted();
        dropCounterDays();
        for (Map.Entry<String, Series> e : registry.series().entrySet()) {
            try { // one series failing (a full disk, a log at its limit) does not stop the others
                if (e.getValue() instanceof LatencySeries l) {
                    l.checkpoint();
                } else if (e.getValue() instanceof OutcomeSeries o) {
                    o.checkpoint();
                } else if (e.getValue() instanceof dev.sli.core.record.WorkSeries w) {
                    w.checkpoint();
                } else if (e.getValue() instanceof dev.sli.core.record.ReadinessGroupSeries g) {
                    g.checkpoint();
                } else if (e.getValue() instanceof dev.sli.core.record.ProbeSeries p) {
                    p.checkpoint();
                }
            } catch (RuntimeException failure) {
                org.slf4j.LoggerFactory.getLogger(SliStore.class).warn("sli-store {}: checkpoint of {} failed: {}",
                        directory.path(), e.getKey(), failure.toString());
            }
        }
    }

    /**
     * Deletes the counter files of the days that every loaded series with data has left its retention (its
     * first retained bucket, from its newest sealed one, starts after the day's end): whole files, all series at
     * once. A series that stopped receiving data holds its days until it is redefined or gets data again.
     */
    private void dropCounterDays() {
        DayCounters c = counters;
        if (c == null) {
            return;
        }
        long keepFrom = Long.MAX_VALUE;
        for (LogSealedHistory h : byName.values()) {
            java.util.OptionalLong first = h.firstRetainedBucket();
            if (first.isPresent()) {
                keepFrom = Math.min(keepFrom, c.epochDayOf(first.getAsLong()));
            }
        }
        if (keepFrom != Long.MAX_VALUE) {
            try {
                c.dropDaysBefore(keepFrom);
            } catch (StoreException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SliStore.class).warn("sli-store {}: cannot drop counter files before day {}:"
                        + " {}", directory.path(), java.time.LocalDate.ofEpochDay(keepFrom), e.toString());
            }
        }
    }

    /**
     * Seals, in latency and outcome series, the buckets before the newest one holding samples (never the
     * clock's bucket), so that they reach the files; a replay of history is not sealed ahead of its data.
     * Readiness, probe and work series decide time in sample order: each sample seals the buckets before it,
     * and deciding ahead of samples still to come (a replay) would make them unknown.
     */
    private void sealCompleted() {
        for (Map.Entry<String, Series> e : registry.series().entrySet()) {
            try { // one series failing does not stop the others; the next interval tries again
                if (e.getValue() instanceof LatencySeries l) {
                    l.sealCompleted();
                } else if (e.getValue() instanceof OutcomeSeries o) {
                    o.sealCompleted();
                }
            } catch (RuntimeException failure) {
                org.slf4j.LoggerFactory.getLogger(SliStore.class).warn("sli-store {}: sealing {} failed: {}",
                        directory.path(), e.getKey(), failure.toString());
            }
        }
    }

    /**
     * Seals and checkpoints what it holds, closes the files and releases the lock, marking the shutdown clean.
     *
     * @throws StoreException if the header cannot be written
     */
    @Override
    public synchronized void close() throws StoreException {
        if (closed) {
            return;
        }
        closed = true;
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!directory.readOnly()) {
            flush(); // also without a flusher (flushInterval 0): sealed and checkpointed, nothing recorded is lost
        }
        closeHistories();
        closeCounters(); // writes counters.sum: the next clean open checks each file against it
        directory.close();
    }

    private void closeHistories() {
        synchronized (histories) {
            for (AutoCloseable h : histories) {
                try {
                    h.close();
                } catch (Exception ignored) {
                    // closing a read mapping or a log channel: nothing is left to write
                }
            }
            histories.clear();
        }
    }

    /**
     * What a config changed against a store: SLIs kept, added, redefined (kind or shape changed: the old
     * data is retired, never mixed with the new) and orphaned (in the store, not in the config: kept on
     * disk). Names are {@code service/sli}. Immutable.
     */
    public record ConfigChanges(List<String> kept, List<String> added, List<String> redefined, List<String> orphaned) {

        /** Whether the config and the store agree entirely. */
        public boolean none() {
            return added.isEmpty() && redefined.isEmpty() && orphaned.isEmpty();
        }
    }
}
