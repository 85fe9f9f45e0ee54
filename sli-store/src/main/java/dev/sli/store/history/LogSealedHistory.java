package dev.sli.store.history;

import dev.sli.core.history.HistoryShape;
import dev.sli.core.history.SealedHistory;
import dev.sli.store.log.CorruptLogException;
import dev.sli.store.log.RecordLog;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A series' sealed history kept in record logs, one per UTC day ({@link SeriesFiles}), so that a series
 * built again on it after a restart (or after its process was killed) continues where it was: every block and
 * every sealed bucket's amounts is appended as the series makes it, and read back on open. Each record goes to
 * the log of the UTC day its data starts in (a block {@code (level, number)} starts at bucket
 * {@code number × width(level)}, an amounts record at its bucket); the level widths (a bucket, a minute, an
 * hour, a day) are aligned to UTC days, so each block lies in exactly one day. Each day log starts with the
 * shape (and owner) record, so that each is checked on its own; opening with another shape is refused. Reads
 * are served from an index on the heap that opening rebuilds: the legacy (version-1) log first, then the day
 * logs in date order, later records winning.
 *
 * <p><b>Retention by whole files.</b> The history knows its shape's {@code retentionBuckets} and the newest
 * bucket sealed into it, so the first retained bucket ({@code newest + 1 - retentionBuckets}). When that bucket
 * enters a new UTC day (once a day; and at the first seal after an open), a writer deletes every day log whose
 * day ends at or before the first retained bucket's start, and the legacy log once the newest bucket it holds is
 * before it: a day's file goes as soon as all of it is out of retention. Evicted blocks leave the heap index as
 * the series evicts them.
 *
 * <pre>
 *  record payloads (big-endian):
 *    0  shape    : long resolutionMillis, int retentionBuckets, int levels, levels × long width,
 *                  long highestTrackableNanos, int significantDigits, int channels,
 *                  int thresholds, thresholds × long nanos (the declared thresholds, latency only),
 *                  and, written since the store directory names its files (absent in older files):
 *                  long storeCreatedEpochMillis, int seriesId (the {@link Owner}, checked on open)
 *    1  block    : byte level, long number, the block's bytes (none: the block became empty)
 *    2  amounts  : long bucket, int n, n × long
 * </pre>
 *
 * <p>Day logs are opened for appending as records arrive for their day, and at most {@value #OPEN_DAY_LOGS}
 * stay open (the least recently written is closed; a late correction to an older day opens its log again).
 * Records are appended on the thread that seals (a write to the page cache, a few microseconds, once a minute
 * per series for live recording). A write the files refuse (a full disk) never throws there: it is kept, with
 * every later write, in order on the heap and written once the files take it ({@link #retryPending}). Every
 * amounts write goes through {@link AmountsStore}: in a store, the counter files ({@link Counters}, Chronicle
 * Map: fixed-size records updated in place), where the day log of the bucket's day is made first so that the
 * shape is on disk for every day; by default ({@link #in}, and logs written before the counter files), amounts
 * records in the day logs.
 *
 * <p>Threads: as {@link SealedHistory} says (the series calls under its seal lock); {@link #block} may be
 * called by several readers at once.
 */
public final class LogSealedHistory implements SealedHistory, Closeable {

    static final byte SHAPE = 0;
    static final byte BLOCK = 1;
    static final byte AMOUNTS = 2;
    static final byte[] CHECKPOINT_MAGIC = "SLI-OPEN".getBytes(StandardCharsets.US_ASCII);
    static final long DAY_MILLIS = 86_400_000L;
    /** Day logs a writer keeps open for appending: today's, yesterday's (its hour and day blocks are written
     *  as today begins) and one more, for a late correction. */
    static final int OPEN_DAY_LOGS = 3;

    private final SeriesFiles files;
    private final HistoryShape shape;
    private final Owner owner;
    private final boolean readOnly;
    private final AmountsStore amountsStore;
    /** Guards the files: the day logs open for appending, those on disk, the retention state. */
    private final Object io = new Object();
    /** The day logs open for appending, least recently written first. */
    private final LinkedHashMap<Long, RecordLog> openDayLogs = new LinkedHashMap<>(8, 0.75f, true);
    /** The UTC days (days since the epoch) whose logs exist, as read at open and written since. */
    private final TreeSet<Long> dayLogs = new TreeSet<>();
    private boolean legacyLogPresent;
    /** The newest bucket any record of the legacy log holds data of. */
    private long legacyNewestBucket = Long.MIN_VALUE;
    private volatile boolean legacyCheckpointPresent;
    /** The newest bucket sealed into this history (read at open, then by {@link #sealed}). */
    private long newestSealed = Long.MIN_VALUE;
    /** The UTC day of the first retained bucket when the retention last ran ({@link Long#MIN_VALUE}: not since open). */
    private long retentionDay = Long.MIN_VALUE;
    /** The buckets not sealed yet at the last checkpoint: replaced whole (atomic rename) at each one. */
    private final java.io.ByteArrayOutputStream checkpoint = new java.io.ByteArrayOutputStream();
    /** The checkpoint file's bytes as read at open (null: there was none), and the file they came from. */
    private byte[] checkpointRead;
    private Path checkpointReadFrom;
    private int checkpointBuckets;
    private long checkpointFirstBucket;
    /** Whether a log on disk holds the shape record (read at open, or a day log created since). */
    private boolean shapeOnDisk;
    private final List<TreeMap<Long, byte[]>> blocks = new ArrayList<>();
    private final TreeMap<Long, long[]> amounts = new TreeMap<>();

    private LogSealedHistory(SeriesFiles files, HistoryShape shape, Owner owner, boolean readOnly, Counters counters) {
        this.files = files;
        this.shape = shape;
        this.owner = owner;
        this.readOnly = readOnly;
        this.amountsStore = counters == null ? new DayLogAmounts() : new CounterAmounts(counters);
        for (int l = 0; l < shape.levels(); l++) {
            blocks.add(new TreeMap<>());
        }
    }

    /**
     * Histories in {@code directory}, one per series (named after the series, escaped: a directory of day logs
     * {@code <name>/}, and the single log {@code <name>.history} an earlier version wrote, read first); the
     * directory must exist.
     */
    public static SealedHistory.Factory in(Path directory) {
        return (series, shape) -> {
            try {
                return open(filesOf(directory, series), shape, null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the history of series '" + series + "' in " + directory
                        + ": " + e.getMessage(), e);
            }
        };
    }

    /** The files of series {@code series} in a directory of {@link #in} histories. */
    static SeriesFiles filesOf(Path directory, String series) {
        String legacy = fileName(series);
        return new SeriesFiles(directory.resolve(legacy.substring(0, legacy.length() - ".history".length())),
                directory.resolve(legacy));
    }

    /**
     * Opens (or creates) the history in {@code files}, which belongs to {@code owner} (null: none recorded): a new
     * day log records it, a log that records another owner (copied from another store, or from another series) is
     * refused. A log written before owners were recorded is opened as it is. A writer cuts a record torn at the
     * end of a log by a crash; it never appends to the legacy log.
     *
     * @throws IllegalArgumentException if a log holds a history of another shape
     * @throws CorruptLogException if a log is damaged, or records another owner ({@code FOREIGN}); nothing
     *     is written then
     * @throws IOException if a file cannot be read or written
     */
    public static LogSealedHistory open(SeriesFiles files, HistoryShape shape, Owner owner) throws IOException {
        return open(files, shape, owner, null);
    }

    /**
     * {@link #open(SeriesFiles, HistoryShape, Owner)} with the sealed buckets' amounts in the store's counter
     * files ({@code counters}; null: in the day logs, as amounts records). Amounts records that logs written
     * before hold are still read; the counters' win for the same bucket.
     */
    public static LogSealedHistory open(SeriesFiles files, HistoryShape shape, Owner owner, Counters counters)
            throws IOException {
        LogSealedHistory h = new LogSealedHistory(files, shape, owner, false, counters);
        try {
            h.load(null);
            java.nio.file.Files.createDirectories(files.directory());
            return h;
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /**
     * Opens the history in {@code files} for reading while its writer may still be appending: what the
     * writer had written when this opened is read (a record it was in the middle of is left out, and a day log
     * its retention deleted in between is skipped); what a query seals on top of it stays on the heap of this
     * reader and is never written.
     *
     * @throws IllegalArgumentException if a log holds a history of another shape
     * @throws IOException if a log cannot be read, or is damaged ({@code CorruptLogException}), or records
     *     another owner than {@code owner} (null: not checked)
     */
    public static LogSealedHistory openReadOnly(SeriesFiles files, HistoryShape shape, Owner owner) throws IOException {
        return openReadOnly(files, shape, owner, null);
    }

    /** {@link #openReadOnly(SeriesFiles, HistoryShape, Owner)}, calling {@code afterListing} with the logs listed. */
    static LogSealedHistory openReadOnly(SeriesFiles files, HistoryShape shape, Owner owner,
            java.util.function.Consumer<List<Path>> afterListing) throws IOException {
        return openReadOnly(files, shape, owner, null, null, afterListing);
    }

    /**
     * {@link #openReadOnly(SeriesFiles, HistoryShape, Owner)} beside a writer whose amounts are in counter files:
     * {@code counters} holds what a read of them gave, and {@code checkpoint} is this series' checkpoint as read
     * <em>before</em> that read ({@link #readCheckpointAhead}), so that a bucket the writer sealed (logs first,
     * then counters) and dropped from its checkpoint in between is in one or the other, never in neither; the
     * logs are read after both.
     */
    public static LogSealedHistory openReadOnly(SeriesFiles files, HistoryShape shape, Owner owner, Counters counters,
            CheckpointAhead checkpoint) throws IOException {
        return openReadOnly(files, shape, owner, counters, checkpoint, null);
    }

    private static LogSealedHistory openReadOnly(SeriesFiles files, HistoryShape shape, Owner owner, Counters counters,
            CheckpointAhead checkpoint, java.util.function.Consumer<List<Path>> afterListing) throws IOException {
        LogSealedHistory h = new LogSealedHistory(files, shape, owner, true, counters);
        h.checkpointAhead = checkpoint;
        try {
            h.load(afterListing);
            return h;
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /**
     * Reads the checkpoint, then every log (the legacy one, then the day logs in date order) into the heap
     * index. The checkpoint comes first: a bucket the writer seals in between is then in a log, never in
     * neither. A listed log that is gone when opened was deleted by the writer's retention and is skipped; the
     * logs are then listed again and those the writer began since are read too, so that a reader never misses
     * the newest days because the writer moved on while it opened.
     */
    private void load(java.util.function.Consumer<List<Path>> afterListing) throws IOException {
        readCheckpoint();
        List<Path> logs = files.logs();
        if (afterListing != null) {
            afterListing.accept(logs);
        }
        java.util.Set<Path> read = new java.util.HashSet<>();
        while (readLogs(logs, read)) {
            logs = files.logs();
        }
        amountsStore.readInto(this::readAmounts);
    }

    /** Reads the logs of {@code logs} not in {@code read} yet, adding them; whether one was gone. */
    private boolean readLogs(List<Path> logs, java.util.Set<Path> read) throws IOException {
        boolean gone = false;
        for (Path file : logs) {
            if (!read.add(file)) {
                continue;
            }
            boolean legacy = file.equals(files.legacyLog());
            RecordLog log;
            try {
                log = RecordLog.openReadOnly(file);
            } catch (java.nio.file.NoSuchFileException e) {
                gone = true;
                continue;
            }
            boolean torn;
            try (log) {
                HistoryShape[] stored = new HistoryShape[1];
                log.forEach((offset, payload) -> replay(file, legacy, offset, payload, stored));
                torn = log.cutBytes() > 0;
            }
            if (legacy) {
                legacyLogPresent = true;
            } else {
                dayLogs.add(SeriesFiles.epochDayOf(file.getFileName().toString()));
            }
            if (torn && !readOnly) {
                RecordLog.openForAppend(file).close(); // a writer cuts what a crash tore, as it opens
            }
        }
        return gone;
    }

    /**
     * Checks every log of {@code files} without writing to them or keeping what they hold: every record whole
     * (a torn last record is left out, as a writer would cut it), each record well formed for the shape its
     * log starts with, every log of the same shape, and, if a log records an owner and {@code owner} is not
     * null, that it is {@code owner}.
     *
     * @return the shape stored, or empty when no log holds a record yet
     * @throws CorruptLogException naming the file, the offset and the problem
     * @throws IOException if a file cannot be read
     */
    public static java.util.Optional<HistoryShape> verify(SeriesFiles files, Owner owner) throws IOException {
        HistoryShape first = null;
        Path firstFile = null;
        for (Path file : files.logs()) {
            java.util.Optional<HistoryShape> shape;
            try {
                shape = verify(file, owner);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // deleted by the writer's retention since it was listed
            }
            if (shape.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = shape.get();
                firstFile = file;
            } else if (!first.equals(shape.get())) {
                throw new CorruptLogException(file, RecordLog.HEADER_BYTES, CorruptLogException.Reason.DAMAGED,
                        "a history of shape " + shape.get() + ", while " + firstFile.getFileName() + " of the same"
                        + " series holds " + first + ": the files of one series never differ in shape");
            }
        }
        return java.util.Optional.ofNullable(first);
    }

    /** Checks one log as {@link #verify(SeriesFiles, Owner)} does. */
    private static java.util.Optional<HistoryShape> verify(Path file, Owner owner) throws IOException {
        try (RecordLog log = RecordLog.openReadOnly(file)) {
            HistoryShape[] stored = new HistoryShape[1];
            log.forEach((offset, payload) -> {
                if (stored[0] == null) {
                    stored[0] = checkFirst(file, offset, payload, owner);
                } else {
                    checkRecord(file, offset, payload, stored[0].levels());
                }
            });
            return java.util.Optional.ofNullable(stored[0]);
        }
    }

    /**
     * Who a history file belongs to: the store, by the creation instant its header records, and the series
     * id the store gave the series. Recorded in a new file's first record, so that a file copied from another
     * store, or renamed to another series' id, is refused instead of mixed in.
     */
    public record Owner(long storeCreatedEpochMillis, int seriesId) {

        @Override
        public String toString() {
            return "series id " + seriesId + " of the store created " + java.time.Instant.ofEpochMilli(storeCreatedEpochMillis);
        }
    }

    /** The shape stored in the logs of {@code files}, or empty when none holds a record yet; reads without writing. */
    public static java.util.Optional<HistoryShape> shapeOf(SeriesFiles files) throws IOException {
        return verify(files, null);
    }

    /**
     * What the logs of {@code files} hold together, read without writing (a writer may be appending, and
     * deleting day logs its retention dropped): the shape, how many distinct buckets were sealed in them and the
     * first and last of them, and the bytes of the logs (the checkpoint not counted).
     *
     * @throws IOException if a log cannot be read, or is damaged ({@code CorruptLogException})
     */
    public static Summary summarize(SeriesFiles files) throws IOException {
        return summarize(files, java.util.Collections.emptyNavigableSet());
    }

    /**
     * {@link #summarize(SeriesFiles)} for a series whose amounts are (also) in the store's counter files:
     * {@code counterBuckets} are the buckets they hold for it (a read of them: {@code DayCounters.readEach}).
     */
    public static Summary summarize(SeriesFiles files, java.util.NavigableSet<Long> counterBuckets) throws IOException {
        HistoryShape[] shape = new HistoryShape[1];
        java.util.TreeSet<Long> buckets = new java.util.TreeSet<>(counterBuckets);
        long bytes = 0;
        for (Path file : files.logs()) {
            try (RecordLog log = RecordLog.openReadOnly(file)) {
                boolean[] first = {true};
                log.forEach((offset, payload) -> {
                    if (first[0]) {
                        first[0] = false;
                        HistoryShape s = checkFirst(file, offset, payload, null);
                        if (shape[0] == null) {
                            shape[0] = s;
                        }
                    } else if (payload.length >= 9 && payload[0] == AMOUNTS) {
                        buckets.add(ByteBuffer.wrap(payload, 1, 8).getLong());
                    }
                });
                bytes += log.endOffset() + log.cutBytes();
            } catch (java.nio.file.NoSuchFileException gone) {
                // deleted by the writer's retention since it was listed
            }
        }
        return new Summary(java.util.Optional.ofNullable(shape[0]), buckets.size(),
                buckets.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(buckets.first()),
                buckets.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(buckets.last()), bytes);
    }

    /**
     * What a series' logs hold: the shape (empty before the first record), the number of distinct sealed
     * buckets, the first and last of them (bucket numbers on the shape's grid), and the logs' size in bytes.
     */
    public record Summary(java.util.Optional<HistoryShape> shape, long buckets, java.util.OptionalLong firstBucket,
            java.util.OptionalLong lastBucket, long bytes) {
    }

    /** Takes one record of {@code file} (the legacy log if {@code legacy}) into the heap index. */
    private void replay(Path file, boolean legacy, long offset, byte[] payload, HistoryShape[] stored)
            throws CorruptLogException {
        if (stored[0] == null) {
            stored[0] = checkFirst(file, offset, payload, owner);
            if (!stored[0].equals(shape)) {
                throw new IllegalArgumentException(file + " holds a history of shape " + stored[0] + ", not " + shape);
            }
            shapeOnDisk = true;
            return;
        }
        checkRecord(file, offset, payload, blocks.size());
        ByteBuffer b = ByteBuffer.wrap(payload);
        byte type = b.get();
        switch (type) {
            case BLOCK -> {
                int level = b.get();
                long number = b.getLong();
                byte[] block = new byte[b.remaining()];
                b.get(block);
                if (block.length == 0) {
                    blocks.get(level).remove(number);
                } else {
                    blocks.get(level).put(number, block);
                }
                if (legacy) {
                    legacyNewestBucket = Math.max(legacyNewestBucket, lastBucketOf(level, number));
                }
            }
            case AMOUNTS -> {
                long bucket = b.getLong();
                long[] a = new long[b.getInt()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.getLong();
                }
                readAmounts(bucket, a);
                if (legacy) {
                    legacyNewestBucket = Math.max(legacyNewestBucket, bucket);
                }
            }
            default -> {
                // a later shape record: the first one rules
            }
        }
    }

    /** Where every sealed bucket's amounts come in at open: from the logs' records, then the {@link AmountsStore}. */
    private void readAmounts(long bucket, long[] a) {
        synchronized (blocks) {
            amounts.put(bucket, a.clone());
        }
        newestSealed = Math.max(newestSealed, bucket);
    }

    /** The last bucket block {@code number} of {@code level} holds (saturated where the product overflows). */
    private long lastBucketOf(int level, long number) {
        try {
            return Math.addExact(Math.multiplyExact(number, shape.width(level)), shape.width(level) - 1);
        } catch (ArithmeticException e) {
            return number < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Checks that the first record is a shape (and, when both are known, of {@code owner}); returns the shape. */
    private static HistoryShape checkFirst(Path file, long offset, byte[] payload, Owner owner) throws CorruptLogException {
        if (payload[0] != SHAPE) {
            throw new CorruptLogException(file, offset, CorruptLogException.Reason.DAMAGED,
                    "the first record is of type " + payload[0] + ", not the shape (type 0): not a series history");
        }
        ByteBuffer b = ByteBuffer.wrap(payload, 1, payload.length - 1);
        HistoryShape shape;
        try {
            shape = decodeShape(b);
        } catch (RuntimeException e) { // too short, or a field the shape refuses
            throw new CorruptLogException(file, offset, CorruptLogException.Reason.DAMAGED,
                    "the shape record (" + payload.length + " bytes) cannot be read: " + e.getMessage());
        }
        if (b.remaining() >= 12) {
            Owner recorded = new Owner(b.getLong(), b.getInt());
            if (owner != null && !recorded.equals(owner)) {
                throw new CorruptLogException(file, offset, CorruptLogException.Reason.FOREIGN, "the file belongs to "
                        + recorded + ", not to " + owner + ": copied from another store or renamed from another"
                        + " series' file; nothing was changed");
            }
        }
        return shape;
    }

    /** Checks a record after the first: a known type, and a length that fits its fields. */
    private static void checkRecord(Path file, long offset, byte[] payload, int levels) throws CorruptLogException {
        String problem = null;
        switch (payload[0]) {
            case SHAPE -> { }
            case BLOCK -> {
                if (payload.length < 10) {
                    problem = "a block record of " + payload.length + " bytes, shorter than its 10-byte head";
                } else if (payload[1] < 0 || payload[1] >= levels) {
                    problem = "a block record of level " + payload[1] + ", the shape has " + levels;
                }
            }
            case AMOUNTS -> {
                int n = payload.length >= 13 ? ByteBuffer.wrap(payload, 9, 4).getInt() : -1;
                if (n < 0 || payload.length != 13 + 8L * n) {
                    problem = "an amounts record of " + payload.length + " bytes that does not hold the "
                            + (n < 0 ? "count" : n + " amounts") + " it states";
                }
            }
            default -> problem = "a record of unknown type " + payload[0];
        }
        if (problem != null) {
            throw new CorruptLogException(file, offset, CorruptLogException.Reason.DAMAGED, problem
                    + " (its checksum matches: written so, not torn)");
        }
    }

    static String fileName(String series) {
        StringBuilder sb = new StringBuilder();
        for (byte c : series.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                sb.append((char) c);
            } else {
                sb.append('_').append(String.format("%02x", c & 0xff));
            }
        }
        return sb.append(".history").toString();
    }

    private static byte[] encodeShape(HistoryShape s, Owner owner) {
        long[] widths = s.levelWidths();
        long[] thresholds = s.thresholdsNanos();
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + 4 + 8 * widths.length + 8 + 4 + 4 + 4 + 8 * thresholds.length
                + (owner == null ? 0 : 12));
        b.put(SHAPE).putLong(s.resolutionMillis()).putInt(s.retentionBuckets()).putInt(widths.length);
        for (long w : widths) {
            b.putLong(w);
        }
        b.putLong(s.highestTrackableNanos()).putInt(s.significantDigits()).putInt(s.channels()).putInt(thresholds.length);
        for (long t : thresholds) {
            b.putLong(t);
        }
        if (owner != null) {
            b.putLong(owner.storeCreatedEpochMillis()).putInt(owner.seriesId());
        }
        return b.array();
    }

    private static HistoryShape decodeShape(ByteBuffer b) {
        long resolution = b.getLong();
        int retention = b.getInt();
        long[] widths = new long[count(b)];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = b.getLong();
        }
        long highest = b.getLong();
        int digits = b.getInt();
        int channels = b.getInt();
        long[] thresholds = new long[count(b)];
        for (int i = 0; i < thresholds.length; i++) {
            thresholds[i] = b.getLong();
        }
        return new HistoryShape(resolution, retention, widths, highest, digits, channels, thresholds);
    }

    /** A count of longs that follow, checked against what the record holds before anything is allocated. */
    private static int count(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 8) {
            throw new IllegalArgumentException("it states " + n + " values, " + b.remaining() + " bytes follow");
        }
        return n;
    }

    @Override
    public byte[] block(int level, long number) {
        synchronized (blocks) {
            return blocks.get(level).get(number);
        }
    }

    @Override
    public void putBlock(int level, long number, byte[] block) {
        byte[] bytes = block == null ? new byte[0] : block;
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 8 + bytes.length);
        b.put(BLOCK).put((byte) level).putLong(number).put(bytes);
        append(Math.multiplyExact(number, shape.width(level)), b.array());
        synchronized (blocks) {
            if (block == null) {
                blocks.get(level).remove(number);
            } else {
                blocks.get(level).put(number, block);
            }
        }
    }

    @Override
    public void evictBefore(int level, long number) {
        synchronized (blocks) {
            blocks.get(level).headMap(number).clear();
            if (level == 0) {
                amounts.headMap(number).clear();
            }
        }
    }

    @Override
    public void sealed(long bucket, long[] a) {
        writeAmounts(bucket, a);
        synchronized (blocks) {
            amounts.put(bucket, a.clone());
        }
        noteSealed(bucket);
    }

    /** The one place that writes a sealed bucket's amounts: to the {@link AmountsStore}. A reader writes nothing. */
    private void writeAmounts(long bucket, long[] a) {
        if (readOnly) {
            return; // a reader's own sealing stays on its heap
        }
        long[] copy = a.clone(); // the caller reuses its array; a write kept for later needs its own
        write(new PendingWrite(bucket, true, () -> amountsStore.write(bucket, copy)));
    }

    /** A write to the files, kept in order while the files refuse it (a full disk) and tried again later. */
    private record PendingWrite(long bucket, boolean amounts, IoAction action) {
    }

    /** What {@code w} writes, for the log line a refused write gets. */
    private String describe(PendingWrite w) {
        return w.amounts() ? "the amounts of bucket " + w.bucket()
                : "a record of bucket " + w.bucket() + " to " + files.dayLog(dayOf(w.bucket()));
    }

    /** A write that may fail. */
    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** Writes that failed, in order, with the first failure; tried again before any later write, and by the flusher. */
    private final java.util.ArrayDeque<PendingWrite> pending = new java.util.ArrayDeque<>();
    private IOException pendingCause;

    /**
     * Writes {@code w} now, or, while earlier writes are pending or the files refuse it, keeps it after them:
     * a failing write (a full disk, a day log at its limit) never throws into the series that seals (a
     * recording or query thread), and never loses what it writes while the process lives; the bucket stays on
     * the heap for queries, and {@link #retryPending} (the flusher, each interval, and close) writes it once the
     * files take it, in the order it was made.
     */
    private void write(PendingWrite w) {
        synchronized (io) {
            if (pending.isEmpty() || drainPending()) {
                try {
                    w.action().run();
                    return;
                } catch (IOException e) {
                    noteFailure(w, e);
                }
            }
            pending.add(w);
        }
    }

    private void noteFailure(PendingWrite w, IOException e) {
        if (pendingCause == null) {
            pendingCause = e;
            org.slf4j.LoggerFactory.getLogger(LogSealedHistory.class).warn("sli-store {}: cannot write {}: {}; it stays"
                    + " on the heap and is written, with what follows, once the files take it", files.directory(), describe(w),
                    e.toString());
        }
    }

    /** Writes the pending writes in order until one fails; whether none is left. Holds {@link #io}. */
    private boolean drainPending() {
        while (!pending.isEmpty()) {
            PendingWrite w = pending.peekFirst();
            try {
                w.action().run();
            } catch (IOException e) {
                noteFailure(w, e);
                return false;
            }
            pending.pollFirst();
        }
        if (pendingCause != null) {
            org.slf4j.LoggerFactory.getLogger(LogSealedHistory.class).info("sli-store {}: the writes kept since \"{}\""
                    + " are written", files.directory(), pendingCause.getMessage());
            pendingCause = null;
        }
        return true;
    }

    /**
     * Tries again the writes that the files refused, in order; returns how many are still pending (0 when all
     * were written). Called by the store's flusher each interval and at close.
     */
    public int retryPending() {
        synchronized (io) {
            drainPending();
            return pending.size();
        }
    }

    /** Writes the files refused so far and not written yet. */
    public int pendingWrites() {
        synchronized (io) {
            return pending.size();
        }
    }

    /** The amounts kept in the day logs, as amounts records beside the blocks: the default {@link AmountsStore}. */
    private final class DayLogAmounts implements AmountsStore {

        @Override
        public void write(long bucket, long[] a) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + 8 * a.length);
            b.put(AMOUNTS).putLong(bucket).putInt(a.length);
            for (long v : a) {
                b.putLong(v);
            }
            appendToDayLog(bucket, b.array());
        }

        @Override
        public void readInto(BucketAmounts into) {
            // the amounts records were read with the logs
        }

        @Override
        public void retainFrom(long firstRetainedBucket) {
            // they leave with whole day logs
        }
    }

    @Override
    public void forEachSealed(BucketAmounts consumer) {
        List<Map.Entry<Long, long[]>> copy;
        synchronized (blocks) {
            copy = new ArrayList<>(amounts.entrySet());
        }
        for (Map.Entry<Long, long[]> e : copy) {
            consumer.accept(e.getKey(), e.getValue().clone());
        }
    }

    /** The first bucket the retention keeps, from the newest sealed one ({@code newest + 1 - retention}); empty when none. */
    public java.util.OptionalLong firstRetainedBucket() {
        java.util.OptionalLong newest = newestSealedBucket();
        return newest.isPresent() ? java.util.OptionalLong.of(newest.getAsLong() + 1 - shape.retentionBuckets())
                : java.util.OptionalLong.empty();
    }

    /** The newest bucket holding sealed amounts (what the files and this process sealed), if any. */
    public java.util.OptionalLong newestSealedBucket() {
        synchronized (blocks) {
            return amounts.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(amounts.lastKey());
        }
    }

    @Override
    public long heapBytes() {
        long total = 0;
        synchronized (blocks) {
            for (TreeMap<Long, byte[]> level : blocks) {
                for (byte[] block : level.values()) {
                    total += 16 + block.length;
                }
            }
        }
        return total;
    }

    /** The files this history reads and writes. */
    public SeriesFiles files() {
        return files;
    }

    // ---- day logs and retention ------------------------------------------------------------------------

    /** The UTC day (days since the epoch) bucket {@code bucket} starts in. */
    private long dayOf(long bucket) {
        return Math.floorDiv(Math.multiplyExact(bucket, shape.resolutionMillis()), DAY_MILLIS);
    }

    /** Appends a record whose data starts at bucket {@code bucket}; a reader writes nothing. */
    private void append(long bucket, byte[] payload) {
        if (readOnly) {
            return; // a reader's own sealing stays on its heap
        }
        write(new PendingWrite(bucket, false, () -> appendToDayLog(bucket, payload)));
    }

    /** Appends {@code payload} to the log of the UTC day bucket {@code bucket} starts in. */
    private void appendToDayLog(long bucket, byte[] payload) throws IOException {
        synchronized (io) {
            dayLog(dayOf(bucket)).append(payload);
        }
    }

    /**
     * The log of {@code day}, open for appending: from the cache, or opened (created, with the shape and owner
     * record first) and cached, closing the least recently written beyond {@value #OPEN_DAY_LOGS}.
     */
    private RecordLog dayLog(long day) throws IOException {
        RecordLog log = openDayLogs.get(day);
        if (log != null) {
            return log;
        }
        log = RecordLog.openForAppend(files.dayLog(day));
        try {
            if (log.isEmpty()) {
                log.append(encodeShape(shape, owner));
            }
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        openDayLogs.put(day, log);
        dayLogs.add(day);
        shapeOnDisk = true;
        if (openDayLogs.size() > OPEN_DAY_LOGS) {
            java.util.Iterator<Map.Entry<Long, RecordLog>> eldest = openDayLogs.entrySet().iterator();
            RecordLog closing = eldest.next().getValue();
            eldest.remove();
            closeQuietly(closing);
        }
        return log;
    }

    /**
     * Bucket {@code bucket} was sealed. The retention runs when the first retained bucket ({@code newest sealed
     * + 1 - retentionBuckets}) enters another UTC day, which is when a day can have left it (with a retention of
     * whole days: as the newest sealed bucket completes a day), and at the first seal after open; not on every
     * call.
     */
    private void noteSealed(long bucket) {
        if (readOnly) {
            return;
        }
        synchronized (io) {
            newestSealed = Math.max(newestSealed, bucket);
            long day = dayOf(newestSealed + 1 - shape.retentionBuckets());
            if (day != retentionDay) {
                retentionDay = day;
                applyRetention();
            }
        }
    }

    /**
     * Deletes the day logs wholly out of retention (the day ends at or before the first retained bucket's
     * start), and the legacy log (with its checkpoint) once the newest bucket it holds is before that bucket.
     * A file that cannot be deleted is logged and tried again at the next run.
     */
    private void applyRetention() {
        long firstRetained = newestSealed + 1 - shape.retentionBuckets();
        long firstRetainedMillis;
        try {
            firstRetainedMillis = Math.multiplyExact(firstRetained, shape.resolutionMillis());
        } catch (ArithmeticException e) {
            return;
        }
        while (!dayLogs.isEmpty() && Math.floorDiv(firstRetainedMillis, DAY_MILLIS) > dayLogs.first()) {
            // the day ends at (first + 1) days; that is at or before the first retained bucket's start
            long day = dayLogs.first();
            closeQuietly(openDayLogs.remove(day));
            Path file = files.dayLog(day);
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException e) {
                warn("cannot delete " + file + ", out of retention: " + e + "; trying again at the next day");
                break;
            }
            dayLogs.pollFirst();
        }
        if (legacyLogPresent && legacyNewestBucket != Long.MIN_VALUE && legacyNewestBucket < firstRetained) { // never one it cannot date
            try { // (its checkpoint goes when the first new checkpoint replaces it, not before)
                java.nio.file.Files.deleteIfExists(files.legacyLog());
                legacyLogPresent = false;
            } catch (IOException e) {
                warn("cannot delete " + files.legacyLog() + ", out of retention: " + e + "; trying again at the next day");
            }
        }
        try {
            amountsStore.retainFrom(firstRetained);
        } catch (IOException e) {
            warn("cannot drop the amounts before bucket " + firstRetained + " of " + files.directory() + ": " + e);
        }
    }

    private static void warn(String message) {
        org.slf4j.LoggerFactory.getLogger(LogSealedHistory.class).warn("{}", message);
    }

    private static void closeQuietly(RecordLog log) {
        if (log == null) {
            return;
        }
        try {
            log.close();
        } catch (IOException e) {
            warn("cannot close " + log + ": " + e);
        }
    }

    // ---- the checkpoint ----------------------------------------------------------------------------------

    @Override
    public void checkpointBegin() {
        checkpoint.reset();
        checkpointBuckets = 0;
    }

    @Override
    public void checkpointBucket(long bucket, long[] amounts, byte[] block) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 8 * amounts.length + 4 + (block == null ? 0 : block.length));
        b.putLong(bucket).putInt(amounts.length);
        for (long a : amounts) {
            b.putLong(a);
        }
        b.putInt(block == null ? -1 : block.length);
        if (block != null) {
            b.put(block);
        }
        checkpoint.writeBytes(b.array());
        if (checkpointBuckets++ == 0) {
            checkpointFirstBucket = bucket;
        }
    }

    /**
     * Replaces the checkpoint file ({@link SeriesFiles#checkpoint}): {@code "SLI-OPEN" | int format 1 | int buckets
     * | buckets × (long bucket, int n, n × long, int blockLength (-1: none), block) | int CRC32C of all before},
     * written to a temporary file and renamed over the old one, so that a reader or a restart sees the previous
     * checkpoint or this one, never a torn one. The first one written removes a version-1 checkpoint. A checkpoint
     * is never on disk without a log that holds the shape (before anything is sealed, the day log of its first
     * bucket is created for it), so that a reopen with another shape never seals its buckets into the other
     * definition. A read-only history writes nothing.
     */
    @Override
    public void checkpointEnd() {
        if (readOnly) {
            return;
        }
        if (checkpointBuckets > 0) {
            synchronized (io) {
                if (!shapeOnDisk) {
                    try {
                        dayLog(dayOf(checkpointFirstBucket));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create " + files.dayLog(dayOf(checkpointFirstBucket))
                                + " for the checkpoint's shape: " + e.getMessage(), e);
                    }
                }
            }
        }
        byte[] body = checkpoint.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(CHECKPOINT_MAGIC.length + 4 + 4 + body.length + 4);
        out.put(CHECKPOINT_MAGIC).putInt(1).putInt(checkpointBuckets).put(body);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        Path checkpointFile = files.checkpoint();
        Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
        try {
            java.nio.file.Files.write(tmp, out.array());
            java.nio.file.Files.move(tmp, checkpointFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + checkpointFile + ": " + e.getMessage(), e);
        }
        if (legacyCheckpointPresent) {
            try {
                java.nio.file.Files.deleteIfExists(files.legacyCheckpoint());
                legacyCheckpointPresent = false;
            } catch (IOException e) {
                warn("cannot delete " + files.legacyCheckpoint() + ", replaced by " + checkpointFile + ": " + e);
            }
        }
    }

    /**
     * Reads the checkpoint as it is now (none: nothing): {@link SeriesFiles#checkpoint}, or, while a store of
     * version 1 has not written one there yet, the legacy one; {@link #forEachCheckpointed} gives what was read.
     */
    private void readCheckpoint() throws IOException {
        CheckpointAhead read = checkpointAhead != null ? checkpointAhead : readCheckpointAhead(files);
        checkpointReadFrom = read.from;
        checkpointRead = read.bytes;
        legacyCheckpointPresent = !readOnly
                && java.nio.file.Files.exists(files.legacyCheckpoint(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** A series' checkpoint read ahead of the store's counter files; see {@link #openReadOnly(SeriesFiles, HistoryShape, Owner, Counters, CheckpointAhead)}. */
    public static final class CheckpointAhead {
        final Path from;
        final byte[] bytes;

        private CheckpointAhead(Path from, byte[] bytes) {
            this.from = from;
            this.bytes = bytes;
        }
    }

    private CheckpointAhead checkpointAhead;

    /** Reads the checkpoint of the series in {@code files} now (its new one, else a version-1 one; none: empty). */
    public static CheckpointAhead readCheckpointAhead(SeriesFiles files) throws IOException {
        byte[] bytes = readIfPresent(files.checkpoint());
        if (bytes != null) {
            return new CheckpointAhead(files.checkpoint(), bytes);
        }
        bytes = readIfPresent(files.legacyCheckpoint());
        if (bytes != null) {
            return new CheckpointAhead(files.legacyCheckpoint(), bytes);
        }
        bytes = readIfPresent(files.checkpoint()); // a writer replaced the legacy one in between
        return new CheckpointAhead(files.checkpoint(), bytes);
    }

    /**
     * Where a history's sealed amounts live when the store keeps them in counter files
     * ({@link dev.sli.store.counters.DayCounters}): the files (null for a reader, which writes nothing), the
     * series' id in them, and the amounts they held for it at open, by bucket. Immutable once made.
     */
    public static final class Counters {
        final dev.sli.store.counters.DayCounters files;
        final int seriesId;
        final java.util.NavigableMap<Long, long[]> held;

        private Counters(dev.sli.store.counters.DayCounters files, int seriesId, java.util.NavigableMap<Long, long[]> held) {
            this.files = files;
            this.seriesId = seriesId;
            this.held = held;
        }

        /** A writer's: amounts go to {@code files} under {@code seriesId}; {@code held} is what they held at open. */
        public static Counters writing(dev.sli.store.counters.DayCounters files, int seriesId,
                java.util.NavigableMap<Long, long[]> held) {
            return new Counters(java.util.Objects.requireNonNull(files, "files"), seriesId, held);
        }

        /** A reader's: what a read of the counter files gave for the series. */
        public static Counters read(int seriesId, java.util.NavigableMap<Long, long[]> held) {
            return new Counters(null, seriesId, held);
        }
    }

    /**
     * The amounts in the store's counter files (Chronicle Map, fixed-size records updated in place). The day log
     * of each bucket's day is made (holding the shape and owner record) before its amounts go to the counters,
     * so that a series of amounts only still has its shape on disk for every day it holds: a reopen with another
     * shape is then told apart, never mixed in.
     */
    private final class CounterAmounts implements AmountsStore {
        private final Counters counters;

        CounterAmounts(Counters counters) {
            this.counters = counters;
        }

        @Override
        public void write(long bucket, long[] amounts) throws IOException {
            if (counters.files == null) {
                throw new IllegalStateException("a reader writes no amounts");
            }
            synchronized (io) {
                dayLog(dayOf(bucket));
            }
            counters.files.put(counters.seriesId, bucket, amounts, amounts.length);
        }

        @Override
        public void readInto(BucketAmounts into) {
            counters.held.forEach((bucket, amounts) -> into.accept(bucket, amounts.clone()));
        }

        @Override
        public void retainFrom(long firstRetainedBucket) {
            // the store drops whole days of counter files for every series at once
        }
    }

    /** The bytes of {@code file}, or null if it does not exist; never waits on a named pipe. */
    private static byte[] readIfPresent(Path file) throws IOException {
        if (!java.nio.file.Files.exists(file)) {
            return null;
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "not a regular file, cannot be a checkpoint");
        }
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException gone) {
            return null;
        }
    }

    /**
     * Gives the buckets of the checkpoint read when this history opened (before its logs, so that a bucket the
     * writer sealed in between is in one or the other). A damaged checkpoint (only a power loss leaves one:
     * it is replaced by an atomic rename, not fsynced) is left out with a warning naming the file, so that a
     * store whose sealed data is whole still opens; it held at most one flush interval.
     */
    @Override
    public void forEachCheckpointed(CheckpointedBucket consumer) {
        byte[] bytes = checkpointRead;
        if (bytes == null) {
            return;
        }
        String bad = null;
        CorruptLogException.Reason reason = CorruptLogException.Reason.DAMAGED;
        if (bytes.length < CHECKPOINT_MAGIC.length + 12
                || !java.util.Arrays.equals(bytes, 0, CHECKPOINT_MAGIC.length, CHECKPOINT_MAGIC, 0, CHECKPOINT_MAGIC.length)) {
            bad = "not an sli checkpoint (no SLI-OPEN magic, or shorter than its header)";
            reason = bytes.length == 0 ? CorruptLogException.Reason.EMPTY : CorruptLogException.Reason.WRONG_MAGIC;
        } else {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
                bad = "its checksum does not match its content";
            } else if (ByteBuffer.wrap(bytes, CHECKPOINT_MAGIC.length, 4).getInt() != 1) {
                bad = "format version " + ByteBuffer.wrap(bytes, CHECKPOINT_MAGIC.length, 4).getInt() + ", this code reads 1";
                reason = CorruptLogException.Reason.UNSUPPORTED_VERSION;
            }
        }
        if (bad != null) {
            org.slf4j.LoggerFactory.getLogger(LogSealedHistory.class).warn("{}: {} ({}); its buckets, at most one flush"
                    + " interval of data, are left out", checkpointReadFrom, bad, reason);
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, CHECKPOINT_MAGIC.length + 4, bytes.length - CHECKPOINT_MAGIC.length - 8);
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            long bucket = b.getLong();
            long[] amounts = new long[b.getInt()];
            for (int k = 0; k < amounts.length; k++) {
                amounts[k] = b.getLong();
            }
            int length = b.getInt();
            byte[] block = null;
            if (length >= 0) {
                block = new byte[length];
                b.get(block);
            }
            consumer.accept(bucket, amounts, block);
        }
    }

    /** Closes the day logs open for appending. */
    @Override
    public void close() throws IOException {
        synchronized (io) {
            if (!readOnly && !drainPending()) {
                org.slf4j.LoggerFactory.getLogger(LogSealedHistory.class).error("sli-store {}: closing with {} writes the"
                        + " files refused ({}): what they held, since the first of them, is lost", files.directory(),
                        pending.size(), pendingCause == null ? "" : pendingCause.toString());
            }
            for (RecordLog log : openDayLogs.values()) {
                closeQuietly(log);
            }
            openDayLogs.clear();
        }
        amountsStore.close();
    }
}
