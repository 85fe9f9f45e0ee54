package dev.sli.store.counters;

import dev.sli.store.chronicle.ChronicleRuntime;
import dev.sli.store.counters.CounterFile.Result;
import dev.sli.store.counters.FileCheck.Mode;
import dev.sli.store.counters.FileCheck.Outcome;
import dev.sli.store.counters.Layout.Marker;
import dev.sli.store.directory.StoreException;
import dev.sli.store.directory.StoreException.Problem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-bucket amounts (a few longs per sealed time bucket of a series: good and bad counts, …) kept in
 * Chronicle Map files, one or more per UTC day, so that retention deletes whole files.
 *
 * <pre>
 * counters/
 *  ├── 2026-11-28.cmap       the day's first file, {@code initialCapacity} entries
 *  ├── 2026-11-28.1.cmap     made when the first is full, twice its capacity
 *  ├── 2026-11-28.2.cmap     …
 *  └── 2026-11-29.cmap
 * </pre>
 *
 * <p>A bucket number {@code b} covers the epoch milliseconds {@code [b * res, (b + 1) * res)} for the
 * resolution {@code res} given at open, and belongs to the day {@code floorDiv(b * res, 86_400_000)}.
 * A bucket's amounts are 1 to {@value #MAX_AMOUNTS} longs, stored as parts of 8 (one entry each); an entry
 * is a 16-byte key and a 160-byte value of two checksummed slots, updated in place: a write goes to the
 * older slot, so a process killed in the middle of one leaves the previous value readable.
 *
 * <h2>Sizing</h2>
 * Chronicle preallocates a file for its capacity: about <b>200 bytes per entry of capacity</b>, used or not
 * (measured, {@code CounterFiguresTest}: 64 entries → 16,384 bytes; 1,024 → 245,760; 16,384 → 3,301,376,
 * that is 201.5 B/entry; 65,536 → 12,853,248). An entry is one 8-long part of one bucket, so a series takes
 * {@code bucketsPerDay x ceil(longs / 8)} entries a day: at minute resolution with up to 8 longs, 1,440
 * entries, 290 KB of capacity a day. A day that outgrows its first file of {@code C} entries rolls to files
 * of 2C, 4C, …: k files hold {@code C x (2^k - 1)} entries. Rule: <b>bytes a day ≈ 201.5 x C x (2^k - 1)
 * for the smallest k with C x (2^k - 1) ≥ series x bucketsPerDay x parts</b>; choose {@code C} near the
 * entries a day expected (the default 16,384 holds 11 minute series of up to 8 longs, 3.3 MB a day).
 * {@link #bytesOnDisk()} gives the files' lengths.
 *
 * <h2>Opening, checking, recovery</h2>
 * Chronicle Map trusts its file: a 0-byte file opens as a new empty map, an all-zero one makes it wait
 * 60 s, garbage in the middle makes iteration loop forever, a lock left by a dead process makes it spin
 * 60 s and throw, and the settings of a reopened file come from the file, not the builder. So no existing
 * file is mapped before it is known good:
 * <ul>
 *   <li><b>After a clean shutdown</b> ({@code recover == false}) each file is read once and its length and
 *       CRC32C compared with {@code counters.sum}, which the clean {@link #close()} wrote (and the open
 *       deletes before the first write); then its Chronicle header and our marker are checked. A file
 *       whose bytes differ is damaged and refused, even where Chronicle would not notice. A file
 *       {@code counters.sum} does not list (it is missing or damaged) gets the full check below, where any
 *       finding is refused.</li>
 *   <li><b>The full check</b> ({@code FileCheck}) works on a private copy: Chronicle's header checked by
 *       hand, {@code recoverPersistedTo} run on the copy with a listener, our marker entry (magic
 *       {@code SLI-CNTR}, format version 1, resolution, day, capacity) and the checksum of every slot.</li>
 *   <li><b>After a crash</b> ({@code recover == true}) every file gets the full check: recovery events are
 *       logged at WARN and counted, torn slots rewritten from the intact one, inserts cut short dropped;
 *       the recovered copies replace the files once every file passed.</li>
 * </ul>
 * Every refusal is a {@link StoreException} naming the file and the problem, with no file changed.
 *
 * <h2>Costs</h2>
 * Measured on a 2 vCPU VM (ext4 on virtio, JDK 17) with {@code CounterFiguresTest}, one full 16,384-entry
 * file (3.3 MB), JVM warm; figures taken while another build shared the machine were 2-4 times higher:
 * <ul>
 *   <li>writer open against {@code counters.sum}: 3-5 ms a file; the full check: 33-56 ms (median 35:
 *       copy 2.5 ms, Chronicle recovery of the copy 16-25 ms, slot scan 4 ms, checksum of the copy);
 *       recovering open: 27 ms; {@link #readSnapshot}: 26-40 ms (median 28).</li>
 *   <li>In a fresh JVM (ten such files, three runs): open against {@code counters.sum} 1.66-1.80 s, which is
 *       what Chronicle's first map of a JVM takes alone (1.6-1.9 s: it compiles code at run time); with full
 *       checks 2.2-2.9 s; recovering 2.3-2.7 s; a reader's snapshot 2.9-3.1 s. So the full check costs 60-120
 *       ms a file until the JVM is warm: above the 50 ms that would make it free, hence {@code counters.sum}
 *       after a clean shutdown.</li>
 *   <li>{@link #put}: about 280,000 inserts a second into a fresh file (43,000-105,000 under load; first
 *       touches of preallocated pages), 1.2-1.9 million in-place updates a second, 0 bytes allocated per
 *       update; {@link #forEach} of 16,384 buckets 27-44 ms.</li>
 * </ul>
 *
 * <h2>Threads and processes</h2>
 * Every method is {@code synchronized} on this object: safe from any thread, built for one writer thread
 * at a time (writes are serialised; the lock is uncontended then). One process writes a directory, and
 * the caller guarantees it (the store's exclusive write lock); other processes read it only through
 * {@link #readSnapshot}, which never maps the writer's files.
 */
public final class DayCounters implements Closeable {

    /** The most longs a bucket holds. */
    public static final int MAX_AMOUNTS = Layout.MAX_LONGS;
    /** The entries of a day's first file unless told otherwise. */
    public static final int DEFAULT_INITIAL_CAPACITY = 16_384;
    /** The most entries a rolled file gets (about 3.4 GB); rolls beyond it keep this capacity. */
    public static final int MAX_CAPACITY = 1 << 24;
    /** Milliseconds in a UTC day. */
    public static final long MILLIS_PER_DAY = 86_400_000L;

    private static final Pattern NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\.([1-9]\\d{0,5}))?\\.cmap");
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final Logger LOG = LoggerFactory.getLogger(DayCounters.class);

    /** Receives one bucket's amounts. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param seriesId the series
         * @param bucket the bucket number (bucket x resolution = its start, epoch milliseconds)
         * @param amounts its longs as last written (their number too); a new array the visitor may keep
         */
        void visit(int seriesId, long bucket, long[] amounts);
    }

    private final Path dir;
    private final long resolutionMillis;
    private final int initialCapacity;
    private final TreeMap<Long, List<CounterFile>> days = new TreeMap<>();
    /** The day of the last put and its files, so that a put to the same day does not box its day. */
    private long lastDay = Long.MIN_VALUE;
    private List<CounterFile> lastFiles;
    private final int recoveryEvents;
    private final int repairedValues;
    private boolean closed;

    private DayCounters(Path dir, long resolutionMillis, int initialCapacity, int recoveryEvents, int repairedValues) {
        this.dir = dir;
        this.resolutionMillis = resolutionMillis;
        this.initialCapacity = initialCapacity;
        this.recoveryEvents = recoveryEvents;
        this.repairedValues = repairedValues;
    }

    /**
     * {@link #openForWriting(Path, long, boolean, int)} with {@value #DEFAULT_INITIAL_CAPACITY} entries for a
     * day's first file.
     *
     * @param dir the counters directory (e.g. {@code <store>/counters})
     * @param resolutionMillis the bucket length, milliseconds
     * @param recover true when the previous writer did not shut down cleanly
     * @return the open counters; close them at a clean shutdown
     * @throws StoreException naming the file and the problem; no file was changed
     */
    public static DayCounters openForWriting(Path dir, long resolutionMillis, boolean recover) throws StoreException {
        return openForWriting(dir, resolutionMillis, recover, DEFAULT_INITIAL_CAPACITY);
    }

    /**
     * Opens (creating it if missing) the counters directory for writing. Every file in it is checked first
     * (see the class comment); leftover temporary files of a previous writer ({@code *.cmap.*.tmp},
     * {@code counters.sum.tmp}) are deleted; other names are ignored. Once every file passed,
     * {@code counters.sum} is deleted (it is written again by {@link #close()}).
     *
     * @param dir the counters directory (e.g. {@code <store>/counters}); created when missing
     * @param resolutionMillis the bucket length, milliseconds (&gt; 0); files made with another are refused
     * @param recover true when the previous writer did not shut down cleanly (the caller knows it from the
     *                store's clean-shutdown marker, and holds the store's exclusive write lock): Chronicle
     *                recovery runs on every file, its events are logged at WARN and counted
     *                ({@link #recoveryEvents()}), torn values are repaired or (an insert cut short) dropped
     *                ({@link #repairedValues()}). False: any damage is refused.
     * @param initialCapacity the entries of a day's first file (1 to {@value #MAX_CAPACITY})
     * @return the open counters; close them at a clean shutdown
     * @throws StoreException naming the file and the problem (EMPTY, ZEROED, WRONG_MAGIC, TRUNCATED, CORRUPT,
     *                        FOREIGN, UNSUPPORTED_VERSION, RESOLUTION_MISMATCH, NO_PERMISSION, IO,
     *                        NOT_A_DIRECTORY); no file was changed
     * @throws IllegalStateException when the JVM lacks the flags Chronicle Map needs
     *                               ({@link ChronicleRuntime#requireReady()})
     */
    public static DayCounters openForWriting(Path dir, long resolutionMillis, boolean recover, int initialCapacity)
            throws StoreException {
        Objects.requireNonNull(dir, "dir");
        requirePositive(resolutionMillis);
        if (initialCapacity < 1 || initialCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("initialCapacity must be 1 to " + MAX_CAPACITY + ": " + initialCapacity);
        }
        ChronicleRuntime.requireReady();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw StoreException.of(dir, Problem.NOT_A_DIRECTORY, "not a directory: cannot hold counter files");
        }
        warmUp();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String name = p.getFileName().toString();
                    if ((name.contains(".cmap.") || name.equals(Manifest.NAME + ".tmp")) && name.endsWith(".tmp")
                            && Files.isRegularFile(p)) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw FileCheck.io(dir, e);
        }
        List<Name> names = list(dir);
        Mode mode = recover ? Mode.RECOVER : Mode.CLEAN;
        Map<String, Manifest.Entry> recorded = recover ? Map.of() : Manifest.read(dir, resolutionMillis);
        List<Outcome> outcomes = new ArrayList<>(); // null: the file is as the last clean shutdown recorded it
        List<Integer> recordedCrc = new ArrayList<>();
        int events = 0;
        int repaired = 0;
        try {
            for (Name n : names) {
                Manifest.Entry entry = recorded.get(n.path().getFileName().toString());
                if (entry != null) {
                    FileCheck.Copied bytes = FileCheck.read(n.path());
                    if (bytes.length() == entry.length() && bytes.crc() == entry.crc()) {
                        FileCheck.checkHeader(n.path(), bytes);
                        outcomes.add(null);
                        recordedCrc.add(bytes.crc());
                        continue;
                    }
                    // changed since: find out how, in full; damage Chronicle does not see is still damage
                    FileCheck.check(n.path(), copyPath(n), resolutionMillis, n.epochDay(), Mode.CLEAN, null);
                    throw StoreException.of(n.path(), Problem.CORRUPT, String.format("damaged: its bytes (%d, CRC32C"
                            + " %08x) differ from those the last clean shutdown recorded in %s (%d, CRC32C %08x), though"
                            + " Chronicle Map's recovery check and the value checksums find nothing wrong; the file is"
                            + " left as it is", bytes.length(), bytes.crc(), Manifest.NAME, entry.length(), entry.crc()));
                }
                Outcome o = FileCheck.check(n.path(), copyPath(n), resolutionMillis, n.epochDay(), mode, null);
                outcomes.add(o);
                recordedCrc.add(null);
                events += o.events();
                repaired += o.repaired();
            }
        } catch (StoreException | RuntimeException e) {
            deleteReplacements(outcomes, 0);
            throw e;
        }
        for (int i = 0; i < names.size(); i++) {
            Path replacement = outcomes.get(i) == null ? null : outcomes.get(i).replacement();
            if (replacement != null) {
                Path target = names.get(i).path();
                try (FileChannel ch = FileChannel.open(replacement, StandardOpenOption.WRITE)) {
                    ch.force(true);
                    Files.move(replacement, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    deleteReplacements(outcomes, i);
                    throw StoreException.of(target, Problem.IO, "cannot put the recovered file in place: " + e, e);
                }
            }
        }
        FileCheck.forceDirectory(dir);
        DayCounters counters = new DayCounters(dir, resolutionMillis, initialCapacity, events, repaired);
        try {
            for (int i = 0; i < names.size(); i++) {
                Name n = names.get(i);
                Outcome o = outcomes.get(i);
                CounterFile f = o == null
                        ? CounterFile.openRecorded(n.path(), resolutionMillis, n.epochDay(), recordedCrc.get(i))
                        : CounterFile.open(n.path(), o.marker(), o.crc());
                counters.days.computeIfAbsent(n.epochDay(), d -> new ArrayList<>()).add(f);
            }
            // from here on the files may change: the manifest no longer describes them
            Manifest.delete(dir);
        } catch (StoreException | RuntimeException e) {
            counters.closeFiles();
            throw e;
        }
        return counters;
    }

    private static Path copyPath(Name n) {
        return n.path().resolveSibling(n.path().getFileName() + ".check.tmp");
    }

    private static void deleteReplacements(List<Outcome> outcomes, int from) {
        for (int j = from; j < outcomes.size(); j++) {
            if (outcomes.get(j) != null && outcomes.get(j).replacement() != null) {
                CounterFile.deleteQuietly(outcomes.get(j).replacement());
            }
        }
    }

    /** The bucket length this directory was opened with, milliseconds. */
    public long resolutionMillis() {
        return resolutionMillis;
    }

    /** The UTC day (days since 1970-01-01) a bucket belongs to: {@code floorDiv(bucket * resolution, 86_400_000)}. */
    public long epochDayOf(long bucket) {
        return dayOf(bucket, resolutionMillis);
    }

    /** The Chronicle recovery events of the open ({@code recover == true}), all files together; 0 otherwise. */
    public int recoveryEvents() {
        return recoveryEvents;
    }

    /**
     * The values the recovering open repaired (a slot torn by the crash, rewritten from the intact one) or
     * removed (an insert cut short), all files together; 0 after a clean open.
     */
    public int repairedValues() {
        return repairedValues;
    }

    /**
     * Stores the amounts of a bucket: {@code amounts[0, n)} replace what it held (its length becomes
     * {@code n}). An existing bucket is updated in place in the file of its day that holds it; a new one
     * is inserted into the day's newest file, and when that is full a new file of twice its capacity is
     * made for it. Parts are written from the last to the first, so a crash between two parts leaves
     * the later parts newer, never a first part (which gives the length) ahead of the rest; each part is
     * whole, either as before or as written.
     *
     * @param n 1 to {@value #MAX_AMOUNTS}, at most {@code amounts.length}
     * @throws IllegalArgumentException for a bad {@code n}, or a bucket whose day is outside years 0-9999
     * @throws IllegalStateException after {@link #close()}
     * @throws StoreException when a file cannot be made or Chronicle fails (the bucket may then be partly written)
     */
    public synchronized void put(int seriesId, long bucket, long[] amounts, int n) throws StoreException {
        ensureOpen();
        if (n < 1 || n > MAX_AMOUNTS || n > amounts.length) {
            throw new IllegalArgumentException("n must be 1 to " + Math.min(MAX_AMOUNTS, amounts.length) + ": " + n);
        }
        long day = epochDayOf(bucket);
        List<CounterFile> files = day == lastDay ? lastFiles : days.get(day);
        if (files == null || files.isEmpty()) { // empty: a failed dropDaysBefore closed them
            files = new ArrayList<>();
            files.add(CounterFile.create(path(day, 0), new Marker(Layout.VERSION, resolutionMillis, day, initialCapacity)));
            days.put(day, files);
        }
        lastDay = day;
        lastFiles = files;
        int parts = (n + Layout.LONGS_PER_PART - 1) / Layout.LONGS_PER_PART;
        for (int part = parts - 1; part >= 0; part--) {
            putPart(day, files, seriesId, part, bucket, amounts, n);
        }
    }

    private void putPart(long day, List<CounterFile> files, int seriesId, int part, long bucket, long[] amounts, int n)
            throws StoreException {
        int from = part * Layout.LONGS_PER_PART;
        CounterFile newest = files.get(files.size() - 1);
        if (files.size() > 1) {
            for (int i = files.size() - 1; i >= 0; i--) {
                if (files.get(i).write(seriesId, part, bucket, amounts, from, n, false) == Result.UPDATED) {
                    return;
                }
            }
        }
        if (newest.write(seriesId, part, bucket, amounts, from, n, true) != Result.FULL) {
            return;
        }
        long capacity = Math.min(MAX_CAPACITY, 2 * newest.capacity());
        Matcher m = NAME.matcher(newest.path().getFileName().toString());
        int index = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) + 1 : 1;
        CounterFile next = CounterFile.create(path(day, index), new Marker(Layout.VERSION, resolutionMillis, day, capacity));
        files.add(next);
        next.write(seriesId, part, bucket, amounts, from, n, true);
    }

    /**
     * Gives every stored bucket: days in order, then by series id and bucket; parts put back together. A
     * bucket whose last write was cut short by a crash before its first part was inserted is not given.
     *
     * @throws StoreException when Chronicle fails to read a file
     */
    public synchronized void forEach(Visitor visitor) throws StoreException {
        ensureOpen();
        for (List<CounterFile> files : days.values()) {
            Reassembly r = new Reassembly();
            for (CounterFile f : files) {
                try {
                    f.forEach(r);
                } catch (RuntimeException e) {
                    throw StoreException.of(f.path(), Problem.IO, "Chronicle Map failed to read the counter file: " + e, e);
                }
            }
            for (Reassembly.Bucket b : r.buckets()) {
                visitor.visit(b.seriesId(), b.bucket(), b.amounts());
            }
        }
    }

    /**
     * Retention: closes and deletes every file of the days before {@code epochDay} (days since
     * 1970-01-01, UTC), with all their buckets.
     *
     * @throws StoreException when a file cannot be deleted (the files before it are gone)
     */
    public synchronized void dropDaysBefore(long epochDay) throws StoreException {
        ensureOpen();
        Map<Long, List<CounterFile>> old = days.headMap(epochDay, false);
        try {
            while (!old.isEmpty()) {
                Map.Entry<Long, List<CounterFile>> first = old.entrySet().iterator().next();
                List<CounterFile> files = first.getValue();
                while (!files.isEmpty()) {
                    CounterFile f = files.get(0);
                    f.close();
                    files.remove(0);
                    try {
                        Files.deleteIfExists(f.path());
                    } catch (IOException e) {
                        throw StoreException.of(f.path(), Problem.IO, "cannot delete the counter file: " + e, e);
                    }
                }
                old.remove(first.getKey());
            }
        } finally {
            lastDay = Long.MIN_VALUE;
            lastFiles = null;
            FileCheck.forceDirectory(dir);
        }
    }

    /**
     * The length of every file, bytes. Chronicle preallocates a file for its capacity, so this is what
     * the files may take once filled; a fresh file's pages are only allocated as they are written.
     */
    public synchronized long bytesOnDisk() {
        long sum = 0;
        for (List<CounterFile> files : days.values()) {
            for (CounterFile f : files) {
                sum += f.length();
            }
        }
        return sum;
    }

    /** The files, days in order, each day's in roll order. */
    public synchronized List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (List<CounterFile> files : days.values()) {
            for (CounterFile f : files) {
                out.add(f.path());
            }
        }
        return out;
    }

    /**
     * Unmaps every file and records, in {@code counters.sum}, each file's length and CRC32C (files written
     * since the open are forced to disk and read once for it), which the next open after a clean shutdown
     * checks them against instead of checking each through a copy. Call it at a clean shutdown only: a
     * failure to record is logged (the next open then checks every file in full). Idempotent; nothing else
     * may be called afterwards.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Map<String, Manifest.Entry> entries = new TreeMap<>();
        for (List<CounterFile> files : days.values()) {
            for (CounterFile f : files) {
                Integer crc = f.cleanCrc();
                long length = f.length();
                f.close();
                if (f.failed()) {
                    LOG.warn("{}: a write to it failed; not recorded as clean, the next open checks it in full", f.path());
                    continue;
                }
                if (crc == null) {
                    try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.WRITE)) {
                        ch.force(true);
                        FileCheck.Copied bytes = FileCheck.read(f.path());
                        crc = bytes.crc();
                        length = bytes.length();
                    } catch (IOException e) {
                        LOG.warn("{}: cannot be checksummed at close ({}); the next open checks it in full", f.path(),
                                e.toString());
                        continue;
                    }
                }
                entries.put(f.path().getFileName().toString(), new Manifest.Entry(length, crc));
            }
        }
        days.clear();
        try {
            Manifest.write(dir, resolutionMillis, entries);
        } catch (IOException e) {
            LOG.warn("{}: cannot record the counter files' checksums ({}); the next open checks every file in full",
                    dir.resolve(Manifest.NAME), e.toString());
        }
    }

    /** Unmaps every file without recording anything (a failed open). */
    private void closeFiles() {
        closed = true;
        for (List<CounterFile> files : days.values()) {
            for (CounterFile f : files) {
                f.close();
            }
        }
        days.clear();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the counters of " + dir + " are closed");
        }
    }

    private Path path(long day, int index) {
        String date = LocalDate.ofEpochDay(day).toString();
        return dir.resolve(index == 0 ? date + ".cmap" : date + "." + index + ".cmap");
    }

    /** Whether this JVM has made a counter map already (Chronicle's run-time compilation is done). */
    private static volatile boolean warm;

    /**
     * Makes and drops one small counter map on the heap, once per JVM, at a writer's open: Chronicle generates
     * and compiles code at run time the first time a map is made (1.6–1.9 s here), and that must not happen at
     * the first seal, on the thread that seals and checkpoints: a flusher stalled that long would let a kill lose
     * more than one flush interval.
     */
    static void warmUp() {
        if (warm) {
            return;
        }
        synchronized (DayCounters.class) {
            if (!warm) {
                Path file = null;
                try {
                    // a persisted one, in the temporary directory: mapping a file loads more than a heap map does
                    file = Files.createTempFile("sli-counters-warm-up", ".cmap");
                    Files.delete(file);
                    try (net.openhft.chronicle.map.ChronicleMap<byte[], byte[]> map =
                            CounterFile.builder(64).createPersistedTo(file.toFile())) {
                        byte[] key = CounterFile.markerKey();
                        map.put(key, new byte[Layout.VALUE_BYTES]);
                        map.get(key);
                        try (var c = map.queryContext(key)) {
                            c.writeLock().lock();
                            c.entry();
                        }
                    }
                } catch (IOException e) {
                    // no temporary file: warm up on the heap only
                    try (net.openhft.chronicle.map.ChronicleMap<byte[], byte[]> map = CounterFile.builder(64).create()) {
                        map.put(CounterFile.markerKey(), new byte[Layout.VALUE_BYTES]);
                    }
                } finally {
                    if (file != null) {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException ignored) {
                            // a 16 KB file left in the temporary directory
                        }
                    }
                }
                warm = true;
            }
        }
    }

    static long dayOf(long bucket, long resolutionMillis) {
        long start;
        try {
            start = Math.multiplyExact(bucket, resolutionMillis);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("bucket " + bucket + " x " + resolutionMillis + " ms is past the epoch-millisecond range");
        }
        long day = Math.floorDiv(start, MILLIS_PER_DAY);
        if (day < FIRST_DAY || day > LAST_DAY) {
            throw new IllegalArgumentException("bucket " + bucket + " starts outside the years 0 to 9999");
        }
        return day;
    }

    private static void requirePositive(long resolutionMillis) {
        if (resolutionMillis <= 0) {
            throw new IllegalArgumentException("resolutionMillis must be > 0: " + resolutionMillis);
        }
    }

    /** A counter file name: its day and roll index (0 for {@code <day>.cmap}). */
    private record Name(Path path, long epochDay, int index) {
    }

    /** The counter files of a directory, by day then index; other names are ignored. */
    private static List<Name> list(Path dir) throws StoreException {
        List<Name> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long day;
                try {
                    day = LocalDate.parse(m.group(1)).toEpochDay();
                } catch (DateTimeException e) {
                    continue;
                }
                names.add(new Name(p, day, m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
            }
        } catch (IOException e) {
            throw FileCheck.io(dir, e);
        }
        names.sort(Comparator.comparingLong(Name::epochDay).thenComparingInt(Name::index));
        return names;
    }

    /**
     * Reads every bucket of a counters directory that a writer in another process may be writing at the
     * same time, without ever mapping the writer's files (a reader killed while holding a Chronicle lock
     * would make the writer spin and throw, and recovery needs exclusive access): each file is copied to a
     * private file in {@code java.io.tmpdir}, Chronicle recovery runs on the copy, the copy is read and
     * deleted. What it gives is the data up to the writer's last complete write as each file was copied:
     * an update caught half done gives the previous value (the other slot); an insert caught half done
     * may be absent. A file deleted by retention meanwhile is left out; a file made after the listing is
     * not read. Cost (see the class comment): 26-40 ms per full 16,384-entry file in a warm JVM; a fresh
     * JVM read ten such files in 2.9-3.1 s, 1.6-1.9 s of it Chronicle's own start. The copies take the
     * files' size in {@code java.io.tmpdir}, one file at a time.
     *
     * <p>A reader cannot tell damage inside a map from a write in progress: what Chronicle's recovery of
     * the copy drops, and values with no valid slot, are left out (counted in
     * {@link Snapshot#recoveryEvents()}); only the writer's open refuses them.
     *
     * @param dir the counters directory
     * @param resolutionMillis the bucket length the files must have been written with
     * @return the buckets, in memory (about 100 bytes a bucket; {@link #readEach} holds one day at a time);
     *         empty when the directory does not exist
     * @throws StoreException naming a file that is not a counter file, is empty, zeroed, truncated, of
     *                        another format version, resolution or day, or whose header or marker is damaged
     * @throws IllegalStateException when the JVM lacks the flags Chronicle Map needs
     */
    public static Snapshot readSnapshot(Path dir, long resolutionMillis) throws StoreException {
        List<Reassembly.Bucket> buckets = new ArrayList<>();
        List<Path> read = new ArrayList<>();
        int events = read(dir, resolutionMillis, read, (s, b, a) -> buckets.add(new Reassembly.Bucket(s, b, a)));
        return new Snapshot(buckets, read, events);
    }

    /**
     * {@link #readSnapshot} without holding it: gives every bucket to {@code visitor} as each day is read
     * (days in order, then by series id and bucket), so that only one day's buckets are in memory at a
     * time (a snapshot holds them all: about 100 bytes a bucket).
     *
     * @throws StoreException as {@link #readSnapshot} does; the buckets of the days before the bad file
     *                        have been given
     */
    public static void readEach(Path dir, long resolutionMillis, Visitor visitor) throws StoreException {
        Objects.requireNonNull(visitor, "visitor");
        read(dir, resolutionMillis, new ArrayList<>(), visitor);
    }

    /** Reads every file through a private copy, day by day; returns the recovery events of the copies. */
    private static int read(Path dir, long resolutionMillis, List<Path> read, Visitor visitor) throws StoreException {
        Objects.requireNonNull(dir, "dir");
        requirePositive(resolutionMillis);
        ChronicleRuntime.requireReady();
        if (!Files.exists(dir)) {
            return 0;
        }
        if (!Files.isDirectory(dir)) {
            throw StoreException.of(dir, Problem.NOT_A_DIRECTORY, "not a directory: cannot hold counter files");
        }
        List<Name> names = list(dir);
        int events = 0;
        for (int i = 0; i < names.size(); ) {
            long day = names.get(i).epochDay();
            Reassembly r = new Reassembly();
            for (; i < names.size() && names.get(i).epochDay() == day; i++) {
                Path file = names.get(i).path();
                Path copy;
                try {
                    copy = Files.createTempFile("sli-counters-", ".cmap");
                } catch (IOException e) {
                    throw StoreException.of(file, Problem.IO, "cannot make a temporary copy to read it: " + e, e);
                }
                try {
                    events += FileCheck.check(file, copy, resolutionMillis, day, Mode.READER, r).events();
                    read.add(file);
                } catch (StoreException e) {
                    if (!(e.getCause() instanceof NoSuchFileException) || Files.exists(file)) {
                        throw e;
                    }
                    // deleted by the writer's retention since the listing
                }
            }
            for (Reassembly.Bucket b : r.buckets()) {
                visitor.visit(b.seriesId(), b.bucket(), b.amounts());
            }
        }
        return events;
    }

    /**
     * The buckets of a counters directory as {@link #readSnapshot} read them, held in memory. Immutable
     * and thread-safe.
     */
    public static final class Snapshot {

        private final List<Reassembly.Bucket> buckets;
        private final List<Path> files;
        private final int recoveryEvents;

        private Snapshot(List<Reassembly.Bucket> buckets, List<Path> files, int recoveryEvents) {
            this.buckets = List.copyOf(buckets);
            this.files = List.copyOf(files);
            this.recoveryEvents = recoveryEvents;
        }

        /** Gives every bucket: days in order, then by series id and bucket; a new amounts array each call. */
        public void forEach(Visitor visitor) {
            for (Reassembly.Bucket b : buckets) {
                visitor.visit(b.seriesId(), b.bucket(), b.amounts().clone());
            }
        }

        /** The number of buckets. */
        public int size() {
            return buckets.size();
        }

        /** The files read, days in order. */
        public List<Path> files() {
            return Collections.unmodifiableList(files);
        }

        /**
         * What Chronicle recovery fixed in the copies, all files together: a copy of a file being written
         * usually shows a held segment lock and the like; it says nothing about the writer's files.
         */
        public int recoveryEvents() {
            return recoveryEvents;
        }
    }
}
