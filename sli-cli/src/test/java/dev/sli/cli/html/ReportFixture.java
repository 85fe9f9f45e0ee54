package dev.sli.cli.html;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.Clock;
import dev.sli.core.window.BucketGrid;
import java.time.Duration;
import java.time.Instant;

/**
 * A small registry with data known minute by minute, so that tests can compute what the report must show by
 * brute force: shop/payments (outcome, 100 events a minute, 1 bad every 7th minute, 30 bad a minute in hour 20),
 * shop/checkout (latency, 10 requests a minute), shop/pods (readiness of api and web; api short of a replica
 * for the first 10 minutes of hour 5; no samples in hour 30) and shop/ping (probe, down for the first 5
 * minutes of hour 7), over 36 hours from {@link #T0}. Free-text fields carry {@code payload} strings.
 */
final class ReportFixture {

    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final long AT = T0 + 36 * HOUR;
    static final int MINUTES = 36 * 60;

    static final String XSS_SCRIPT = "</script><img src=x onerror=alert(1)>";
    static final String XSS_ATTR = "\"><svg onload=alert(1)>";
    static final String XSS_MARK = "<img src=x onerror=window.__xss=1>";
    static final String XSS_MARK2 = "'\"><svg onload=window.__xss=2><script>window.__xss=3</script>";

    private ReportFixture() {
    }

    static String config(boolean payloads) {
        String d1 = payloads ? json(XSS_SCRIPT) : "\"Payments taken\"";
        String d2 = payloads ? json(XSS_ATTR) : "\"Counted per event\"";
        String d3 = payloads ? json(XSS_MARK) : "\"shop\"";
        String d4 = payloads ? json(XSS_MARK2) : "\"https://example.com/ping\"";
        return """
                {"format": 1, "assumption": %3$s,
                 "services": [{"name": "shop", "description": %1$s, "assumption": %2$s,
                  "slis": [
                    {"name": "payments", "kind": "outcome", "description": %1$s, "assumption": %2$s},
                    {"name": "checkout", "kind": "latency", "threshold": "300ms", "labels": {"team": %3$s}, "description": %4$s},
                    {"name": "pods", "kind": "readiness", "workloads": ["api", "web"], "staleAfter": "5m", "availability": "time",
                     "assumption": %3$s},
                    {"name": "ping", "kind": "probe", "check": %4$s, "interval": "1m"}],
                  "objectives": [
                    {"name": "paid", "type": "SLO", "sli": "payments", "target": 0.99, "window": {"rolling": "1d"},
                     "budgeting": {"method": "occurrences"}, "missingData": "exclude", "description": %2$s,
                     "alerts": [{"severity": "page", "budgetFraction": 0.02, "longWindow": "1h", "shortWindow": "5m"},
                                {"severity": "ticket", "budgetFraction": 0.1, "longWindow": "6h", "shortWindow": "30m"}]},
                    {"name": "fast", "type": "SLO", "sli": "checkout", "target": 0.95, "window": {"rolling": "1d"},
                     "budgeting": {"method": "occurrences"}, "missingData": "exclude", "assumption": %1$s},
                    {"name": "ready", "type": "SLO", "sli": "pods", "target": 0.99, "window": {"rolling": "1d"},
                     "budgeting": {"method": "ratioTimeslices", "slice": "1m"}, "missingData": "exclude"},
                    {"name": "reachable", "type": "SLO", "sli": "ping", "target": 0.99, "window": {"rolling": "1d"},
                     "budgeting": {"method": "timeslices", "sliceTarget": 1, "slice": "1m"}, "missingData": "exclude"}]}]}
                """.formatted(d1, d2, d3, d4);
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static SloDocument document(boolean payloads) {
        return ConfigReader.parse(config(payloads));
    }

    static long bad(int minute) {
        return minute / 60 == 20 ? 30 : minute % 7 == 0 ? 1 : 0;
    }

    static long latencyMillis(int minute, int i) {
        return 5 + (minute * 37L + i * 101L) % 400;
    }

    static boolean apiShort(int minute) {
        return minute / 60 == 5 && minute % 60 < 10;
    }

    static boolean podsSilent(int minute) {
        return minute / 60 == 30;
    }

    static boolean pingDown(int minute) {
        return minute / 60 == 7 && minute % 60 < 5;
    }

    /** The registry with all 36 hours recorded and sealed up to {@link #AT}. */
    static SliRegistry registry(boolean payloads) {
        SeriesOptions options = SeriesOptions.builder().clock(Clock.system()).grid(BucketGrid.DEFAULT).retention(Duration.ofDays(3))
                .maxFuture(Duration.ofDays(1)).retentionAnchor(SeriesOptions.RetentionAnchor.NEWEST_DATA).build();
        SliRegistry r = SliRegistry.create(document(payloads), options);
        for (int m = 0; m < MINUTES; m++) {
            long t = T0 + m * MINUTE;
            r.outcome("shop", "payments").recordCountsAt(t + 30_000, 100 - bad(m), bad(m));
            for (int i = 0; i < 10; i++) {
                r.latency("shop", "checkout").recordAt(t + 1_000 + i * 5_000, latencyMillis(m, i) * 1_000_000L, true);
            }
            if (!podsSilent(m)) {
                r.readiness("shop", "pods").recordAt(t, "api", 3, apiShort(m) ? 2 : 3);
                r.readiness("shop", "pods").recordAt(t, "web", 2, 2);
            }
            r.probe("shop", "ping").recordAt(t, !pingDown(m), 1_000_000L);
        }
        r.evaluate(AT);
        return r;
    }
}
