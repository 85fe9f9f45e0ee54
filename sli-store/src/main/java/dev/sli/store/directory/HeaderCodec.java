package dev.sli.store.directory;

import static dev.sli.store.directory.HeaderLayout.*;

import dev.sli.core.record.SeriesKind;
import dev.sli.store.directory.StoreException.Problem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/** Encodes and decodes {@link HeaderLayout the header file}; decoding checks every byte. Stateless. */
final class HeaderCodec {

    private HeaderCodec() {
    }

    /** The file's bytes for {@code header}. */
    static byte[] encode(StoreHeader header) {
        boolean labelled = header.formatVersion() >= FORMAT_VERSION;
        List<byte[]> names = new ArrayList<>(header.series().size());
        List<byte[]> labels = new ArrayList<>(header.series().size());
        int length = MIN_FILE_LENGTH;
        for (SeriesEntry e : header.series()) {
            byte[] name = checkName(e.name());
            names.add(name);
            length += ENTRY_NAME_OFFSET + name.length;
            if (labelled) {
                byte[] l = encodeLabels(e.labels());
                labels.add(l);
                length += l.length;
            } else if (!e.labels().isEmpty()) {
                throw new IllegalArgumentException("a version-1 header holds no labels; series " + e.id() + " has " + e.labels());
            }
        }
        if (length > MAX_FILE_LENGTH) {
            throw new IllegalStateException("the series registry would need " + length + " bytes, more than the "
                    + MAX_FILE_LENGTH + " a header may have");
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC_OFFSET, MAGIC.getBytes(StandardCharsets.US_ASCII));
        b.putInt(VERSION_OFFSET, header.formatVersion());
        b.putInt(FILE_LENGTH_OFFSET, length);
        b.putLong(RESOLUTION_MILLIS_OFFSET, header.resolutionMillis());
        b.putLong(CREATED_EPOCH_MILLIS_OFFSET, header.createdEpochMillis());
        b.putLong(GENERATION_OFFSET, header.generation());
        b.putInt(FLAGS_OFFSET, header.cleanShutdown() ? FLAG_CLEAN_SHUTDOWN : 0);
        b.putInt(NEXT_SERIES_ID_OFFSET, header.nextSeriesId());
        b.putInt(SERIES_COUNT_OFFSET, header.series().size());
        int at = SERIES_OFFSET;
        for (int i = 0; i < names.size(); i++) {
            SeriesEntry e = header.series().get(i);
            byte[] name = names.get(i);
            b.putInt(at + ENTRY_ID_OFFSET, e.id());
            b.put(at + ENTRY_KIND_OFFSET, (byte) kindCode(e.kind()));
            b.put(at + ENTRY_STATE_OFFSET, (byte) (e.retired() ? STATE_RETIRED : STATE_LIVE));
            b.putShort(at + ENTRY_NAME_LENGTH_OFFSET, (short) name.length);
            b.put(at + ENTRY_NAME_OFFSET, name);
            at += ENTRY_NAME_OFFSET + name.length;
            if (labelled) {
                b.put(at, labels.get(i));
                at += labels.get(i).length;
            }
        }
        b.putInt(at, checksum(b.array(), at));
        return b.array();
    }

