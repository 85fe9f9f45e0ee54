package dev.sli.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * An append-only file of checksummed records, read back in order after a restart: how sealed blocks and
 * bucket amounts survive a process that is killed. A record is written with one positional write, so a
 * process killed with SIGKILL leaves every record it had written whole (the operating system still holds
 * the pages) and at most one record torn at the end, which {@link #open} cuts off and reports. Damage
 * anywhere else is not a crash's doing and is refused, naming the file and the offset, never silently
 * truncated.
 *
 * <pre>
 *  offset  size  field
 *  0       8     magic "SLI-LOG\0"
 *  8       4     format version (1), big-endian
 *  12      4     reserved, 0
 *  16      ...   records, each:
 *                  4  payload length n (1 ≤ n ≤ {@value #MAX_RECORD_BYTES})
 *                  4  CRC32C of the payload
 *                  n  payload
 * </pre>
 *
 * A new file is written whole to a temporary name and renamed, so a log file is never seen without its
 * header. Not thread-safe: one writer (the store's lock guarantees one process), readers open their own
 * instance read-only.
 */
public final class RecordLog implements AutoCloseable {

    /** The file's first eight bytes. */
    static final byte[] MAGIC = "SLI-LOG\0".getBytes(StandardCharsets.US_ASCII);
    /** The format this class writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The header's length: the first record starts here. */
    public static final int HEADER_BYTES = 16;
    static final int RECORD_HEADER_BYTES = 8;
    /** The largest payload: a day block of a wide distribution is well under 100 KB. */
    public static final int MAX_RECORD_BYTES = 16 << 20;
    /** The longest a log file may grow: 2 GiB - 1, what one mapping reads on open. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

    private final Path file;
    private final FileChannel channel;
    private final boolean writable;
    private final long cutBytes;
    private final long maxFileBytes;
    private long end;
    private final ByteBuffer recordHeader = ByteBuffer.allocate(RECORD_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
    private final CRC32C crc = new CRC32C();

    private RecordLog(Path file, FileChannel channel, boolean writable, long end, long cutBytes, long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
        this.file = file;
        this.channel = channel;
        this.writable = writable;
        this.end = end;
        this.cutBytes = cutBytes;
    }

    /**
     * Opens {@code file} for appending, creating it if it does not exist; a record torn at the end by a
     * crash is cut off ({@link #cutBytes()} says how much).
     *
     * @throws CorruptLogException if the file is not an sli record log of this format, or is damaged other
     *     than by a torn last record; nothing is written to it then
     * @throws IOException if the file cannot be read or written
     */
    public static RecordLog openForAppend(Path file) throws IOException {
        return openForAppend(file, MAX_FILE_BYTES);
    }

    /** {@link #openForAppend(Path)} with a smaller limit on the file's length, for tests of the limit. */
    static RecordLog openForAppend(Path file, long maxFileBytes) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(file);
        }
        requireRegularFile(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long valid = scan(file, channel);
            long size = channel.size();
            if (valid < size) {
                channel.truncate(valid);
                channel.force(true);
            }
            return new RecordLog(file, channel, true, valid, size - valid, maxFileBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens {@code file} to read what it holds, while a writer may still append; a torn last record is
     * left out, not cut.
     *
     * @throws CorruptLogException as {@link #openForAppend}
     * @throws IOException if the file cannot be read
     */
    public static RecordLog openReadOnly(Path file) throws IOException {
        requireRegularFile(file); // opening a named pipe to read would wait for a writer forever
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long valid = scan(file, channel);
            return new RecordLog(file, channel, false, valid, channel.size() - valid, MAX_FILE_BYTES);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void requireRegularFile(Path file) throws IOException {
        java.nio.file.attribute.BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
            return; // opening it says so (one look at the file: one deleted in between is not taken for a pipe)
        }
        if (!attributes.isRegularFile()) {
            String what = attributes.isDirectory() ? "a directory" : "a named pipe, device or socket";
            throw new CorruptLogException(file, 0, CorruptLogException.Reason.NOT_A_REGULAR_FILE, "is " + what
                    + ", not a regular file: not an sli record log");
        }
    }

    private static void create(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        header.put(MAGIC).putInt(FORMAT_VERSION).putInt(0).flip();
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (header.hasRemaining()) {
                c.write(header);
            }
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Checks the header and every record; returns where the valid records end. */
    private static long scan(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            throw new CorruptLogException(file, 0, CorruptLogException.Reason.EMPTY, "the file is empty: not an sli record log");
        }
        if (size < HEADER_BYTES) {
            throw new CorruptLogException(file, 0, CorruptLogException.Reason.TRUNCATED, "the file is " + size + " bytes, shorter than the "
                    + HEADER_BYTES + "-byte header: truncated, or not an sli record log");
        }
        if (size > Integer.MAX_VALUE) {
            throw new CorruptLogException(file, 0, CorruptLogException.Reason.TOO_LARGE, "the file is " + size
                    + " bytes; a record log holds at most 2 GiB (a writer refuses to grow one past that)");
        }
        MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        map.order(ByteOrder.BIG_ENDIAN);
        if (map.getLong(0) == 0 && allZero(map, 0, size)) {
            throw new CorruptLogException(file, 0, CorruptLogException.Reason.ZEROED, "all " + size
                    + " bytes are zero: not an sli record log (a file preallocated or wiped, never written)");
        }
        byte[] magic = new byte[MAGIC.length];
        map.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CorruptLogException(file, 0, CorruptLogException.Reason.WRONG_MAGIC, "the magic is " + printable(magic) + ", not \"SLI-LOG\": not an sli"
                    + " record log");
        }
        int version = map.getInt(8);
        if (version != FORMAT_VERSION) {
            throw new CorruptLogException(file, 8, CorruptLogException.Reason.UNSUPPORTED_VERSION, "format version " + version + "; this sli reads version "
                    + FORMAT_VERSION);
        }
        CRC32C crc = new CRC32C();
        long pos = HEADER_BYTES;
        while (pos < size) {
            String problem = null;
            long recordEnd = -1;
            if (size - pos < RECORD_HEADER_BYTES) {
                problem = "a record header cut short";
            } else {
                int length = map.getInt((int) pos);
                if (length < 1 || length > MAX_RECORD_BYTES) {
                    problem = "a record length of " + length;
                } else if (pos + RECORD_HEADER_BYTES + length > size) {
                    problem = "a record running past the end of the file";
                } else {
                    crc.reset();
                    ByteBuffer payload = map.slice((int) pos + RECORD_HEADER_BYTES, length);
                    crc.update(payload);
                    if ((int) crc.getValue() != map.getInt((int) pos + 4)) {
                        problem = "a record whose checksum does not match";
                    }
                    recordEnd = pos + RECORD_HEADER_BYTES + length;
                }
            }
            if (problem == null) {
                pos = recordEnd;
                continue;
            }
            // torn by a crash only if nothing but this record (or zeros) follows
            long tail = recordEnd > 0 ? recordEnd : size;
            if (tail >= size || allZero(map, tail, size)) {
                return pos;
            }
            throw new CorruptLogException(file, pos, CorruptLogException.Reason.DAMAGED, problem + ", and " + (size - tail)
                    + " more bytes follow it: damage, not a crash's torn last record; nothing was changed");
        }
        return pos;
    }

    private static boolean allZero(MappedByteBuffer map, long from, long to) {
        for (long i = from; i < to; i++) {
            if (map.get((int) i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : bytes) {
            sb.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return sb.append('"').toString();
    }

    /**
     * Appends one record (visible to readers that open after the write returns, and kept if the process
     * is killed afterwards).
     *
     * @return the record's offset in the file
     * @throws IllegalArgumentException for an empty or oversized payload
     * @throws IllegalStateException if this log was opened read-only
     * @throws LogFullException if the record would take the file past {@link #MAX_FILE_BYTES}; nothing is written
     * @throws IOException if the write fails
     */
    public long append(byte[] payload) throws IOException {
        if (!writable) {
            throw new IllegalStateException(file + " was opened read-only");
        }
        if (payload.length < 1 || payload.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a record holds 1 to " + MAX_RECORD_BYTES + " bytes, got " + payload.length);
        }
        if (end + RECORD_HEADER_BYTES + payload.length > maxFileBytes) {
            throw new LogFullException(file, end, "full: a record of " + payload.length + " bytes would take the file past "
                    + maxFileBytes + " bytes, the most a record log holds; nothing was written, and every record"
                    + " already in it stays readable");
        }
        crc.reset();
        crc.update(payload);
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_BYTES + payload.length).order(ByteOrder.BIG_ENDIAN);
        record.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        long offset = end;
        long at = end;
        while (record.hasRemaining()) {
            at += channel.write(record, at);
        }
        end = at;
        return offset;
    }

    /** Flushes appended records to the device (against power loss; a killed process loses nothing without it). */
    public void force() throws IOException {
        channel.force(false);
    }

    /** Receives one record. */
    @FunctionalInterface
    public interface RecordVisitor {
        /** The record at {@code offset}; {@code payload} is the visitor's to keep. */
        void accept(long offset, byte[] payload) throws IOException;
    }

    /** Gives every valid record, in the order they were appended. */
    public void forEach(RecordVisitor visitor) throws IOException {
        long pos = HEADER_BYTES;
        while (pos < end) {
            recordHeader.clear();
            channel.read(recordHeader, pos);
            int length = recordHeader.getInt(0);
            byte[] payload = new byte[length];
            ByteBuffer buf = ByteBuffer.wrap(payload);
            long at = pos + RECORD_HEADER_BYTES;
            while (buf.hasRemaining()) {
                int n = channel.read(buf, at);
                if (n < 0) {
                    throw new CorruptLogException(file, pos, CorruptLogException.Reason.DAMAGED, "the file ended inside a record it held when opened");
                }
                at += n;
            }
            visitor.accept(pos, payload);
            pos += RECORD_HEADER_BYTES + length;
        }
    }

    /** Bytes of a torn last record cut off (or, read-only, left out) when the log was opened. */
    public long cutBytes() {
        return cutBytes;
    }

    /** Whether the log holds no record (only its header, as just created or as a crash right after left it). */
    public boolean isEmpty() {
        return end == HEADER_BYTES;
    }

    /** Where the valid records end: the file's length for a writer. */
    public long endOffset() {
        return end;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "RecordLog[" + file + ", " + end + " bytes]";
    }
}
