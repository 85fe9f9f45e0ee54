package dev.sli.store.directory;

import dev.sli.core.record.SeriesKind;
import dev.sli.store.directory.StoreException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store directory: its {@linkplain HeaderLayout header file} (magic, format version, bucket resolution,
 * series registry, clean-shutdown marker) and its write lock. One process at a time opens it for writing
 * ({@link #openForWriting}, {@link #create}); any number open it {@linkplain #openReadOnly read-only},
 * meanwhile too. A writer learns from {@link #previousShutdown()} whether the last writer closed cleanly,
 * and must recover the data files first when it did not.
 *
 * <p>Every change to the header replaces the file atomically, so a crash leaves the old version or the new
 * one, and every open checks the whole file (magic, version, length, CRC32C, each field); a failed open
 * throws a {@link StoreException} naming the file and the problem and changes nothing on disk.
 *
 * <p>Threads: safe for use from several threads; changes are serialised on the instance. Not for network
 * file systems, whose locks are not reliable.
 */
public final class StoreDirectory implements AutoCloseable {

    private final Path directory;
    private final WriteLock lock; // null when read-only
    private final PreviousShutdown previousShutdown;
    private StoreHeader header;
    private boolean recoveryPending;
    private boolean closed;

    private StoreDirectory(Path directory, WriteLock lock, PreviousShutdown previousShutdown, StoreHeader header) {
        this.directory = directory;
        this.lock = lock;
        this.previousShutdown = previousShutdown;
        this.header = header;
        this.recoveryPending = previousShutdown == PreviousShutdown.UNCLEAN;
    }

    /**
     * Creates a store with buckets of {@code bucketResolution} in {@code directory}, which must be absent or
     * empty, and holds it for writing.
     *
     * @throws StoreException if the path is not a directory, already holds a store or other files, or is locked
     * @throws IllegalArgumentException if the resolution is not a positive whole number of milliseconds
     */
    public static StoreDirectory create(Path directory, Duration bucketResolution) throws StoreException {
        return create(directory, bucketResolution, Clock.systemUTC());
    }

    static StoreDirectory create(Path directory, Duration bucketResolution, Clock clock) throws StoreException {
        long resolutionMillis = checkResolution(bucketResolution);
        Path dir = normalize(directory);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw notADirectory(dir);
        }
        refuseExisting(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StoreException.io(dir, e);
        }
        WriteLock lock = WriteLock.acquire(dir);
        try {
            refuseExisting(dir); // again, now that no other writer can be creating it
            StoreHeader header = new StoreHeader(HeaderLayout.FORMAT_VERSION, resolutionMillis, clock.millis(), 0,
                    false, HeaderLayout.FIRST_SERIES_ID, List.of());
            lock.writeHolder();
            HeaderFile.write(dir, header);
            return new StoreDirectory(dir, lock, PreviousShutdown.NEW_STORE, header);
        } catch (StoreException | RuntimeException e) {
            releaseAfterFailure(lock, e);
            throw e;
        }
    }

    /**
     * Opens the store in {@code directory} for writing: takes its lock, checks its header, writes this
     * process into the lock file and clears the clean-shutdown marker until {@link #close()}.
     *
     * @throws StoreException if it is not a store, its header is bad, or another writer holds it
     *     ({@link Problem#LOCKED}, naming the holder's pid, host and start)
     */
    public static StoreDirectory openForWriting(Path directory) throws StoreException {
        return openForWriting(normalize(directory), 0);
    }

    /** Opens {@code dir} for writing; a {@code resolutionMillis} other than 0 must be the store's. */
    private static StoreDirectory openForWriting(Path dir, long resolutionMillis) throws StoreException {
        checkIsStore(dir);
        WriteLock lock = WriteLock.acquire(dir);
        try {
            StoreHeader found = HeaderFile.read(dir);
            if (resolutionMillis != 0 && found.resolutionMillis() != resolutionMillis) {
                throw StoreException.of(dir, Problem.RESOLUTION_MISMATCH, "the store has buckets of "
                        + found.resolutionMillis() + " ms, not the " + resolutionMillis + " ms asked for");
            }
            lock.writeHolder();
            StoreHeader open = found.withCleanShutdown(false);
            HeaderFile.write(dir, open);
            return new StoreDirectory(dir, lock, found.cleanShutdown() ? PreviousShutdown.CLEAN : PreviousShutdown.UNCLEAN,
                    open);
        } catch (StoreException | RuntimeException e) {
            releaseAfterFailure(lock, e);
            throw e;
        }
    }

    /**
     * Opens the store in {@code directory} for writing, or creates it there if the directory is absent or
     * empty.
     *
     * @throws StoreException as {@link #openForWriting} and {@link #create}, and
     *     {@link Problem#RESOLUTION_MISMATCH} if the store has another bucket resolution
     */
    public static StoreDirectory openOrCreate(Path directory, Duration bucketResolution) throws StoreException {
        long resolutionMillis = checkResolution(bucketResolution);
        Path dir = normalize(directory);
        if (!Files.exists(dir.resolve(HeaderLayout.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            return create(dir, bucketResolution);
        }
        return openForWriting(dir, resolutionMillis);
    }

    /**
     * Opens the store in {@code directory} to read: checks its header and takes no lock, so it works while a
     * writer holds the store. {@link #reload()} picks up what the writer has written since.
     *
     * @throws StoreException if it is not a store or its header is bad
     */
    public static StoreDirectory openReadOnly(Path directory) throws StoreException {
        Path dir = normalize(directory);
        checkIsStore(dir);
        StoreHeader header = HeaderFile.read(dir);
        return new StoreDirectory(dir, null, header.cleanShutdown() ? PreviousShutdown.CLEAN : PreviousShutdown.UNCLEAN,
                header);
    }

    /** The directory, absolute. */
    public Path path() {
        return directory;
    }

    /** Whether this is a read-only open. */
    public boolean readOnly() {
        return lock == null;
    }

    /** The header as last written (writer) or read (reader). */
    public synchronized StoreHeader header() {
        return header;
    }

    /** The store's bucket resolution. */
    public Duration bucketResolution() {
        return header().resolution();
    }

    /**
     * How the last writer left the store, as found when this was opened. Seen read-only, {@code UNCLEAN}
     * means a writer is running now or died.
     */
    public PreviousShutdown previousShutdown() {
        return previousShutdown;
    }

    /**
     * Whether the data files must be recovered before they are trusted: the last writer did not close
     * cleanly, and {@link #markRecovered()} has not been called since. Until then {@link #close()} leaves the
     * marker unset, so the next writer is told too.
     */
    public synchronized boolean recoveryNeeded() {
        return recoveryPending;
    }

    /** Says the data files were recovered, so that {@link #close()} may set the clean-shutdown marker. */
    public synchronized void markRecovered() {
        checkWritable();
        recoveryPending = false;
    }

    /** The process holding this store for writing: this one. Empty for a read-only open. */
    public Optional<LockHolder> writer() {
        return lock == null ? Optional.empty() : Optional.of(lock.holder());
    }

    /**
     * For any open: the writer that {@code store.lock} names, if its process is still alive on this host
     * (a reader's view of who writes; a lock left by a killed writer names a process that is gone).
     */
    public Optional<LockHolder> runningWriter() {
        if (lock != null) {
            return Optional.of(lock.holder());
        }
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(directory.resolve(HeaderLayout.LOCK_FILE_NAME));
            return LockHolder.parse(bytes).filter(h -> h.host().equals(LockHolder.current().host())
                    && ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The live series named {@code name}, if any. */
    public Optional<SeriesEntry> series(String name) {
        return header().liveSeries(name);
    }

    /** {@link #addSeries(String, SeriesKind, java.util.Map)} for a series without labels. */
    public synchronized SeriesEntry addSeries(String name, SeriesKind kind) throws StoreException {
        return addSeries(name, kind, java.util.Map.of());
    }

    /**
     * The live series {@code name} of {@code kind} and {@code labels}, added with the next id (and the header
     * rewritten) if the store has no live series of that name.
     *
     * @throws IllegalArgumentException if the name or a label is invalid, or a live series of that name has
     *     another kind or other labels (retire it first: data of two definitions is never mixed)
     * @throws IllegalStateException if the store is read-only or closed
     * @throws StoreException if the header cannot be written; the registry is then unchanged
     */
    public synchronized SeriesEntry addSeries(String name, SeriesKind kind, java.util.Map<String, String> labels)
            throws StoreException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(labels, "labels");
        checkWritable();
        HeaderCodec.checkName(name);
        HeaderCodec.checkLabels(labels);
        Optional<SeriesEntry> existing = header.liveSeries(name);
        if (existing.isPresent()) {
            SeriesEntry e = existing.get();
            if (e.kind() != kind) {
                throw new IllegalArgumentException("series \"" + name + "\" is in store " + directory + " as "
                        + e.kind() + " (id " + e.id() + "), not " + kind + "; retire it first to reuse the name");
            }
            if (!e.labels().equals(new java.util.TreeMap<>(labels))) {
                throw new IllegalArgumentException("series \"" + name + "\" is in store " + directory + " with labels "
                        + e.labels() + " (id " + e.id() + "), not " + new java.util.TreeMap<>(labels)
                        + "; retire it first to reuse the name");
            }
            return e;
        }
        int id = header.nextSeriesId();
        if (id == Integer.MAX_VALUE) {
            throw new IllegalStateException("store " + directory + " has given out every series id");
        }
        SeriesEntry added = new SeriesEntry(id, name, kind, false, labels);
        List<SeriesEntry> series = new ArrayList<>(header.series());
        series.add(added);
        replaceHeader(header.withSeries(series, id + 1));
        return added;
    }

    /**
     * Retires the live series {@code name}: its entry and id stay (its data is orphaned, not mixed with
     * anything new), and the name may be added again, under a new id.
     *
     * @return the retired entry
     * @throws IllegalArgumentException if there is no live series of that name
     * @throws IllegalStateException if the store is read-only or closed
     * @throws StoreException if the header cannot be written; the registry is then unchanged
     */
    public synchronized SeriesEntry retireSeries(String name) throws StoreException {
        checkWritable();
        SeriesEntry live = header.liveSeries(name).orElseThrow(() -> new IllegalArgumentException(
                "store " + directory + " has no live series \"" + name + "\""));
        List<SeriesEntry> series = new ArrayList<>(header.series());
        series.set(series.indexOf(live), live.retire());
        replaceHeader(header.withSeries(series, header.nextSeriesId()));
        return live.retire();
    }

    /**
     * Reads the header again (read-only opens), to see series a writer added since.
     *
     * @throws StoreException if the header is now bad; this keeps the header it had
     */
    public synchronized StoreHeader reload() throws StoreException {
        checkOpen();
        if (lock == null) {
            header = HeaderFile.read(directory);
        }
        return header;
    }

    /**
     * Closes the store. A writer sets the clean-shutdown marker (unless recovery is still needed), empties its
     * lock file and releases the lock; the lock is released even if writing the header fails. Idempotent.
     *
     * @throws StoreException if the header could not be written; the marker is then unset, as after a crash
     */
    @Override
    public synchronized void close() throws StoreException {
        if (closed) {
            return;
        }
        closed = true;
        if (lock == null) {
            return;
        }
        try {
            if (!recoveryPending) {
                StoreHeader clean = header.withCleanShutdown(true);
                HeaderFile.write(directory, clean);
                header = clean;
            }
        } finally {
            lock.release(true);
        }
    }

    @Override
    public String toString() {
        return "StoreDirectory[" + directory + (lock == null ? ", read-only]" : ", writing]");
    }

    private void replaceHeader(StoreHeader next) throws StoreException {
        HeaderFile.write(directory, next);
        header = next;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store " + directory + " is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (lock == null) {
            throw new IllegalStateException("store " + directory + " is open read-only");
        }
    }

    private static long checkResolution(Duration resolution) {
        Objects.requireNonNull(resolution, "bucketResolution");
        if (resolution.isNegative() || resolution.isZero() || resolution.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("bucketResolution must be a positive whole number of milliseconds, got "
                    + resolution);
        }
        return resolution.toMillis();
    }

    private static Path normalize(Path directory) {
        return Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    private static StoreException notADirectory(Path dir) {
        return StoreException.of(dir, Problem.NOT_A_DIRECTORY, "not a directory, cannot be a store");
    }

    /** Checks, before anything is created or locked, that {@code dir} looks like a store. */
    private static void checkIsStore(Path dir) throws StoreException {
        if (!Files.exists(dir)) {
            throw StoreException.of(dir, Problem.NOT_A_STORE, "not an sli store: the directory does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw notADirectory(dir);
        }
        if (!Files.exists(dir.resolve(HeaderLayout.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            throw StoreException.of(dir, Problem.NOT_A_STORE, "not an sli store: it holds no " + HeaderLayout.FILE_NAME);
        }
    }

    /** Refuses to create a store where one is, or among other files; an empty directory or none is fine. */
    private static void refuseExisting(Path dir) throws StoreException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir.resolve(HeaderLayout.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            throw StoreException.of(dir, Problem.ALREADY_A_STORE, "already holds an sli store, not creating another");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> others = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(HeaderLayout.LOCK_FILE_NAME) && !n.equals(HeaderLayout.TEMP_FILE_NAME))
                    .sorted().limit(3).toList();
            if (!others.isEmpty()) {
                throw StoreException.of(dir, Problem.NOT_EMPTY, "not empty and not an sli store (it holds "
                        + String.join(", ", others) + "), not creating a store in it");
            }
        } catch (IOException e) {
            throw StoreException.io(dir, e);
        }
    }

    private static void releaseAfterFailure(WriteLock lock, Exception failure) {
        try {
            lock.release(false);
        } catch (StoreException e) {
            failure.addSuppressed(e);
        }
    }
}
