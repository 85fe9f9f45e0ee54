package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.file.Files;
import java.util.stream.Collectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written and closed under one JDK answers the same when reopened under the other (17 and 25, the
 * two the project supports): each side writes a store and the answers it gives after a reopen, and the
 * other side reopens it and compares, line by line. Skipped, saying so, when the other JDK is not installed.
 */
class SliStoreCrossJdkTest {

    @Test
    void aStoreWrittenUnderOneJdkAnswersTheSameUnderTheOther(@TempDir Path dir) throws Exception {
        Optional<Path> other = otherJava();
        assumeTrue(other.isPresent(), "no other JDK under /usr/lib/jvm (temurin-25* from 17, java-17-openjdk* from 25):"
                + " cross-JDK check skipped");
        String here = System.getProperty("java.version");

        Path mine = dir.resolve("written-here");
        Path mineAnswers = dir.resolve("written-here.answers");
        StoreAnswers.write(mine);
        List<String> answers = StoreAnswers.answers(mine);
        Files.write(mineAnswers, answers, StandardCharsets.UTF_8);
        // the answers are the inputs' own: checked against the seeded inputs, so that two JDKs cannot agree on a wrong store
        for (String series : StoreCrashChild.SERIES) {
            long[] total = new long[StoreCrashChild.expected(series, StoreAnswers.SEED, 0).length];
            for (long m = 0; m < StoreAnswers.HOURS * 60; m++) {
                long[] e = StoreCrashChild.expected(series, StoreAnswers.SEED, m);
                for (int i = 0; i < e.length; i++) {
                    total[i] += e[i];
                }
            }
            assertTrue(answers.contains(series + " minutes 0.." + StoreAnswers.HOURS * 60 + ": " + java.util.Arrays.toString(total)),
                    series + " " + java.util.Arrays.toString(total) + " not in " + answers);
        }
        assertEquals("recovered false, changes ConfigChanges[kept=" + StoreCrashChild.SERIES + ", added=[], redefined=[], orphaned=[]]",
                answers.get(0));

        String there = run(other.get(), "check", mine, mineAnswers);
        assertTrue(there.startsWith("same " + answers.size() + " answers on "), "written on " + here + ", read on the other JDK: " + there);
        assertTrue(!there.contains("on " + here + "\n"), "the child ran on this JDK, not the other: " + there);

        Path theirs = dir.resolve("written-there");
        Path theirAnswers = dir.resolve("written-there.answers");
        String wrote = run(other.get(), "write", theirs, theirAnswers);
        assertEquals("", wrote);
        assertArrayEquals(Files.readAllLines(theirAnswers).toArray(), StoreAnswers.answers(theirs).toArray(),
                "written on the other JDK, read on " + here);
        System.out.println("SliStoreCrossJdkTest: " + answers.size() + " answers equal, written on " + here + " and read on "
                + there.substring(there.lastIndexOf(' ') + 1).strip() + ", and the other way round");
    }

    private static String run(Path java, String mode, Path store, Path answers) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(List.of(dev.sli.store.chronicle.ChronicleRuntime.JVM_FLAGS.split(" ")));
        if (featureVersion(java) >= 24) {
            cmd.addAll(List.of(dev.sli.store.chronicle.ChronicleRuntime.JVM_FLAGS_JDK24.split(" ")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StoreAnswers.class.getName(), mode,
                store.toString(), answers.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("SLF4J(")) // slf4j-api without a provider (the library binds none) says so
                .map(l -> l + "\n").collect(Collectors.joining());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not finish: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The java launcher of the JDK this test is not running on: Temurin 25 from 17, OpenJDK 17 from 25. */
    static Optional<Path> otherJava() throws IOException {
        String glob = Runtime.version().feature() == 17 ? "temurin-25*" : "java-17-openjdk*";
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(jvms)) {
            var matcher = jvms.getFileSystem().getPathMatcher("glob:" + glob);
            return s.filter(p -> matcher.matches(p.getFileName())).map(p -> p.resolve("bin/java")).filter(Files::isExecutable)
                    .sorted().findFirst();
        }
    }

    /** The feature version of the JDK whose launcher is {@code java} (bin/java), from its {@code release} file. */
    static int featureVersion(Path launcher) throws IOException {
        for (String line : Files.readAllLines(launcher.toRealPath().getParent().getParent().resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                return Integer.parseInt(v.split("[.+-]")[0]);
            }
        }
        throw new IllegalStateException("no JAVA_VERSION in the release file of " + launcher);
    }
}
