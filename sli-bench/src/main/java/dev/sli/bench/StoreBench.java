package dev.sli.bench;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import dev.sli.store.SliStore;
import dev.sli.store.history.LogSealedHistory;
import dev.sli.store.history.SeriesFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The persistent store ({@link SliStore}): how fast sealed buckets go into it, and how long a store of three
 * weeks of busy series takes to reopen, cleanly and after {@code kill -9}. Each trial prints, once, the disk
 * a busy latency series takes per minute (about 1,000 requests a minute, QueryBench's traffic): the bytes of
 * its day logs ({@code series/<id>/YYYY-MM-DD.log}) divided by the minutes sealed in them.
 */
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class StoreBench {

    static final long START_MILLIS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE_MILLIS = 60_000L;
    static final int POOL = 1 << 16;

    static String config(int series) {
        StringBuilder slis = new StringBuilder();
        for (int i = 0; i < series; i++) {
            slis.append(i == 0 ? "" : ", ").append("{\"name\": \"api-").append(i)
                    .append("\", \"kind\": \"latency\", \"threshold\": \"2s\"}");
        }
        return "{\"format\": 1, \"services\": [{\"name\": \"shop\", \"slis\": [" + slis
                + ", {\"name\": \"payments\", \"kind\": \"outcome\"}]}]}";
    }

    static SeriesOptions options(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(22)).build();
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of every file under {@code store/series}: each series' day logs and checkpoint. */
    static long seriesBytes(Path store) {
        try (Stream<Path> s = Files.walk(store.resolve("series"))) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pre-generated traffic: latencies and outcomes (QueryBench's distribution), and arrival times. */
    static final class Traffic {
        final long[] latencies = Inputs.latencies(RecordBench.SEED, POOL);
        final boolean[] outcomes = Inputs.outcomes(RecordBench.SEED + 1, POOL);
        final SplittableRandom random = new SplittableRandom(RecordBench.SEED + 2);
        int next;

        /** One busy minute (900 to 1,100 requests) into {@code s}. */
        int minute(LatencySeries s, long minuteStart) {
            int requests = 900 + random.nextInt(201);
            for (int r = 0; r < requests; r++, next = (next + 1) & (POOL - 1)) {
                s.recordAt(minuteStart + (r * MINUTE_MILLIS) / requests, latencies[next], outcomes[next]);
            }
            return requests;
        }
    }

    /** A store open for writing, with one busy latency series and one outcome series, minute after minute. */
    @State(Scope.Benchmark)
    public static class Appending {
        Path dir;
        SliStore store;
        ManualClock clock;
        LatencySeries latency;
        OutcomeSeries outcome;
        Traffic traffic = new Traffic();
        long latencyMinute;
        long outcomeMinute;
        Window minute = Window.rolling(Duration.ofMinutes(1));

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("sli-storebench-append");
            clock = ManualClock.atEpochMillis(START_MILLIS);
            String config = config(1);
            store = SliStore.open(dir.resolve("store"), ConfigReader.parse(config), config, options(clock), Duration.ZERO);
            latency = store.registry().latency("shop", "api-0");
            outcome = store.registry().outcome("shop", "payments");
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            store.close();
            // the day logs of each series over the minutes sealed in them, and the counter files (shared by the
            // series: one 201.5-byte entry of preallocated capacity per series-minute), over all minutes sealed
            Path series = dir.resolve("store/series");
            LogSealedHistory.Summary latencyFiles = LogSealedHistory.summarize(SeriesFiles.inStore(series, 1));
            LogSealedHistory.Summary outcomeFiles = LogSealedHistory.summarize(SeriesFiles.inStore(series, 2));
            long counterBytes = SliStore.counterBytes(dir.resolve("store"));
            if (latencyMinute > 0) {
                // a long run's oldest days were deleted by the 22-day retention: divide by the minutes the logs left hold
                long kept = Math.min(latencyMinute, Duration.ofDays(23).toMinutes());
                System.out.printf("%nStoreBench: busy latency series (900-1,100 requests a minute): %d bytes of day logs"
                        + " holding up to %d minutes (%d recorded), about %.0f bytes per series-minute, plus the counter"
                        + " files: %d bytes (preallocated capacity)%n", latencyFiles.bytes(), kept, latencyMinute,
                        (double) latencyFiles.bytes() / kept, counterBytes);
            }
            if (outcomeMinute > 0) {
                System.out.printf("%nStoreBench: outcome series: %d bytes of day logs (the shape, once a day) in %d minutes%n",
                        outcomeFiles.bytes(), outcomeMinute);
            }
            delete(dir);
        }
    }

    /** One busy minute (about 1,000 requests) recorded into a latency series and sealed into the store. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    public long appendBusyLatencyMinute(Appending a) {
        long start = START_MILLIS + a.latencyMinute * MINUTE_MILLIS;
        a.clock.setEpochMillis(start);
        int n = a.traffic.minute(a.latency, start);
        a.latencyMinute++;
        a.latency.sealBefore(Instant.ofEpochMilli(start + MINUTE_MILLIS));
        return n;
    }

    /** One outcome bucket (one count) sealed into the store: the write path with no histogram to encode. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    public long appendOutcomeBucket(Appending a) {
        long start = START_MILLIS + a.outcomeMinute * MINUTE_MILLIS;
        a.clock.setEpochMillis(start);
        a.outcome.recordCountsAt(start, 990, 10);
        a.outcomeMinute++;
        return a.outcome.snapshotAt(a.minute, start + MINUTE_MILLIS).total();
    }

    /**
     * A store holding three weeks of {@code series} busy latency series (written once per trial), and a copy
     * of it left by a writer killed with {@code kill -9} (a child JVM that opened it for writing).
     */
    @State(Scope.Benchmark)
    public static class ThreeWeeks {
        @Param("10")
        int series;
        @Param("30240")
        int minutes;
        Path dir;
        Path clean;
        Path killed;
        byte[] killedHeader;
        SloDocument document;
        String config;
        SliStore opened;

        @Setup(Level.Trial)
        public void write() throws Exception {
            dir = Files.createTempDirectory("sli-storebench-reopen");
            clean = dir.resolve("clean");
            killed = dir.resolve("killed");
            config = config(series);
            document = ConfigReader.parse(config);
            ManualClock clock = ManualClock.atEpochMillis(START_MILLIS);
            Traffic traffic = new Traffic();
            try (SliStore store = SliStore.open(clean, document, config, options(clock), Duration.ZERO)) {
                List<LatencySeries> all = new java.util.ArrayList<>();
                for (int i = 0; i < series; i++) {
                    all.add(store.registry().latency("shop", "api-" + i));
                }
                for (int m = 0; m < minutes; m++) {
                    long start = START_MILLIS + m * MINUTE_MILLIS;
                    clock.setEpochMillis(start);
                    for (LatencySeries s : all) {
                        traffic.minute(s, start);
                    }
                }
                clock.setEpochMillis(START_MILLIS + minutes * MINUTE_MILLIS);
            }
            long bytes = seriesBytes(clean);
            System.out.printf("%nStoreBench: counter files of that store: %d bytes (preallocated capacity)%n",
                    SliStore.counterBytes(clean));
            System.out.printf("%nStoreBench: %d busy latency series x %d minutes: %d bytes of series files, %.0f bytes"
                    + " per series-minute%n", series, minutes, bytes, (double) bytes / ((double) series * minutes));
            // the killed copy: a child JVM opens it for writing, says so, and is killed with kill -9
            try (Stream<Path> s = Files.walk(clean)) {
                for (Path p : s.toList()) {
                    Path to = killed.resolve(clean.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(List.of(dev.sli.store.chronicle.ChronicleRuntime.flagsForThisJvm().split(" ")));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KilledWriter.class.getName(), killed.toString(),
                    Integer.toString(series), Integer.toString(minutes)));
            Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine();
            if (!"open".equals(line)) {
                child.destroyForcibly();
                throw new IllegalStateException("the writer to kill said: " + line);
            }
            new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
            child.waitFor();
            if (child.exitValue() != 137) {
                throw new IllegalStateException("the writer did not die of SIGKILL: exit " + child.exitValue());
            }
            killedHeader = Files.readAllBytes(killed.resolve("store.header"));
        }

        /** Puts back the killed writer's header (unclean), so that every reopen of {@code killed} recovers. */
        @Setup(Level.Invocation)
        public void unclean() throws IOException {
            Files.write(killed.resolve("store.header"), killedHeader);
        }

        @TearDown(Level.Invocation)
        public void closeOpened() throws IOException {
            if (opened != null) {
                opened.close();
                opened = null;
            }
        }

        @TearDown(Level.Trial)
        public void remove() {
            delete(dir);
        }

        SliStore open(Path store) throws IOException {
            ManualClock clock = ManualClock.atEpochMillis(START_MILLIS + minutes * MINUTE_MILLIS);
            opened = SliStore.open(store, document, config, options(clock), Duration.ZERO);
            return opened;
        }
    }

    /** Opens a store of three weeks of ten busy series for writing, closed cleanly before. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public boolean reopenClean(ThreeWeeks s) throws IOException {
        return s.open(s.clean).recovered();
    }

    /** Opens the same store after its writer was killed with {@code kill -9}: recovery included. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public boolean reopenAfterKill(ThreeWeeks s) throws IOException {
        if (!s.open(s.killed).recovered()) {
            throw new IllegalStateException("the killed store did not need recovery");
        }
        return true;
    }

    /** Opens a store for writing, says "open" and waits to be killed. */
    public static final class KilledWriter {
        private KilledWriter() {
        }

        public static void main(String[] args) throws Exception {
            int series = Integer.parseInt(args[1]);
            int minutes = Integer.parseInt(args[2]);
            String config = config(series);
            ManualClock clock = ManualClock.atEpochMillis(START_MILLIS + minutes * MINUTE_MILLIS);
            SliStore store = SliStore.open(Path.of(args[0]), ConfigReader.parse(config), config, options(clock), Duration.ZERO);
            System.out.println("open");
            System.out.flush();
            Thread.sleep(600_000);
            store.close();
        }
    }
}
