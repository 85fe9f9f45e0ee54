package dev.sli.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.SeriesOptions;
import dev.sli.store.SliStore;
import dev.sli.store.chronicle.ChronicleRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sli inspect} run by a JVM started without Chronicle Map's flags (java by hand, not through the
 * launcher) says which flags are missing and the line to add, in one line, exit 2: a usage error, not an
 * internal one, and no stack trace.
 */
class FlagsMissingTest {

    @TempDir
    Path dir;

    @Test
    void aJvmWithoutTheFlagsGetsTheLineToAddAndExit2() throws Exception {
        String config = """
                {"format": 1, "services": [{"name": "shop", "slis": [{"name": "payments", "kind": "outcome"}]}]}
                """;
        try (SliStore store = SliStore.open(dir, ConfigReader.parse(config), config, SeriesOptions.DEFAULT)) {
            store.registry().outcome("shop", "payments").record(true);
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "inspect", dir.toString()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not finish");
        List<String> err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err + " " + out);
        assertEquals(1, err.size(), err.toString());
        assertEquals("sli inspect: sli-store needs JVM flags that this JVM was started without: "
                + "--add-opens=java.base/java.lang=ALL-UNNAMED, --add-opens=java.base/java.lang.reflect=ALL-UNNAMED, "
                + "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED, --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED."
                + " Start java with: " + ChronicleRuntime.flagsForThisJvm(), err.get(0));
        assertTrue(Files.isDirectory(dir.resolve("counters")));
    }
}
