package dev.sli.store.counters;

import dev.sli.store.directory.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code counters.sum}: the length and CRC32C of every counter file as a clean {@link DayCounters#close()}
 * left it. A writer opening after a clean shutdown checks each file against it (reading and checksumming
 * a 16,384-entry file takes a few milliseconds, and cannot hang) instead of checking it through a copy and
 * Chronicle's recovery (tens to hundreds of milliseconds). The writer deletes it, durably, before it
 * writes anything, so it never describes a file being written; a writer that dies leaves none.
 *
 * <pre>
 * "SLI-CSUM" | int version 1 | long resolutionMillis | int count
 * | count x (int nameLength | name, UTF-8 | long length | int crc32c) | int CRC32C of all before
 * </pre>
 * A damaged or foreign manifest is ignored (with a warning): the files are then checked the slow way.
 */
final class Manifest {

    static final String NAME = "counters.sum";
    private static final byte[] MAGIC = "SLI-CSUM".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int MAX_BYTES = 16 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(DayCounters.class);

    /** A file as recorded. */
    record Entry(long length, int crc) {
    }

    private Manifest() {
    }

    /** The recorded files by name; empty when there is no manifest, or it is damaged or of another resolution. */
    static Map<String, Entry> read(Path dir, long resolutionMillis) {
        Path file = dir.resolve(NAME);
        byte[] bytes;
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Map.of();
            }
            if (!Files.isRegularFile(file)) { // a named pipe would block the read
                LOG.warn("{}: not a regular file; ignored, every file is checked in full", file);
                return Map.of();
            }
            if (Files.size(file) > MAX_BYTES) {
                LOG.warn("{}: larger than a counters manifest can be; ignored, every file is checked in full", file);
                return Map.of();
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            LOG.warn("{}: cannot be read ({}); ignored, every file is checked in full", file, e.toString());
            return Map.of();
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length) || b.getInt(8) != VERSION
                    || b.getInt(bytes.length - 4) != (int) crc.getValue()) {
                LOG.warn("{}: not a counters manifest of version {} with a matching checksum; ignored, every file is"
                        + " checked in full", file, VERSION);
                return Map.of();
            }
            if (b.getLong(12) != resolutionMillis) {
                return Map.of(); // the files' markers say the rest
            }
            int count = b.getInt(20);
            b.position(24);
            Map<String, Entry> out = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[b.getInt()];
                b.get(name);
                out.put(new String(name, StandardCharsets.UTF_8), new Entry(b.getLong(), b.getInt()));
            }
            return out;
        } catch (RuntimeException e) {
            LOG.warn("{}: damaged ({}); ignored, every file is checked in full", file, e.toString());
            return Map.of();
        }
    }

    /** Writes the manifest whole: to {@code counters.sum.tmp}, forced, renamed over, directory forced. */
    static void write(Path dir, long resolutionMillis, Map<String, Entry> entries) throws IOException {
        int size = 24 + 4;
        for (String name : entries.keySet()) {
            size += 4 + name.getBytes(StandardCharsets.UTF_8).length + 12;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putLong(resolutionMillis).putInt(entries.size());
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            b.putInt(name.length).put(name).putLong(e.getValue().length()).putInt(e.getValue().crc());
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, size - 4);
        b.putInt((int) crc.getValue());
        Path tmp = dir.resolve(NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileCheck.forceDirectory(dir);
    }

    /** Deletes the manifest, durably, before the first write. */
    static void delete(Path dir) throws StoreException {
        Path file = dir.resolve(NAME);
        try {
            if (Files.deleteIfExists(file)) {
                FileCheck.forceDirectory(dir);
            }
        } catch (IOException e) {
            throw StoreException.io(file, e);
        }
    }
}
