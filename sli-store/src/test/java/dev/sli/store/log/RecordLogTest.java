package dev.sli.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTest {

    static byte[] payload(SplittableRandom r, long seq) {
        byte[] p = new byte[8 + r.nextInt(2000)];
        ByteBuffer.wrap(p).putLong(seq);
        for (int i = 8; i < p.length; i++) {
            p[i] = (byte) (seq * 31 + i);
        }
        return p;
    }

    static List<byte[]> readAll(RecordLog log) throws IOException {
        List<byte[]> out = new ArrayList<>();
        log.forEach((offset, p) -> out.add(p));
        return out;
    }

    @Test
    void recordsComeBackInOrderAfterReopening(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("blocks.log");
        SplittableRandom r = new SplittableRandom(1);
        List<byte[]> written = new ArrayList<>();
        try (RecordLog log = RecordLog.openForAppend(file)) {
            for (int i = 0; i < 500; i++) {
                written.add(payload(r, i));
                log.append(written.get(i));
            }
        }
        try (RecordLog log = RecordLog.openForAppend(file)) {
            assertEquals(0, log.cutBytes());
            List<byte[]> read = readAll(log);
            assertEquals(written.size(), read.size());
            for (int i = 0; i < read.size(); i++) {
                assertArrayEquals(written.get(i), read.get(i), "record " + i);
            }
            long size = Files.size(file);
            assertEquals(size, log.endOffset());
            log.append(new byte[] {42});
            assertEquals(size + 9, Files.size(file));
        }
    }

    @Test
    void aRecordTornAtTheEndIsCutAndEveryWholeRecordKept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("blocks.log");
        long whole;
        try (RecordLog log = RecordLog.openForAppend(file)) {
            log.append(new byte[] {1, 2, 3});
            log.append(new byte[] {4, 5});
            whole = log.endOffset();
            log.append(new byte[100]);
        }
        try (var c = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            c.truncate(whole + 8 + 40); // the last record lost 60 of its 100 bytes
        }
        try (RecordLog read = RecordLog.openReadOnly(file)) {
            assertEquals(48, read.cutBytes()); // left out, not cut, by a reader
            assertEquals(2, readAll(read).size());
        }
        assertEquals(whole + 48, Files.size(file));
        try (RecordLog log = RecordLog.openForAppend(file)) {
            assertEquals(48, log.cutBytes());
            assertEquals(whole, Files.size(file));
            List<byte[]> read = readAll(log);
            assertArrayEquals(new byte[] {1, 2, 3}, read.get(0));
            assertArrayEquals(new byte[] {4, 5}, read.get(1));
            assertEquals(2, read.size());
        }
    }

    @Test
    void damageThatIsNotATornTailIsRefusedWithTheOffsetAndNothingChanges(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("blocks.log");
        try (RecordLog log = RecordLog.openForAppend(file)) {
            log.append(new byte[] {1, 2, 3});
            log.append(new byte[] {4, 5, 6});
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[16 + 8 + 1] ^= 0x40; // inside the first record's payload
        Files.write(file, bytes);
        CorruptLogException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(CorruptLogException.class, () -> RecordLog.openForAppend(file)));
        assertEquals(file + " at byte 16: a record whose checksum does not match, and 11 more bytes follow it:"
                + " damage, not a crash's torn last record; nothing was changed", e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void filesThatAreNotRecordLogsAreRefusedNamingTheProblem(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.log"));
        assertEquals(empty + " at byte 0: the file is empty: not an sli record log",
                assertThrows(CorruptLogException.class, () -> RecordLog.openForAppend(empty)).getMessage());
        Path shortFile = Files.write(dir.resolve("short.log"), new byte[] {'S', 'L', 'I'});
        assertEquals(shortFile + " at byte 0: the file is 3 bytes, shorter than the 16-byte header: truncated, or not"
                + " an sli record log", assertThrows(CorruptLogException.class,
                        () -> RecordLog.openForAppend(shortFile)).getMessage());
        Path zeros = Files.write(dir.resolve("zeros.log"), new byte[4096]);
        assertEquals(zeros + " at byte 0: all 4096 bytes are zero: not an sli record log (a file preallocated or wiped,"
                + " never written)", assertThrows(CorruptLogException.class, () -> RecordLog.openForAppend(zeros)).getMessage());
        Path zeroMagic = Files.write(dir.resolve("zero-magic.log"), Arrays.copyOf(new byte[8], 20));
        zeroMagicTail(zeroMagic);
        assertEquals(zeroMagic + " at byte 0: the magic is \"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\", not \"SLI-LOG\": not"
                + " an sli record log", assertThrows(CorruptLogException.class,
                        () -> RecordLog.openForAppend(zeroMagic)).getMessage());
        Path other = dir.resolve("other.log");
        try (RecordLog log = RecordLog.openForAppend(other)) {
            log.append(new byte[] {1});
        }
        byte[] bytes = Files.readAllBytes(other);
        bytes[11] = 2; // format version 2
        Files.write(other, bytes);
        assertEquals(other + " at byte 8: format version 2; this sli reads version 1",
                assertThrows(CorruptLogException.class, () -> RecordLog.openForAppend(other)).getMessage());
        // nothing was written to any of them
        assertEquals(0, Files.size(empty));
        assertEquals(3, Files.size(shortFile));
        assertArrayEquals(new byte[4096], Files.readAllBytes(zeros));
        assertArrayEquals(bytes, Files.readAllBytes(other));
    }

    /** A child JVM appending at full speed is killed with SIGKILL: every record it reported as written is there. */
    @Test
    void aWriterKilledWithSigkillLosesNoRecordItHadWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("blocks.log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RecordLogWriterChild.class.getName(), file.toString());
        for (int trial = 0; trial < 3; trial++) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            long reported = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int lines = 0;
                String line;
                while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
                    if (line.startsWith("written ")) {
                        reported = Long.parseLong(line.substring(8));
                        if (++lines == 20 + trial * 15) {
                            break;
                        }
                    }
                }
                p.destroyForcibly(); // SIGKILL, mid-write
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            } finally {
                p.destroyForcibly();
            }
            assertTrue(reported > 0, "the child reported no record");
            try (RecordLog log = RecordLog.openForAppend(file)) {
                List<byte[]> read = readAll(log);
                assertTrue(read.size() >= reported, read.size() + " records, " + reported + " reported written");
                SplittableRandom r = new SplittableRandom(7);
                for (int i = 0; i < read.size(); i++) {
                    assertArrayEquals(payload(r, i), read.get(i), "record " + i + " of trial " + trial);
                }
            }
            Files.delete(file);
        }
    }

    private static void zeroMagicTail(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[19] = 7; // zeros where the magic is, something after it
        Files.write(file, b);
    }

    /**
     * A log refuses a record that would take it past its limit (2 GiB; here 100 bytes) before writing anything,
     * so that the file never grows to a length it could not be read back at; every record before stays.
     */
    @Test
    void aFullLogRefusesTheNextRecordAndKeepsEveryRecordBefore(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("full.log");
        try (RecordLog log = RecordLog.openForAppend(file, 100)) {
            assertEquals(16, log.append(new byte[30]));    // 16 + 8 + 30 = 54
            assertEquals(54, log.append(new byte[38]));    // 54 + 8 + 38 = 100: exactly full
            LogFullException e = assertThrows(LogFullException.class, () -> log.append(new byte[] {1}));
            assertEquals(file + " (100 bytes): full: a record of 1 bytes would take the file past 100 bytes, the most a"
                    + " record log holds; nothing was written, and every record already in it stays readable", e.getMessage());
        }
        assertEquals(100, Files.size(file));
        List<Integer> lengths = new ArrayList<>();
        try (RecordLog log = RecordLog.openReadOnly(file)) {
            log.forEach((offset, payload) -> lengths.add(payload.length));
        }
        assertEquals(List.of(30, 38), lengths);
        assertEquals(Integer.MAX_VALUE, RecordLog.MAX_FILE_BYTES);
    }
}
