package dev.sli.store.counters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sli.store.chronicle.ChronicleRuntime;
import dev.sli.store.counters.Layout.Marker;
import dev.sli.store.directory.StoreException;
import dev.sli.store.directory.StoreException.Problem;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad counter file: each open (writer after a clean shutdown, writer recovering, reader)
 * fails within a time bound with a {@link StoreException} naming the file and the problem, and leaves every
 * byte of the directory as it was (no temporary copy left either).
 */
class BadCounterFilesTest {

    static final Duration BOUND = Duration.ofSeconds(60);
    static final long MINUTE = 60_000;
    static final long DAY = 20_420; // 2025-11-28
    static final long B0 = DAY * 1440;
    /** An amount that marks one value's slot in the file's bytes. */
    static final long TAG = 0x5EED_1234_ABCD_0042L;

    @TempDir
    Path tmp;
    Path dir;
    Path file;
    byte[] valid;
    Map<String, String> model = new TreeMap<>();

    @BeforeEach
    void validDirectory() throws Exception {
        dir = tmp.resolve("counters");
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, 1024)) {
            for (int i = 0; i < 300; i++) {
                long[] a = i == 100 ? new long[] {TAG, 1, 2} : new long[] {i, 2L * i, 3L * i, 4, 5, 6, 7, 8, 9, 10, 11};
                int n = i == 100 ? 3 : 1 + i % 11;
                c.put(1, B0 + i, a, n);
                model.put(Contents.key(1, B0 + i), Arrays.toString(Arrays.copyOf(a, n)));
            }
        }
        file = dir.resolve("2025-11-28.cmap");
        valid = Files.readAllBytes(file);
        assertEquals(245760, valid.length); // 1,024 entries of capacity (+ the marker)
    }

    // ---- helpers ----

    static void bounded(Executable e) {
        assertTimeoutPreemptively(BOUND, e);
    }

    Map<String, byte[]> snapshotBytes() throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
            }
        }
        return out;
    }

    void assertUnchanged(Map<String, byte[]> before) throws Exception {
        Map<String, byte[]> after = snapshotBytes();
        assertEquals(before.keySet(), after.keySet(), "files added or removed");
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name + " changed");
        }
    }

    enum Open { CLEAN, RECOVER, READER }

    StoreException open(Open how, long resolution) {
        return assertThrows(StoreException.class, () -> {
            switch (how) {
                case CLEAN -> DayCounters.openForWriting(dir, resolution, false).close();
                case RECOVER -> DayCounters.openForWriting(dir, resolution, true).close();
                case READER -> DayCounters.readSnapshot(dir, resolution);
            }
        }, how + " opened a bad file");
    }

    /** Every open in {@code ways} fails with {@code problem} and exactly {@code message}; nothing changes. */
    void assertRefused(Problem problem, String message, Open... ways) throws Exception {
        assertRefusedMatching(problem, Pattern.quote(message), ways);
    }

    void assertRefusedMatching(Problem problem, String regex, Open... ways) throws Exception {
        Map<String, byte[]> before = snapshotBytes();
        for (Open how : ways.length == 0 ? Open.values() : ways) {
            bounded(() -> {
                StoreException e = open(how, MINUTE);
                assertEquals(problem, e.problem(), how + ": " + e.getMessage());
                assertTrue(Pattern.matches(regex, e.getMessage()), how + ": " + e.getMessage());
            });
            assertUnchanged(before);
        }
    }

    void write(byte[] bytes) throws Exception {
        Files.write(file, bytes);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---- the cases ----

    @Test
    void anEmptyFileIsRefusedNotTakenForANewMap() throws Exception {
        write(new byte[0]);
        assertRefused(Problem.EMPTY, file + ": the file is empty (0 bytes): not an sli counter file (Chronicle Map"
                + " would take it for a new, empty map)");
    }

    @Test
    void anAllZeroFileIsRefusedWithoutChronicleWaitingAMinuteForIt() throws Exception {
        write(new byte[valid.length]);
        long t0 = System.nanoTime();
        assertRefused(Problem.ZEROED, file + ": all 245760 bytes are zero: not an sli counter file");
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Test
    void aZeroedHeaderOrAnIncompleteOneIsCorrupt() throws Exception {
        byte[] b = valid.clone();
        Arrays.fill(b, 0, 4096, (byte) 0);
        write(b);
        assertRefused(Problem.CORRUPT, file + ": at byte 0: the first 4096 bytes (where the Chronicle Map header"
                + " belongs) are zero but the rest of the file is not: a damaged counter file");
        b = valid.clone();
        b[11] |= (byte) 0x80; // Chronicle's NOT_COMPLETE bit: it would wait 60 s for the header to be ready
        write(b);
        int size = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        assertRefused(Problem.CORRUPT, file + ": at byte 8: the Chronicle Map header is marked incomplete (size word 0x"
                + Integer.toHexString(size | 0x8000_0000) + "): damaged, or its creation never finished");
    }

    @Test
    void aDamagedHeaderIsCorrupt() throws Exception {
        byte[] b = valid.clone();
        int at = indexOf(b, "actualSegments: ".getBytes(StandardCharsets.US_ASCII));
        b[at + 16] = (byte) '9'; // Chronicle's recovery would quietly rewrite the header from the builder
        write(b);
        int size = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        assertRefused(Problem.CORRUPT, file + ": at byte 0: the Chronicle Map header's checksum does not match its "
                + size + " bytes: a damaged counter file");
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        write(Arrays.copyOf(valid, 1000));
        int size = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
        assertRefused(Problem.TRUNCATED, file + ": the file is 1000 bytes, shorter than its " + (12 + size)
                + "-byte Chronicle Map header");
        write(Arrays.copyOf(valid, valid.length - 4096)); // recovery would quietly extend it
        assertRefused(Problem.TRUNCATED, file + ": the file is 241664 bytes; its Chronicle Map needs 245760: truncated");
        write(Arrays.copyOf(valid, valid.length / 2));
        assertRefused(Problem.TRUNCATED, file + ": the file is 122880 bytes; its Chronicle Map needs 245760: truncated");
    }

    @Test
    void garbageInTheMiddleIsRefusedAfterACleanShutdownAndRecoveredAfterACrash() throws Exception {
        byte[] b = valid.clone();
        byte[] junk = new byte[b.length / 3];
        new Random(7).nextBytes(junk);
        System.arraycopy(junk, 0, b, b.length / 3, junk.length);
        write(b);
        assertRefusedMatching(Problem.CORRUPT, Pattern.quote(file + ": damaged: Chronicle Map's recovery check reports ")
                + "\\d+ problems in a file whose writer shut down cleanly, the first: .+; the file is left as it is",
                Open.CLEAN);
        // recovering: Chronicle drops what it cannot make sense of; what is left is what was written
        bounded(() -> {
            try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, true)) {
                assertTrue(c.recoveryEvents() > 0);
                Map<String, String> left = Contents.of(c);
                assertTrue(left.size() > 100 && left.size() < model.size(), "kept " + left.size());
                left.forEach((k, v) -> assertEquals(model.get(k), v, k));
            }
            try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false)) { // clean now
                assertEquals(0, c.recoveryEvents());
            }
        });
    }

    /**
     * Bytes Chronicle has not allocated yet (here the unused end of a segment's entry space) are read by
     * nothing, its recovery included. After a clean shutdown the file's checksum in counters.sum still
     * tells: refused. Without counters.sum (a store written before it, or it was lost) the full check
     * accepts the file, every value reads back, and the inserts that later take that space overwrite it.
     */
    @Test
    void garbageInSpaceNotAllocatedYetIsHarmlessButRefusedAfterACleanShutdown() throws Exception {
        byte[] b = valid.clone();
        byte[] junk = new byte[16_384];
        new Random(7).nextBytes(junk);
        System.arraycopy(junk, 0, b, 40_000, junk.length);
        write(b);
        assertRefusedMatching(Problem.CORRUPT, Pattern.quote(file + ": damaged: its bytes (245760, CRC32C ")
                + "[0-9a-f]{8}" + Pattern.quote(") differ from those the last clean shutdown recorded in counters.sum"
                + " (245760, CRC32C ") + "[0-9a-f]{8}" + Pattern.quote("), though Chronicle Map's recovery check and"
                + " the value checksums find nothing wrong; the file is left as it is"), Open.CLEAN);
        Files.delete(dir.resolve(Manifest.NAME));
        bounded(() -> {
            try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, 1024)) {
                assertEquals(model, Contents.of(c));
                for (int i = 300; i < 1000; i++) { // 1,000 buckets x 1.27 parts: the day rolls once
                    long[] a = {i, 2L * i, 3L * i, 4, 5, 6, 7, 8, 9, 10, 11};
                    c.put(1, B0 + i, a, 1 + i % 11);
                    model.put(Contents.key(1, B0 + i), Arrays.toString(Arrays.copyOf(a, 1 + i % 11)));
                }
                assertEquals(2, c.files().size());
            }
            try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false, 1024)) {
                assertEquals(model, Contents.of(c));
            }
        });
    }

    @Test
    void aDamagedOrForeignManifestIsIgnoredAndEveryFileCheckedInFull() throws Exception {
        Path manifest = dir.resolve(Manifest.NAME);
        assertTrue(Files.size(manifest) > 24);
        for (byte[] bad : List.of(new byte[0], new byte[100], "SLI-CSUM but not really".getBytes(StandardCharsets.US_ASCII))) {
            Files.write(manifest, bad);
            try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false)) {
                assertEquals(model, Contents.of(c));
                assertEquals(false, Files.exists(manifest), "deleted before the first write");
            }
            assertTrue(Files.size(manifest) > 24, "written again at close");
        }
        Files.delete(manifest);
        Files.createDirectory(manifest); // not read (a named pipe would block): the files are checked in full
        bounded(() -> {
            try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, false)) {
                assertEquals(model, Contents.of(c));
            }
        });
        assertTrue(Files.isRegularFile(manifest) && Files.size(manifest) > 24);
    }

    @Test
    void aDamagedValueIsRefusedAfterACleanShutdown() throws Exception {
        byte[] b = valid.clone();
        byte[] tag = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(TAG).array();
        int at = indexOf(b, tag);
        assertTrue(at > 0);
        assertEquals(-1, indexOf(Arrays.copyOfRange(b, at + 1, b.length), tag), "the tag is in one slot only");
        b[at + 3] ^= 0x10; // Chronicle does not see it (its entry checksums are off): our slot CRC does
        write(b);
        assertRefused(Problem.CORRUPT, file + ": damaged: the entry of series 1 part 0 bucket " + (B0 + 100) + " has a"
                + " slot whose checksum does not match (1 damaged entry) in a file whose writer shut down cleanly; the"
                + " file is left as it is", Open.CLEAN);
        // recovering: the damaged slot is what a torn write leaves, and is rewritten from the other one (empty
        // here: the bucket was inserted once, so its previous value is "none" and the entry is removed)
        try (DayCounters c = DayCounters.openForWriting(dir, MINUTE, true)) {
            Map<String, String> expected = new TreeMap<>(model);
            expected.remove(Contents.key(1, B0 + 100));
            assertEquals(expected, Contents.of(c));
        }
    }

    @Test
    void aFileOfAnotherProgramIsNotAChronicleMap() throws Exception {
        byte[] b = new byte[4096];
        byte[] sqlite = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sqlite, 0, b, 0, sqlite.length);
        write(b);
        assertRefused(Problem.WRONG_MAGIC, file + ": at byte 0: no Chronicle Map header: not an sli counter file");
        write("2025-11-28,1,2,3\n".getBytes(StandardCharsets.US_ASCII));
        assertRefused(Problem.WRONG_MAGIC, file + ": at byte 0: no Chronicle Map header: not an sli counter file");
    }

    @Test
    void aChronicleMapOfAnotherLayoutOrWithoutOurMarkerIsForeign() throws Exception {
        ChronicleRuntime.requireReady();
        Files.delete(file);
        try (ChronicleMap<CharSequence, Long> m = ChronicleMap.of(CharSequence.class, Long.class).averageKeySize(10)
                .entries(100).createPersistedTo(file.toFile())) {
            m.put("a", 1L);
        }
        assertRefused(Problem.FOREIGN, file + ": a Chronicle Map of CharSequence keys (variable bytes) and long values"
                + " (8 bytes), not an sli counter file (16-byte keys, 160-byte values)");
        Files.delete(file);
        File f = file.toFile();
        try (ChronicleMap<byte[], byte[]> m = CounterFile.builder(100).createPersistedTo(f)) {
            m.put(new byte[16], new byte[160]); // same layout, no marker
        }
        assertRefused(Problem.FOREIGN, file + ": holds no sli counter marker: a Chronicle Map of another program, not"
                + " an sli counter file");
    }

    @Test
    void anotherFormatVersionResolutionOrDayIsRefused() throws Exception {
        Files.delete(file);
        CounterFile.create(file, new Marker(2, MINUTE, DAY, 64)).close();
        assertRefused(Problem.UNSUPPORTED_VERSION, file + ": format version 2; this sli reads version 1");
        Files.delete(file);
        Files.write(file, valid);
        Map<String, byte[]> before = snapshotBytes();
        for (Open how : Open.values()) {
            bounded(() -> {
                StoreException e = open(how, 3_600_000);
                assertEquals(Problem.RESOLUTION_MISMATCH, e.problem());
                assertEquals(file + ": written with buckets of 60000 ms, not the 3600000 ms asked for", e.getMessage());
            });
        }
        assertUnchanged(before);
        Path renamed = dir.resolve("2025-11-27.cmap");
        Files.move(file, renamed);
        assertRefused(Problem.FOREIGN, renamed + ": holds the counters of 2025-11-28, not of 2025-11-27 as its name"
                + " says (renamed or copied?)");
    }

    @Test
    void aDamagedMarkerIsCorrupt() throws Exception {
        byte[] b = valid.clone();
        int at = indexOf(b, Layout.MAGIC);
        b[at + 14] ^= 1; // the resolution field
        write(b);
        assertRefused(Problem.CORRUPT, file + ": the marker entry's checksum does not match: a damaged counter file");
    }

    @Test
    void aDirectoryOrANamedPipeInPlaceOfTheFileIsRefusedWithoutBlocking() throws Exception {
        Files.delete(file);
        Files.createDirectory(file);
        assertRefused(Problem.IO, file + ": is a directory, not a regular file: not an sli counter file");
        Files.delete(file);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", file.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "mkfifo is not available here: " + e.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        assertRefused(Problem.IO, file + ": is a named pipe, device or socket, not a regular file: not an sli counter file");
    }

    @Test
    void theCountersPathIsAFile() throws Exception {
        Path notDir = tmp.resolve("plain");
        Files.writeString(notDir, "x");
        StoreException e = assertThrows(StoreException.class, () -> DayCounters.openForWriting(notDir, MINUTE, false));
        assertEquals(Problem.NOT_A_DIRECTORY, e.problem());
        assertEquals(notDir + ": not a directory: cannot hold counter files", e.getMessage());
        e = assertThrows(StoreException.class, () -> DayCounters.readSnapshot(notDir, MINUTE));
        assertEquals(Problem.NOT_A_DIRECTORY, e.problem());
        assertEquals("x", Files.readString(notDir));
    }

    /**
     * An unreadable file. Root reads any file whatever its mode, so as root the open runs in a child JVM
     * without the capabilities that allow it (setpriv --bounding-set=-dac_override,-dac_read_search).
     */
    @Test
    void anUnreadableFileIsNoPermission() throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            String expected = file + ": permission denied, cannot read the counter file";
            if (!runningAsRoot()) {
                assertRefused(Problem.NO_PERMISSION, expected);
                return;
            }
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv to drop root's file capabilities");
            Map<String, byte[]> before = snapshotBytes();
            for (String how : List.of("clean", "recover", "reader")) {
                List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                cmd.addAll(List.of(ChronicleRuntime.flagsForThisJvm().split(" ")));
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CounterOpenChild.class.getName(),
                        dir.toString(), String.valueOf(MINUTE), how));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals("PROBLEM NO_PERMISSION\nMESSAGE " + expected + "\n", out, how + ": " + err);
            }
            assertUnchanged(before);
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    static boolean runningAsRoot() {
        try {
            return "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
