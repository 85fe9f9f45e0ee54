package dev.sli.bench;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.CoarseClock;
import dev.sli.micrometer.SliMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

/**
 * What {@code SliMeterRegistry} adds to a service's {@code Timer.record}: the same timer (Micrometer's
 * default configuration, as a service's HTTP server timer) on a composite of a simple registry alone
 * ({@code composite}), of a simple registry and an {@code SliMeterRegistry} that maps the timer to a latency
 * SLI ({@code compositeSli}), and of both with a timer no SLI selects ({@code compositeSliUnmapped}, a
 * Micrometer no-op in ours), and straight on one registry: Micrometer's {@code SimpleMeterRegistry}
 * ({@code simpleRegistry}, the peer) or sli's ({@code sliRegistry}). A composite calls each of its registries'
 * timers in turn, so adding any second registry adds that registry's whole timer; what sli's meter costs is
 * {@code sliRegistry} beside {@code simpleRegistry}. One sample per operation, from {@link RecordBench.Input}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MicrometerBench {

    static final String CONFIG = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [{"name": "checkout-latency", "kind": "latency", "threshold": "2s",
                        "source": {"timer": "http.server.requests{uri=\\"/checkout\\", outcome!=\\"CLIENT_ERROR\\"}",
                                   "bad": "{status=~\\"5..\\"}"}}],
              "objectives": [{"name": "checkout-fast", "type": "SLO", "sli": "checkout-latency", "target": 0.99,
                              "window": {"rolling": "3w"}, "budgeting": {"method": "occurrences"},
                              "missingData": "exclude"}]}]}
            """;

    /** The registry of {@link #CONFIG}'s SLIs on {@code clock}. */
    static SliRegistry slis(CoarseClock clock) {
        return SliRegistry.create(ConfigReader.parse(CONFIG), SeriesOptions.builder().clock(clock)
                .retention(Duration.ofDays(22)).build());
    }

    /** A composite of a simple registry, and with {@code sli} of an {@code SliMeterRegistry} too. */
    abstract static class Composite {
        CoarseClock clock;
        CompositeMeterRegistry registry;
        Timer timer;

        void build(boolean sli, String uri) {
            clock = CoarseClock.start();
            registry = new CompositeMeterRegistry();
            registry.add(new SimpleMeterRegistry());
            if (sli) {
                registry.add(SliMeterRegistry.of(slis(clock)));
            }
            timer = Timer.builder("http.server.requests").tags("uri", uri, "outcome", "SUCCESS", "status", "200")
                    .register(registry);
        }

        @TearDown(Level.Trial)
        public void stop() {
            registry.close();
            clock.close();
        }
    }

    /** The timer on a composite of a simple registry alone. */
    @State(Scope.Benchmark)
    public static class Plain extends Composite {
        @Setup(Level.Trial)
        public void build() {
            build(false, "/checkout");
        }
    }

    /** The timer on a composite of a simple registry and an SliMeterRegistry feeding a latency SLI from it. */
    @State(Scope.Benchmark)
    public static class WithSli extends Composite {
        @Setup(Level.Trial)
        public void build() {
            build(true, "/checkout");
        }
    }

    /** As {@link WithSli}, with a timer no SLI selects. */
    @State(Scope.Benchmark)
    public static class WithSliUnmapped extends Composite {
        @Setup(Level.Trial)
        public void build() {
            build(true, "/health");
        }
    }

    /** A timer registered straight on a registry: Micrometer's SimpleMeterRegistry, or sli's feeding an SLI. */
    abstract static class Direct {
        CoarseClock clock;
        MeterRegistry registry;
        Timer timer;

        void build(boolean sli) {
            clock = CoarseClock.start();
            if (sli) {
                registry = SliMeterRegistry.of(slis(clock));
            } else {
                registry = new SimpleMeterRegistry();
            }
            timer = Timer.builder("http.server.requests").tags("uri", "/checkout", "outcome", "SUCCESS", "status", "200")
                    .register(registry);
        }

        @TearDown(Level.Trial)
        public void stop() {
            registry.close();
            clock.close();
        }
    }

    /** The timer on a SimpleMeterRegistry alone: Micrometer's own meter. */
    @State(Scope.Benchmark)
    public static class SimpleOnly extends Direct {
        @Setup(Level.Trial)
        public void build() {
            build(false);
        }
    }

    /** The timer on an SliMeterRegistry alone, routed into a latency SLI. */
    @State(Scope.Benchmark)
    public static class SliOnly extends Direct {
        @Setup(Level.Trial)
        public void build() {
            build(true);
        }
    }

    /** {@code Timer.record} on Micrometer's SimpleMeterRegistry: the peer. */
    @Benchmark
    @Threads(1)
    public void simpleRegistry(SimpleOnly c, RecordBench.Input in) {
        c.timer.record(in.latencies[in.advance()], TimeUnit.NANOSECONDS);
    }

    /** The same {@code Timer.record} on sli's registry, recorded into the latency SLI. */
    @Benchmark
    @Threads(1)
    public void sliRegistry(SliOnly c, RecordBench.Input in) {
        c.timer.record(in.latencies[in.advance()], TimeUnit.NANOSECONDS);
    }

    @Benchmark
    @Threads(1)
    public void composite(Plain c, RecordBench.Input in) {
        c.timer.record(in.latencies[in.advance()], TimeUnit.NANOSECONDS);
    }

    @Benchmark
    @Threads(1)
    public void compositeSli(WithSli c, RecordBench.Input in) {
        c.timer.record(in.latencies[in.advance()], TimeUnit.NANOSECONDS);
    }

    @Benchmark
    @Threads(1)
    public void compositeSliUnmapped(WithSliUnmapped c, RecordBench.Input in) {
        c.timer.record(in.latencies[in.advance()], TimeUnit.NANOSECONDS);
    }

    @Benchmark
    @Threads(2)
    public void composite_2t(Plain c, RecordBench.Input in) {
        c.timer.record(in.latencies[in.advance()], TimeUnit.NANOSECONDS);
    }

    @Benchmark
    @Threads(2)
    public void compositeSli_2t(WithSli c, RecordBench.Input in) {
        c.timer.record(in.latencies[in.advance()], TimeUnit.NANOSECONDS);
    }
}
