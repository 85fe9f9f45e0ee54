package dev.sli.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.OutcomeSnapshot;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.slo.AlertEvaluation;
import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.SloStatus;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service recording through Micrometer only (a composite of a simple registry and ours), its SLIs checked
 * against a brute-force computation over the requests it made, and the exported gauges against
 * {@link SliRegistry#evaluate}.
 */
class MicrometerServiceTest {

    static final long T0 = Instant.parse("2024-02-10T00:00:00Z").toEpochMilli();
    static final long THRESHOLD_NANOS = 300_000_000L;
    static final String ALERTS = """
            "alerts": [{"severity": "page", "budgetFraction": 0.02, "longWindow": "1h", "shortWindow": "5m"},
                       {"severity": "page", "budgetFraction": 0.05, "longWindow": "6h", "shortWindow": "30m"},
                       {"severity": "ticket", "budgetFraction": 0.1, "longWindow": "1d", "shortWindow": "2h"}]""";
    static final String CONFIG = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [
                {"name": "checkout-latency", "kind": "latency", "threshold": "300ms",
                 "source": {"timer": "http.server.requests{uri=\\"/checkout\\", outcome!=\\"CLIENT_ERROR\\"}",
                            "bad": "{status=~\\"5..\\"}"}},
                {"name": "checkout-success", "kind": "outcome",
                 "source": {"total": "http.server.requests{uri=\\"/checkout\\", outcome!=\\"CLIENT_ERROR\\"}",
                            "bad": "{outcome=\\"SERVER_ERROR\\"}"}},
                {"name": "payments", "kind": "outcome",
                 "source": {"total": "payments.processed", "good": "{result=\\"accepted\\"}"}}],
              "objectives": [
                {"name": "checkout-fast", "type": "SLO", "sli": "checkout-latency", "target": 0.95,
                 "window": {"rolling": "1d"}, "budgeting": {"method": "occurrences"}, "missingData": "exclude", %s},
                {"name": "checkout-available", "type": "SLO", "sli": "checkout-success", "target": 0.99,
                 "window": {"rolling": "1d"}, "budgeting": {"method": "occurrences"}, "missingData": "exclude", %s},
                {"name": "checkout-minutes", "type": "SLO", "sli": "checkout-success", "target": 0.99,
                 "window": {"rolling": "1d"}, "budgeting": {"method": "timeslices", "sliceTarget": 0.95, "slice": "1m"},
                 "missingData": "exclude"},
                {"name": "payments-ok", "type": "SLO", "sli": "payments", "target": 0.999,
                 "window": {"rolling": "1d"}, "budgeting": {"method": "occurrences"}, "missingData": "exclude"}]}]}
            """.formatted(ALERTS, ALERTS);

    /** One request the simulated service served, as the test keeps it for the brute force. */
    record Request(long atMillis, String uri, String status, String outcome, long nanos) {
        boolean selected() {
            return uri.equals("/checkout") && !outcome.equals("CLIENT_ERROR");
        }

        boolean serverError() {
            return outcome.equals("SERVER_ERROR");
        }
    }

    ManualClock clock;
    MockClock mock;
    SliRegistry slis;
    SliMeterRegistry sli;
    SimpleMeterRegistry simple;
    CompositeMeterRegistry composite;
    SliMeterBinder binder;
    final List<Request> requests = new ArrayList<>();
    long accepted;
    long rejected;

    @BeforeEach
    void setUp() {
        clock = ManualClock.atEpochMillis(T0);
        mock = new MockClock();
        slis = SliRegistry.create(ConfigReader.parse(CONFIG), SeriesOptions.builder().clock(clock).build());
        sli = SliMeterRegistry.builder(slis).clock(mock).build();
        simple = new SimpleMeterRegistry(SimpleConfig.DEFAULT, mock);
        composite = new CompositeMeterRegistry(mock, List.of(simple, sli));
        binder = SliMeterBinder.of(slis);
        binder.bindTo(composite);
    }

    /** An hour of traffic, minute by minute; the last five minutes fail four times as often as the rest. */
    void serveAnHour() throws Exception {
        Random random = new Random(42);
        for (int minute = 0; minute < 60; minute++) {
            clock.setEpochMillis(T0 + minute * 60_000L + 1_000);
            double serverErrors = minute >= 55 ? 0.4 : 0.03;
            for (int k = 0; k < 40; k++) {
                String uri = random.nextInt(5) == 0 ? "/health" : "/checkout";
                double roll = random.nextDouble();
                String status = roll < serverErrors ? "503" : roll < serverErrors + 0.05 ? "404" : "200";
                String outcome = status.startsWith("5") ? "SERVER_ERROR" : status.startsWith("4") ? "CLIENT_ERROR" : "SUCCESS";
                long nanos = (long) (Math.exp(random.nextGaussian() + Math.log(120e6)));
                request(k % 5, uri, status, outcome, nanos);
            }
            // a client-side timer of the same URI: another meter name, never selected
            Timer.builder("http.client.requests").tags("uri", "/checkout", "outcome", "SUCCESS", "status", "200")
                    .register(composite).record(Duration.ofSeconds(5));
            int ok = random.nextInt(6);
            int refused = random.nextInt(2);
            Counter.builder("payments.processed").tag("result", "accepted").register(composite).increment(ok);
            for (int i = 0; i < refused; i++) {
                Counter.builder("payments.processed").tag("result", "declined").register(composite).increment();
            }
            Counter.builder("payments.refunded").tag("result", "accepted").register(composite).increment(3);
            accepted += ok;
            rejected += refused;
        }
    }

    /** One request timed through one of the five ways Micrometer offers. */
    void request(int way, String uri, String status, String outcome, long nanos) throws Exception {
        Timer timer = Timer.builder("http.server.requests").tags("uri", uri, "status", status, "outcome", outcome)
                .register(composite);
        switch (way) {
            case 0 -> timer.record(Duration.ofNanos(nanos));
            case 1 -> timer.record(nanos / 1000, TimeUnit.MICROSECONDS);
            case 2 -> timer.record(() -> mock.add(nanos, TimeUnit.NANOSECONDS));
            case 3 -> timer.recordCallable(() -> mock.add(nanos, TimeUnit.NANOSECONDS));
            default -> {
                Timer.Sample sample = Timer.start(composite);
                mock.add(nanos, TimeUnit.NANOSECONDS);
                sample.stop(timer);
            }
        }
        requests.add(new Request(clock.epochMillis(), uri, status, outcome, way == 1 ? nanos / 1000 * 1000 : nanos));
    }

    @Test
    void latencySliMatchesTheRequestsItSelects() throws Exception {
        serveAnHour();
        long now = T0 + 60 * 60_000L + 30_000;
        clock.setEpochMillis(now);
        long[] selected = requests.stream().filter(Request::selected).mapToLong(Request::nanos).sorted().toArray();
        long ok = requests.stream().filter(Request::selected).filter(r -> !r.serverError()).count();
        long fast = requests.stream().filter(Request::selected).filter(r -> r.nanos() <= THRESHOLD_NANOS).count();

        LatencySnapshot s = slis.latency("shop", "checkout-latency").snapshotAt(Window.rolling(Duration.ofDays(1)), now, 0.99);

        assertEquals(selected.length, s.count());
        assertEquals(ok, s.okCount());
        assertEquals(selected[selected.length - 1], s.maxNanos().getAsLong());
        assertEquals((double) fast / selected.length, s.fractionAtOrUnder(THRESHOLD_NANOS).getAsDouble());
        // nearest rank, reported as the highest value the histogram's 3 digits cannot tell from it
        long rank = (long) Math.ceil(0.99 * selected.length);
        long bruteP99 = selected[(int) rank - 1];
        long expected = Math.min(selected[selected.length - 1], new Histogram(3).highestEquivalentValue(bruteP99));
        assertEquals(expected, s.quantileNanos(0.99).getAsLong());
        assertTrue(selected.length > 1500, "the simulation selected " + selected.length);
    }

    @Test
    void outcomeSlisMatchTheRequestsAndIncrementsTheySelect() throws Exception {
        serveAnHour();
        long now = T0 + 60 * 60_000L + 30_000;
        clock.setEpochMillis(now);
        long total = requests.stream().filter(Request::selected).count();
        long bad = requests.stream().filter(Request::selected).filter(Request::serverError).count();

        OutcomeSnapshot checkout = slis.outcome("shop", "checkout-success").snapshotAt(Window.rolling(Duration.ofDays(1)), now);
        OutcomeSnapshot payments = slis.outcome("shop", "payments").snapshotAt(Window.rolling(Duration.ofDays(1)), now);

        assertEquals(total - bad, checkout.good());
        assertEquals(bad, checkout.bad());
        assertEquals(accepted, payments.good());
        assertEquals(rejected, payments.bad());
        assertEquals((double) accepted / (accepted + rejected), payments.successRate().getAsDouble());
    }

    @Test
    void gaugesShowWhatTheRegistryEvaluates() throws Exception {
        serveAnHour();
        long now = T0 + 60 * 60_000L + 30_000;
        clock.setEpochMillis(now);
        List<ObjectiveReport> reports = slis.evaluate(now);

        for (ObjectiveReport r : reports) {
            SloStatus s = r.status();
            Tags tags = Tags.of("service", "shop", "objective", r.objective().spec().name(), "sli", r.objective().sli().name());
            assertEquals(s.ratio().getAsDouble(), gauge("sli.objective.sli", tags));
            assertEquals(1 - s.budget().consumedFraction(), gauge("sli.objective.budget.remaining", tags));
            if (s.budget().isTimeBased()) {
                assertEquals(s.budget().remainingMinutes(), gauge("sli.objective.budget.remaining.minutes", tags));
            } else {
                assertEquals(null, simple.find("sli.objective.budget.remaining.minutes").tags(tags).gauge());
            }
            for (AlertEvaluation.TierResult t : s.alerts().tiers()) {
                assertEquals(t.longBurn().rate(), gauge("sli.objective.burn.rate", tags.and("window",
                        SliMeterBinder.windowTag(t.tier().longWindow()))));
                assertEquals(t.shortBurn().rate(), gauge("sli.objective.burn.rate", tags.and("window",
                        SliMeterBinder.windowTag(t.tier().shortWindow()))));
            }
            for (AlertTier.Severity severity : AlertTier.Severity.values()) {
                boolean firing = s.alerts().tiers().stream().anyMatch(t -> t.tier().severity() == severity && t.firing());
                boolean hasTier = s.alerts().tiers().stream().anyMatch(t -> t.tier().severity() == severity);
                Tags alert = tags.and("severity", severity.name().toLowerCase());
                if (hasTier) {
                    assertEquals(firing ? 1.0 : 0.0, gauge("sli.objective.alert", alert));
                } else {
                    assertEquals(null, simple.find("sli.objective.alert").tags(alert).gauge());
                }
            }
        }
    }

    @Test
    void gaugesMatchABruteForceOfTheCheckoutRequests() throws Exception {
        serveAnHour();
        long now = T0 + 60 * 60_000L + 30_000;
        clock.setEpochMillis(now);
        List<Request> checkout = requests.stream().filter(Request::selected).toList();
        long total = checkout.size();
        long bad = checkout.stream().filter(Request::serverError).count();
        List<Request> last5 = checkout.stream().filter(r -> r.atMillis() >= T0 + 55 * 60_000L).toList();
        long bad5 = last5.stream().filter(Request::serverError).count();
        long slow = checkout.stream().filter(r -> r.nanos() > THRESHOLD_NANOS).count();
        Tags available = Tags.of("service", "shop", "objective", "checkout-available", "sli", "checkout-success");
        Tags fast = Tags.of("service", "shop", "objective", "checkout-fast", "sli", "checkout-latency");

        assertEquals((double) (total - bad) / total, gauge("sli.objective.sli", available));
        assertEquals((double) (total - slow) / total, gauge("sli.objective.sli", fast));
        // allowed bad = 1 % of the requests; remaining share = 1 − bad ÷ allowed
        assertEquals(1 - bad / (0.01 * total), gauge("sli.objective.budget.remaining", available), 1e-12);
        // burn rate = bad fraction ÷ (1 − 0.99) = bad fraction × 100; the hour holds all the traffic
        assertEquals(100.0 * bad / total, gauge("sli.objective.burn.rate", available.and("window", "1h")), 1e-12);
        assertEquals(100.0 * bad5 / last5.size(), gauge("sli.objective.burn.rate", available.and("window", "5m")), 1e-12);
        // page at 2 % of a 1-day budget in 1 h: factor 0.02 × 24 = 0.48; both windows burn far above it
        assertTrue(100.0 * bad5 / last5.size() > 0.48 && 100.0 * bad / total > 0.48);
        assertEquals(1.0, gauge("sli.objective.alert", available.and("severity", "page")));
        // checkout-minutes: 1 % of 1440 minutes allowed; every minute observed, those under 95 % success spent
        long badMinutes = 0;
        for (int m = 0; m < 60; m++) {
            long start = T0 + m * 60_000L;
            List<Request> in = checkout.stream().filter(r -> r.atMillis() >= start && r.atMillis() < start + 60_000).toList();
            long good = in.stream().filter(r -> !r.serverError()).count();
            badMinutes += (double) good / in.size() < 0.95 ? 1 : 0;
        }
        Tags minutes = Tags.of("service", "shop", "objective", "checkout-minutes", "sli", "checkout-success");
        assertEquals(14.4 - badMinutes, gauge("sli.objective.budget.remaining.minutes", minutes), 1e-9);
        assertTrue(badMinutes >= 5, "bad minutes: " + badMinutes);
    }

    @Test
    void gaugesReadOneEvaluationPerRefreshInterval() {
        SimpleMeterRegistry scraped = new SimpleMeterRegistry(SimpleConfig.DEFAULT, mock);
        SliMeterBinder slow = SliMeterBinder.builder(slis).refreshInterval(Duration.ofSeconds(90)).build();
        slow.bindTo(scraped);
        assertEquals(1, slow.evaluations());
        Tags available = Tags.of("service", "shop", "objective", "checkout-available", "sli", "checkout-success");
        Timer ok = Timer.builder("http.server.requests").tags("uri", "/checkout", "status", "200", "outcome", "SUCCESS")
                .register(composite);
        Timer failed = Timer.builder("http.server.requests").tags("uri", "/checkout", "status", "500", "outcome", "SERVER_ERROR")
                .register(composite);
        ok.record(Duration.ofMillis(5)); // minute 0
        clock.setEpochMillis(T0 + 90_000);
        for (int i = 0; i < 3; i++) { // three scrapes reading every gauge: one evaluation
            scraped.getMeters().forEach(m -> m.measure().forEach(x -> x.getValue()));
        }
        assertEquals(2, slow.evaluations());
        assertEquals(1.0, scraped.get("sli.objective.sli").tags(available).gauge().value());
        failed.record(Duration.ofMillis(5)); // minute 1
        clock.setEpochMillis(T0 + 179_999); // minute 1 sealed, 89.999 s after the last evaluation: the cached answer
        assertEquals(0.5, slis.evaluate(clock.epochMillis()).get(1).status().ratio().getAsDouble());
        assertEquals(1.0, scraped.get("sli.objective.sli").tags(available).gauge().value());
        assertEquals(2, slow.evaluations());
        clock.setEpochMillis(T0 + 180_000); // 90 s after: evaluated again
        assertEquals(0.5, scraped.get("sli.objective.sli").tags(available).gauge().value());
        assertEquals(3, slow.evaluations());
        assertEquals(Duration.ofSeconds(10), SliMeterBinder.DEFAULT_REFRESH_INTERVAL);
    }

    double gauge(String name, Tags tags) {
        return simple.get(name).tags(tags).gauge().value();
    }
}
