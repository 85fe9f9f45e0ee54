package dev.sli.store.directory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sli.core.record.SeriesKind;
import dev.sli.store.directory.StoreException.Problem;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad store a directory can hold: each open fails with our exception naming the file and the
 * problem, within a time bound, and leaves every file as it was.
 */
class BadStoreFilesTest {

    static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    Path dir;
    Path header;
    /** The valid header (version 2): 52 fixed + 21 + 19 for the two entries, + 2 + 2 for their (empty) label counts, + 4 checksum = 100 bytes. */
    byte[] valid;

    @BeforeEach
    void validStore() throws Exception {
        dir = tmp.resolve("store");
        try (StoreDirectory store = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
            store.addSeries("shop/checkout", SeriesKind.LATENCY);
            store.addSeries("shop/orders", SeriesKind.WORK);
        }
        header = dir.resolve("store.header");
        valid = Files.readAllBytes(header);
        assertEquals(100, valid.length);
    }

    @Test
    void aTruncatedHeaderIsReportedWithItsLength() {
        bounded(() -> {
            Files.write(header, Arrays.copyOf(valid, 90));
            assertBothOpensFail(header, Problem.TRUNCATED, header + ": truncated: 90 of 100 bytes");
            Files.write(header, Arrays.copyOf(valid, 10));
            assertBothOpensFail(header, Problem.TRUNCATED,
                    header + ": truncated: 10 bytes, shorter than the 56 of the smallest header");
            Files.write(header, Arrays.copyOf(valid, 5));
            assertBothOpensFail(header, Problem.TRUNCATED,
                    header + ": truncated: 5 bytes, shorter than the 56 of the smallest header");
        });
    }

    @Test
    void aHeaderOfZerosIsReportedAsZeros() {
        bounded(() -> {
            Files.write(header, new byte[4096]);
            assertBothOpensFail(header, Problem.ZEROED, header + ": all 4096 bytes are zero, not a store header");
        });
    }

    @Test
    void anEmptyHeaderIsReportedAsEmpty() {
        bounded(() -> {
            Files.write(header, new byte[0]);
            assertBothOpensFail(header, Problem.EMPTY, header + ": empty file (0 bytes), not a store header");
        });
    }

