package dev.sli.store.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.OutcomeSnapshot;
import dev.sli.core.record.ReadinessGroupSnapshot;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.Clock;
import dev.sli.core.window.Window;
import dev.sli.store.feed.ConformanceSeries.Raw;
import dev.sli.store.imports.SeriesSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry example fed from each conformance data set: the SLIs' figures equal brute force on the raw
 * samples (written here, independently of the feed) and Prometheus' own increases in expected.json.
 */
class SourceFeedConformanceTest {

    static final Path CONFIG = Path.of("../examples/registry-slo.json");
    static final Set<String> WORKLOADS = Set.of("platsrv-registry-api", "platsrv-registry-web", "pltsvc-mongodb");
    static final long TWO_S_NANOS = 2_000_000_000L;

    record Fed(ConformanceSeries data, SloDocument document, SliRegistry registry, FeedReport report, long atMillis) {
    }

    private static final java.util.Map<String, Fed> FED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Each data set fed once per test run; the tests only read the registry. */
    static synchronized Fed feed(String folder) throws Exception {
        Fed fed = FED.get(folder);
        if (fed == null) {
            fed = feedAnew(folder);
            FED.put(folder, fed);
        }
        return fed;
    }

    static Fed feedAnew(String folder) throws Exception {
        ConformanceSeries data = new ConformanceSeries(folder);
        SloDocument document = ConfigReader.read(CONFIG);
        SeriesSet set = new SeriesSet(SourceFeed.selects(document));
        data.fill(set);
        SliRegistry registry = SliRegistry.create(document, SeriesOptions.builder().clock(Clock.system())
                .retention(Duration.ofDays(22)).maxFuture(Duration.ofDays(1))
                .retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build());
        FeedReport report = SourceFeed.feed(document, set, registry);
        return new Fed(data, document, registry, report, data.evalSeconds * 1000 + 60_000);
    }

    static boolean selected(Raw r) {
        return "silver".equals(r.label("kube_cluster_name")) && "101ed4-prod".equals(r.label("kube_namespace_name"))
                && WORKLOADS.contains(r.label("kube_workload_name"));
    }

    /** Sum of a counter's increases between consecutive samples, a decrease being a reset to 0. */
    static long bruteIncrease(Raw r) {
        long sum = 0;
        for (int i = 1; i < r.values().length; i++) {
            double prev = r.values()[i - 1];
            double cur = r.values()[i];
            sum += (long) (cur >= prev ? cur - prev : cur);
        }
        return sum;
    }

