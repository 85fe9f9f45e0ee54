package dev.sli.store.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.OutcomeSnapshot;
import dev.sli.core.record.ProbeSnapshot;
import dev.sli.core.record.ReadinessGroupSnapshot;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.record.WorkSnapshot;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small hand-made series for each SLI kind, with expected values worked out by hand in the comments. */
class SourceFeedTest {

    static final String CONFIG = """
            {"format": 1, "services": [{"name": "s", "slis": [
              {"name": "ready", "kind": "readiness", "workloads": ["api", "web"], "availability": "time",
               "source": {"desired": "kube_workload_status_desired{kube_workload_name=~\\"api|web\\"}",
                          "ready": "kube_workload_status_ready{kube_workload_name=~\\"api|web\\"}"}},
              {"name": "requests", "kind": "outcome", "source": {"total": "http_requests_total", "bad": "{code=\\"5xx\\"}"}},
              {"name": "orders", "kind": "outcome", "source": {"total": "orders_total", "good": "orders_ok_total"}},
              {"name": "latency", "kind": "latency", "threshold": "2s", "source": {"histogram": "http_request_duration_seconds"}},
              {"name": "gauge", "kind": "latency", "threshold": "2s", "source": {"gauge": "request_time_ms", "unit": "ms"}},
              {"name": "up", "kind": "probe", "check": "home page", "source": {"up": "probe_success"}},
              {"name": "jobs", "kind": "work", "threshold": "1h",
               "source": {"started": "job_started_seconds", "finished": "job_finished_seconds", "idLabel": "job"}}]}]}
            """;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final Window HOUR = Window.rolling(Duration.ofHours(1));

    final SloDocument document = ConfigReader.parse(CONFIG);
    final SliRegistry registry = SliRegistry.create(document, SeriesOptions.builder()
            .clock(ManualClock.atEpochMillis(T0 + Duration.ofDays(1).toMillis())).retention(Duration.ofDays(2)).build());
    final SeriesSet set = new SeriesSet(SourceFeed.selects(document));

