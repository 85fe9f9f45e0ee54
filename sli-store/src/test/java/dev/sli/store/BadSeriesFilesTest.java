package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sli.core.config.ConfigException;
import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.time.ManualClock;
import dev.sli.store.directory.StoreException;
import dev.sli.store.directory.StoreException.Problem;
import dev.sli.store.history.LogSealedHistory;
import dev.sli.store.history.SeriesFiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad series file (a day log {@code series/<id>/YYYY-MM-DD.log}, or a version-1 {@code series/<id>.log})
 * and kept SLO document a store can hold: each open fails within a time bound with a {@link StoreException}
 * whose message names the file and the problem, and leaves every file of the store byte for byte as it was.
 */
class BadSeriesFilesTest {

    static final Duration BOUND = Duration.ofSeconds(10);
    static final SloDocument DOC = ConfigReader.parse(StoreCrashChild.CONFIG);
    /** The day log of shop/checkout (id 1) for the day of {@link StoreCrashChild#T0}. */
    static final String DAY0 = "series/1/2024-01-01.log";

    @TempDir
    Path tmp;
    Path dir;
    /** series/1/2024-01-01.log: shop/checkout, latency, its only day log. */
    Path log;
    byte[] valid;

    /** Thirty minutes of every series, closed cleanly. */
    static void writeStore(Path dir) throws Exception {
        ManualClock clock = ManualClock.atEpochMillis(StoreCrashChild.T0);
        try (SliStore store = SliStore.open(dir, DOC, StoreCrashChild.CONFIG, StoreCrashChild.options(clock), Duration.ZERO)) {
            for (long m = 0; m < 30; m++) {
                long start = StoreCrashChild.T0 + m * StoreCrashChild.MINUTE;
                clock.setEpochMillis(start);
                long[] d = StoreCrashChild.latency(1, 0, m);
                for (int i = 0; i < d.length; i++) {
                    store.registry().latency("shop", "checkout").recordAt(start + i * 700L, Math.abs(d[i]), d[i] > 0);
                }
                store.registry().outcome("shop", "payments").recordCountsAt(start, 10, 1);
            }
            clock.setEpochMillis(StoreCrashChild.T0 + 30 * StoreCrashChild.MINUTE);
        }
    }

    @BeforeEach
    void validStore() throws Exception {
        dir = tmp.resolve("store");
        writeStore(dir);
        log = dir.resolve(DAY0);
        valid = Files.readAllBytes(log);
        assertTrue(valid.length > 1000, "a latency log of 30 minutes: " + valid.length + " bytes");
    }

    ManualClock clock() {
        return ManualClock.atEpochMillis(StoreCrashChild.T0 + 30 * StoreCrashChild.MINUTE);
    }

