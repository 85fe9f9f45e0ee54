package dev.sli.store.directory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.record.SeriesKind;
import dev.sli.store.directory.StoreException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreDirectoryTest {

    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void createdStoreHasTheResolutionNoSeriesAndNoCleanMarkerWhileOpen() throws Exception {
        Path dir = tmp.resolve("store");
        try (StoreDirectory store = StoreDirectory.create(dir, Duration.ofMinutes(1), CLOCK)) {
            assertEquals(PreviousShutdown.NEW_STORE, store.previousShutdown());
            assertFalse(store.recoveryNeeded());
            assertFalse(store.readOnly());
            assertEquals(new StoreHeader(2, 60_000, T0.toEpochMilli(), 0, false, 1, List.of()), store.header());
            assertEquals(new StoreHeader(2, 60_000, T0.toEpochMilli(), 0, false, 1, List.of()),
                    HeaderFile.read(dir));
            assertEquals(List.of("store.header", "store.lock"), list(dir));
        }
        assertEquals(new StoreHeader(2, 60_000, T0.toEpochMilli(), 1, true, 1, List.of()), HeaderFile.read(dir));
    }

    @Test
    void seriesGetConsecutiveIdsFromOneThatSurviveReopening() throws Exception {
        Path dir = tmp.resolve("store");
        try (StoreDirectory store = StoreDirectory.create(dir, Duration.ofSeconds(10))) {
            assertEquals(new SeriesEntry(1, "shop/checkout", SeriesKind.LATENCY, false),
                    store.addSeries("shop/checkout", SeriesKind.LATENCY));
            assertEquals(new SeriesEntry(2, "shop/orders", SeriesKind.WORK, false),
                    store.addSeries("shop/orders", SeriesKind.WORK));
            // adding it again with the same kind gives the same entry and writes nothing
            long generation = store.header().generation();
            assertEquals(new SeriesEntry(1, "shop/checkout", SeriesKind.LATENCY, false),
                    store.addSeries("shop/checkout", SeriesKind.LATENCY));
            assertEquals(generation, store.header().generation());
        }
        try (StoreDirectory store = StoreDirectory.openForWriting(dir)) {
            assertEquals(PreviousShutdown.CLEAN, store.previousShutdown());
            assertEquals(Duration.ofSeconds(10), store.bucketResolution());
            assertEquals(Optional.of(new SeriesEntry(2, "shop/orders", SeriesKind.WORK, false)), store.series("shop/orders"));
            assertEquals(new SeriesEntry(3, "registry/uptime", SeriesKind.PROBE, false),
                    store.addSeries("registry/uptime", SeriesKind.PROBE));
            assertEquals(4, store.header().nextSeriesId());
        }
    }

    @Test
    void idsAreNeverReusedEvenForANameAddedAgainAfterItWasRetired() throws Exception {
        Path dir = tmp.resolve("store");
        try (StoreDirectory store = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
            store.addSeries("a", SeriesKind.OUTCOME);
            store.addSeries("b", SeriesKind.OUTCOME);
            store.addSeries("c", SeriesKind.OUTCOME);
            assertEquals(new SeriesEntry(2, "b", SeriesKind.OUTCOME, true), store.retireSeries("b"));
            assertEquals(Optional.empty(), store.series("b"));
        }
        try (StoreDirectory store = StoreDirectory.openForWriting(dir)) {
            assertEquals(new SeriesEntry(4, "b", SeriesKind.READINESS, false), store.addSeries("b", SeriesKind.READINESS));
            assertEquals(List.of(new SeriesEntry(1, "a", SeriesKind.OUTCOME, false),
                    new SeriesEntry(2, "b", SeriesKind.OUTCOME, true),
                    new SeriesEntry(3, "c", SeriesKind.OUTCOME, false),
                    new SeriesEntry(4, "b", SeriesKind.READINESS, false)), store.header().series());
            assertEquals(Optional.of(new SeriesEntry(2, "b", SeriesKind.OUTCOME, true)), store.header().seriesById(2));
        }
        try (StoreDirectory store = StoreDirectory.openReadOnly(dir)) {
            assertEquals(5, store.header().nextSeriesId());
            assertEquals(4, store.header().series().size());
        }
    }

    @Test
    void aLiveNameCannotChangeKindAndBadNamesAreRefused() throws Exception {
        Path dir = tmp.resolve("store");
        try (StoreDirectory store = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
            store.addSeries("shop/checkout", SeriesKind.LATENCY);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.addSeries("shop/checkout", SeriesKind.OUTCOME));
            assertEquals("series \"shop/checkout\" is in store " + dir + " as LATENCY (id 1), not OUTCOME; "
                    + "retire it first to reuse the name", e.getMessage());
            assertEquals("a series name must not be blank, got \" \"",
                    assertThrows(IllegalArgumentException.class, () -> store.addSeries(" ", SeriesKind.LATENCY)).getMessage());
            assertEquals("a series name must not hold control characters, got \"a\\u001bb\"",
                    assertThrows(IllegalArgumentException.class, () -> store.addSeries("a\u001bb", SeriesKind.LATENCY))
                            .getMessage());
            assertEquals("a series name must be at most 1024 UTF-8 bytes, got 1026",
                    assertThrows(IllegalArgumentException.class, () -> store.addSeries("é".repeat(513), SeriesKind.LATENCY))
                            .getMessage());
            assertEquals("store " + dir + " has no live series \"nope\"",
                    assertThrows(IllegalArgumentException.class, () -> store.retireSeries("nope")).getMessage());
            assertEquals(List.of(new SeriesEntry(1, "shop/checkout", SeriesKind.LATENCY, false)), store.header().series());
        }
    }

    @Test
    void aSecondWriterInThisJvmIsToldWhoHoldsTheStoreAndTheFirstKeepsIt() throws Exception {
        Path dir = tmp.resolve("store");
        try (StoreDirectory first = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
            LockHolder me = first.writer().orElseThrow();
            assertEquals(ProcessHandle.current().pid(), me.pid());
            assertEquals(LockHolder.hostName(), me.host());
            StoreException e = assertThrows(StoreException.class, () -> StoreDirectory.openForWriting(dir));
            assertEquals(Problem.LOCKED, e.problem());
            assertEquals(dir.resolve("store.lock"), e.file());
            assertEquals(Optional.of(me), e.holder());
            assertEquals("store " + dir + " is held for writing by pid " + me.pid() + " on host " + me.host()
                    + " since " + me.since(), e.getMessage());
            assertEquals(Problem.LOCKED, assertThrows(StoreException.class,
                    () -> StoreDirectory.openOrCreate(dir, Duration.ofMinutes(1))).problem());
            // the lock file still names the first writer, and it can still write
            assertEquals(Optional.of(me), LockHolder.parse(Files.readAllBytes(dir.resolve("store.lock"))));
            assertEquals(1, first.addSeries("x", SeriesKind.OUTCOME).id());
        }
        // released on close: the lock file is emptied and the next writer gets in
        assertEquals(0, Files.size(dir.resolve("store.lock")));
        try (StoreDirectory next = StoreDirectory.openForWriting(dir)) {
            assertEquals(PreviousShutdown.CLEAN, next.previousShutdown());
        }
    }

    @Test
    void readersOpenWhileTheWriterRunsAndSeeItsSeriesAfterReload() throws Exception {
        Path dir = tmp.resolve("store");
        try (StoreDirectory writer = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
            writer.addSeries("a", SeriesKind.LATENCY);
            try (StoreDirectory reader = StoreDirectory.openReadOnly(dir)) {
                assertTrue(reader.readOnly());
                assertEquals(Optional.empty(), reader.writer());
                assertEquals(PreviousShutdown.UNCLEAN, reader.previousShutdown()); // a writer is running
                assertEquals(List.of(new SeriesEntry(1, "a", SeriesKind.LATENCY, false)), reader.header().series());
                writer.addSeries("b", SeriesKind.PROBE);
                assertEquals(1, reader.header().series().size());
                assertEquals(2, reader.reload().series().size());
                assertEquals(Optional.of(new SeriesEntry(2, "b", SeriesKind.PROBE, false)), reader.series("b"));
                assertEquals("store " + dir + " is open read-only",
                        assertThrows(IllegalStateException.class, () -> reader.addSeries("c", SeriesKind.PROBE)).getMessage());
                assertEquals("store " + dir + " is open read-only",
                        assertThrows(IllegalStateException.class, reader::markRecovered).getMessage());
            }
            assertEquals(2, writer.header().series().size());
        }
    }

    @Test
    void aWriterAfterAnUncleanShutdownIsToldToRecoverUntilItSaysItDid() throws Exception {
        Path dir = tmp.resolve("store");
        Path crashed = tmp.resolve("crashed");
        Files.createDirectory(crashed);
        try (StoreDirectory writer = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
            writer.addSeries("a", SeriesKind.LATENCY);
            // the directory as a crash would leave it: the header of a running writer, no clean marker
            Files.copy(dir.resolve("store.header"), crashed.resolve("store.header"));
        }
        try (StoreDirectory store = StoreDirectory.openForWriting(crashed)) {
            assertEquals(PreviousShutdown.UNCLEAN, store.previousShutdown());
            assertTrue(store.recoveryNeeded());
        }
        // closed without recovering: the next writer is told again
        try (StoreDirectory store = StoreDirectory.openForWriting(crashed)) {
            assertEquals(PreviousShutdown.UNCLEAN, store.previousShutdown());
            assertTrue(store.recoveryNeeded());
            store.markRecovered();
            assertFalse(store.recoveryNeeded());
        }
        try (StoreDirectory store = StoreDirectory.openForWriting(crashed)) {
            assertEquals(PreviousShutdown.CLEAN, store.previousShutdown());
            assertFalse(store.recoveryNeeded());
            assertEquals(List.of(new SeriesEntry(1, "a", SeriesKind.LATENCY, false)), store.header().series());
        }
    }

    @Test
    void aHalfWrittenTempFileFromACrashIsIgnoredAndReplacedByTheNextWrite() throws Exception {
        Path dir = tmp.resolve("store");
        try (StoreDirectory store = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
            store.addSeries("a", SeriesKind.LATENCY);
        }
        byte[] header = Files.readAllBytes(dir.resolve("store.header"));
        Files.write(dir.resolve("store.header.tmp"), new byte[] {'S', 'L', 'I', 'S', 0, 0, 7});
        try (StoreDirectory reader = StoreDirectory.openReadOnly(dir)) {
            assertEquals(1, reader.header().series().size());
        }
        assertArrayEquals(header, Files.readAllBytes(dir.resolve("store.header")));
        try (StoreDirectory writer = StoreDirectory.openForWriting(dir)) {
            writer.addSeries("b", SeriesKind.LATENCY);
        }
        assertEquals(List.of("store.header", "store.lock"), list(dir));
        assertEquals(2, HeaderFile.read(dir).series().size());
    }

    @Test
    void createRefusesAnExistingStoreOrAFolderOfOtherFiles() throws Exception {
        Path dir = tmp.resolve("store");
        StoreDirectory.create(dir, Duration.ofMinutes(1)).close();
        byte[] header = Files.readAllBytes(dir.resolve("store.header"));
        StoreException e = assertThrows(StoreException.class, () -> StoreDirectory.create(dir, Duration.ofMinutes(5)));
        assertEquals(Problem.ALREADY_A_STORE, e.problem());
        assertEquals(dir + ": already holds an sli store, not creating another", e.getMessage());
        assertArrayEquals(header, Files.readAllBytes(dir.resolve("store.header")));

        Path photos = tmp.resolve("photos");
        Files.createDirectory(photos);
        Files.writeString(photos.resolve("cat.jpg"), "meow");
        e = assertThrows(StoreException.class, () -> StoreDirectory.create(photos, Duration.ofMinutes(1)));
        assertEquals(Problem.NOT_EMPTY, e.problem());
        assertEquals(photos + ": not empty and not an sli store (it holds cat.jpg), not creating a store in it",
                e.getMessage());
        assertEquals(List.of("cat.jpg"), list(photos));
    }

    @Test
    void openOrCreateCreatesOnceThenOpensAndRefusesAnotherResolution() throws Exception {
        Path dir = tmp.resolve("store");
        try (StoreDirectory store = StoreDirectory.openOrCreate(dir, Duration.ofMinutes(1))) {
            assertEquals(PreviousShutdown.NEW_STORE, store.previousShutdown());
            store.addSeries("a", SeriesKind.WORK);
        }
        try (StoreDirectory store = StoreDirectory.openOrCreate(dir, Duration.ofMinutes(1))) {
            assertEquals(PreviousShutdown.CLEAN, store.previousShutdown());
            assertEquals(1, store.header().series().size());
        }
        byte[] header = Files.readAllBytes(dir.resolve("store.header"));
        StoreException e = assertThrows(StoreException.class, () -> StoreDirectory.openOrCreate(dir, Duration.ofSeconds(1)));
        assertEquals(Problem.RESOLUTION_MISMATCH, e.problem());
        assertEquals(dir + ": the store has buckets of 60000 ms, not the 1000 ms asked for", e.getMessage());
        assertArrayEquals(header, Files.readAllBytes(dir.resolve("store.header")));
        assertEquals("bucketResolution must be a positive whole number of milliseconds, got PT0.0005S",
                assertThrows(IllegalArgumentException.class,
                        () -> StoreDirectory.create(tmp.resolve("x"), Duration.ofNanos(500_000))).getMessage());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void aClosedStoreRefusesUseAndClosingTwiceIsHarmless() throws Exception {
        Path dir = tmp.resolve("store");
        StoreDirectory store = StoreDirectory.create(dir, Duration.ofMinutes(1));
        store.close();
        store.close();
        assertEquals("store " + dir + " is closed",
                assertThrows(IllegalStateException.class, () -> store.addSeries("a", SeriesKind.LATENCY)).getMessage());
        assertEquals(new StoreHeader(2, 60_000, store.header().createdEpochMillis(), 1, true, 1, List.of()),
                HeaderFile.read(dir));
    }

    static List<String> list(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSeriesIsNameKindAndLabelsOtherLabelsAreRefusedUntilRetired() throws Exception {
        Path dir = tmp.resolve("labels");
        try (StoreDirectory store = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
            SeriesEntry e = store.addSeries("shop/checkout", SeriesKind.LATENCY, java.util.Map.of("route", "/pay", "az", "b"));
            assertEquals(new SeriesEntry(1, "shop/checkout", SeriesKind.LATENCY, false,
                    java.util.Map.of("az", "b", "route", "/pay")), e);
            assertEquals(e, store.addSeries("shop/checkout", SeriesKind.LATENCY, java.util.Map.of("az", "b", "route", "/pay")));
            assertEquals("series \"shop/checkout\" is in store " + dir + " with labels {az=b, route=/pay} (id 1), not"
                    + " {route=/cart}; retire it first to reuse the name", assertThrows(IllegalArgumentException.class,
                            () -> store.addSeries("shop/checkout", SeriesKind.LATENCY, java.util.Map.of("route", "/cart"))).getMessage());
            assertEquals("label \"route\" holds a control character", assertThrows(IllegalArgumentException.class,
                    () -> store.addSeries("x", SeriesKind.LATENCY, java.util.Map.of("route", "a\u001b[31m"))).getMessage());
            store.retireSeries("shop/checkout");
            assertEquals(2, store.addSeries("shop/checkout", SeriesKind.LATENCY, java.util.Map.of("route", "/cart")).id());
        }
        try (StoreDirectory reader = StoreDirectory.openReadOnly(dir)) {
            assertEquals(2, reader.header().formatVersion());
            assertEquals(List.of(new SeriesEntry(1, "shop/checkout", SeriesKind.LATENCY, true, java.util.Map.of("az", "b", "route", "/pay")),
                    new SeriesEntry(2, "shop/checkout", SeriesKind.LATENCY, false, java.util.Map.of("route", "/cart"))),
                    reader.header().series());
        }
    }
}
