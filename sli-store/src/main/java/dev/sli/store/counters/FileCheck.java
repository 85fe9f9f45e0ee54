package dev.sli.store.counters;

import dev.sli.store.counters.CounterFile.PartVisitor;
import dev.sli.store.counters.Layout.Marker;
import dev.sli.store.directory.StoreException;
import dev.sli.store.directory.StoreException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a counter file without ever letting Chronicle Map touch the original before the file is known
 * good: the file is copied (sparse, with a CRC32C of every byte) to a private copy, its Chronicle header is
 * checked by hand (Chronicle itself would wait 60 s on a header that is not marked ready, as an all-zero
 * one is, and would take a 0-byte file for a new map), and {@code recoverPersistedTo} runs on the copy.
 * Chronicle's recovery is what makes reading a damaged map safe: iterating an unrecovered map with
 * garbage in it loops forever, and touching a segment a dead process locked spins 60 s and throws.
 * Then our marker and every entry's slots are checked on the recovered copy.
 *
 * <ul>
 *   <li>{@link Mode#CLEAN} (the writer shut down cleanly): any problem is damage and is refused with a
 *       {@link StoreException}: a recovery event, a recovery that changed a byte, a slot whose checksum
 *       does not match. The copy is deleted; the original is never written.</li>
 *   <li>{@link Mode#RECOVER} (the writer died): recovery events are logged at WARN and counted, torn slots
 *       are rewritten from the intact one, entries with no complete value (an insert cut short) are
 *       removed; if that changed anything the recovered copy is kept for the caller to rename over the
 *       original (all files are checked before any is replaced). Files that are not counter files, or are
 *       truncated, are refused as in {@code CLEAN}.</li>
 *   <li>{@link Mode#READER} (a reader beside a live writer): like {@code RECOVER}, but nothing is repaired
 *       or kept: entries are read from the recovered copy and the copy is deleted.</li>
 * </ul>
 */
final class FileCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DayCounters.class);

    enum Mode { CLEAN, RECOVER, READER }

    /**
     * What the check found.
     *
     * @param marker what the file says it is
     * @param events Chronicle recovery events
     * @param repaired slots rewritten or entries removed ({@code RECOVER}); damaged entries skipped ({@code READER})
     * @param replacement for {@code RECOVER}: the recovered copy to rename over the original, or null when
     *                    recovery changed nothing (the copy is then deleted)
     * @param crc the CRC32C of the file's bytes as they now are on disk, or null when the check replaces them
     */
    record Outcome(Marker marker, int events, int repaired, Path replacement, Integer crc) {
    }

    /** The start of every Chronicle hash header, at byte 12 (YAML-like text of its settings). */
    private static final String CHRONICLE = "!net.openhft.chronicle.";
    private static final String MAP = "!net.openhft.chronicle.map.VanillaChronicleMap ";
    private static final int HEADER_OFFSET = 12;
    private static final int SIZE_MASK = 0x3FFF_FFFF;
    private static final int CHUNK = 1 << 16;
    private static final byte[] ZEROS = new byte[CHUNK];
    private static final int EVENTS_LOGGED = 10;
    private static final Pattern KEY_CLASS = Pattern.compile("\n  keyClass: !type ([^,\\s]+)");
    private static final Pattern VALUE_CLASS = Pattern.compile("\n  valueClass: !type ([^,\\s]+)");
    private static final Pattern KEY_SIZE = Pattern.compile(
            "\n  keySizeMarshaller: !\\S*ConstantSizeMarshaller \\{\\s*constantSize: (\\d+)\\s*}");
    private static final Pattern VALUE_SIZE = Pattern.compile(
            "\n  valueSizeMarshaller: !\\S*ConstantSizeMarshaller \\{\\s*constantSize: (\\d+)\\s*}");

    private FileCheck() {
    }

    /**
     * Checks {@code file} through {@code copy} (a path that may be overwritten; deleted afterwards unless it
     * is returned as the replacement).
     *
     * @param epochDay the day the file's name says it holds
     * @param sink for {@link Mode#READER}: receives every complete entry of the copy; null otherwise
     * @throws StoreException naming the file and the problem; the original is unchanged
     */
    static Outcome check(Path file, Path copy, long resolutionMillis, long epochDay, Mode mode, PartVisitor sink)
            throws StoreException {
        boolean keepCopy = false;
        try {
            requireRegularFile(file);
            Copied copied = copy(file, copy, mode == Mode.READER);
            checkHeader(file, copied);
            Outcome outcome = recoverAndCheck(file, copy, copied, resolutionMillis, epochDay, mode, sink);
            keepCopy = outcome.replacement() != null;
            return outcome;
        } finally {
            if (!keepCopy) {
                CounterFile.deleteQuietly(copy);
            }
        }
    }

    private static void requireRegularFile(Path file) throws StoreException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw io(file, e);
        }
        if (attributes.isDirectory()) {
            throw StoreException.of(file, Problem.IO, "is a directory, not a regular file: not an sli counter file");
        }
        if (!attributes.isRegularFile()) {
            throw StoreException.of(file, Problem.IO, "is a named pipe, device or socket, not a regular file:"
                    + " not an sli counter file");
        }
    }

    /**
     * Reads a whole file without copying it: its length, CRC32C and head (the fast check against the
     * manifest of a clean shutdown). Refuses what is not a regular file, never opening it.
     */
    static Copied read(Path file) throws StoreException {
        requireRegularFile(file);
        return copyOnce(file, null);
    }

    /** The bytes copied: their number, CRC32C, whether all were zero, and the first 64 KiB. */
    record Copied(long length, int crc, boolean allZero, byte[] head) {
    }

    /**
     * Copies {@code from} to {@code to}, leaving holes where 64 KiB runs of zeros are (a fresh Chronicle
     * file is mostly such runs). A reader copying a file the writer is growing copies again, up to three
     * times, until the length did not change during the copy.
     */
    static Copied copy(Path from, Path to, boolean retryWhileGrowing) throws StoreException {
        for (int attempt = 0; ; attempt++) {
            Copied c = copyOnce(from, to);
            long now;
            try {
                now = Files.size(from);
            } catch (IOException e) {
                return c; // deleted by retention meanwhile: the copy is what the file held
            }
            if (!retryWhileGrowing || now == c.length() || attempt == 2) {
                return c;
            }
        }
    }

    /** Copies (or, {@code to == null}, only reads) a file. */
    private static Copied copyOnce(Path from, Path to) throws StoreException {
        FileChannel in;
        try {
            in = FileChannel.open(from, StandardOpenOption.READ);
        } catch (IOException e) {
            throw io(from, e);
        }
        try (in; FileChannel out = to == null ? null : FileChannel.open(to, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[CHUNK];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            CRC32C crc = new CRC32C();
            boolean allZero = true;
            byte[] head = new byte[0];
            long pos = 0;
            while (true) {
                bb.clear();
                while (bb.hasRemaining()) {
                    if (in.read(bb, pos + bb.position()) < 0) {
                        break;
                    }
                }
                int r = bb.position();
                if (r == 0) {
                    break;
                }
                crc.update(buf, 0, r);
                if (pos == 0) {
                    head = Arrays.copyOf(buf, r);
                }
                boolean zeros = Arrays.mismatch(buf, 0, r, ZEROS, 0, r) < 0;
                allZero &= zeros;
                if (out != null && !zeros) {
                    bb.flip();
                    long at = pos;
                    while (bb.hasRemaining()) {
                        at += out.write(bb, at);
                    }
                }
                pos += r;
                if (r < CHUNK) {
                    break;
                }
            }
            if (out != null && out.size() < pos) {
                out.write(ByteBuffer.wrap(new byte[1]), pos - 1); // the length, over the trailing hole
            }
            return new Copied(pos, (int) crc.getValue(), allZero, head);
        } catch (IOException e) {
            throw StoreException.of(from, Problem.IO, (to == null ? "cannot read the counter file: "
                    : "cannot copy the counter file to " + to + " to check it: ") + e, e);
        }
    }

    /** Our checks of Chronicle's self-bootstrapping header: 8-byte checksum, 4-byte size word, settings text. */
    static void checkHeader(Path file, Copied copied) throws StoreException {
        long length = copied.length();
        byte[] head = copied.head();
        if (length == 0) {
            throw StoreException.of(file, Problem.EMPTY, "the file is empty (0 bytes): not an sli counter file"
                    + " (Chronicle Map would take it for a new, empty map)");
        }
        if (copied.allZero()) {
            throw StoreException.of(file, Problem.ZEROED, "all " + length + " bytes are zero: not an sli counter file");
        }
        if (head.length < HEADER_OFFSET + CHRONICLE.length() || !startsWith(head, HEADER_OFFSET, CHRONICLE)) {
            int probe = Math.min(head.length, 4096);
            if (Arrays.mismatch(head, 0, probe, ZEROS, 0, probe) < 0) {
                throw StoreException.of(file, Problem.CORRUPT, "at byte 0: the first " + probe + " bytes (where"
                        + " the Chronicle Map header belongs) are zero but the rest of the file is not: a damaged"
                        + " counter file");
            }
            throw StoreException.of(file, Problem.WRONG_MAGIC, "at byte 0: no Chronicle Map header: not an sli"
                    + " counter file");
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int word = h.getInt(8);
        if (word <= 0) {
            throw StoreException.of(file, Problem.CORRUPT, "at byte 8: the Chronicle Map header is marked"
                    + " incomplete (size word 0x" + Integer.toHexString(word) + "): damaged, or its creation never"
                    + " finished");
        }
        int size = word & SIZE_MASK;
        if (HEADER_OFFSET + (long) size > length) {
            throw StoreException.of(file, Problem.TRUNCATED, "the file is " + length + " bytes, shorter than its "
                    + (HEADER_OFFSET + size) + "-byte Chronicle Map header");
        }
        if (HEADER_OFFSET + size > head.length) {
            throw StoreException.of(file, Problem.CORRUPT, "at byte 8: a Chronicle Map header of " + size
                    + " bytes, more than a counter file's can be");
        }
        long sum = LongHashFunction.xx_r39().hashBytes(h, 8, size + 4);
        if (sum != h.getLong(0)) {
            throw StoreException.of(file, Problem.CORRUPT, "at byte 0: the Chronicle Map header's checksum does not"
                    + " match its " + size + " bytes: a damaged counter file");
        }
        String text = new String(head, HEADER_OFFSET, size, StandardCharsets.ISO_8859_1);
        if (!text.startsWith(MAP)) {
            int end = text.indexOf(' ');
            throw StoreException.of(file, Problem.FOREIGN, "a Chronicle " + (end > 0 ? text.substring(1, end) : "hash")
                    + ", not a Chronicle Map: not an sli counter file");
        }
        String keyClass = group(KEY_CLASS, text, "?");
        String valueClass = group(VALUE_CLASS, text, "?");
        String keySize = group(KEY_SIZE, text, "variable");
        String valueSize = group(VALUE_SIZE, text, "variable");
        if (!"byte[]".equals(keyClass) || !"byte[]".equals(valueClass)
                || !String.valueOf(Layout.KEY_BYTES).equals(keySize) || !String.valueOf(Layout.VALUE_BYTES).equals(valueSize)) {
            throw StoreException.of(file, Problem.FOREIGN, "a Chronicle Map of " + keyClass + " keys (" + keySize
                    + " bytes) and " + valueClass + " values (" + valueSize + " bytes), not an sli counter file ("
                    + Layout.KEY_BYTES + "-byte keys, " + Layout.VALUE_BYTES + "-byte values)");
        }
    }

    private static Outcome recoverAndCheck(Path file, Path copy, Copied copied, long resolutionMillis, long epochDay,
            Mode mode, PartVisitor sink) throws StoreException {
        List<String> first = new ArrayList<>();
        int[] events = {0};
        ChronicleMap<byte[], byte[]> map;
        try {
            map = CounterFile.builder(1).recoverPersistedTo(copy.toFile(), true, corruption -> {
                events[0]++;
                String message = String.valueOf(corruption.message()).replace(copy.toString(), file.toString());
                if (first.size() < EVENTS_LOGGED) {
                    first.add(message);
                    if (mode == Mode.RECOVER) {
                        LOG.warn("{}: Chronicle Map recovery: {}", file, message);
                    } else {
                        LOG.debug("{}: Chronicle Map recovery of a copy: {}", file, message);
                    }
                }
            });
        } catch (IOException | RuntimeException | AssertionError e) {
            throw StoreException.of(file, Problem.CORRUPT, "Chronicle Map's recovery of a copy failed: "
                    + String.valueOf(e.getMessage()).replace(copy.toString(), file.toString()), e);
        }
        int repaired = 0;
        Marker marker;
        try {
            long grown = size(copy);
            if (grown > copied.length()) {
                throw StoreException.of(file, Problem.TRUNCATED, "the file is " + copied.length() + " bytes; its"
                        + " Chronicle Map needs " + grown + ": truncated");
            }
            if (mode == Mode.CLEAN && events[0] > 0) {
                throw StoreException.of(file, Problem.CORRUPT, "damaged: Chronicle Map's recovery check reports "
                        + events[0] + " problem" + (events[0] == 1 ? "" : "s") + " in a file whose writer shut down"
                        + " cleanly, the first: " + first.get(0) + "; the file is left as it is");
            }
            if (mode == Mode.RECOVER && events[0] > EVENTS_LOGGED) {
                LOG.warn("{}: Chronicle Map recovery: {} events in all ({} logged)", file, events[0], EVENTS_LOGGED);
            }
            marker = marker(file, map.get(CounterFile.markerKey()), resolutionMillis, epochDay);
            repaired = entries(file, map, mode, sink);
        } catch (StoreException | RuntimeException e) {
            map.close();
            throw e;
        }
        map.close();
        if (mode == Mode.READER) {
            return new Outcome(marker, events[0], repaired, null, null);
        }
        Copied after = copyOnceForCrc(copy);
        boolean changed = after.length() != copied.length() || after.crc() != copied.crc();
        if (mode == Mode.CLEAN) {
            if (changed) {
                throw StoreException.of(file, Problem.CORRUPT, "damaged: Chronicle Map's recovery changed the file"
                        + " without reporting a problem; the file is left as it is");
            }
            return new Outcome(marker, 0, 0, null, copied.crc());
        }
        if (changed) {
            LOG.warn("{}: recovered after an unclean shutdown: {} Chronicle Map events, {} torn values repaired or"
                    + " removed", file, events[0], repaired);
        }
        return new Outcome(marker, events[0], repaired, changed ? copy : null, changed ? null : copied.crc());
    }

    /** Checks the marker entry's value (null when the map has none) against what the file must be. */
    static Marker marker(Path file, byte[] value, long resolutionMillis, long epochDay) throws StoreException {
        if (value == null) {
            throw StoreException.of(file, Problem.FOREIGN, "holds no sli counter marker: a Chronicle Map of another"
                    + " program, not an sli counter file");
        }
        if (!Marker.hasMagic(value)) {
            throw StoreException.of(file, Problem.FOREIGN, "its marker entry does not start with \"SLI-CNTR\": not an"
                    + " sli counter file");
        }
        int version = Layout.le(value).getInt(8);
        if (version != Layout.VERSION) {
            throw StoreException.of(file, Problem.UNSUPPORTED_VERSION, "format version " + version + "; this sli"
                    + " reads version " + Layout.VERSION);
        }
        if (!Marker.checksumMatches(value)) {
            throw StoreException.of(file, Problem.CORRUPT, "the marker entry's checksum does not match: a damaged"
                    + " counter file");
        }
        Marker marker = Marker.decode(value);
        if (marker.resolutionMillis() != resolutionMillis) {
            throw StoreException.of(file, Problem.RESOLUTION_MISMATCH, "written with buckets of "
                    + marker.resolutionMillis() + " ms, not the " + resolutionMillis + " ms asked for");
        }
        if (marker.epochDay() != epochDay) {
            throw StoreException.of(file, Problem.FOREIGN, "holds the counters of " + day(marker.epochDay())
                    + ", not of " + day(epochDay) + " as its name says (renamed or copied?)");
        }
        if (marker.capacity() < 1) {
            throw StoreException.of(file, Problem.CORRUPT, "the marker entry gives a capacity of "
                    + marker.capacity() + " entries");
        }
        return marker;
    }

    private static String day(long epochDay) {
        try {
            return LocalDate.ofEpochDay(epochDay).toString();
        } catch (RuntimeException e) {
            return "epoch day " + epochDay;
        }
    }

    /**
     * Checks every data entry's key and slots. CLEAN: each must have a possible key and both slots valid
     * (inserts write both, updates write one whole slot; only a crash or damage leaves one torn). RECOVER:
     * a torn slot is rewritten from the other; an entry with no complete value is removed. READER: the
     * newest valid slot of each complete entry goes to the sink.
     *
     * @return the entries repaired or removed (RECOVER), or left out (READER)
     */
    private static int entries(Path file, ChronicleMap<byte[], byte[]> map, Mode mode, PartVisitor sink)
            throws StoreException {
        byte[] k = new byte[Layout.KEY_BYTES];
        ByteBuffer kb = Layout.le(k);
        byte[] v = new byte[Layout.VALUE_BYTES];
        ByteBuffer vb = Layout.le(v);
        long[] amounts = new long[Layout.LONGS_PER_PART];
        CRC32C crc = new CRC32C();
        List<byte[]> torn = new ArrayList<>();
        List<byte[]> incomplete = new ArrayList<>();
        int[] damaged = {0};
        String[] firstDamage = {null};
        map.forEachEntry(e -> {
            Data<byte[]> kd = e.key();
            kd.bytes().read(kd.offset(), k, 0, Layout.KEY_BYTES);
            if (Layout.isMarkerKey(kb)) {
                return;
            }
            Data<byte[]> vd = e.value();
            vd.bytes().read(vd.offset(), v, 0, Layout.VALUE_BYTES);
            boolean keyOk = Layout.pad(kb) == 0 && Layout.part(kb) < Layout.MAX_PARTS;
            long a = Layout.validSequence(vb, crc, 0);
            long b = Layout.validSequence(vb, crc, 1);
            int newest = Layout.newestSlot(vb, crc);
            boolean complete = keyOk && newest >= 0 && Layout.n(vb, newest) > 0;
            if (keyOk && a >= 0 && b >= 0 && complete) {
                if (sink != null) {
                    Layout.amounts(vb, newest, amounts);
                    sink.visit(Layout.seriesId(kb), Layout.part(kb), Layout.bucket(kb), Layout.n(vb, newest), amounts);
                }
                return;
            }
            damaged[0]++;
            if (firstDamage[0] == null) {
                firstDamage[0] = keyOk
                        ? "the entry of series " + Layout.seriesId(kb) + " part " + Layout.part(kb) + " bucket "
                                + Layout.bucket(kb) + " has " + (a >= 0 || b >= 0 ? "a slot" : "no slot")
                                + " whose checksum does not match"
                        : "an entry with an impossible key (part " + Layout.part(kb) + ", padding " + Layout.pad(kb) + ")";
            }
            if (mode == Mode.READER) {
                if (complete && sink != null) { // one slot torn by a write in progress: the other is the value
                    Layout.amounts(vb, newest, amounts);
                    sink.visit(Layout.seriesId(kb), Layout.part(kb), Layout.bucket(kb), Layout.n(vb, newest), amounts);
                }
            } else if (mode == Mode.RECOVER) {
                (complete ? torn : incomplete).add(k.clone());
            }
        });
        if (damaged[0] == 0) {
            return 0;
        }
        if (mode == Mode.CLEAN) {
            throw StoreException.of(file, Problem.CORRUPT, "damaged: " + firstDamage[0] + " (" + damaged[0]
                    + " damaged entr" + (damaged[0] == 1 ? "y" : "ies") + ") in a file whose writer shut down cleanly;"
                    + " the file is left as it is");
        }
        if (mode == Mode.RECOVER) {
            LOG.warn("{}: {} (after an unclean shutdown: {} torn slots rewritten from the intact one, {} entries"
                    + " with no complete value removed)", file, firstDamage[0], torn.size(), incomplete.size());
            for (byte[] key : torn) {
                try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
                    c.writeLock().lock();
                    MapEntry<byte[], byte[]> e = c.entry();
                    if (e != null) {
                        Data<byte[]> vd = e.value();
                        vd.bytes().read(vd.offset(), v, 0, Layout.VALUE_BYTES);
                        int newest = Layout.newestSlot(vb, crc);
                        Layout.copySlot(vb, crc, newest, 1 - newest, Layout.sequence(vb, newest) - 1);
                        c.replaceValue(e, c.wrapValueAsData(v));
                    }
                }
            }
            for (byte[] key : incomplete) {
                map.remove(key);
            }
        }
        return damaged[0];
    }

    private static String group(Pattern p, String text, String otherwise) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    private static boolean startsWith(byte[] bytes, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[at + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long size(Path p) throws StoreException {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw StoreException.io(p, e);
        }
    }

    /** Length and CRC32C of a file (the recovered copy), read once. */
    private static Copied copyOnceForCrc(Path p) throws StoreException {
        try (FileChannel in = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.allocate(CHUNK);
            CRC32C crc = new CRC32C();
            long pos = 0;
            int r;
            while ((r = in.read(bb.clear(), pos)) > 0) {
                crc.update(bb.flip());
                pos += r;
            }
            return new Copied(pos, (int) crc.getValue(), false, null);
        } catch (IOException e) {
            throw StoreException.io(p, e);
        }
    }

    static StoreException io(Path file, IOException e) {
        if (e instanceof AccessDeniedException) {
            return StoreException.of(file, Problem.NO_PERMISSION, "permission denied, cannot read the counter file", e);
        }
        if (e instanceof NoSuchFileException) {
            return StoreException.of(file, Problem.IO, "no such file", e);
        }
        return StoreException.io(file, e);
    }

    /** Forces a directory's entries (a rename or delete in it) to disk. */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every platform opens a directory; the rename itself is atomic
        }
    }
}
