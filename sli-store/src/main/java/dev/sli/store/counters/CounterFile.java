package dev.sli.store.counters;

import dev.sli.store.chronicle.ChronicleRuntime;
import dev.sli.store.counters.Layout.Marker;
import dev.sli.store.directory.StoreException;
import dev.sli.store.directory.StoreException.Problem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.serialization.impl.ByteArrayDataAccess;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;

/**
 * One Chronicle Map file of counters: 16-byte keys (series id, part, bucket), 160-byte values of two
 * checksummed slots ({@link Layout}), and the marker entry that says what the file is. It refuses to insert
 * a new key once it holds {@link #capacity()} entries ({@link Result#FULL}: the caller rolls to a new file),
 * so Chronicle never reaches its own hard limit (about 2.35 x {@code entries()}); updates of keys it holds
 * always work.
 *
 * <p>An existing file is mapped only once it is known good ({@link DayCounters} checks it against
 * {@code counters.sum} or through {@link FileCheck} first); a new one is made by {@link #create}.
 * <b>Not thread-safe:</b> it reuses one key and one value buffer; the caller serialises every call
 * ({@link DayCounters} holds its lock).
 */
final class CounterFile implements Closeable {

    /** What a write did. */
    enum Result {
        /** The key was there; its older slot now holds the new value. */
        UPDATED,
        /** The key was not there and was inserted. */
        INSERTED,
        /** The key was not there and was not inserted (the caller asked only for an update). */
        ABSENT,
        /** The key was not there, and the file already holds its capacity: nothing was written. */
        FULL
    }

    /** An entry as {@link #forEach} gives it: the newest valid slot of one part. */
    interface PartVisitor {
        /**
         * @param n the bucket's number of longs as of that write (1 to 64)
         * @param amounts the part's 8 longs, a buffer reused for the next call
         */
        void visit(int seriesId, int part, long bucket, int n, long[] amounts);
    }

    private final Path path;
    private final ChronicleMap<byte[], byte[]> map;
    private final Marker marker;
    /** The CRC32C of the file as opened, while nothing was written to it since; null once written, or when new. */
    private Integer cleanCrc;
    /** Whether a write failed inside Chronicle: the file is then not recorded as clean at close. */
    private boolean failed;
    private final byte[] key = new byte[Layout.KEY_BYTES];
    private final ByteBuffer keyBuf = Layout.le(key);
    /** The key buffer as Chronicle data: {@code queryContext(byte[])} allocates 192 bytes a call, this none. */
    private final Data<byte[]> keyData = new ByteArrayDataAccess().getData(key);
    private final byte[] value = new byte[Layout.VALUE_BYTES];
    private final ByteBuffer valueBuf = Layout.le(value);
    private final Data<byte[]> valueData = new ByteArrayDataAccess().getData(value);
    private final CRC32C crc = new CRC32C();
    private long size;

    private CounterFile(Path path, ChronicleMap<byte[], byte[]> map, Marker marker, Integer cleanCrc) {
        this.path = path;
        this.map = map;
        this.marker = marker;
        this.cleanCrc = cleanCrc;
        this.size = map.longSize() - 1;
    }

    /** The builder every counter file is created with (a reopen takes the settings from the file). */
    static ChronicleMapBuilder<byte[], byte[]> builder(long capacity) {
        ChronicleRuntime.requireReady();
        return ChronicleMap.of(byte[].class, byte[].class)
                .name("sli-counters")
                .constantKeySizeBySample(new byte[Layout.KEY_BYTES])
                .constantValueSizeBySample(new byte[Layout.VALUE_BYTES])
                .entries(capacity + 1) // the marker
                .checksumEntries(false); // the slots carry their own CRC32C
    }

    static byte[] markerKey() {
        byte[] k = new byte[Layout.KEY_BYTES];
        Layout.key(Layout.le(k), 0, Layout.MARKER_PART, 0);
        return k;
    }

