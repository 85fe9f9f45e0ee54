package dev.sli.store.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chronicle Map in an embedded library: the flags checked with our error, quiet, no phone-home, no stray properties. */
class ChronicleRuntimeTest {

    record Run(int exit, String out, String err) {
    }

    static Run child(Path workDir, List<String> jvmFlags, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChronicleChild.class.getName());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("child", ".out");
        Path err = Files.createTempFile("child", ".err");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("child JVM did not finish in 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static List<String> flags() {
        return List.of(ChronicleRuntime.flagsForThisJvm().split(" "));
    }

    @Test
    void thePomGivesTheTestsTheSameFlagsLineAsTheCode() {
        assertEquals(ChronicleRuntime.JVM_FLAGS, System.getProperty("sli.chronicle.jvm.flags"));
    }

    @Test
    void withTheFlagsAPersistedMapWorksAndReopens(@TempDir Path dir) {
        ChronicleRuntime.requireReady();
        assertEquals(List.of(), ChronicleRuntime.missing());
        File file = dir.resolve("m.map").toFile();
        try (ChronicleMap<byte[], byte[]> map = ChronicleMap.of(byte[].class, byte[].class).name("t").entries(100)
                .averageKeySize(8).averageValueSize(16).createPersistedTo(file)) {
            map.put(new byte[] {7}, new byte[] {1, 2, 3});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try (ChronicleMap<byte[], byte[]> map = ChronicleMap.of(byte[].class, byte[].class).name("t").entries(100)
                .averageKeySize(8).averageValueSize(16).createPersistedTo(file)) {
            assertArrayEquals(new byte[] {1, 2, 3}, map.get(new byte[] {7}));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theAnalyticsArtifactIsNotOnTheClassPathAndNothingIsWrittenToTheHome() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.openhft.chronicle.analytics.Analytics"));
        Path home = Files.createTempDirectory("home");
        Path work = Files.createTempDirectory("work");
        List<String> jvm = new ArrayList<>(List.of("-Duser.home=" + home));
        // the flags line without its two quieting properties: their absence must not matter either
        for (String f : flags()) {
            if (!f.startsWith("-Dchronicle.")) {
                jvm.add(f);
            }
        }
        Run run = child(work, jvm, work.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("value 2"), run.out());
        try (var files = Files.list(home)) {
            assertEquals(List.of(), files.toList(), "files written to the user's home");
        }
    }

    @Test
    void aSystemPropertiesFileInTheWorkingDirectoryIsNotLoaded() throws Exception {
        Path work = Files.createTempDirectory("work");
        Files.writeString(work.resolve("system.properties"), "sli.test.leak=yes\n");
        Run run = child(work, flags(), work.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("leak null"), run.out());
    }

    @Test
    void aJvmWithoutTheFlagsGetsOurOneLineErrorWithTheFlagsToAdd() throws Exception {
        Path work = Files.createTempDirectory("work");
        Run run = child(work, List.of(), work.toString());
        assertEquals(2, run.exit(), run.out() + run.err());
        assertEquals("sli-store needs JVM flags that this JVM was started without: "
                + "--add-opens=java.base/java.lang=ALL-UNNAMED, --add-opens=java.base/java.lang.reflect=ALL-UNNAMED, "
                + "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED, "
                + "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED. Start java with: "
                + ChronicleRuntime.flagsForThisJvm() + "\n", run.err());
        assertFalse(Files.exists(work.resolve("child.map")));
    }
}
