package dev.sli.bench;

import com.codahale.metrics.SlidingTimeWindowArrayReservoir;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.record.ReadinessGroupSeries;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.time.CoarseClock;
import dev.sli.core.time.ManualClock;
import dev.sli.store.history.LogSealedHistory;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The recording hot path: one sample per operation, the library's record paths beside its peers, each
 * with one thread and with two threads sharing the recorder ({@code _2t}). Peers are named
 * {@code peer<Library><Variant>}; the raw HdrHistogram, which is not thread-safe, gets one histogram
 * per thread. Every histogram covers 1 ns to 1 h at 3 significant digits, the library's default.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class RecordBench {

    /** Highest trackable duration of every histogram here: the library's default of 1 hour. */
    static final long HIGHEST_NANOS = Duration.ofHours(1).toNanos();
    static final int DIGITS = 3;
    static final long SEED = 20240101L;

    /** Each thread's own pre-generated latencies and outcomes, read round-robin. */
    @State(Scope.Thread)
    public static class Input {
        static final int SIZE = 1 << 14;
        static final int MASK = SIZE - 1;
        long[] latencies;
        boolean[] outcomes;
        int next;

        @Setup(Level.Trial)
        public void generate(ThreadParams thread) {
            latencies = Inputs.latencies(SEED + thread.getThreadIndex(), SIZE);
            outcomes = Inputs.outcomes(SEED + 1000 + thread.getThreadIndex(), SIZE);
        }

        /** The index of the next sample. */
        int advance() {
            return next++ & MASK;
        }
    }

    /** A latency series timed by a live coarse clock, with the SLO threshold and live windows of a real service. */
    @State(Scope.Benchmark)
    public static class Live {
        CoarseClock clock;
        LatencySeries series;

        @Setup(Level.Trial)
        public void build() {
            clock = CoarseClock.start();
            series = latencySeries(clock);
        }

        @TearDown(Level.Trial)
        public void stop() {
            clock.close();
        }
    }

    /** An outcome series (good or bad events) timed by a live coarse clock. */
    /** As {@link Live}, with the sealed history kept in a record log on disk (sli-store's first store). */
    @State(Scope.Benchmark)
    public static class LiveStored {
        CoarseClock clock;
        LatencySeries series;
        Path dir;

        @Setup(Level.Trial)
        public void build() throws IOException {
            clock = CoarseClock.start();
            dir = Files.createTempDirectory("sli-bench-store");
            series = LatencySeries.builder("api").options(options(clock)).thresholds(Duration.ofSeconds(2))
                    .history(LogSealedHistory.in(dir)).build();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            clock.close();
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @State(Scope.Benchmark)
    public static class LiveOutcome {
        CoarseClock clock;
        OutcomeSeries series;

        @Setup(Level.Trial)
        public void build() {
            clock = CoarseClock.start();
            series = OutcomeSeries.builder("api").options(options(clock)).build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            clock.close();
        }
    }

    /** A readiness series (desired and ready replicas of one workload) timed by a live coarse clock. */
    @State(Scope.Benchmark)
    public static class LiveReadiness {
        CoarseClock clock;
        ReadinessGroupSeries series;

        @Setup(Level.Trial)
        public void build() {
            clock = CoarseClock.start();
            series = ReadinessGroupSeries.builder("deployment/api").options(options(clock)).workloads("deployment/api").build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            clock.close();
        }
    }

    /**
     * Replayed history: timestamps come in chunks of {@value #CHUNK} ascending Poisson arrivals at
     * {@link #requestsPerMinute()}, and each thread takes the next chunk of one shared timeline, so that
     * threads replay neighbouring stretches of time. The series' clock stands well after the data.
     */
    public abstract static class Replay {
        static final int CHUNK = 1024;
        static final long START_MILLIS = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
        final AtomicLong chunks = new AtomicLong();
        LatencySeries series;
        long chunkSpanMillis;

        abstract int requestsPerMinute();

        /** A replay whose samples were rejected would measure the rejection path: fail instead. */
        void requireNothingRejected() {
            long rejected = series.rejections().values().stream().mapToLong(Long::longValue).sum();
            if (rejected != 0) {
                throw new IllegalStateException("the replay's samples were rejected: " + series.rejections());
            }
        }

        void build() {
            // years of history replayed under a clock far ahead: retention counts back from the newest data
            series = LatencySeries.builder("api")
                    .options(options(ManualClock.at(Instant.parse("2100-01-01T00:00:00Z"))).toBuilder()
                            .retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build())
                    .thresholds(Duration.ofSeconds(2))
                    .build();
            chunkSpanMillis = Math.max(1, CHUNK * 60_000L / requestsPerMinute());
        }
    }

    /**
     * A million requests a minute: a bucket closes every million samples, so the cost of sealing is
     * amortized away and the record path itself shows.
     */
    @State(Scope.Benchmark)
    public static class DenseReplay extends Replay {
        @Override
        int requestsPerMinute() {
            return 1_000_000;
        }

        @Setup(Level.Trial)
        public void setUp() {
            build();
        }

        @TearDown(Level.Trial)
        public void check() {
            requireNothingRejected();
        }
    }

    /**
     * A thousand requests a minute (the traffic of {@link QueryBench}, and of a replayed export): every
     * thousandth sample closes a bucket, so the cost of sealing one (encoding its histogram and moving
     * the three live windows) shows, as it does when {@code sli replay} feeds real exports. With two
     * threads, sealing cannot keep up with replay at full speed: the intake's backpressure makes the
     * recording threads help seal, so the time per record shows the sealing cost shared by both.
     */
    @State(Scope.Benchmark)
    public static class SparseReplay extends Replay {
        @Override
        int requestsPerMinute() {
            return 1_000;
        }

        @Setup(Level.Trial)
        public void setUp() {
            build();
        }

        @TearDown(Level.Trial)
        public void check() {
            requireNothingRejected();
        }
    }

    /** One thread's position in the timeline of a {@link Replay}. */
    @State(Scope.Thread)
    public static class ReplayCursor {
        long seed;
        long[] offsets;
        long chunkStart;
        int next = Replay.CHUNK;

        @Setup(Level.Trial)
        public void seed(ThreadParams thread) {
            seed = SEED + 2000 + thread.getThreadIndex();
        }

        long nextMillis(Replay replay) {
            if (next == Replay.CHUNK) {
                if (offsets == null) {
                    offsets = Inputs.arrivalOffsets(seed, Replay.CHUNK, replay.chunkSpanMillis);
                }
                chunkStart = Replay.START_MILLIS + replay.chunks.getAndIncrement() * replay.chunkSpanMillis;
                next = 0;
            }
            return chunkStart + offsets[next++];
        }
    }

    static SeriesOptions options(dev.sli.core.time.Clock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(22)).build();
    }

    static LatencySeries latencySeries(dev.sli.core.time.Clock clock) {
        return LatencySeries.builder("api")
                .options(options(clock))
                .thresholds(Duration.ofSeconds(2))
                .build();
    }

    /** Raw HdrHistogram, one per thread: not thread-safe, the floor of what recording can cost. */
    @State(Scope.Thread)
    public static class RawHdr {
        Histogram histogram;

        @Setup(Level.Trial)
        public void build() {
            histogram = new Histogram(1, HIGHEST_NANOS, DIGITS);
        }
    }

    /** HdrHistogram's wait-free, thread-safe {@link Recorder}, shared by the threads. */
    @State(Scope.Benchmark)
    public static class HdrRecorder {
        Recorder recorder;

        @Setup(Level.Trial)
        public void build() {
            recorder = new Recorder(1, HIGHEST_NANOS, DIGITS);
        }
    }

    /** A Micrometer timer publishing p50, p95 and p99, on a simple registry, shared by the threads. */
    @State(Scope.Benchmark)
    public static class MicrometerTimer {
        SimpleMeterRegistry registry;
        Timer timer;

        @Setup(Level.Trial)
        public void build() {
            registry = new SimpleMeterRegistry();
            timer = Timer.builder("api").publishPercentiles(0.5, 0.95, 0.99).register(registry);
        }

        @TearDown(Level.Trial)
        public void close() {
            registry.close();
        }
    }

    /**
     * A Dropwizard histogram on a 1-second sliding time window (every sample of the window is kept: at
     * benchmark rates a second holds as many samples as minutes of a busy service), shared by the threads.
     */
    @State(Scope.Benchmark)
    public static class DropwizardSliding {
        com.codahale.metrics.Histogram histogram;

        @Setup(Level.Trial)
        public void build() {
            histogram = new com.codahale.metrics.Histogram(new SlidingTimeWindowArrayReservoir(1, TimeUnit.SECONDS));
        }
    }

    /** A JDK {@link LongAdder} counting successes, shared by the threads: the usual way to count outcomes. */
    @State(Scope.Benchmark)
    public static class JdkLongAdder {
        final LongAdder adder = new LongAdder();
    }

    // ---- the library ------------------------------------------------------------------------------

    @Benchmark
    @Threads(1)
    public void liveLatency(Live live, Input in) {
        int i = in.advance();
        live.series.record(in.latencies[i], in.outcomes[i]);
    }

    /** {@link #liveLatency} with a store attached: sealed minutes go to disk, recording must not notice. */
    @Benchmark
    @Threads(1)
    public void liveLatencyStored(LiveStored live, Input in) {
        int i = in.advance();
        live.series.record(in.latencies[i], in.outcomes[i]);
    }

    @Benchmark
    @Threads(2)
    public void liveLatency_2t(Live live, Input in) {
        int i = in.advance();
        live.series.record(in.latencies[i], in.outcomes[i]);
    }

    @Benchmark
    @Threads(1)
    public void historicLatency(DenseReplay replay, ReplayCursor cursor, Input in) {
        int i = in.advance();
        replay.series.recordAt(cursor.nextMillis(replay), in.latencies[i], in.outcomes[i]);
    }

    @Benchmark
    @Threads(2)
    public void historicLatency_2t(DenseReplay replay, ReplayCursor cursor, Input in) {
        int i = in.advance();
        replay.series.recordAt(cursor.nextMillis(replay), in.latencies[i], in.outcomes[i]);
    }

    @Benchmark
    @Threads(1)
    public void historicLatencySparse(SparseReplay replay, ReplayCursor cursor, Input in) {
        int i = in.advance();
        replay.series.recordAt(cursor.nextMillis(replay), in.latencies[i], in.outcomes[i]);
    }

    @Benchmark
    @Threads(2)
    public void historicLatencySparse_2t(SparseReplay replay, ReplayCursor cursor, Input in) {
        int i = in.advance();
        replay.series.recordAt(cursor.nextMillis(replay), in.latencies[i], in.outcomes[i]);
    }

    @Benchmark
    @Threads(1)
    public void liveOutcome(LiveOutcome live, Input in) {
        live.series.record(in.outcomes[in.advance()]);
    }

    @Benchmark
    @Threads(2)
    public void liveOutcome_2t(LiveOutcome live, Input in) {
        live.series.record(in.outcomes[in.advance()]);
    }

    /** Three replicas desired; three ready, or two while one restarts (one sample in 200). */
    @Benchmark
    @Threads(1)
    public void liveReadiness(LiveReadiness live, Input in) {
        live.series.record(3, in.outcomes[in.advance()] ? 3 : 2);
    }

    @Benchmark
    @Threads(2)
    public void liveReadiness_2t(LiveReadiness live, Input in) {
        live.series.record(3, in.outcomes[in.advance()] ? 3 : 2);
    }

    // ---- peers -------------------------------------------------------------------------------------

    @Benchmark
    @Threads(1)
    public void peerHdrHistogramRaw(RawHdr raw, Input in) {
        raw.histogram.recordValue(in.latencies[in.advance()]);
    }

    @Benchmark
    @Threads(2)
    public void peerHdrHistogramRaw_2t(RawHdr raw, Input in) {
        raw.histogram.recordValue(in.latencies[in.advance()]);
    }

    @Benchmark
    @Threads(1)
    public void peerHdrRecorder(HdrRecorder hdr, Input in) {
        hdr.recorder.recordValue(in.latencies[in.advance()]);
    }

    @Benchmark
    @Threads(2)
    public void peerHdrRecorder_2t(HdrRecorder hdr, Input in) {
        hdr.recorder.recordValue(in.latencies[in.advance()]);
    }

    @Benchmark
    @Threads(1)
    public void peerMicrometerTimer(MicrometerTimer m, Input in) {
        m.timer.record(in.latencies[in.advance()], TimeUnit.NANOSECONDS);
    }

    @Benchmark
    @Threads(2)
    public void peerMicrometerTimer_2t(MicrometerTimer m, Input in) {
        m.timer.record(in.latencies[in.advance()], TimeUnit.NANOSECONDS);
    }

    @Benchmark
    @Threads(1)
    public void peerDropwizardSliding(DropwizardSliding d, Input in) {
        d.histogram.update(in.latencies[in.advance()]);
    }

    @Benchmark
    @Threads(2)
    public void peerDropwizardSliding_2t(DropwizardSliding d, Input in) {
        d.histogram.update(in.latencies[in.advance()]);
    }

    @Benchmark
    @Threads(1)
    public void peerJdkLongAdder(JdkLongAdder a, Input in) {
        a.adder.add(in.outcomes[in.advance()] ? 1L : 0L);
    }

    @Benchmark
    @Threads(2)
    public void peerJdkLongAdder_2t(JdkLongAdder a, Input in) {
        a.adder.add(in.outcomes[in.advance()] ? 1L : 0L);
    }
}
