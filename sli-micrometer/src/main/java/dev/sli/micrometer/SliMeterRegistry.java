package dev.sli.micrometer;

import dev.sli.core.registry.SliRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopDistributionSummary;
import io.micrometer.core.instrument.noop.NoopFunctionCounter;
import io.micrometer.core.instrument.noop.NoopFunctionTimer;
import io.micrometer.core.instrument.noop.NoopGauge;
import io.micrometer.core.instrument.noop.NoopLongTaskTimer;
import io.micrometer.core.instrument.noop.NoopMeter;
import io.micrometer.core.instrument.noop.NoopTimeGauge;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A Micrometer registry that feeds the SLIs of an {@link SliRegistry} from the meters a service already
 * records: add it to the service's {@code CompositeMeterRegistry} (Spring Boot adds every
 * {@code MeterRegistry} bean) and no recording code changes.
 *
 * <p>When a meter is created, its name and tags are matched once against every SLI's configured
 * {@code source}: a {@link Timer} picked by a latency SLI's {@code timer} selector records each duration
 * there (ok unless its tags also match the {@code bad} matchers), and a {@link Timer} or {@link Counter}
 * picked by an outcome SLI's {@code total} selector adds its events there (bad if its tags match
 * {@code bad}, good if they match {@code good}). Every other meter, and every meter of another type
 * (distribution summaries, gauges, long task timers, function counters and timers), is one of Micrometer's
 * no-op meters; those of them that an SLI's selector picks are listed by {@link #ignored()}. What each meter
 * feeds is listed by {@link #mappings()}.
 *
 * <p>Thread-safe. Recording through a mapped meter takes no lock and allocates nothing; its timestamps come
 * from the {@link SliRegistry}'s clock, and only {@code Timer.record(Runnable)} and its kin read the
 * Micrometer clock, to time the call. This registry publishes nothing itself; the SLO status goes out
 * through {@link SliMeterBinder}.
 */
public final class SliMeterRegistry extends MeterRegistry {

    private final SliRegistry slis;
    private final SourceRoutes routes;
    private final List<MeterMapping> mappings = new CopyOnWriteArrayList<>();
    private final List<String> ignored = new CopyOnWriteArrayList<>();
    private final AtomicLong matchings = new AtomicLong();

    private SliMeterRegistry(Builder b) {
        super(b.clock);
        this.slis = b.slis;
        this.routes = new SourceRoutes(b.slis);
    }

    /**
     * A registry feeding {@code slis}, timing calls by Micrometer's system clock.
     *
     * @throws IllegalArgumentException if an SLI's source cannot be fed from Micrometer meters (a
     *     {@code bad} or {@code good} selector naming another metric than the one it classifies)
     */
    public static SliMeterRegistry of(SliRegistry slis) {
        return builder(slis).build();
    }

    /** A builder of a registry feeding {@code slis}. */
    public static Builder builder(SliRegistry slis) {
        return new Builder(Objects.requireNonNull(slis, "slis"));
    }

    /** The SLIs fed. */
    public SliRegistry slis() {
        return slis;
    }

    /** Every meter that feeds an SLI, one entry per meter and SLI, in the order the meters were created. */
    public List<MeterMapping> mappings() {
        return List.copyOf(mappings);
    }

    /**
     * Meters an SLI's source selects that feed nothing because of their type (only timers and counters
     * feed SLIs), one line each naming the meter, its type and the SLIs.
     */
    public List<String> ignored() {
        return List.copyOf(ignored);
    }

    /** How many times a meter was matched against the sources: once per meter created here. */
    long matchings() {
        return matchings.get();
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig,
            PauseDetector pauseDetector) {
        matchings.incrementAndGet();
        SourceRoutes.Routes r = routes.timer(id);
        if (r.isEmpty()) {
            return new NoopTimer(id);
        }
        mappings.addAll(r.mappings());
        return new SliTimer(id, r, clock);
    }

    @Override
    protected Counter newCounter(Meter.Id id) {
        matchings.incrementAndGet();
        SourceRoutes.Routes r = routes.counter(id);
        if (r.isEmpty()) {
            List<String> selecting = routes.selecting(id);
            if (!selecting.isEmpty()) {
                ignore(id, "a counter, which feeds outcome SLIs only", selecting);
            }
            return new NoopCounter(id);
        }
        mappings.addAll(r.mappings());
        return new SliCounter(id, r, slis.options().clock());
    }

    @Override
    protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> valueFunction) {
        unmapped(id, "a gauge");
        return new NoopGauge(id);
    }

    @Override
    protected <T> TimeGauge newTimeGauge(Meter.Id id, T obj, TimeUnit valueFunctionUnit, ToDoubleFunction<T> valueFunction) {
        unmapped(id, "a time gauge");
        return new NoopTimeGauge(id);
    }

    @Override
    protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig) {
        unmapped(id, "a long task timer");
        return new NoopLongTaskTimer(id);
    }

    @Override
    protected DistributionSummary newDistributionSummary(Meter.Id id,
            DistributionStatisticConfig distributionStatisticConfig, double scale) {
        unmapped(id, "a distribution summary");
        return new NoopDistributionSummary(id);
    }

    @Override
    protected Meter newMeter(Meter.Id id, Meter.Type type, Iterable<Measurement> measurements) {
        unmapped(id, "a custom meter");
        return new NoopMeter(id);
    }

    @Override
    protected <T> FunctionTimer newFunctionTimer(Meter.Id id, T obj, ToLongFunction<T> countFunction,
            ToDoubleFunction<T> totalTimeFunction, TimeUnit totalTimeFunctionUnit) {
        unmapped(id, "a function timer");
        return new NoopFunctionTimer(id);
    }

    @Override
    protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> countFunction) {
        unmapped(id, "a function counter");
        return new NoopFunctionCounter(id);
    }

    private void unmapped(Meter.Id id, String type) {
        matchings.incrementAndGet();
        List<String> selecting = routes.selecting(id);
        if (!selecting.isEmpty()) {
            ignore(id, type, selecting);
        }
    }

    private void ignore(Meter.Id id, String type, List<String> selecting) {
        ignored.add("meter " + describe(id) + " is " + type + "; it feeds nothing, though the source of "
                + (selecting.size() == 1 ? "SLI " : "SLIs ") + String.join(", ", selecting)
                + " selects it: only timers and counters feed SLIs");
    }

    /** {@code name{k=v, …}}, bounded so that a meter with huge tags cannot flood a message. */
    static String describe(Meter.Id id) {
        StringBuilder out = new StringBuilder(id.getName()).append('{');
        String sep = "";
        for (var tag : id.getTagsAsIterable()) {
            out.append(sep).append(tag.getKey()).append("=\"").append(tag.getValue()).append('"');
            sep = ", ";
        }
        out.append('}');
        return out.length() > 200 ? out.substring(0, 200) + "…" : out.toString();
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    protected DistributionStatisticConfig defaultHistogramConfig() {
        return DistributionStatisticConfig.DEFAULT;
    }

    /** Builds a {@link SliMeterRegistry}; not thread-safe. */
    public static final class Builder {
        private final SliRegistry slis;
        private Clock clock = Clock.SYSTEM;

        private Builder(SliRegistry slis) {
            this.slis = slis;
        }

        /** The Micrometer clock that times {@code Timer.record(Runnable)} and its kin (default: the system's). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The registry.
         *
         * @throws IllegalArgumentException if an SLI's source cannot be fed from Micrometer meters (a
         *     {@code bad} or {@code good} selector naming another metric than the one it classifies)
         */
        public SliMeterRegistry build() {
            return new SliMeterRegistry(this);
        }
    }
}
