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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A series' sealed history kept in a {@link RecordLog}, so that a series built again on it after a restart
 * (or after its process was killed) continues where it was: every block and every sealed bucket's amounts
 * is appended as the series makes it, and read back on open. The first record states the
 * {@link HistoryShape}; opening with another shape is refused. Reads are served from an index on the heap
 * that opening rebuilds; evicted blocks leave the index (the file keeps them until the store's retention
 * drops whole files, which comes with the store directory).
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
 * <p><b>First version.</b> Blocks are appended on the thread that seals (a write to the page cache, a few
 * microseconds, once a minute per series for live recording), and a failing write (a full disk) surfaces
 * there as an {@link UncheckedIOException}; moving writes to a background writer, flushing the open bucket
 * every second, one writer lock per store directory and retention by whole day files come with the store
 * directory (issue #7).
 *
 * <p>Threads: as {@link SealedHistory} says (the series calls under its seal lock); {@link #block} may be
 * called by several readers at once.
 */
public final class LogSealedHistory implements SealedHistory, Closeable {

    static final byte SHAPE = 0;
    static final byte BLOCK = 1;
    static final byte AMOUNTS = 2;
    static final byte[] CHECKPOINT_MAGIC = "SLI-OPEN".getBytes(StandardCharsets.US_ASCII);

    private final RecordLog log;
    /** The buckets not sealed yet at the last checkpoint: replaced whole (atomic rename) at each one. */
    private final Path checkpointFile;
    private final java.io.ByteArrayOutputStream checkpoint = new java.io.ByteArrayOutputStream();
    /** The checkpoint file's bytes as read at open (null: there was none). */
    private byte[] checkpointRead;
    private int checkpointBuckets;
    private final Path file;
    private final Owner owner;
    private final boolean readOnly;
    private final List<TreeMap<Long, byte[]>> blocks = new ArrayList<>();
    private final TreeMap<Long, long[]> amounts = new TreeMap<>();

    private LogSealedHistory(RecordLog log, Path file, Owner owner, int levels, boolean readOnly) {
        this.log = log;
        this.file = file;
        this.owner = owner;
        this.checkpointFile = checkpointFileOf(file);
        this.readOnly = readOnly;
        for (int l = 0; l < levels; l++) {
            blocks.add(new TreeMap<>());
        }
    }

    /**
     * Histories in {@code directory}, one log file per series (named after the series, escaped); the
     * directory must exist.
     */
    public static SealedHistory.Factory in(Path directory) {
        return (series, shape) -> {
            try {
                return open(directory.resolve(fileName(series)), shape);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the history of series '" + series + "' in " + directory
                        + ": " + e.getMessage(), e);
            }
        };
    }

    /**
     * Opens (or creates) the history in {@code file}.
     *
     * @throws IllegalArgumentException if the file holds a history of another shape
     * @throws IOException if the file cannot be read or written, or is damaged ({@code CorruptLogException})
     */
    public static LogSealedHistory open(Path file, HistoryShape shape) throws IOException {
        return open(file, shape, null);
    }

    /**
     * Opens (or creates) the history in {@code file}, which belongs to {@code owner}: a new file records it, a
     * file that records another owner (copied from another store, or from another series) is refused. A file
     * written before owners were recorded is opened as it is.
     *
     * @throws IllegalArgumentException if the file holds a history of another shape
     * @throws CorruptLogException if the file is damaged, or records another owner ({@code FOREIGN}); nothing
     *     is written to it then
     * @throws IOException if the file cannot be read or written
     */
    public static LogSealedHistory open(Path file, HistoryShape shape, Owner owner) throws IOException {
        RecordLog log = RecordLog.openForAppend(file);
        try {
            LogSealedHistory h = new LogSealedHistory(log, file, owner, shape.levels(), false);
            h.readCheckpoint(); // before the log: a bucket sealed in between is then in the log, never in neither
            HistoryShape[] stored = new HistoryShape[1];
            log.forEach((offset, payload) -> h.replay(offset, payload, stored));
            if (stored[0] == null) {
                log.append(encodeShape(shape, owner));
            } else if (!stored[0].equals(shape)) {
                throw new IllegalArgumentException(file + " holds a history of shape " + stored[0] + ", not " + shape);
            }
            return h;
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /**
     * Opens the history in {@code file} for reading while its writer may still be appending: what the
     * writer had written when this opened is read (a record it was in the middle of is left out); what a
     * query seals on top of it stays on the heap of this reader and is never written.
     *
     * @throws IllegalArgumentException if the file holds a history of another shape
     * @throws IOException if the file cannot be read, or is damaged ({@code CorruptLogException})
     */
    public static LogSealedHistory openReadOnly(Path file, HistoryShape shape) throws IOException {
        return openReadOnly(file, shape, null);
    }

    /** {@link #openReadOnly(Path, HistoryShape)}, refusing a file that records another owner than {@code owner}. */
    public static LogSealedHistory openReadOnly(Path file, HistoryShape shape, Owner owner) throws IOException {
        RecordLog log = RecordLog.openReadOnly(file);
        try {
            LogSealedHistory h = new LogSealedHistory(log, file, owner, shape.levels(), true);
            h.readCheckpoint(); // before the log: a bucket the writer seals in between is then in the log
            HistoryShape[] stored = new HistoryShape[1];
            log.forEach((offset, payload) -> h.replay(offset, payload, stored));
            if (stored[0] != null && !stored[0].equals(shape)) {
                throw new IllegalArgumentException(file + " holds a history of shape " + stored[0] + ", not " + shape);
            }
            return h;
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /**
     * Checks {@code file} without writing to it or keeping what it holds: every record whole (a torn last
     * record is left out, as a writer would cut it), each record well formed for the shape it starts with,
     * and, if the file records an owner and {@code owner} is not null, that it is {@code owner}.
     *
     * @return the shape stored, or empty when the file holds no record yet
     * @throws CorruptLogException naming the file, the offset and the problem
     * @throws IOException if the file cannot be read
     */
    public static java.util.Optional<HistoryShape> verify(Path file, Owner owner) throws IOException {
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

    /** The shape stored in {@code file}, or empty when it holds no record yet; reads without writing. */
    public static java.util.Optional<HistoryShape> shapeOf(Path file) throws IOException {
        return verify(file, null);
    }

    /**
     * What {@code file} holds, read without writing (a writer may be appending): its shape, how many
     * buckets were sealed in it and the first and last of them, and its size in bytes.
     *
     * @throws IOException if the file cannot be read, or is damaged ({@code CorruptLogException})
     */
    public static Summary summarize(Path file) throws IOException {
        try (RecordLog log = RecordLog.openReadOnly(file)) {
            HistoryShape[] shape = new HistoryShape[1];
            java.util.TreeSet<Long> buckets = new java.util.TreeSet<>();
            log.forEach((offset, payload) -> {
                if (shape[0] == null) {
                    shape[0] = checkFirst(file, offset, payload, null);
                } else if (payload.length >= 9 && payload[0] == AMOUNTS) {
                    buckets.add(ByteBuffer.wrap(payload, 1, 8).getLong());
                }
            });
            return new Summary(java.util.Optional.ofNullable(shape[0]), buckets.size(),
                    buckets.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(buckets.first()),
                    buckets.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(buckets.last()),
                    java.nio.file.Files.size(file));
        }
    }

    /**
     * What a history file holds: its shape (empty before the first record), the number of distinct sealed
     * buckets, the first and last of them (bucket numbers on the shape's grid), and the file's size in bytes.
     */
    public record Summary(java.util.Optional<HistoryShape> shape, long buckets, java.util.OptionalLong firstBucket,
            java.util.OptionalLong lastBucket, long bytes) {
    }

    private void replay(long offset, byte[] payload, HistoryShape[] stored) throws CorruptLogException {
        if (stored[0] == null) {
            stored[0] = checkFirst(file, offset, payload, owner);
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
            }
            case AMOUNTS -> {
                long bucket = b.getLong();
                long[] a = new long[b.getInt()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.getLong();
                }
                amounts.put(bucket, a);
            }
            default -> {
                // a later shape record: the first one rules
            }
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
        append(b.array());
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
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + 8 * a.length);
        b.put(AMOUNTS).putLong(bucket).putInt(a.length);
        for (long v : a) {
            b.putLong(v);
        }
        append(b.array());
        synchronized (blocks) {
            amounts.put(bucket, a.clone());
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

    /** The newest bucket holding sealed amounts (what the file and this process sealed), if any. */
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

    /** The checkpoint file beside a history file: {@code <file>.open}. */
    public static Path checkpointFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".open");
    }

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
        checkpointBuckets++;
    }

    /**
     * Replaces the checkpoint file: {@code "SLI-OPEN" | int format 1 | int buckets | buckets × (long bucket,
     * int n, n × long, int blockLength (-1: none), block) | int CRC32C of all before}, written to a temporary
     * file and renamed over the old one, so that a reader or a restart sees the previous checkpoint or this
     * one, never a torn one. A read-only history writes nothing.
     */
    @Override
    public void checkpointEnd() {
        if (readOnly) {
            return;
        }
        byte[] body = checkpoint.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(CHECKPOINT_MAGIC.length + 4 + 4 + body.length + 4);
        out.put(CHECKPOINT_MAGIC).putInt(1).putInt(checkpointBuckets).put(body);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
        try {
            java.nio.file.Files.write(tmp, out.array());
            java.nio.file.Files.move(tmp, checkpointFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + checkpointFile + ": " + e.getMessage(), e);
        }
    }

    /** Reads the checkpoint file as it is now (none: nothing); {@link #forEachCheckpointed} gives what was read. */
    private void readCheckpoint() throws IOException {
        checkpointRead = java.nio.file.Files.exists(checkpointFile) ? java.nio.file.Files.readAllBytes(checkpointFile) : null;
    }

    /**
     * Gives the buckets of the checkpoint read when this history opened (before its log, so that a bucket the
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
        dev.sli.store.log.CorruptLogException.Reason reason = dev.sli.store.log.CorruptLogException.Reason.DAMAGED;
        if (bytes.length < CHECKPOINT_MAGIC.length + 12
                || !java.util.Arrays.equals(bytes, 0, CHECKPOINT_MAGIC.length, CHECKPOINT_MAGIC, 0, CHECKPOINT_MAGIC.length)) {
            bad = "not an sli checkpoint (no SLI-OPEN magic, or shorter than its header)";
            reason = bytes.length == 0 ? dev.sli.store.log.CorruptLogException.Reason.EMPTY
                    : dev.sli.store.log.CorruptLogException.Reason.WRONG_MAGIC;
        } else {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
                bad = "its checksum does not match its content";
            } else if (ByteBuffer.wrap(bytes, CHECKPOINT_MAGIC.length, 4).getInt() != 1) {
                bad = "format version " + ByteBuffer.wrap(bytes, CHECKPOINT_MAGIC.length, 4).getInt() + ", this code reads 1";
                reason = dev.sli.store.log.CorruptLogException.Reason.UNSUPPORTED_VERSION;
            }
        }
        if (bad != null) {
            org.slf4j.LoggerFactory.getLogger(LogSealedHistory.class).warn("{}: {} ({}); its buckets, at most one flush"
                    + " interval of data, are left out", checkpointFile, bad, reason);
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

    private void append(byte[] payload) {
        if (readOnly) {
            return; // a reader's own sealing stays on its heap
        }
        try {
            log.append(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