    @Test
    void garbageInTheMiddleFailsTheChecksum() {
        bounded(() -> {
            byte[] bad = valid.clone();
            Arrays.fill(bad, 60, 70, (byte) 0xab);
            Files.write(header, bad);
            int stored = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).getInt(96);
            int computed = HeaderCodec.checksum(bad, 96);
            assertBothOpensFail(header, Problem.CHECKSUM_MISMATCH, header + ": checksum mismatch: CRC32C stored 0x"
                    + String.format("%08x", stored) + ", computed 0x" + String.format("%08x", computed)
                    + " over bytes 0..96: the file is corrupt");
        });
    }

    @Test
    void aSingleFlippedBitFailsTheChecksum() {
        bounded(() -> {
            byte[] bad = valid.clone();
            bad[70] ^= 0x04; // inside the name "shop/orders"
            Files.write(header, bad);
            assertEquals(Problem.CHECKSUM_MISMATCH, assertThrows(StoreException.class,
                    () -> StoreDirectory.openReadOnly(dir)).problem());
        });
    }

    @Test
    void anotherFormatVersionIsReportedAsSuch() {
        bounded(() -> {
            Files.write(header, withInt(valid, HeaderLayout.VERSION_OFFSET, 3));
            assertBothOpensFail(header, Problem.UNSUPPORTED_VERSION,
                    header + ": format version 3, this sli reads versions 1 and 2 only");
            // the version is checked before the length and checksum, whose place a later version may move
            Files.write(header, Arrays.copyOf(withInt(valid, HeaderLayout.VERSION_OFFSET, -1), 20));
            assertBothOpensFail(header, Problem.UNSUPPORTED_VERSION,
                    header + ": format version 4294967295, this sli reads versions 1 and 2 only");
        });
    }

    @Test
    void anotherProgramsFileIsReportedByItsFirstBytes() {
        bounded(() -> {
            byte[] sqlite = Arrays.copyOf("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII), 100);
            Files.write(header, sqlite);
            assertBothOpensFail(header, Problem.WRONG_MAGIC, header + ": not an sli store header: it starts with "
                    + "\"SQLite f\" (53 51 4c 69 74 65 20 66), not \"SLISTORE\"");
            Files.write(header, new byte[] {'{', '\n', 0, 0});
            assertBothOpensFail(header, Problem.WRONG_MAGIC, header + ": not an sli store header: it starts with "
                    + "\"{...\" (7b 0a 00 00), not \"SLISTORE\"");
        });
    }

    @Test
    void impossibleFieldsUnderAValidChecksumAreReportedWithTheirOffset() {
        bounded(() -> {
            Files.write(header, withLong(valid, HeaderLayout.RESOLUTION_MILLIS_OFFSET, 0));
            assertBothOpensFail(header, Problem.CORRUPT, header + ": corrupt at offset 16: bucket resolution 0 ms, must be > 0");
            byte[] kind = valid.clone();
            kind[HeaderLayout.SERIES_OFFSET + HeaderLayout.ENTRY_KIND_OFFSET] = 9;
            Files.write(header, resum(kind));
            assertBothOpensFail(header, Problem.CORRUPT, header + ": corrupt at offset 56: series id 1 has unknown kind code 9");
            Files.write(header, withInt(valid, HeaderLayout.NEXT_SERIES_ID_OFFSET, 2));
            assertBothOpensFail(header, Problem.CORRUPT, header
                    + ": corrupt at offset 75: series id 2 after id 1, must be increasing and below the next id 2");
            byte[] labels = valid.clone(); // the first entry's label count, after its 8 + 13 bytes
            labels[HeaderLayout.SERIES_OFFSET + 21] = 65;
            Files.write(header, resum(labels));
            assertBothOpensFail(header, Problem.CORRUPT, header + ": corrupt at offset 73: series id 1 has 65 labels, more than 64");
            Files.write(header, withInt(valid, HeaderLayout.FLAGS_OFFSET, 6));
            assertBothOpensFail(header, Problem.CORRUPT, header + ": corrupt at offset 40: unknown flags 0x00000006");
            Files.write(header, Arrays.copyOf(valid, 104));
            assertBothOpensFail(header, Problem.CORRUPT, header + ": corrupt at offset 100: 4 bytes after the end of the header (100 bytes)");
        });
    }

    @Test
    void anOversizedHeaderIsRefusedBeforeItIsRead() {
        bounded(() -> {
            try (RandomAccessFile f = new RandomAccessFile(header.toFile(), "rw")) {
                f.setLength(17L * 1024 * 1024); // sparse
            }
            assertBothOpensFail(header, Problem.CORRUPT,
                    header + ": 17825792 bytes, longer than the 16777216 a store header may have");
        });
    }

    @Test
    void aDirectoryWithoutAHeaderIsNotAStoreAndIsLeftAlone() {
        bounded(() -> {
            Path photos = tmp.resolve("photos");
            Files.createDirectory(photos);
            Files.writeString(photos.resolve("cat.jpg"), "meow");
            Map<String, byte[]> before = snapshot(photos);
            for (Executable open : new Executable[] {() -> StoreDirectory.openForWriting(photos),
                    () -> StoreDirectory.openReadOnly(photos)}) {
                StoreException e = assertThrows(StoreException.class, open);
                assertEquals(Problem.NOT_A_STORE, e.problem());
                assertEquals(photos, e.file());
                assertEquals(photos + ": not an sli store: it holds no store.header", e.getMessage());
            }
            assertSnapshot(before, snapshot(photos)); // no lock file was made in it

            Path absent = tmp.resolve("absent");
            StoreException e = assertThrows(StoreException.class, () -> StoreDirectory.openForWriting(absent));
            assertEquals(Problem.NOT_A_STORE, e.problem());
            assertEquals(absent + ": not an sli store: the directory does not exist", e.getMessage());
            assertFalse(Files.exists(absent));
        });
    }

    @Test
    void aRegularFileWhereTheDirectoryShouldBeIsRefusedByEveryOpenEvenForRoot() {
        bounded(() -> {
            Path file = tmp.resolve("notes.txt");
            Files.writeString(file, "not a store");
            for (Executable open : new Executable[] {() -> StoreDirectory.openForWriting(file),
                    () -> StoreDirectory.openReadOnly(file), () -> StoreDirectory.create(file, Duration.ofMinutes(1)),
                    () -> StoreDirectory.openOrCreate(file, Duration.ofMinutes(1))}) {
                StoreException e = assertThrows(StoreException.class, open);
                assertEquals(Problem.NOT_A_DIRECTORY, e.problem());
                assertEquals(file + ": not a directory, cannot be a store", e.getMessage());
            }
            assertEquals("not a store", Files.readString(file));
        });
    }

    @Test
    void aHeaderThatIsADirectoryIsRefusedEvenForRoot() {
        bounded(() -> {
            Files.delete(header);
            Files.createDirectory(header);
            assertBothOpensFail(header, Problem.IO, header + ": not a regular file, cannot be a store header");
        });
    }

    @Test
    void aHeaderThatIsANamedPipeIsRefusedWithoutBlocking() throws Exception {
        Files.delete(header);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", header.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "mkfifo is not available here: " + e.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        bounded(() -> assertBothOpensFail(header, Problem.IO,
                header + ": not a regular file, cannot be a store header"));
    }

    @Test
    void anUnreadableHeaderIsReportedAsNoPermission() throws Exception {
        assumeFalse(runningAsRoot(), "running as root, which reads a file whatever its mode: the permission case is "
                + "covered for root by aRegularFileWhereTheDirectoryShouldBeIsRefusedByEveryOpenEvenForRoot and "
                + "aHeaderThatIsADirectoryIsRefusedEvenForRoot");
        Files.setPosixFilePermissions(header, PosixFilePermissions.fromString("---------"));
        try {
            bounded(() -> {
                StoreException e = assertThrows(StoreException.class, () -> StoreDirectory.openReadOnly(dir));
                assertEquals(Problem.NO_PERMISSION, e.problem());
                assertEquals(header + ": permission denied, cannot read the store header", e.getMessage());
            });
        } finally {
            Files.setPosixFilePermissions(header, PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertArrayEquals(valid, Files.readAllBytes(header));
    }

    /** Both opens fail as told, and no file in the store directory changed, appeared or went. */
    void assertBothOpensFail(Path file, Problem problem, String message) throws Exception {
        Map<String, byte[]> before = snapshot(dir);
        for (Executable open : new Executable[] {() -> StoreDirectory.openForWriting(dir),
                () -> StoreDirectory.openReadOnly(dir)}) {
            StoreException e = assertThrows(StoreException.class, open);
            assertEquals(problem, e.problem(), e.getMessage());
            assertEquals(file, e.file());
            assertEquals(message, e.getMessage());
        }
        assertSnapshot(before, snapshot(dir));
    }

    static Map<String, byte[]> snapshot(Path dir) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : StoreDirectoryTest.list(dir)) {
            Path p = dir.resolve(name);
            files.put(name, Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[] {'?'});
        }
        return files;
    }

    static void assertSnapshot(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
    }

    static void bounded(Executable test) {
        assertTimeoutPreemptively(BOUND, test);
    }

    static byte[] withInt(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return resum(copy);
    }

    static byte[] withLong(byte[] bytes, int offset, long value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
        return resum(copy);
    }

    /** The bytes with a correct checksum again, so that the check after it is the one tested. */
    static byte[] resum(byte[] bytes) {
        int at = bytes.length - 4;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, HeaderCodec.checksum(bytes, at));
        return bytes;
    }

    static boolean runningAsRoot() throws Exception {
        Path probe = Files.createTempFile("uid", ".probe");
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(probe, "unix:uid"));
        } finally {
            Files.delete(probe);
        }
    }
}
