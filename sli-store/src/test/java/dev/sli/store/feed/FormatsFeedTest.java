package dev.sli.store.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import dev.sli.store.imports.Importers;
import dev.sli.store.imports.SeriesSet;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format through the facade and into the SLIs: an HdrHistogram interval log feeds a latency SLI
 * (counts and the share under the threshold equal those of the values written, at HdrHistogram's
 * precision), and exposition files in Prometheus text and in OpenMetrics form feed an outcome SLI with the
 * same counts.
 */
class FormatsFeedTest {

    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    static SliRegistry registry(SloDocument doc) {
        return SliRegistry.create(doc, SeriesOptions.builder().clock(ManualClock.atEpochMillis(T0 + 3_600_000L))
                .retention(Duration.ofDays(2)).retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build());
    }

    @Test
    void anHdrHistogramLogFeedsALatencySli() throws Exception {
        Path log = dir.resolve("checkout.hlog");
        SplittableRandom r = new SplittableRandom(4);
        long total = 0;
        long under = 0;
        try (PrintStream out = new PrintStream(Files.newOutputStream(log), false, StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputStartTime(T0);
            w.setBaseTime(T0);
            w.outputLogFormatVersion();
            w.outputLegend();
            for (int m = 0; m < 30; m++) {
                Histogram h = new Histogram(3_600_000_000_000L, 3);
                h.setStartTimeStamp(T0 + m * 60_000L);
                h.setEndTimeStamp(T0 + (m + 1) * 60_000L);
                h.setTag("checkout");
                for (int i = 0; i < 200; i++) {
                    long nanos = 1_000_000L + r.nextLong(3_000_000_000L);
                    h.recordValue(nanos);
                    total++;
                    // the importer counts each value at the top of its HdrHistogram bucket
                    if (h.highestEquivalentValue(nanos) <= 2_000_000_000L) {
                        under++;
                    }
                }
                w.outputIntervalHistogram(h);
            }
        }
        String config = """
                {"format": 1, "services": [{"name": "shop",
                  "slis": [{"name": "checkout", "kind": "latency", "threshold": "2s",
                            "source": {"histogram": "hdr_latency{tag=\\"checkout\\"}"}}], "objectives": []}]}
                """;
        SloDocument doc = ConfigReader.parse(config);
        SeriesSet set = new SeriesSet(SourceFeed.selects(doc));
        Importers.defaults().read(log, Optional.empty(), set);
        SliRegistry registry = registry(doc);
        SourceFeed.feed(doc, set, registry);
        LatencySnapshot s = registry.latency("shop", "checkout").snapshotAt(Window.rolling(Duration.ofHours(2)), T0 + 3_600_000L);
        assertEquals(total, s.count());
        assertEquals(under, s.atOrUnder(2_000_000_000L));
    }

    @Test
    void prometheusTextAndOpenMetricsFeedTheSameCounts() throws Exception {
        StringBuilder text = new StringBuilder("# TYPE http_requests_total counter\n");
        StringBuilder om = new StringBuilder("# TYPE http_requests counter\n");
        long[] ok = new long[31];
        long[] bad = new long[31];
        SplittableRandom r = new SplittableRandom(8);
        for (int m = 1; m <= 30; m++) {
            ok[m] = ok[m - 1] + r.nextInt(100);
            bad[m] = bad[m - 1] + r.nextInt(3);
            long t = T0 + m * 60_000L;
            text.append("http_requests_total{code=\"2xx\"} ").append(ok[m]).append(' ').append(t).append('\n');
            text.append("http_requests_total{code=\"5xx\"} ").append(bad[m]).append(' ').append(t).append('\n');
            om.append("http_requests_total{code=\"2xx\"} ").append(ok[m]).append(' ').append(t / 1000).append(".000\n");
            om.append("http_requests_total{code=\"5xx\"} ").append(bad[m]).append(' ').append(t / 1000).append('\n');
        }
        om.append("# EOF\n");
        Path prom = Files.writeString(dir.resolve("scrapes.prom"), text);
        Path openMetrics = Files.writeString(dir.resolve("scrapes.om"), om);
        String config = """
                {"format": 1, "services": [{"name": "shop",
                  "slis": [{"name": "requests", "kind": "outcome",
                            "source": {"total": "http_requests_total", "bad": "{code=\\"5xx\\"}"}}], "objectives": []}]}
                """;
        SloDocument doc = ConfigReader.parse(config);
        for (Path file : new Path[] {prom, openMetrics}) {
            SeriesSet set = new SeriesSet(SourceFeed.selects(doc));
            Importers.defaults().read(file, Optional.empty(), set);
            SliRegistry registry = registry(doc);
            SourceFeed.feed(doc, set, registry);
            var snap = registry.outcome("shop", "requests").snapshotAt(Window.rolling(Duration.ofHours(2)), T0 + 3_600_000L);
            // increases between the first and last scrape: the first sample only sets the counter's start
            assertEquals(ok[30] - ok[1], snap.good(), file.toString());
            assertEquals(bad[30] - bad[1], snap.bad(), file.toString());
        }
    }
}