    /** Every file under the store, by relative path, with its bytes. */
    Map<String, byte[]> files() throws Exception {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                all.put(dir.relativize(p).toString(), Files.isReadable(p) ? Files.readAllBytes(p) : new byte[0]);
            }
        }
        return all;
    }

    /** Both opens (writer and reader) fail with {@code problem} and exactly {@code message}; no file changes. */
    void assertBothOpensFail(Problem problem, String message) throws Exception {
        Map<String, byte[]> before = files();
        for (boolean writer : new boolean[] {true, false}) {
            StoreException e = assertThrows(StoreException.class, () -> {
                try (SliStore s = writer ? SliStore.open(dir, DOC, StoreCrashChild.CONFIG, StoreCrashChild.options(clock()))
                        : SliStore.openReadOnly(dir, DOC, StoreCrashChild.options(clock()))) {
                    s.path();
                }
            }, writer ? "writer" : "reader");
            assertEquals(message, e.getMessage(), writer ? "writer" : "reader");
            assertEquals(problem, e.problem(), e.getMessage());
            Map<String, byte[]> after = files();
            assertEquals(before.keySet(), after.keySet(), "files after a failed " + (writer ? "writer" : "reader") + " open");
            for (String f : before.keySet()) {
                assertArrayEquals(before.get(f), after.get(f), f + " changed by a failed " + (writer ? "writer" : "reader") + " open");
            }
        }
    }

    static void bounded(Executable body) {
        assertTimeoutPreemptively(BOUND, body);
    }

    @Test
    void aSeriesFileCutInsideItsHeaderIsTruncated() {
        bounded(() -> {
            Files.write(log, Arrays.copyOf(valid, 10));
            assertBothOpensFail(Problem.TRUNCATED, log + ": at byte 0: the file is 10 bytes, shorter than the 16-byte"
                    + " header: truncated, or not an sli record log");
        });
    }

    /** A minute of shop/checkout on 2024-01-02 (the store's second day), written by a writer that then closed. */
    void writeSecondDay() throws Exception {
        long start = StoreCrashChild.T0 + 24 * 60 * StoreCrashChild.MINUTE;
        ManualClock clock = ManualClock.atEpochMillis(start);
        try (SliStore store = SliStore.open(dir, DOC, StoreCrashChild.CONFIG, StoreCrashChild.options(clock), Duration.ZERO)) {
            store.registry().latency("shop", "checkout").recordAt(start + 10, 3_000_000L, true);
            clock.setEpochMillis(start + StoreCrashChild.MINUTE);
            store.registry().latency("shop", "checkout").sealBefore(Instant.ofEpochMilli(start + StoreCrashChild.MINUTE));
        }
    }

    @Test
    void aDamagedDayLogAmongSeveralFailsTheOpenNamingIt() throws Exception {
        writeSecondDay();
        Path day1 = dir.resolve("series/1/2024-01-02.log");
        assertTrue(Files.exists(day1));
        byte[] first = Files.readAllBytes(log); // the minute checkpointed at the first close, and the hour and day, added
        bounded(() -> {
            // the older day, not the one the writer would append to
            Files.write(log, new byte[4096]);
            assertBothOpensFail(Problem.ZEROED, log + ": at byte 0: all 4096 bytes are zero: not an sli record log"
                    + " (a file preallocated or wiped, never written)");
            Files.write(log, first);
            byte[] second = Files.readAllBytes(day1);
            Files.write(day1, Arrays.copyOf(second, 10));
            assertBothOpensFail(Problem.TRUNCATED, day1 + ": at byte 0: the file is 10 bytes, shorter than the 16-byte"
                    + " header: truncated, or not an sli record log");
        });
    }

    @Test
    void aDayLogOfAnotherShapeThanTheSeriesOtherLogsIsDamage() throws Exception {
        Instant created = dev.sli.store.directory.StoreDirectory.openReadOnly(dir).header().created();
        SeriesFiles files = SeriesFiles.inStore(dir.resolve("series"), 1);
        dev.sli.core.history.HistoryShape shape = LogSealedHistory.shapeOf(files).orElseThrow();
        dev.sli.core.history.HistoryShape other = new dev.sli.core.history.HistoryShape(shape.resolutionMillis(),
                shape.retentionBuckets() + 1, shape.levelWidths(), shape.highestTrackableNanos(), shape.significantDigits(),
                shape.channels(), shape.thresholdsNanos());
        // written as this series' own (its owner), on the next day, with another retention
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        SeriesFiles copy = new SeriesFiles(elsewhere.resolve("1"), elsewhere.resolve("1.log"));
        try (LogSealedHistory h = LogSealedHistory.open(copy, other, new LogSealedHistory.Owner(created.toEpochMilli(), 1))) {
            h.sealed(StoreCrashChild.T0 / StoreCrashChild.MINUTE + 24 * 60, new long[shape.channels()]);
        }
        Path day1 = dir.resolve("series/1/2024-01-02.log");
        Files.copy(copy.dayLog(Math.floorDiv(StoreCrashChild.T0, 86_400_000L) + 1), day1);
        bounded(() -> assertBothOpensFail(Problem.CORRUPT, day1 + ": at byte 16: a history of shape " + other
                + ", while 2024-01-01.log of the same series holds " + shape + ": the files of one series never differ in"
                + " shape"));
    }

    @Test
    void aDamagedVersion1LogIsNamed() throws Exception {
        Path legacy = dir.resolve("series/1.log");
        Files.move(log, legacy); // the layout of version 1: series/<id>.log
        bounded(() -> {
            Files.write(legacy, new byte[0]);
            assertBothOpensFail(Problem.EMPTY, legacy + ": at byte 0: the file is empty: not an sli record log");
        });
    }

    @Test
    void aSeriesFileCutInsideARecordIsWhatACrashLeavesAndLosesOnlyThatRecord() throws Exception {
        long[] starts = recordStarts(valid);
        int cut = (int) starts[starts.length - 1] + 5; // inside the last record
        Files.write(log, Arrays.copyOf(valid, cut));
        // without the open-bucket checkpoint beside it, which a reopened writer would seal onto the log's end
        Files.deleteIfExists(SeriesFiles.inStore(dir.resolve("series"), 1).checkpoint());
        try (SliStore reader = SliStore.openReadOnly(dir, DOC, StoreCrashChild.options(clock()))) {
            assertEquals(cut, Files.size(log), "a reader leaves a torn tail as it is");
            reader.path();
        }
        try (SliStore writer = SliStore.open(dir, DOC, StoreCrashChild.CONFIG, StoreCrashChild.options(clock()), Duration.ZERO)) {
            assertEquals(starts[starts.length - 1], Files.size(log), "the writer cuts the torn record, and nothing before it");
            writer.path();
        }
    }

    @Test
    void aSeriesFileOfZerosIsReportedAsZeros() {
        bounded(() -> {
            Files.write(log, new byte[4096]);
            assertBothOpensFail(Problem.ZEROED, log + ": at byte 0: all 4096 bytes are zero: not an sli record log"
                    + " (a file preallocated or wiped, never written)");
        });
    }

    @Test
    void anEmptySeriesFileIsReportedAsEmpty() {
        bounded(() -> {
            Files.write(log, new byte[0]);
            assertBothOpensFail(Problem.EMPTY, log + ": at byte 0: the file is empty: not an sli record log");
        });
    }

    @Test
    void garbageInTheMiddleOfASeriesFileIsDamageNamedByItsOffset() {
        bounded(() -> {
            long record = 0;
            for (long start : recordStarts(valid)) {
                if (start <= valid.length / 2) {
                    record = start;
                }
            }
            int length = ByteBuffer.wrap(valid, (int) record, 4).getInt();
            long end = record + 8 + length;
            assertTrue(end < valid.length && length > 2, "the damaged record is not the last, and holds more than 2 bytes");
            byte[] bad = valid.clone();
            Arrays.fill(bad, (int) record + 9, (int) record + 8 + Math.min(length, 9), (byte) 0x5a); // inside its payload
            Files.write(log, bad);
            assertBothOpensFail(Problem.CORRUPT, log + ": at byte " + record + ": a record whose checksum does not match,"
                    + " and " + (valid.length - end) + " more bytes follow it: damage, not a crash's torn last record;"
                    + " nothing was changed");
        });
    }

    @Test
    void aRecordWhoseChecksumMatchesButWhoseTypeIsUnknownIsDamage() {
        bounded(() -> {
            long[] starts = recordStarts(valid);
            byte[] payload = {9, 1, 2, 3};
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(payload);
            ByteBuffer b = ByteBuffer.allocate(valid.length + 12);
            b.put(valid).putInt(4).putInt((int) crc.getValue()).put(payload);
            Files.write(log, b.array());
            assertBothOpensFail(Problem.CORRUPT, log + ": at byte " + valid.length + ": a record of unknown type 9"
                    + " (its checksum matches: written so, not torn)");
            assertTrue(starts.length > 2);
        });
    }

    @Test
    void aSeriesFileOfAnotherFormatVersionIsNamedWithItsVersion() {
        bounded(() -> {
            byte[] bad = valid.clone();
            ByteBuffer.wrap(bad).putInt(8, 2);
            Files.write(log, bad);
            assertBothOpensFail(Problem.UNSUPPORTED_VERSION, log + ": at byte 8: format version 2; this sli reads version 1");
        });
    }

    @Test
    void aSeriesFileOfAnotherProgramIsNamedByItsMagic() {
        bounded(() -> {
            Files.writeString(log, "SQLite format 3\0 and more");
            assertBothOpensFail(Problem.WRONG_MAGIC, log + ": at byte 0: the magic is \"SQLite f\", not \"SLI-LOG\":"
                    + " not an sli record log");
        });
    }

    @Test
    void aSeriesFileCopiedFromAnotherStoreIsRefused() throws Exception {
        Thread.sleep(5); // another creation instant
        Path other = tmp.resolve("other");
        writeStore(other);
        Instant createdHere = dev.sli.store.directory.StoreDirectory.openReadOnly(dir).header().created();
        Instant createdThere = dev.sli.store.directory.StoreDirectory.openReadOnly(other).header().created();
        assertFalse(createdHere.equals(createdThere));
        bounded(() -> {
            // the same id in another store
            Files.copy(other.resolve(DAY0), log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertBothOpensFail(Problem.FOREIGN, log + ": at byte 16: the file belongs to series id 1 of the store"
                    + " created " + createdThere + ", not to series id 1 of the store created " + createdHere
                    + ": copied from another store or renamed from another series' file; nothing was changed");
            // another id in another store
            Files.write(log, valid);
            Path payments = dir.resolve("series/2/2024-01-01.log");
            Files.copy(other.resolve(DAY0), payments, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertBothOpensFail(Problem.FOREIGN, payments + ": at byte 16: the file belongs to series id 1 of the store"
                    + " created " + createdThere + ", not to series id 2 of the store created " + createdHere
                    + ": copied from another store or renamed from another series' file; nothing was changed");
            // another series' file of this store
            Files.write(payments, valid);
            assertBothOpensFail(Problem.FOREIGN, payments + ": at byte 16: the file belongs to series id 1 of the store"
                    + " created " + createdHere + ", not to series id 2 of the store created " + createdHere
                    + ": copied from another store or renamed from another series' file; nothing was changed");
        });
    }

    @Test
    void aSeriesFileWrittenBeforeOwnersWereRecordedStillOpens() throws Exception {
        // an owner-less history, as LogSealedHistory wrote before the store recorded owners
        Path old = Files.createDirectory(tmp.resolve("old"));
        ManualClock clock = ManualClock.atEpochMillis(StoreCrashChild.T0);
        LatencySeries s = LatencySeries.builder("shop/checkout").options(StoreCrashChild.options(clock))
                .thresholds(Duration.ofSeconds(1)).history(LogSealedHistory.in(old)).build();
        s.recordAt(StoreCrashChild.T0 + 5, 3_000_000L, true);
        s.recordAt(StoreCrashChild.T0 + 6, 3_000_000_000L, false);
        clock.setEpochMillis(StoreCrashChild.T0 + StoreCrashChild.MINUTE);
        s.sealBefore(Instant.ofEpochMilli(StoreCrashChild.T0 + StoreCrashChild.MINUTE));
        Files.copy(old.resolve("shop_2fcheckout/2024-01-01.log"), log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // that version kept the amounts in the logs: the store's counter files (written since) go with the swap
        try (var files = Files.list(dir.resolve(SliStore.COUNTERS_DIRECTORY))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir.resolve(SliStore.COUNTERS_DIRECTORY));
        try (SliStore store = SliStore.open(dir, DOC, StoreCrashChild.CONFIG, StoreCrashChild.options(clock()), Duration.ZERO)) {
            assertTrue(store.changes().none(), store.changes().toString());
            long[] minute0 = StoreCrashChild.answer(store.registry(), "shop/checkout", 0);
            assertArrayEquals(new long[] {2, 1, 1}, minute0);
        }
    }

    @Test
    void aDirectoryThatIsNotAStoreIsRefused() throws Exception {
        Path plain = Files.createDirectory(tmp.resolve("plain"));
        Files.writeString(plain.resolve("notes.txt"), "not a store");
        bounded(() -> {
            StoreException w = assertThrows(StoreException.class, () -> SliStore.open(plain, DOC, StoreCrashChild.CONFIG,
                    StoreCrashChild.options(clock())));
            assertEquals(Problem.NOT_EMPTY, w.problem());
            assertEquals(plain + ": not empty and not an sli store (it holds notes.txt), not creating a store in it", w.getMessage());
            StoreException r = assertThrows(StoreException.class, () -> SliStore.openReadOnly(plain, DOC,
                    StoreCrashChild.options(clock())));
            assertEquals(Problem.NOT_A_STORE, r.problem());
            assertEquals(plain + ": not an sli store: it holds no store.header", r.getMessage());
            assertEquals(java.util.List.of(plain.resolve("notes.txt")), Files.list(plain).toList());
        });
    }

    @Test
    void aSeriesFileThatIsADirectoryOrANamedPipeIsRefusedWithoutBlocking() throws Exception {
        Files.delete(log);
        Files.createDirectory(log);
        bounded(() -> assertBothOpensFail(Problem.IO, log + ": at byte 0: is a directory, not a regular file: not an sli"
                + " record log"));
        Files.delete(log);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", log.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "mkfifo is not available here: " + e.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        bounded(() -> assertBothOpensFail(Problem.IO, log + ": at byte 0: is a named pipe, device or socket, not a regular"
                + " file: not an sli record log"));
    }

    @Test
    void anUnreadableSeriesFileIsReportedAsNoPermission() throws Exception {
        assumeFalse(runningAsRoot(), "running as root, which reads a file whatever its mode: the permission case"
                + " cannot be made here");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("---------"));
        try {
            bounded(() -> assertBothOpensFail(Problem.NO_PERMISSION, log + ": permission denied, cannot read the series history"));
        } finally {
            Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    static boolean runningAsRoot() {
        try {
            return "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    // ---- the kept SLO document ----

    Path document() {
        return dir.resolve(SliStore.DOCUMENT_FILE);
    }

    void assertDocumentFails(Problem problem, String message) throws Exception {
        byte[] before = Files.isRegularFile(document()) ? Files.readAllBytes(document()) : null;
        StoreException e = assertThrows(StoreException.class, () -> SliStore.storedDocument(dir));
        assertEquals(message, e.getMessage());
        assertEquals(problem, e.problem());
        if (before != null) {
            assertArrayEquals(before, Files.readAllBytes(document()), "the document changed");
        }
    }

    @Test
    void aKeptDocumentThatIsEmptyZerosOrNotTextIsRefusedNamingTheByte() {
        bounded(() -> {
            assertEquals(StoreCrashChild.CONFIG, SliStore.storedDocument(dir).orElseThrow());
            byte[] text = StoreCrashChild.CONFIG.getBytes(StandardCharsets.UTF_8);
            Files.write(document(), new byte[0]);
            assertDocumentFails(Problem.EMPTY, document() + ": empty file (0 bytes), not an SLO document");
            Files.write(document(), new byte[512]);
            assertDocumentFails(Problem.ZEROED, document() + ": all 512 bytes are zero, not an SLO document");
            byte[] garbage = text.clone();
            garbage[40] = (byte) 0xc3; // a lead byte followed by ASCII: malformed UTF-8
            assertTrue(garbage[41] < 0x80);
            Files.write(document(), garbage);
            assertDocumentFails(Problem.CORRUPT, document() + ": not UTF-8 text: a malformed sequence at byte 40, not an SLO document");
            byte[] control = text.clone();
            control[60] = 0x1b; // ESC, as a terminal attack would carry
            Files.write(document(), control);
            int line = 1 + (int) new String(text, 0, 60, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
            assertDocumentFails(Problem.CORRUPT, document() + ": a control character 0x1b at byte 60 (line " + line
                    + "), not an SLO document");
        });
    }

    @Test
    void aKeptDocumentThatIsTruncatedOrOfAnotherFormatIsForTheParserToRefuse() throws Exception {
        bounded(() -> {
            String cut = StoreCrashChild.CONFIG.substring(0, 100);
            Files.writeString(document(), cut);
            assertEquals(cut, SliStore.storedDocument(dir).orElseThrow());
            assertThrows(ConfigException.class, () -> ConfigReader.parse(cut));
            String v2 = StoreCrashChild.CONFIG.replace("\"format\": 1", "\"format\": 2");
            Files.writeString(document(), v2);
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse(SliStore.storedDocument(dir).orElseThrow()));
            assertTrue(e.getMessage().contains("format"), e.getMessage());
            // a writer replaces the kept document with the one it runs with; a failed open does not
            Files.write(log, new byte[0]);
            byte[] before = Files.readAllBytes(document());
            assertThrows(StoreException.class, () -> SliStore.open(dir, DOC, StoreCrashChild.CONFIG, StoreCrashChild.options(clock())));
            assertArrayEquals(before, Files.readAllBytes(document()));
        });
    }

    @Test
    void aKeptDocumentThatIsANamedPipeOrUnreadableIsRefusedWithoutBlocking() throws Exception {
        Files.delete(document());
        Process mkfifo = new ProcessBuilder("mkfifo", document().toString()).redirectErrorStream(true).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        bounded(() -> assertDocumentFails(Problem.IO, document() + ": not a regular file, cannot be the kept SLO document"));
        Files.delete(document());
        Files.writeString(document(), StoreCrashChild.CONFIG);
        assumeFalse(runningAsRoot(), "running as root, which reads a file whatever its mode: the permission case"
                + " cannot be made here");
        Files.setPosixFilePermissions(document(), PosixFilePermissions.fromString("---------"));
        bounded(() -> assertDocumentFails(Problem.NO_PERMISSION, document() + ": permission denied"));
    }

    /** Where each record of a valid log starts, walked from its length fields. */
    static long[] recordStarts(byte[] log) {
        java.util.List<Long> starts = new java.util.ArrayList<>();
        int pos = 16;
        while (pos < log.length) {
            starts.add((long) pos);
            pos += 8 + ByteBuffer.wrap(log, pos, 4).getInt();
        }
        assertEquals(log.length, pos);
        return starts.stream().mapToLong(Long::longValue).toArray();
    }
}
