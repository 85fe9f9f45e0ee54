package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.cli.LintCommandTest.Run;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sli inspect} and {@code sli gate} on a store that another process is writing at that moment: both
 * open it read-only, name the writer's pid, and answer from what it had written (the day of payments worked
 * by hand in {@link StoreCommandsTest}: half of the budget left).
 */
class RunningWriterTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void inspectAndGateReadAStoreWhileAnotherProcessWritesIt() throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(dev.sli.store.chronicle.ChronicleRuntime.flagsForThisJvm().split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RunningWriterChild.class.getName(), dir.toString()));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("WRITING " + child.pid(), line);
            Run inspect = LintCommandTest.sli("inspect", dir.toString());
            assertEquals(0, inspect.exitCode(), inspect.toString());
            String all = String.join("\n", inspect.out());
            assertTrue(inspect.out().get(0).contains("written by pid " + child.pid()), all);
            assertTrue(all.contains("shop/paid") && all.contains("budget remaining 50%"), all);
            Run open = LintCommandTest.sli("gate", dir.toString(), "--slo", "paid", "--min-budget", "50%");
            assertEquals(0, open.exitCode(), open.toString());
            assertTrue(open.out().get(0).startsWith("gate OPEN: shop/paid has 50% of its error budget left"), open.toString());
            Run closed = LintCommandTest.sli("gate", dir.toString(), "--slo", "paid", "--min-budget", "60%");
            assertEquals(1, closed.exitCode(), closed.toString());
            assertTrue(child.isAlive(), "the writer kept running beside the readers");
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        assertEquals(0, child.exitValue(), "the writer closed its store cleanly after the readers");
    }
}