    static long bruteIncrease(ConformanceSeries data, Predicate<Raw> which) {
        return data.series.stream().filter(which).mapToLong(SourceFeedConformanceTest::bruteIncrease).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed7-2d-1m", "seed11-2d-1m", "seed13-2d-30s"})
    void requestCountsOverTheSpanAreTheSumOfIncreasesWithResets(String folder) throws Exception {
        Fed f = feed(folder);
        OutcomeSnapshot s = f.registry.outcome("registry", "request-outcome").snapshotAt(Window.rolling(Duration.ofDays(21)), f.atMillis);
        long bad = bruteIncrease(f.data, r -> r.name().equals("http_requests_total") && r.label("code").equals("5xx"));
        long all = bruteIncrease(f.data, r -> r.name().equals("http_requests_total"));
        assertEquals(bad, s.bad());
        assertEquals(all - bad, s.good());
    }

    /**
     * Windows ending on a sample: Prometheus' extrapolation factor is exactly 1 (README §6), and with
     * 1-minute samples its range (t - w, t] of increases is exactly the 1-minute buckets of a window
     * ending one bucket after t. (With 30 s samples no bucket-aligned window is that range.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"seed7-2d-1m", "seed11-2d-1m"})
    void requestCountsInWindowsEqualPrometheusIncreases(String folder) throws Exception {
        Fed f = feed(folder);
        for (String w : List.of("5m", "30m", "1h", "6h", "1d")) {
            OutcomeSnapshot s = f.registry.outcome("registry", "request-outcome")
                    .snapshotAt(Window.rolling(duration(w)), f.atMillis);
            assertEquals((long) f.data.value("increase_all_" + w), s.total(), w);
            assertEquals((long) f.data.value("increase_5xx_" + w), s.bad(), w);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed7-2d-1m", "seed11-2d-1m", "seed13-2d-30s"})
    void shareUnderTwoSecondsFromTheHistogramEqualsBruteForceAndPrometheus(String folder) throws Exception {
        Fed f = feed(folder);
        LatencySnapshot span = f.registry.latency("registry", "response-time").snapshotAt(Window.rolling(Duration.ofDays(21)), f.atMillis);
        Predicate<Raw> bucket = r -> r.name().equals("http_request_duration_seconds_bucket");
        long under2 = bruteIncrease(f.data, bucket.and(r -> r.label("le").equals("2")));
        long under5 = bruteIncrease(f.data, bucket.and(r -> r.label("le").equals("5")));
        long all = bruteIncrease(f.data, bucket.and(r -> r.label("le").equals("+Inf")));
        assertEquals(all, span.count());
        assertEquals(under2, span.atOrUnder(TWO_S_NANOS));
        assertTrue(span.isExact(TWO_S_NANOS));
        assertEquals(all - under5, span.clampedCount(), "+Inf bucket clamped and counted");
    }

    /** As {@link #requestCountsInWindowsEqualPrometheusIncreases}, for the histogram's buckets. */
    @ParameterizedTest
    @ValueSource(strings = {"seed7-2d-1m", "seed11-2d-1m"})
    void shareUnderTwoSecondsInWindowsEqualsPrometheus(String folder) throws Exception {
        Fed f = feed(folder);
        for (String w : List.of("5m", "30m", "1h", "6h", "1d")) {
            LatencySnapshot s = f.registry.latency("registry", "response-time").snapshotAt(Window.rolling(duration(w)), f.atMillis);
            assertEquals((long) f.data.resultWhere("hist_buckets_" + w, "le", "+Inf"), s.count(), w);
            assertEquals((long) f.data.resultWhere("hist_buckets_" + w, "le", "2"), s.atOrUnder(TWO_S_NANOS), w);
            double expected = f.data.value("hist_under_2s_" + w);
            assertEquals(expected, s.fractionAtOrUnder(TWO_S_NANOS).getAsDouble(), Math.abs(expected) * 1e-9, w);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed7-2d-1m", "seed11-2d-1m", "seed13-2d-30s"})
    void sysdigGaugeSamplesAreOneRequestEachInNanoseconds(String folder) throws Exception {
        Fed f = feed(folder);
        LatencySnapshot s = f.registry.latency("registry", "response-time-sysdig").snapshotAt(Window.rolling(Duration.ofDays(21)), f.atMillis);
        List<Raw> gauges = f.data.series.stream()
                .filter(r -> r.name().equals("sysdig_container_net_http_request_time") && selected(r)).toList();
        assertEquals(3, gauges.size());
        long count = 0;
        long under = 0;
        double max = 0;
        for (Raw r : gauges) {
            for (double v : r.values()) {
                count++;
                under += v <= TWO_S_NANOS ? 1 : 0;
                max = Math.max(max, v);
            }
        }
        assertEquals(count, s.count());
        assertEquals(under, s.atOrUnder(TWO_S_NANOS));
        // Prometheus' max over the raw samples of the three workloads
        double promMax = Math.max(f.data.resultWhere("latency_dashboard_inner_max_raw", "kube_workload_name", "platsrv-registry-api"),
                Math.max(f.data.resultWhere("latency_dashboard_inner_max_raw", "kube_workload_name", "platsrv-registry-web"),
                        f.data.resultWhere("latency_dashboard_inner_max_raw", "kube_workload_name", "pltsvc-mongodb")));
        assertEquals(promMax, max);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed7-2d-1m", "seed11-2d-1m", "seed13-2d-30s"})
    void readinessTimeEqualsInstantLookupsSecondBySecond(String folder) throws Exception {
        Fed f = feed(folder);
        ReadinessGroupSnapshot s = f.registry.readiness("registry", "pod-readiness").snapshotAt(Window.rolling(Duration.ofDays(21)), f.atMillis);
        Readiness brute = new Readiness(f.data);
        // the brute force reads Prometheus' semantics right: at its 1-minute steps it gives promtool's counts
        long[] steps = brute.count(brute.firstStep(), f.data.evalSeconds, 60, true);
        assertEquals((long) f.data.value("time_availability_all_steps"), steps[0]);
        assertEquals((long) f.data.value("time_availability_all_bad_steps"), steps[0] - steps[1]);
        // continuous time: every second from the first sample to the evaluation instant, samples in force for 5 min
        long[] seconds = brute.count(brute.firstSample(), f.atMillis / 1000 - 1, 1, false);
        assertEquals(seconds[0] * 1000, s.observedMillis());
        assertEquals(seconds[1] * 1000, s.fullyReadyMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed7-2d-1m", "seed13-2d-30s"})
    void samplesNoSliTakesAreCountedAndSlisWithoutSeriesReported(String folder) throws Exception {
        Fed f = feed(folder);
        long used = f.data.series.stream().filter(r -> switch (r.name()) {
            case "http_requests_total", "http_request_duration_seconds_bucket" -> true;
            case "kube_workload_status_desired", "kube_workload_status_ready", "sysdig_container_net_http_request_time" -> selected(r);
            default -> false;
        }).mapToLong(r -> r.seconds().length).sum();
        assertEquals(f.data.totalSamples() - used, f.report.unusedSamples());
        assertEquals(List.of(
                "uptime-probe: no series matched up=probe_success{check=\"uptime-com-1565965\"}",
                "provision-time: no series matched started=provision_request_started_timestamp_seconds",
                "provision-time: no series matched finished=provision_request_finished_timestamp_seconds"),
                f.report.problems());
    }

    static Duration duration(String w) {
        char unit = w.charAt(w.length() - 1);
        long n = Long.parseLong(w.substring(0, w.length() - 1));
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** PromQL instant lookups of the selected workloads' gauges, by brute force. */
    static final class Readiness {
        final List<Raw[]> pairs;
        final long evalSeconds;

        Readiness(ConformanceSeries data) {
            evalSeconds = data.evalSeconds;
            pairs = WORKLOADS.stream().map(w -> new Raw[] {
                find(data, "kube_workload_status_desired", w), find(data, "kube_workload_status_ready", w)}).toList();
        }

        static Raw find(ConformanceSeries data, String name, String workload) {
            return data.series.stream().filter(r -> r.name().equals(name) && selected(r)
                    && r.label("kube_workload_name").equals(workload)).findFirst().orElseThrow();
        }

        long firstStep() {
            long start = evalSeconds - 2 * 86_400;
            return (start + 59) / 60 * 60;
        }

        long firstSample() {
            return pairs.stream().mapToLong(p -> Math.min(p[0].seconds()[0], p[1].seconds()[0])).min().getAsLong();
        }

        /** The newest value with {@code t - 300 <= ts <= t} (inclusive) or {@code t - 300 < ts} (in force for 300 s); NaN if none. */
        static double at(Raw r, long t, boolean inclusive) {
            int i = java.util.Arrays.binarySearch(r.seconds(), t);
            i = i >= 0 ? i : -i - 2; // the newest sample at or before t
            if (i < 0) {
                return Double.NaN;
            }
            long ts = r.seconds()[i];
            return (inclusive ? ts >= t - 300 : ts > t - 300) ? r.values()[i] : Double.NaN;
        }

        /** {instants with data, instants where every workload with data has ready >= desired} from {@code from} to {@code to} inclusive. */
        long[] count(long from, long to, long step, boolean inclusive) {
            long observed = 0;
            long good = 0;
            for (long t = from; t <= to; t += step) {
                boolean any = false;
                boolean all = true;
                for (Raw[] p : pairs) {
                    double d = at(p[0], t, inclusive);
                    double r = at(p[1], t, inclusive);
                    if (!Double.isNaN(d) && !Double.isNaN(r)) {
                        any = true;
                        all &= r >= d;
                    }
                }
                observed += any ? 1 : 0;
                good += any && all ? 1 : 0;
            }
            return new long[] {observed, good};
        }
    }
}
