package dev.sli.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SliKind;
import dev.sli.core.record.Rejection;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopDistributionSummary;
import io.micrometer.core.instrument.noop.NoopGauge;
import io.micrometer.core.instrument.noop.NoopLongTaskTimer;
import io.micrometer.core.instrument.noop.NoopTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SliMeterRegistryTest {

    static final long T0 = MicrometerServiceTest.T0;
    static final Window DAY = Window.rolling(Duration.ofDays(1));

    ManualClock clock;
    MockClock mock;
    SliRegistry slis;
    SliMeterRegistry sli;

    @BeforeEach
    void setUp() {
        clock = ManualClock.atEpochMillis(T0);
        mock = new MockClock();
        slis = SliRegistry.create(ConfigReader.parse(MicrometerServiceTest.CONFIG), SeriesOptions.builder().clock(clock).build());
        sli = SliMeterRegistry.builder(slis).clock(mock).build();
    }

    long latencyCount() {
        return slis.latency("shop", "checkout-latency").snapshotAt(DAY, T0 + 60_000).count();
    }

    long outcomeTotal(String name) {
        return slis.outcome("shop", name).snapshotAt(DAY, T0 + 60_000).total();
    }

    @Test
    void unmappedMetersAreMicrometersNoOps() {
        Timer health = sli.timer("http.server.requests", "uri", "/health", "outcome", "SUCCESS", "status", "200");
        Timer clientError = sli.timer("http.server.requests", "uri", "/checkout", "outcome", "CLIENT_ERROR", "status", "404");
        Counter refunds = sli.counter("payments.refunded", "result", "accepted");
        health.record(Duration.ofSeconds(1));
        clientError.record(Duration.ofSeconds(1));
        refunds.increment();

        assertInstanceOf(NoopTimer.class, health);
        assertInstanceOf(NoopTimer.class, clientError);
        assertInstanceOf(NoopCounter.class, refunds);
        assertInstanceOf(NoopGauge.class, Gauge.builder("queue.size", () -> 3).register(sli));
        assertInstanceOf(NoopDistributionSummary.class, DistributionSummary.builder("request.size").register(sli));
        assertInstanceOf(NoopLongTaskTimer.class, LongTaskTimer.builder("jobs").register(sli));
        assertEquals(List.of(), sli.mappings());
        assertEquals(List.of(), sli.ignored());
        assertEquals(0, latencyCount());
        assertEquals(0, outcomeTotal("checkout-success"));
        assertEquals(0, outcomeTotal("payments"));
    }

    @Test
    void matchesEachMeterOnceWhenItIsCreated() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        CompositeMeterRegistry composite = new CompositeMeterRegistry(mock, List.of(simple, sli));
        for (int i = 0; i < 1000; i++) {
            Timer.builder("http.server.requests").tags("uri", "/checkout", "outcome", "SUCCESS", "status", "200")
                    .register(composite).record(Duration.ofMillis(i));
            composite.counter("payments.processed", "result", "declined").increment();
        }

        assertEquals(2, sli.matchings());
        Meter.Id timer = sli.get("http.server.requests").timer().getId();
        Meter.Id counter = sli.get("payments.processed").counter().getId();
        assertEquals(List.of(new MeterMapping(timer, "shop/checkout-latency", SliKind.LATENCY, true),
                new MeterMapping(timer, "shop/checkout-success", SliKind.OUTCOME, true),
                new MeterMapping(counter, "shop/payments", SliKind.OUTCOME, false)), sli.mappings());
        assertEquals(1000, latencyCount());
        assertEquals(1000, slis.outcome("shop", "checkout-success").snapshotAt(DAY, T0 + 60_000).good());
        assertEquals(1000, slis.outcome("shop", "payments").snapshotAt(DAY, T0 + 60_000).bad());
        assertEquals(1000, simple.get("http.server.requests").timer().count());
    }

    @Test
    void serverErrorsAreBadAndKeepMicrometersStatistics() {
        Timer failed = sli.timer("http.server.requests", "uri", "/checkout", "outcome", "SERVER_ERROR", "status", "503");
        failed.record(() -> mock.add(250, TimeUnit.MILLISECONDS));
        failed.record(40, TimeUnit.MILLISECONDS);

        assertEquals(List.of(new MeterMapping(failed.getId(), "shop/checkout-latency", SliKind.LATENCY, false),
                new MeterMapping(failed.getId(), "shop/checkout-success", SliKind.OUTCOME, false)), sli.mappings());
        assertEquals(2, failed.count());
        assertEquals(0.29, failed.totalTime(TimeUnit.SECONDS), 1e-12);
        assertEquals(250, failed.max(TimeUnit.MILLISECONDS));
        var latency = slis.latency("shop", "checkout-latency").snapshotAt(DAY, T0 + 60_000, 0.5);
        assertEquals(2, latency.count());
        assertEquals(0, latency.okCount());
        assertEquals(250_000_000L, latency.maxNanos().getAsLong());
        assertEquals(2, slis.outcome("shop", "checkout-success").snapshotAt(DAY, T0 + 60_000).bad());
    }

    @Test
    void negativeDurationsAreCountedNotDropped() {
        Timer ok = sli.timer("http.server.requests", "uri", "/checkout", "outcome", "SUCCESS", "status", "200");
        ok.record(-5, TimeUnit.MILLISECONDS);

        assertEquals(0, ok.count());
        assertEquals(Map.of("shop/checkout-latency", Map.of(Rejection.NEGATIVE_DURATION, 1L)), slis.rejections());
        assertEquals(1, outcomeTotal("checkout-success")); // the request happened; its outcome is known
    }

    @Test
    void counterIncrementsAddWholeEventsAndRejectTheRest() {
        Counter accepted = sli.counter("payments.processed", "result", "accepted");
        accepted.increment(7);
        accepted.increment();
        accepted.increment(0.5);
        accepted.increment(-1);

        assertEquals(7.5, accepted.count());
        assertEquals(8, slis.outcome("shop", "payments").snapshotAt(DAY, T0 + 60_000).good());
        assertEquals(Map.of("shop/payments", Map.of(Rejection.INVALID_VALUE, 2L)), slis.rejections());
    }

    @Test
    void listsSelectedMetersOfTypesThatFeedNothing() {
        DistributionSummary.builder("payments.processed").tag("result", "accepted").register(sli);
        sli.gauge("http.server.requests", List.of(io.micrometer.core.instrument.Tag.of("uri", "/checkout")), 1.0);

        assertEquals(List.of("meter payments.processed{result=\"accepted\"} is a distribution summary; it feeds "
                        + "nothing, though the source of SLI shop/payments selects it: only timers and counters feed SLIs",
                "meter http.server.requests{uri=\"/checkout\"} is a gauge; it feeds nothing, though the source of SLIs "
                        + "shop/checkout-latency, shop/checkout-success selects it: only timers and counters feed SLIs"),
                sli.ignored());
    }

    @Test
    void refusesABadSelectorOfAnotherMetric() {
        SliRegistry split = SliRegistry.create(ConfigReader.parse("""
                {"format": 1, "services": [{"name": "shop", "slis": [{"name": "orders", "kind": "outcome",
                  "source": {"total": "orders.total", "bad": "orders.failed{region=\\"eu\\"}"}}]}]}
                """), SeriesOptions.builder().clock(clock).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SliMeterRegistry.of(split));
        assertEquals("SLI 'shop/orders': source.bad names metric orders.failed but source.total selects metric "
                + "orders.total; from Micrometer a meter is counted whole as good or bad, so source.bad may only add "
                + "label matchers, as in {status=~\"5..\"}", e.getMessage());
    }
}
