package dev.sli.store.counters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.store.counters.CounterFile.Result;
import dev.sli.store.counters.Layout.Marker;
import dev.sli.store.directory.StoreException;
import dev.sli.store.directory.StoreException.Problem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One counter file: the two slots (a torn update leaves the previous value), capacity, the marker. */
class CounterFileTest {

    static final long MINUTE = 60_000;
    static final long DAY = 20_420;
    static final long B0 = DAY * 1440;

    @TempDir
    Path tmp;

    static byte[] le(long... longs) {
        ByteBuffer b = ByteBuffer.allocate(8 * longs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : longs) {
            b.putLong(l);
        }
        return b.array();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        return BadCounterFilesTest.indexOf(hay, needle);
    }

    @Test
    void aFullFileRefusesNewKeysButUpdatesTheOnesItHolds() throws Exception {
        Path f = tmp.resolve("2025-11-28.cmap");
        try (CounterFile file = CounterFile.create(f, new Marker(Layout.VERSION, MINUTE, DAY, 3))) {
            long[] a = {1, 2};
            for (int i = 0; i < 3; i++) {
                assertEquals(Result.INSERTED, file.write(1, 0, B0 + i, a, 0, 2, true));
            }
            assertEquals(3, file.size());
            assertEquals(Result.FULL, file.write(1, 0, B0 + 3, a, 0, 2, true));
            assertEquals(Result.ABSENT, file.write(1, 0, B0 + 3, a, 0, 2, false));
            assertEquals(Result.UPDATED, file.write(1, 0, B0 + 1, new long[] {9, 9}, 0, 2, true));
            assertEquals(3, file.size());
            Map<String, String> seen = new TreeMap<>();
            file.forEach((s, part, b, n, amounts) -> seen.put(s + "/" + part + "/" + b,
                    n + " " + Arrays.toString(Arrays.copyOf(amounts, n))));
            assertEquals(Map.of("1/0/" + B0, "2 [1, 2]", "1/0/" + (B0 + 1), "2 [9, 9]", "1/0/" + (B0 + 2), "2 [1, 2]"), seen);
        }
        assertThrows(StoreException.class, () -> CounterFile.create(f, new Marker(Layout.VERSION, MINUTE, DAY, 3)));
    }

    /**
     * A write torn by a kill: the slot being written holds part new, part old bytes. Its checksum does not
     * match, so the other slot (the previous value) is the value; recovery rewrites the torn slot from it,
     * a reader reads it, and a writer that shut down cleanly refuses the file.
     */
    @Test
    void aTornUpdateLeavesThePreviousValue() throws Exception {
        Path dir = tmp.resolve("counters");
        long[] v1 = {0x1111_0001L, 0x1111_0002L, 0x1111_0003L};
        long[] v2 = {0x2222_0001L, 0x2222_0002L, 0x2222_0003L};
        long[] v3 = {0x3333_0001L, 0x3333_0002L, 0x3333_0003L};
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, 16)) {
            c.put(4, B0, v1, 3); // slot 0: sequence 1; slot 1: empty, sequence 0
            c.put(4, B0, v2, 3); // slot 1: sequence 2
            c.put(4, B0, v3, 3); // slot 0: sequence 3
            c.put(5, B0, v1, 3);
        }
        Path file = dir.resolve("2025-11-28.cmap");
        byte[] b = Files.readAllBytes(file);
        int at = indexOf(b, le(v3));
        assertTrue(at > 0);
        assertTrue(indexOf(b, le(v2)) > 0, "the previous value is still in the other slot");
        // tear the newest write: its second long is half written over the old bytes of that slot (v1's)
        byte[] torn = b.clone();
        System.arraycopy(le(0x1111_0002L), 0, torn, at + 8, 4);
        Files.write(file, torn);

        StoreException e = assertThrows(StoreException.class, () -> DayCounters.openForWriting(dir, MINUTE, false));
        assertEquals(Problem.CORRUPT, e.problem());
        assertArrayEquals(torn, Files.readAllBytes(file));
        Map<String, String> expected = Map.of(Contents.key(4, B0), Arrays.toString(v2), Contents.key(5, B0), Arrays.toString(v1));
        assertEquals(expected, Contents.of(DayCounters.readSnapshot(dir, MINUTE)));
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, true)) {
            assertEquals(expected, Contents.of(c));
            assertEquals(1, c.repairedValues());
            c.put(4, B0, v1, 3); // the next write goes to the slot that was torn
        }
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false)) {
            assertEquals(Map.of(Contents.key(4, B0), Arrays.toString(v1), Contents.key(5, B0), Arrays.toString(v1)),
                    Contents.of(c));
        }
        b = Files.readAllBytes(file);
        assertTrue(indexOf(b, le(v2)) > 0, "the other slot still holds v2");
        assertEquals(-1, indexOf(b, le(v3)), "the torn slot was rewritten");
    }

    @Test
    void theMarkerSaysWhatTheFileIs() throws Exception {
        Marker m = new Marker(1, MINUTE, DAY, 16_384);
        byte[] v = m.encode();
        assertEquals(Layout.VALUE_BYTES, v.length);
        assertEquals("SLI-CNTR", new String(v, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(Marker.hasMagic(v) && Marker.checksumMatches(v));
        assertEquals(m, Marker.decode(v));
        v[20] ^= 1;
        assertEquals(false, Marker.checksumMatches(v));
    }
}