    /**
     * Creates a new counter file: built under {@code <name>.new.tmp}, marker written, closed, forced to
     * disk, then renamed to {@code file}, so that the name never shows a file half made (a reader beside
     * the writer may copy it at any moment).
     */
    static CounterFile create(Path file, Marker marker) throws StoreException {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw StoreException.of(file, Problem.IO, "cannot create a counter file: the name is taken");
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".new.tmp");
        try {
            Files.deleteIfExists(tmp);
            try (ChronicleMap<byte[], byte[]> m = builder(marker.capacity()).createPersistedTo(tmp.toFile())) {
                m.put(markerKey(), marker.encode());
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            FileCheck.forceDirectory(file.getParent());
            return open(file, marker, null);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw StoreException.io(file, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw StoreException.of(file, Problem.IO, "cannot create the counter file: " + e, e);
        }
    }

    /**
     * Maps a file {@link FileCheck} has checked (or {@link #create} made): its marker is what it holds.
     *
     * @param crc the CRC32C of its bytes, when known and it is not to be written yet
     */
    static CounterFile open(Path file, Marker marker, Integer crc) throws StoreException {
        try {
            return new CounterFile(file, builder(1).createPersistedTo(file.toFile()), marker, crc);
        } catch (IOException e) {
            throw StoreException.io(file, e);
        } catch (RuntimeException e) {
            throw StoreException.of(file, Problem.IO, "cannot map the counter file: " + e, e);
        }
    }

    /**
     * Maps a file whose bytes are those a clean shutdown recorded (so Chronicle can map it safely), and
     * checks its marker.
     */
    static CounterFile openRecorded(Path file, long resolutionMillis, long epochDay, int crc) throws StoreException {
        ChronicleMap<byte[], byte[]> map;
        try {
            map = builder(1).createPersistedTo(file.toFile());
        } catch (IOException e) {
            throw StoreException.io(file, e);
        } catch (RuntimeException e) {
            throw StoreException.of(file, Problem.IO, "cannot map the counter file: " + e, e);
        }
        try {
            Marker marker = FileCheck.marker(file, map.get(markerKey()), resolutionMillis, epochDay);
            return new CounterFile(file, map, marker, crc);
        } catch (StoreException | RuntimeException e) {
            map.close();
            throw e;
        }
    }

    /** Whether a write failed inside Chronicle Map. */
    boolean failed() {
        return failed;
    }

    /** The CRC32C of the file as opened, when nothing was written to it since; else null. */
    Integer cleanCrc() {
        return cleanCrc;
    }

    Path path() {
        return path;
    }

    Marker marker() {
        return marker;
    }

    /** The most data entries (keys) this file takes; the marker is not counted. */
    long capacity() {
        return marker.capacity();
    }

    /** The data entries (keys) it holds; the marker is not counted. */
    long size() {
        return size;
    }

    /**
     * Writes one part of a bucket: the longs {@code amounts[from, min(from + 8, n))} of a bucket of
     * {@code n} longs, in place into the key's older slot when the key is here, else, when {@code insert},
     * as a new entry (both slots valid: the value, and an empty slot 1 of sequence 0) unless the file is
     * full.
     */
    Result write(int seriesId, int part, long bucket, long[] amounts, int from, int n, boolean insert)
            throws StoreException {
        Layout.key(keyBuf, seriesId, part, bucket);
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(keyData)) {
            c.writeLock().lock();
            MapEntry<byte[], byte[]> entry = c.entry();
            if (entry == null) {
                if (!insert) {
                    return Result.ABSENT;
                }
                if (size >= marker.capacity()) {
                    return Result.FULL;
                }
                Layout.writeSlot(valueBuf, crc, 0, 1, amounts, from, n);
                Layout.writeSlot(valueBuf, crc, 1, 0, null, 0, 0);
                cleanCrc = null;
                c.insert(c.absentEntry(), valueData);
                size++;
                return Result.INSERTED;
            }
            Data<byte[]> data = entry.value();
            RandomDataInput bytes = data.bytes();
            long offset = data.offset();
            bytes.read(offset, value, 0, Layout.VALUE_BYTES);
            long a = Layout.validSequence(valueBuf, crc, 0);
            long b = Layout.validSequence(valueBuf, crc, 1);
            int slot = a <= b ? 0 : 1; // not the newer valid one
            Layout.writeSlot(valueBuf, crc, slot, Math.max(a, b) + 1, amounts, from, n);
            cleanCrc = null;
            if (bytes instanceof BytesStore<?, ?> store) {
                // in place: only this slot's 80 bytes change; the other slot keeps the previous value
                store.write(offset + (long) slot * Layout.SLOT_BYTES, value, slot * Layout.SLOT_BYTES, Layout.SLOT_BYTES);
            } else {
                c.replaceValue(entry, valueData);
            }
            return Result.UPDATED;
        } catch (RuntimeException e) {
            failed = true;
            throw StoreException.of(path, Problem.IO, "Chronicle Map failed to write series " + seriesId + " part "
                    + part + " bucket " + bucket + ": " + e, e);
        }
    }

    /**
     * Gives every data entry's newest valid slot, in Chronicle's order; entries with no valid slot, or an
     * empty one ({@code n == 0}), are left out (only a crash or damage leaves them, and {@link FileCheck}
     * removes or refuses them before a writer maps the file).
     */
    void forEach(PartVisitor visitor) {
        forEach(map, visitor);
    }

    static void forEach(ChronicleMap<byte[], byte[]> map, PartVisitor visitor) {
        byte[] k = new byte[Layout.KEY_BYTES];
        ByteBuffer kb = Layout.le(k);
        byte[] v = new byte[Layout.VALUE_BYTES];
        ByteBuffer vb = Layout.le(v);
        long[] amounts = new long[Layout.LONGS_PER_PART];
        CRC32C c = new CRC32C();
        map.forEachEntry(e -> {
            Data<byte[]> kd = e.key();
            kd.bytes().read(kd.offset(), k, 0, Layout.KEY_BYTES);
            if (Layout.isMarkerKey(kb) || Layout.pad(kb) != 0 || Layout.part(kb) >= Layout.MAX_PARTS) {
                return;
            }
            Data<byte[]> vd = e.value();
            vd.bytes().read(vd.offset(), v, 0, Layout.VALUE_BYTES);
            int slot = Layout.newestSlot(vb, c);
            if (slot < 0 || Layout.n(vb, slot) == 0) {
                return;
            }
            Layout.amounts(vb, slot, amounts);
            visitor.visit(Layout.seriesId(kb), Layout.part(kb), Layout.bucket(kb), Layout.n(vb, slot), amounts);
        });
    }

    /** The file's length in bytes (Chronicle preallocates it: about 200 bytes per entry of capacity). */
    long length() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        map.close();
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file; the next open of the directory removes it
        }
    }
}