    static SeriesKey key(String metric, String... labels) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return SeriesKey.of(metric, map);
    }

    /** Samples of {@code key}: pairs of seconds after T0 and value. */
    void add(SeriesKey key, double... secondsAndValues) {
        for (int i = 0; i < secondsAndValues.length; i += 2) {
            set.sample(key, T0 + (long) (secondsAndValues[i] * 1000), secondsAndValues[i + 1]);
        }
    }

    void gauges(String workload, double... secondsDesiredReady) {
        for (int i = 0; i < secondsDesiredReady.length; i += 3) {
            add(key("kube_workload_status_desired", "kube_workload_name", workload), secondsDesiredReady[i], secondsDesiredReady[i + 1]);
            add(key("kube_workload_status_ready", "kube_workload_name", workload), secondsDesiredReady[i], secondsDesiredReady[i + 2]);
        }
    }

    FeedReport feed() {
        return SourceFeed.feed(document, set, registry);
    }

    ReadinessGroupSnapshot readiness(long atSeconds) {
        return registry.readiness("s", "ready").snapshotAt(HOUR, T0 + atSeconds * 1000);
    }

    List<String> problemsOf(FeedReport report, String sli) {
        return report.slis().stream().filter(s -> s.sli().equals(sli)).findFirst().orElseThrow().problems();
    }

    @Test
    void aStalenessGapIsUnknownTimeNeverGoodOrBad() {
        // api 3/3 at 0, 60, 120 s; nothing until 720 s, then 3 desired, 2 ready
        gauges("api", 0, 3, 3, 60, 3, 3, 120, 3, 3, 720, 3, 2);
        feed();
        ReadinessGroupSnapshot s = readiness(900);
        // observed: [0, 120) + the 120 s sample's 300 s lookback + [720, 900) = 120 + 300 + 180 s
        assertEquals(600_000, s.observedMillis());
        // ready: [0, 420); from 720 s on, 2 of 3 ready
        assertEquals(420_000, s.fullyReadyMillis());
    }

    @Test
    void readyAboveDesiredIsFullyReadyAndAMissedScrapeTakesTheOthersLastValueWithinTheLookback() {
        add(key("kube_workload_status_desired", "kube_workload_name", "api"), 0, 2, 60, 2, 120, 2);
        add(key("kube_workload_status_ready", "kube_workload_name", "api"), 0, 3, 120, 2); // none at 60 s
        FeedReport report = feed();
        ReadinessGroupSnapshot s = readiness(180);
        assertEquals(180_000, s.observedMillis());
        assertEquals(180_000, s.fullyReadyMillis());
        assertEquals(3, report.slis().get(0).recorded(), "joined at 0, 60 (with ready 3 from 0 s) and 120 s");
        assertEquals(List.of("ready: workload web: no desired/ready series; its time is unknown"), problemsOf(report, "ready"));
    }

    @Test
    void aSampleWhoseOtherHalfIsOlderThanTheLookbackIsLeftOut() {
        add(key("kube_workload_status_desired", "kube_workload_name", "api"), 0, 2, 400, 2);
        add(key("kube_workload_status_ready", "kube_workload_name", "api"), 0, 2);
        FeedReport report = feed();
        // only the pair at 0 s, in force for its 300 s lookback
        assertEquals(300_000, readiness(600).observedMillis());
        assertEquals(List.of("ready: 1 sample of kube_workload_status_desired{kube_workload_name=\"api\"} or "
                + "kube_workload_status_ready{kube_workload_name=\"api\"} left out: the other had no sample within the 300 s lookback",
                "ready: workload web: no desired/ready series; its time is unknown"), problemsOf(report, "ready"));
    }

    @Test
    void aDecoyIsExcludedByTheFullyAnchoredRegex() {
        gauges("api", 0, 3, 3, 60, 3, 3);
        gauges("web", 0, 2, 2, 60, 2, 2);
        gauges("api-canary", 0, 1, 0, 60, 1, 0); // never ready: would make the service down
        assertFalse(SourceFeed.selects(document).test(key("kube_workload_status_ready", "kube_workload_name", "api-canary")));
        assertTrue(SourceFeed.selects(document).test(key("kube_workload_status_ready", "kube_workload_name", "api")));
        FeedReport report = feed();
        ReadinessGroupSnapshot s = readiness(120);
        assertEquals(120_000, s.fullyReadyMillis());
        assertEquals(120_000, s.observedMillis());
        assertEquals(4, report.unusedSamples(), "the canary's 2 desired and 2 ready samples");
    }

    @Test
    void twoPairsForOneWorkloadAreAmbiguousAndLeftOut() {
        gauges("web", 0, 2, 2);
        add(key("kube_workload_status_desired", "kube_workload_name", "api", "cluster", "gold"), 0, 3);
        add(key("kube_workload_status_ready", "kube_workload_name", "api", "cluster", "gold"), 0, 0);
        add(key("kube_workload_status_desired", "kube_workload_name", "api", "cluster", "silver"), 0, 3);
        add(key("kube_workload_status_ready", "kube_workload_name", "api", "cluster", "silver"), 0, 3);
        FeedReport report = feed();
        assertEquals(List.of("ready: workload api left out: 2 desired/ready pairs match it "
                + "(kube_workload_status_desired{cluster=\"gold\", kube_workload_name=\"api\"}, "
                + "kube_workload_status_desired{cluster=\"silver\", kube_workload_name=\"api\"}); narrow the selectors to one"),
                problemsOf(report, "ready"));
        assertEquals(4, report.unusedSamples());
    }

    @Test
    void aCounterResetCountsTheValueAfterIt() {
        add(key("http_requests_total", "code", "2xx"), 0, 10, 60, 15, 120, 3, 180, 8); // +5, reset +3, +5
        add(key("http_requests_total", "code", "5xx"), 0, 1, 60, 1, 120, 0, 180, 2);   // +0, reset +0, +2
        FeedReport report = feed();
        OutcomeSnapshot all = registry.outcome("s", "requests").snapshotAt(HOUR, T0 + 240_000);
        assertEquals(13, all.good());
        assertEquals(2, all.bad());
        // each increase at its later sample's timestamp: the bucket [120 s, 180 s) holds the 3 after the reset
        OutcomeSnapshot minute = registry.outcome("s", "requests").snapshotAt(Window.rolling(Duration.ofMinutes(1)), T0 + 180_000);
        assertEquals(3, minute.good());
        assertEquals(0, minute.bad());
        assertEquals(15, report.slis().get(1).recorded());
    }

    @Test
    void aGoodCounterOfItsOwnIsSubtractedFromTheTotal() {
        add(key("orders_total"), 0, 100, 60, 110, 120, 130); // +10, +20
        add(key("orders_ok_total"), 0, 50, 60, 57, 120, 77); // +7, +20
        feed();
        OutcomeSnapshot s = registry.outcome("s", "orders").snapshotAt(HOUR, T0 + 180_000);
        assertEquals(27, s.good());
        assertEquals(3, s.bad());
    }

    @Test
    void histogramBucketsAreRequestsAtTheirUpperBoundAndInfIsClamped() {
        SeriesKey le1 = key("http_request_duration_seconds_bucket", "le", "1");
        SeriesKey le2 = key("http_request_duration_seconds_bucket", "le", "2");
        SeriesKey inf = key("http_request_duration_seconds_bucket", "le", "+Inf");
        add(le1, 0, 0, 60, 4, 120, 1);  // +4, reset +1
        add(le2, 0, 0, 60, 7, 120, 1);  // +7, reset +1
        add(inf, 0, 0, 60, 9, 120, 2);  // +9, reset +2
        add(key("http_request_duration_seconds_count"), 0, 0, 60, 9, 120, 2); // not a bucket: unused
        FeedReport report = feed();
        LatencySnapshot s = registry.latency("s", "latency").snapshotAt(HOUR, T0 + 180_000);
        assertEquals(11, s.count());
        assertEquals(8, s.atOrUnder(2_000_000_000L)); // 4 + 3 at 60 s, 1 + 0 at 120 s
        assertEquals(3, s.clampedCount());           // 2 + 1 above 2 s
        assertEquals(3, report.unusedSamples());
    }

    @Test
    void gaugeSamplesAreOneRequestEachInTheirUnit() {
        add(key("request_time_ms", "pod", "a"), 0, 1500, 60, 2000, 120, 2000.5, 180, Double.NaN);
        FeedReport report = feed();
        LatencySnapshot s = registry.latency("s", "gauge").snapshotAt(HOUR, T0 + 240_000);
        assertEquals(3, s.count());
        assertEquals(2, s.atOrUnder(2_000_000_000L));
        assertEquals(List.of("gauge: 1 sample of request_time_ms{pod=\"a\"} left out: not a finite, non-negative duration"),
                problemsOf(report, "gauge"));
    }

    @Test
    void probeSamplesAreChecksUpOrDown() {
        add(key("probe_success"), 0, 1, 60, 0, 120, 1, 180, 0.5);
        FeedReport report = feed();
        ProbeSnapshot s = registry.probe("s", "up").snapshotAt(HOUR, T0 + 180_000);
        assertEquals(2, s.upChecks());
        assertEquals(1, s.downChecks());
        assertEquals(List.of("up: 1 sample of probe_success{} left out: neither 1 (up) nor 0 (down)"), problemsOf(report, "up"));
    }

    @Test
    void workItemsStartAndFinishAtTheirGaugesValues() {
        long t0s = T0 / 1000;
        add(key("job_started_seconds", "job", "a"), 600, t0s + 60, 1200, t0s + 60);
        add(key("job_finished_seconds", "job", "a"), 600, 0, 1200, t0s + 60 + 1800); // 0 until done: 30 min
        add(key("job_started_seconds", "job", "b"), 600, t0s + 300);                   // still open
        feed();
        WorkSnapshot s = registry.work("s", "jobs").snapshotAt(HOUR, T0 + 3_000_000);
        assertEquals(1, s.completed());
        assertEquals(1, s.within(Duration.ofHours(1)));
        assertEquals(List.of("b"), s.open().stream().map(o -> o.id()).toList());
    }

    @Test
    void everyRoleThatMatchedNothingIsReported() {
        FeedReport report = feed();
        assertEquals(List.of(
                "ready: no series matched desired=kube_workload_status_desired{kube_workload_name=~\"api|web\"}",
                "ready: no series matched ready=kube_workload_status_ready{kube_workload_name=~\"api|web\"}",
                "requests: no series matched total=http_requests_total",
                "orders: no series matched total=orders_total",
                "orders: no series matched good=orders_ok_total",
                "latency: no series matched histogram=http_request_duration_seconds",
                "gauge: no series matched gauge=request_time_ms",
                "up: no series matched up=probe_success",
                "jobs: no series matched started=job_started_seconds",
                "jobs: no series matched finished=job_finished_seconds"), report.problems());
        assertTrue(report.first().isEmpty());
    }
}