    /** The UTF-8 bytes of a valid series name. */
    static byte[] checkName(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a series name must not be blank, got \"" + name + "\"");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a series name must not hold control characters, got " + quote(name));
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("a series name must be at most " + MAX_NAME_BYTES
                    + " UTF-8 bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** A series entry's labels (version 2): count, then name and value, each length-prefixed (uint16). */
    static byte[] encodeLabels(java.util.Map<String, String> labels) {
        checkLabels(labels);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writeShort(out, labels.size());
        for (var e : new java.util.TreeMap<>(labels).entrySet()) {
            for (String s : new String[] {e.getKey(), e.getValue()}) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                writeShort(out, bytes.length);
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    private static void writeShort(java.io.ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
    }

    /** Checks labels a series may have: at most 64, names not blank, no control characters, each at most 1024 UTF-8 bytes. */
    static void checkLabels(java.util.Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            throw new IllegalArgumentException("a series may have at most " + MAX_LABELS + " labels, got " + labels.size());
        }
        for (var e : labels.entrySet()) {
            if (e.getKey().isBlank()) {
                throw new IllegalArgumentException("a label name must not be blank");
            }
            for (String s : new String[] {e.getKey(), e.getValue()}) {
                if (s.codePoints().anyMatch(Character::isISOControl)) {
                    throw new IllegalArgumentException("label " + quote(e.getKey()) + " holds a control character");
                }
                if (s.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
                    throw new IllegalArgumentException("label " + quote(e.getKey()) + ": a label name or value must be at most "
                            + MAX_LABEL_BYTES + " UTF-8 bytes");
                }
            }
        }
    }

    /** CRC32C of {@code bytes[0, length)}. */
    static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /**
     * The header in {@code bytes}, read from {@code file}.
     *
     * @throws StoreException naming {@code file} and the first problem found
     */
    static StoreHeader decode(Path file, byte[] bytes) throws StoreException {
        int n = bytes.length;
        if (n == 0) {
            throw StoreException.of(file, Problem.EMPTY, "empty file (0 bytes), not a store header");
        }
        if (allZero(bytes)) {
            throw StoreException.of(file, Problem.ZEROED, "all " + n + " bytes are zero, not a store header");
        }
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        int magicBytes = Math.min(n, MAGIC_LENGTH);
        for (int i = 0; i < magicBytes; i++) {
            if (bytes[i] != magic[i]) {
                throw StoreException.of(file, Problem.WRONG_MAGIC, "not an sli store header: it starts with "
                        + describe(bytes, magicBytes) + ", not \"" + MAGIC + "\"");
            }
        }
        if (n < VERSION_OFFSET + 4) {
            throw StoreException.of(file, Problem.TRUNCATED, "truncated: " + n + " bytes, shorter than the "
                    + MIN_FILE_LENGTH + " of the smallest header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(VERSION_OFFSET);
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
            throw StoreException.of(file, Problem.UNSUPPORTED_VERSION, "format version " + Integer.toUnsignedString(version)
                    + ", this sli reads versions " + FORMAT_VERSION_1 + " and " + FORMAT_VERSION + " only");
        }
        if (n < MIN_FILE_LENGTH) {
            throw StoreException.of(file, Problem.TRUNCATED, "truncated: " + n + " bytes, shorter than the "
                    + MIN_FILE_LENGTH + " of the smallest header");
        }
        int length = b.getInt(FILE_LENGTH_OFFSET);
        if (length < MIN_FILE_LENGTH || length > MAX_FILE_LENGTH) {
            throw corrupt(file, FILE_LENGTH_OFFSET, "file length field is " + Integer.toUnsignedString(length)
                    + ", outside " + MIN_FILE_LENGTH + ".." + MAX_FILE_LENGTH);
        }
        if (n < length) {
            throw StoreException.of(file, Problem.TRUNCATED, "truncated: " + n + " of " + length + " bytes");
        }
        if (n > length) {
            throw corrupt(file, length, (n - length) + " bytes after the end of the header (" + length + " bytes)");
        }
        int stored = b.getInt(length - CHECKSUM_LENGTH);
        int computed = checksum(bytes, length - CHECKSUM_LENGTH);
        if (stored != computed) {
            throw StoreException.of(file, Problem.CHECKSUM_MISMATCH, String.format(
                    "checksum mismatch: CRC32C stored 0x%08x, computed 0x%08x over bytes 0..%d: the file is corrupt",
                    stored, computed, length - CHECKSUM_LENGTH));
        }
        long resolution = b.getLong(RESOLUTION_MILLIS_OFFSET);
        if (resolution <= 0) {
            throw corrupt(file, RESOLUTION_MILLIS_OFFSET, "bucket resolution " + resolution + " ms, must be > 0");
        }
        int flags = b.getInt(FLAGS_OFFSET);
        if ((flags & ~FLAG_CLEAN_SHUTDOWN) != 0) {
            throw corrupt(file, FLAGS_OFFSET, String.format("unknown flags 0x%08x", flags & ~FLAG_CLEAN_SHUTDOWN));
        }
        int nextId = b.getInt(NEXT_SERIES_ID_OFFSET);
        if (nextId < FIRST_SERIES_ID) {
            throw corrupt(file, NEXT_SERIES_ID_OFFSET, "next series id " + nextId + ", must be >= " + FIRST_SERIES_ID);
        }
        int count = b.getInt(SERIES_COUNT_OFFSET);
        int end = length - CHECKSUM_LENGTH;
        if (count < 0 || count > (end - SERIES_OFFSET) / ENTRY_NAME_OFFSET) {
            throw corrupt(file, SERIES_COUNT_OFFSET, "series count " + count + " does not fit in " + length + " bytes");
        }
        List<SeriesEntry> series = new ArrayList<>(count);
        Set<String> liveNames = new HashSet<>();
        int at = SERIES_OFFSET;
        int previousId = 0;
        for (int i = 0; i < count; i++) {
            if (at + ENTRY_NAME_OFFSET > end) {
                throw corrupt(file, at, "series entry " + (i + 1) + " of " + count + " runs past the end");
            }
            int id = b.getInt(at + ENTRY_ID_OFFSET);
            if (id <= previousId || id >= nextId) {
                throw corrupt(file, at + ENTRY_ID_OFFSET, "series id " + id + " after id " + previousId
                        + ", must be increasing and below the next id " + nextId);
            }
            int kindCode = bytes[at + ENTRY_KIND_OFFSET] & 0xff;
            SeriesKind kind = kindOf(kindCode);
            if (kind == null) {
                throw corrupt(file, at + ENTRY_KIND_OFFSET, "series id " + id + " has unknown kind code " + kindCode);
            }
            int state = bytes[at + ENTRY_STATE_OFFSET] & 0xff;
            if (state != STATE_LIVE && state != STATE_RETIRED) {
                throw corrupt(file, at + ENTRY_STATE_OFFSET, "series id " + id + " has unknown state " + state);
            }
            int nameLength = b.getShort(at + ENTRY_NAME_LENGTH_OFFSET) & 0xffff;
            if (nameLength == 0 || nameLength > MAX_NAME_BYTES || at + ENTRY_NAME_OFFSET + nameLength > end) {
                throw corrupt(file, at + ENTRY_NAME_LENGTH_OFFSET, "series id " + id + " has name length " + nameLength);
            }
            String name;
            try {
                name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, at + ENTRY_NAME_OFFSET, nameLength)).toString();
                checkName(name);
            } catch (CharacterCodingException | IllegalArgumentException e) {
                throw corrupt(file, at + ENTRY_NAME_OFFSET, "series id " + id + " has an invalid name: "
                        + (e instanceof CharacterCodingException ? "not UTF-8" : e.getMessage()));
            }
            boolean retired = state == STATE_RETIRED;
            if (!retired && !liveNames.add(name)) {
                throw corrupt(file, at, "series id " + id + " repeats the live name \"" + name + "\"");
            }
            int entryAt = at;
            at += ENTRY_NAME_OFFSET + nameLength;
            java.util.Map<String, String> labels = new java.util.TreeMap<>();
            if (version >= FORMAT_VERSION) {
                at = decodeLabels(file, b, bytes, at, end, id, labels);
            }
            series.add(new SeriesEntry(id, name, kind, retired, labels));
            previousId = id;
            assert at > entryAt;
        }
        if (at != end) {
            throw corrupt(file, at, (end - at) + " bytes between the last series entry and the checksum");
        }
        return new StoreHeader(version, resolution, b.getLong(CREATED_EPOCH_MILLIS_OFFSET), b.getLong(GENERATION_OFFSET),
                (flags & FLAG_CLEAN_SHUTDOWN) != 0, nextId, series);
    }

    /** Reads a version-2 entry's labels at {@code at} into {@code labels}; returns the offset after them. */
    private static int decodeLabels(Path file, ByteBuffer b, byte[] bytes, int at, int end, int id,
            java.util.Map<String, String> labels) throws StoreException {
        if (at + 2 > end) {
            throw corrupt(file, at, "series id " + id + ": its label count runs past the end");
        }
        int count = b.getShort(at) & 0xffff;
        if (count > MAX_LABELS) {
            throw corrupt(file, at, "series id " + id + " has " + count + " labels, more than " + MAX_LABELS);
        }
        at += 2;
        String previous = null;
        for (int l = 0; l < count; l++) {
            String[] kv = new String[2];
            for (int k = 0; k < 2; k++) {
                if (at + 2 > end) {
                    throw corrupt(file, at, "series id " + id + ": label " + (l + 1) + " runs past the end");
                }
                int n = b.getShort(at) & 0xffff;
                if (n > MAX_LABEL_BYTES || at + 2 + n > end || (k == 0 && n == 0)) {
                    throw corrupt(file, at, "series id " + id + ": label " + (l + 1) + " has a "
                            + (k == 0 ? "name" : "value") + " length of " + n);
                }
                try {
                    kv[k] = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, at + 2, n)).toString();
                } catch (CharacterCodingException e) {
                    throw corrupt(file, at + 2, "series id " + id + ": label " + (l + 1) + " is not UTF-8");
                }
                at += 2 + n;
            }
            if (previous != null && previous.compareTo(kv[0]) >= 0) {
                throw corrupt(file, at, "series id " + id + ": labels are not sorted by name (" + quote(previous)
                        + " before " + quote(kv[0]) + ")");
            }
            previous = kv[0];
            labels.put(kv[0], kv[1]);
        }
        try {
            checkLabels(labels);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, at, "series id " + id + ": " + e.getMessage());
        }
        return at;
    }

    /** {@code text} in double quotes, control characters shown as {@code \\uXXXX}. */
    private static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('"').toString();
    }

    private static StoreException corrupt(Path file, int offset, String what) {
        return StoreException.of(file, Problem.CORRUPT, "corrupt at offset " + offset + ": " + what);
    }

    private static boolean allZero(byte[] bytes) {
        for (byte x : bytes) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code "SQLite f" (53 51 4c 69 74 65 20 66)}, non-printable bytes shown as '.'. */
    private static String describe(byte[] bytes, int n) {
        StringBuilder text = new StringBuilder("\"");
        StringBuilder hex = new StringBuilder(" (");
        for (int i = 0; i < n; i++) {
            int c = bytes[i] & 0xff;
            text.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", c));
        }
        return text.append('"').append(hex).append(')').toString();
    }
}
