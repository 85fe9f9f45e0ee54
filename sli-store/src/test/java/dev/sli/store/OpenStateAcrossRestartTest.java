package dev.sli.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.config.ConfigReader;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.record.WorkOpenItem;
import dev.sli.core.record.WorkSnapshot;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is open when a service restarts is kept by the store's checkpoint: long-running tasks still open are
 * counted when they finish after it, and the readiness and probe samples in force keep their lookback. The
 * reference is a registry that never stopped, fed the same events.
 */
class OpenStateAcrossRestartTest {

    static final String CONFIG = """
            {"format": 1, "services": [{"name": "infra",
              "slis": [{"name": "provision", "kind": "work", "threshold": "1h"}],
              "objectives": [{"name": "fast", "type": "SLO", "sli": "provision", "target": 0.8, "window": {"rolling": "1d"},
                              "budgeting": {"method": "occurrences"}, "missingData": "exclude"}]}]}
            """;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;

    @TempDir
    Path dir;

    static SeriesOptions options(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(2)).build();
    }

    /** Tasks t0..t(n-1): task i starts at minute 3i and takes 7 + (i * 37 % 150) minutes; every 11th fails. */
    static void events(SliRegistry r, ManualClock clock, long fromMinute, long toMinute, int tasks) {
        for (long m = fromMinute; m < toMinute; m++) {
            long t = T0 + m * MINUTE;
            clock.setEpochMillis(t);
            for (int i = 0; i < tasks; i++) {
                long start = 3L * i;
                long end = start + 7 + (i * 37L % 150);
                if (start == m) {
                    r.work("infra", "provision").startAt(t + 1_000 + i, "t" + i);
                }
                if (end == m) {
                    r.work("infra", "provision").finishAt(t + 2_000 + i, "t" + i, i % 11 != 0);
                }
            }
        }
    }

    static List<Object> answers(SliRegistry r, long at) {
        WorkSnapshot s = r.work("infra", "provision").snapshotAt(Window.rolling(Duration.ofHours(12)), at, 0.5, 0.9);
        return List.of(s.completed(), s.failed(), s.abandoned(), s.within(Duration.ofHours(1)),
                s.quantileMillis(0.5), s.quantileMillis(0.9), s.open().stream().map(WorkOpenItem::id).toList(),
                s.open().stream().map(WorkOpenItem::startMillis).toList(), s.rejections());
    }

    @Test
    void tasksOpenAtACleanRestartAreCountedAsIfItNeverStopped() throws Exception {
        SloDocument doc = ConfigReader.parse(CONFIG);
        ManualClock refClock = ManualClock.atEpochMillis(T0);
        SliRegistry reference = SliRegistry.create(doc, options(refClock));
        events(reference, refClock, 0, 400, 60);

        ManualClock clock = ManualClock.atEpochMillis(T0);
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock), Duration.ZERO)) {
            events(store.registry(), clock, 0, 95, 60); // tasks started up to minute 94, many still open
        }
        try (SliStore reader = SliStore.openReadOnly(dir, doc, options(clock))) {
            List<?> open = (List<?>) answers(reader.registry(), T0 + 95 * MINUTE).get(6);
            ManualClock partialClock = ManualClock.atEpochMillis(T0);
            SliRegistry partial = SliRegistry.create(doc, options(partialClock));
            events(partial, partialClock, 0, 95, 60);
            assertEquals(answers(partial, T0 + 95 * MINUTE).get(6), open);
            assertEquals(true, open.size() > 10, "tasks open at the restart: " + open);
        }
        try (SliStore store = SliStore.open(dir, doc, CONFIG, options(clock), Duration.ZERO)) {
            events(store.registry(), clock, 95, 400, 60);
            assertEquals(answers(reference, T0 + 400 * MINUTE), answers(store.registry(), T0 + 400 * MINUTE));
            assertEquals(reference.evaluate(T0 + 400 * MINUTE).get(0).toString(),
                    store.registry().evaluate(T0 + 400 * MINUTE).get(0).toString());
        }
    }

    @Test
    void theAnswersDoNotDependOnWhereTheRestartFalls() throws Exception {
        SloDocument doc = ConfigReader.parse(CONFIG);
        ManualClock refClock = ManualClock.atEpochMillis(T0);
        SliRegistry reference = SliRegistry.create(doc, options(refClock));
        events(reference, refClock, 0, 300, 40);
        List<Object> expected = answers(reference, T0 + 300 * MINUTE);
        SplittableRandom r = new SplittableRandom(17);
        for (int trial = 0; trial < 4; trial++) {
            Path store = dir.resolve("trial" + trial);
            ManualClock clock = ManualClock.atEpochMillis(T0);
            long from = 0;
            while (from < 300) { // several restarts at seeded minutes
                long to = Math.min(300, from + 1 + r.nextLong(90));
                try (SliStore s = SliStore.open(store, doc, CONFIG, options(clock), Duration.ZERO)) {
                    events(s.registry(), clock, from, to, 40);
                }
                from = to;
            }
            try (SliStore s = SliStore.openReadOnly(store, doc, options(clock))) {
                assertEquals(expected, answers(s.registry(), T0 + 300 * MINUTE), "trial " + trial);
            }
        }
    }

    static final String GAUGES = """
            {"format": 1, "services": [{"name": "shop",
              "slis": [{"name": "pods", "kind": "readiness", "workloads": ["api", "web"], "availability": "time"},
                       {"name": "ping", "kind": "probe", "check": "https://shop.example/health", "interval": "30s"}],
              "objectives": [{"name": "up", "type": "SLO", "sli": "pods", "target": 0.99, "window": {"rolling": "1d"},
                              "budgeting": {"method": "timeslices", "sliceTarget": 1}, "missingData": "exclude"},
                             {"name": "reachable", "type": "SLO", "sli": "ping", "target": 0.99, "window": {"rolling": "1d"},
                              "budgeting": {"method": "timeslices", "sliceTarget": 1}, "missingData": "exclude"}]}]}
            """;

    /** Readiness and probe samples every 20 to 40 s from T0 on (the same whatever part is fed), those in [from, to) fed. */
    static void gauges(SliRegistry r, ManualClock clock, long fromMinute, long toMinute) {
        for (long t = T0; t < T0 + toMinute * MINUTE; ) {
            SplittableRandom rnd = new SplittableRandom(t);
            String workload = rnd.nextBoolean() ? "api" : "web";
            int ready = rnd.nextInt(6) == 0 ? 1 : 2;
            boolean up = rnd.nextInt(8) != 0;
            if (t >= T0 + fromMinute * MINUTE) {
                clock.setEpochMillis(t);
                r.readiness("shop", "pods").recordAt(t, workload, 2, ready);
                r.probe("shop", "ping").recordAt(t, up, 2_000_000);
            }
            t += 20_000 + rnd.nextInt(20_000);
        }
        clock.setEpochMillis(T0 + toMinute * MINUTE);
    }

    static List<Object> gaugeAnswers(SliRegistry r, long at) {
        List<Object> out = new java.util.ArrayList<>();
        for (Duration d : List.of(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(5))) {
            var p = r.readiness("shop", "pods").snapshotAt(Window.rolling(d), at);
            var q = r.probe("shop", "ping").snapshotAt(Window.rolling(d), at);
            out.add(List.of(p.observedMillis(), p.fullyReadyMillis(), p.readyReplicaMillis(), p.desiredReplicaMillis(),
                    q.upMillis(), q.downMillis(), q.unknownMillis(), q.upChecks(), q.downChecks()));
        }
        r.evaluate(at).forEach(o -> out.add(o.toString()));
        return out;
    }

    @Test
    void readinessAndProbeSamplesInForceKeepTheirLookbackAcrossRestarts() throws Exception {
        SloDocument doc = ConfigReader.parse(GAUGES);
        ManualClock refClock = ManualClock.atEpochMillis(T0);
        SliRegistry reference = SliRegistry.create(doc, options(refClock));
        gauges(reference, refClock, 0, 300);
        List<Object> expected = gaugeAnswers(reference, T0 + 300 * MINUTE);
        SplittableRandom r = new SplittableRandom(23);
        ManualClock clock = ManualClock.atEpochMillis(T0);
        long from = 0;
        while (from < 300) { // restarts at seeded instants, some inside a sample's lookback
            long to = Math.min(300, from + 1 + r.nextLong(70));
            try (SliStore s = SliStore.open(dir, doc, GAUGES, options(clock), Duration.ZERO)) {
                gauges(s.registry(), clock, from, to);
            }
            from = to;
        }
        try (SliStore s = SliStore.openReadOnly(dir, doc, options(clock))) {
            assertEquals(expected, gaugeAnswers(s.registry(), T0 + 300 * MINUTE));
        }
    }
}
