package dev.sli.store.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.record.SeriesKind;
import dev.sli.store.directory.StoreException.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer, many readers, across real processes: a child JVM holds the store, or tries to. */
class SecondProcessTest {

    static final Duration BOUND = Duration.ofSeconds(90);
    static final long LINE_TIMEOUT_SECONDS = 30;

    @TempDir
    Path tmp;

    @Test
    void aKilledWritersLockIsFreedByTheOsAndTheNextWriterIsToldToRecover() throws Exception {
        Path dir = tmp.resolve("store");
        try (StoreDirectory store = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
            store.addSeries("parent/latency", SeriesKind.LATENCY);
        }
        assertTimeoutPreemptively(BOUND, () -> {
            Instant before = Instant.now().minusMillis(1);
            Child child = Child.start(tmp, "hold", dir);
            try {
                assertEquals("HOLDING " + child.process.pid(), child.nextLine());

                StoreException e = assertThrows(StoreException.class, () -> StoreDirectory.openForWriting(dir));
                assertEquals(Problem.LOCKED, e.problem());
                LockHolder holder = e.holder().orElseThrow();
                assertEquals(child.process.pid(), holder.pid());
                assertEquals(LockHolder.hostName(), holder.host());
                assertTrue(!holder.since().isBefore(before) && !holder.since().isAfter(Instant.now()), holder.since()::toString);
                assertEquals("store " + dir + " is held for writing by pid " + child.process.pid() + " on host "
                        + LockHolder.hostName() + " since " + holder.since(), e.getMessage());

                try (StoreDirectory reader = StoreDirectory.openReadOnly(dir)) {
                    assertEquals(PreviousShutdown.UNCLEAN, reader.previousShutdown()); // the child is writing
                    assertEquals(List.of(new SeriesEntry(1, "parent/latency", SeriesKind.LATENCY, false),
                            new SeriesEntry(2, "child/requests", SeriesKind.OUTCOME, false)), reader.header().series());
                }

                child.process.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "the child did not die");
                assertEquals(128 + 9, child.process.exitValue());

                try (StoreDirectory next = StoreDirectory.openForWriting(dir)) {
                    assertEquals(PreviousShutdown.UNCLEAN, next.previousShutdown());
                    assertTrue(next.recoveryNeeded());
                    assertEquals(Optional.of(new SeriesEntry(2, "child/requests", SeriesKind.OUTCOME, false)),
                            next.series("child/requests"));
                    assertEquals(ProcessHandle.current().pid(), LockHolder.parse(
                            Files.readAllBytes(dir.resolve("store.lock"))).orElseThrow().pid());
                }
            } finally {
                child.kill();
            }
        });
    }

    @Test
    void aChildThatClosesCleanlyLeavesTheMarkerSetForTheNextWriter() throws Exception {
        Path dir = tmp.resolve("store");
        StoreDirectory.create(dir, Duration.ofMinutes(1)).close();
        assertTimeoutPreemptively(BOUND, () -> {
            Child child = Child.start(tmp, "hold", dir);
            try {
                assertEquals("HOLDING " + child.process.pid(), child.nextLine());
                child.process.getOutputStream().close();
                assertEquals("CLOSED", child.nextLine());
                assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "the child did not exit");
                assertEquals(0, child.process.exitValue(), child::stderr);
            } finally {
                child.kill();
            }
            try (StoreDirectory next = StoreDirectory.openForWriting(dir)) {
                assertEquals(PreviousShutdown.CLEAN, next.previousShutdown());
                assertEquals(2, next.header().nextSeriesId());
            }
        });
    }

    @Test
    void anotherProcessIsKeptOutWhileThisOneWritesEvenAfterReadersAndAFailedSecondOpenHere() throws Exception {
        Path dir = tmp.resolve("store");
        assertTimeoutPreemptively(BOUND, () -> {
            try (StoreDirectory writer = StoreDirectory.create(dir, Duration.ofMinutes(1))) {
                // on POSIX, closing any descriptor of the lock file would drop this process's lock:
                // neither a reader nor a refused second writer here may do that
                StoreDirectory.openReadOnly(dir).close();
                assertEquals(Problem.LOCKED, assertThrows(StoreException.class,
                        () -> StoreDirectory.openForWriting(dir)).problem());
                LockHolder me = writer.writer().orElseThrow();
                Child child = Child.start(tmp, "try", dir);
                try {
                    assertEquals("FAILED LOCKED store " + dir + " is held for writing by " + me, child.nextLine());
                    assertTrue(child.process.waitFor(30, TimeUnit.SECONDS), "the child did not exit");
                } finally {
                    child.kill();
                }
            }
            Child child = Child.start(tmp, "try", dir);
            try {
                assertEquals("OPENED CLEAN", child.nextLine());
            } finally {
                child.kill();
            }
        });
    }

    /** A child JVM running {@link StoreWriterProcess}, its output lines read as they come. */
    static final class Child {
        final Process process;
        final Path stderr;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child died; the test sees no line
                }
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path tmp, String mode, Path dir) throws IOException {
            Path stderr = Files.createTempFile(tmp, "child", ".stderr");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StoreWriterProcess.class.getName(), mode, dir.toString())
                    .redirectError(stderr.toFile()).start();
            return new Child(p, stderr);
        }

        String nextLine() throws InterruptedException {
            String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(line, () -> "no line from the child within " + LINE_TIMEOUT_SECONDS + " s; stderr: " + stderr());
            return line;
        }

        String stderr() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return e.toString();
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
