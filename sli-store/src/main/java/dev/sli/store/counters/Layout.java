package dev.sli.store.counters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The bytes of a counter file's keys and values, all little-endian, encoded and decoded here and nowhere
 * else. Chronicle Map sees both as opaque constant-size byte arrays.
 *
 * <pre>
 * key (16 bytes)    int seriesId | short part | short 0 | long bucket
 * value (160 bytes) slot 0 (80 bytes) | slot 1 (80 bytes)
 * slot (80 bytes)   long sequence | 8 x long amounts | int n | int CRC32C of the 76 bytes before it
 * marker value      "SLI-CNTR" | int version | long resolutionMillis | long epochDay | long capacity
 *                   | int CRC32C of the 36 bytes before it | zeros
 * </pre>
 *
 * A part holds the longs {@code [8 * part, 8 * part + 8)} of a bucket's amounts; {@code n} is the number of
 * longs of the whole bucket as of that write (the same in every part it wrote), 0 in a slot that holds no
 * value yet. A write goes to the slot that is not the newer valid one, with the newer's sequence + 1, so a
 * write torn by a crash leaves the other slot, the previous value, intact; a read takes the valid slot with
 * the higher sequence. The marker is the value of the reserved key (seriesId 0, part {@value #MARKER_PART},
 * bucket 0), which no data key uses (data parts are 0 to 7). Not thread-safe: each user has its own
 * buffers.
 */
final class Layout {

    static final int KEY_BYTES = 16;
    static final int LONGS_PER_PART = 8;
    static final int MAX_PARTS = 8;
    static final int MAX_LONGS = LONGS_PER_PART * MAX_PARTS;
    static final int SLOT_BYTES = 80;
    static final int VALUE_BYTES = 2 * SLOT_BYTES;
    static final int MARKER_PART = 0xFFFF;
    static final int VERSION = 1;
    static final byte[] MAGIC = "SLI-CNTR".getBytes(StandardCharsets.US_ASCII);

    private static final int SEQ = 0;
    private static final int AMOUNTS = 8;
    private static final int N = 72;
    private static final int CRC = 76;
    private static final int MARKER_CRC = 36;

    private Layout() {
    }

    static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void key(ByteBuffer key, int seriesId, int part, long bucket) {
        key.putInt(0, seriesId).putShort(4, (short) part).putShort(6, (short) 0).putLong(8, bucket);
    }

    static int seriesId(ByteBuffer key) {
        return key.getInt(0);
    }

    static int part(ByteBuffer key) {
        return key.getShort(4) & 0xFFFF;
    }

    static int pad(ByteBuffer key) {
        return key.getShort(6);
    }

    static long bucket(ByteBuffer key) {
        return key.getLong(8);
    }

    static boolean isMarkerKey(ByteBuffer key) {
        return seriesId(key) == 0 && part(key) == MARKER_PART && pad(key) == 0 && bucket(key) == 0;
    }

    /**
     * Writes one slot at {@code slot * 80}: the longs {@code amounts[from, min(from + 8, n))} of a bucket of
     * {@code n} longs (zeros after them), its sequence and checksum.
     */
    static void writeSlot(ByteBuffer value, CRC32C crc, int slot, long sequence, long[] amounts, int from, int n) {
        int base = slot * SLOT_BYTES;
        value.putLong(base + SEQ, sequence);
        for (int i = 0; i < LONGS_PER_PART; i++) {
            int j = from + i;
            value.putLong(base + AMOUNTS + 8 * i, amounts != null && j < n ? amounts[j] : 0L);
        }
        value.putInt(base + N, n);
        value.putInt(base + CRC, slotCrc(value, crc, base));
    }

    /** Copies slot {@code from} into slot {@code to} with sequence {@code sequence}, checksummed. */
    static void copySlot(ByteBuffer value, CRC32C crc, int from, int to, long sequence) {
        byte[] a = value.array();
        System.arraycopy(a, from * SLOT_BYTES, a, to * SLOT_BYTES, SLOT_BYTES);
        int base = to * SLOT_BYTES;
        value.putLong(base + SEQ, sequence);
        value.putInt(base + CRC, slotCrc(value, crc, base));
    }

    private static int slotCrc(ByteBuffer value, CRC32C crc, int base) {
        crc.reset();
        crc.update(value.array(), base, CRC);
        return (int) crc.getValue();
    }

    /** The slot's sequence when its checksum matches and its fields are possible, else -1. */
    static long validSequence(ByteBuffer value, CRC32C crc, int slot) {
        int base = slot * SLOT_BYTES;
        if (value.getInt(base + CRC) != slotCrc(value, crc, base)) {
            return -1;
        }
        long seq = value.getLong(base + SEQ);
        int n = value.getInt(base + N);
        return seq >= 0 && n >= 0 && n <= MAX_LONGS ? seq : -1;
    }

    /** The valid slot with the higher sequence, or -1 when neither is valid. */
    static int newestSlot(ByteBuffer value, CRC32C crc) {
        long a = validSequence(value, crc, 0);
        long b = validSequence(value, crc, 1);
        if (a < 0 && b < 0) {
            return -1;
        }
        return a >= b ? 0 : 1;
    }

    static long sequence(ByteBuffer value, int slot) {
        return value.getLong(slot * SLOT_BYTES + SEQ);
    }

    static int n(ByteBuffer value, int slot) {
        return value.getInt(slot * SLOT_BYTES + N);
    }

    static void amounts(ByteBuffer value, int slot, long[] into) {
        int base = slot * SLOT_BYTES + AMOUNTS;
        for (int i = 0; i < LONGS_PER_PART; i++) {
            into[i] = value.getLong(base + 8 * i);
        }
    }

    /** The marker: what the file is, as written when it was created. */
    record Marker(int version, long resolutionMillis, long epochDay, long capacity) {

        byte[] encode() {
            byte[] bytes = new byte[VALUE_BYTES];
            ByteBuffer b = le(bytes);
            b.put(0, MAGIC);
            b.putInt(8, version).putLong(12, resolutionMillis).putLong(20, epochDay).putLong(28, capacity);
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, MARKER_CRC);
            b.putInt(MARKER_CRC, (int) crc.getValue());
            return bytes;
        }

        /** Whether the value starts with our magic. */
        static boolean hasMagic(byte[] value) {
            return Arrays.equals(value, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
        }

        /** Whether the marker's checksum matches. */
        static boolean checksumMatches(byte[] value) {
            CRC32C crc = new CRC32C();
            crc.update(value, 0, MARKER_CRC);
            return le(value).getInt(MARKER_CRC) == (int) crc.getValue();
        }

        static Marker decode(byte[] value) {
            ByteBuffer b = le(value);
            return new Marker(b.getInt(8), b.getLong(12), b.getLong(20), b.getLong(28));
        }
    }
}
