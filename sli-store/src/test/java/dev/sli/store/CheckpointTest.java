package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.window.Window;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open bucket survives a kill -9 up to the last flush: a child records one request a millisecond with
 * a 100 ms flush interval and is SIGKILLed; the reopened store holds at least every request the child had
 * reported two flush intervals before the kill (one interval plus scheduling slack), and never more than it
 * recorded.
 */
class CheckpointTest {

    static final String CONFIG = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [{"name": "checkout", "kind": "latency", "threshold": "1s"}, {"name": "payments", "kind": "outcome"}],
              "objectives": []}]}
            """;
    static final long FLUSH_MILLIS = 100;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aKilledWriterLosesAtMostOneFlushIntervalOfTheOpenBucket() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(dev.sli.store.chronicle.ChronicleRuntime.flagsForThisJvm().split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CheckpointChild.class.getName(), dir.toString(),
                Long.toString(FLUSH_MILLIS)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<long[]> reports = new ArrayList<>(); // {count, at}
        long killedAt;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long first = -1;
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("recorded ")) {
                    continue; // slf4j's no-binding notice
                }
                String[] f = line.split(" ");
                long[] r = {Long.parseLong(f[1]), Long.parseLong(f[3])};
                reports.add(r);
                if (first < 0) {
                    first = r[1];
                }
                if (r[1] - first >= 1_500) {
                    break;
                }
            }
            killedAt = System.currentTimeMillis();
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(reports.size() > 20, "the child reported " + reports);
        long mustHave = 0;
        for (long[] r : reports) {
            if (r[1] <= killedAt - 2 * FLUSH_MILLIS) {
                mustHave = r[0];
            }
        }
        long reported = reports.get(reports.size() - 1)[0];
        try (SliStore store = SliStore.open(dir, ConfigReader.parse(CONFIG), CONFIG,
                SeriesOptions.builder().retention(Duration.ofDays(2)).build(), Duration.ZERO)) {
            assertTrue(store.recovered(), "the killed writer left no clean-shutdown marker");
            long now = (System.currentTimeMillis() / 60_000 + 1) * 60_000; // windows end before the bucket holding "at"
            long outcomes = store.registry().outcome("shop", "payments").snapshotAt(Window.rolling(Duration.ofMinutes(10)), now).total();
            long latencies = store.registry().latency("shop", "checkout").snapshotAt(Window.rolling(Duration.ofMinutes(10)), now).count();
            assertTrue(outcomes >= mustHave, outcomes + " requests kept, but the child had reported " + mustHave
                    + " two flush intervals before it was killed");
            assertTrue(outcomes <= reported + 200, outcomes + " requests kept, more than the child can have recorded (" + reported + ")");
            assertTrue(latencies >= mustHave && latencies <= reported + 200, latencies + " latencies kept; reported " + mustHave
                    + " two intervals before the kill, " + reported + " in all");
            System.out.println("CheckpointTest: child reported " + reported + " requests, " + mustHave
                    + " of them 200 ms before SIGKILL; the reopened store holds " + outcomes + " outcomes, " + latencies + " latencies");
        }
    }
}
