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
 * Long-running tasks open when a service restarts are still counted when they finish after it: the store
 * keeps a work series' open tasks (and its bucket in progress) in its checkpoint. The reference is a
 * registry that never stopped, fed the same events.
 */
class WorkAcrossRestartTest {

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
}
