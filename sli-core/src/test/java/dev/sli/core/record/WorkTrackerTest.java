package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sli.core.window.BucketGrid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkTrackerTest {

    /** 2024-01-01T00:00:00Z. */
    private static final long T0 = 1_704_067_200_000L;
    private static final BucketGrid MINUTE = BucketGrid.DEFAULT;
    private static final long B0 = MINUTE.bucketOf(T0);
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private static Histogram histogram() {
        return new Histogram(1, 30 * DAY, 3);
    }

    /** Shared by rows without completions, so that comparing many buckets stays cheap. */
    private static final Histogram EMPTY = histogram();

    /** A copy of one handed-over bucket. */
    record Row(long bucket, long completed, long failed, long abandoned, long clamped, List<Long> within,
               Histogram times) {

        static Row of(WorkBucket b) {
            List<Long> within = new ArrayList<>();
            for (int i = 0; i < b.thresholdCount(); i++) {
                within.add(b.completedWithin(i));
            }
            return new Row(b.bucket(), b.completed(), b.failed(), b.abandoned(), b.clamped(), within,
                    b.completionTimes().getTotalCount() == 0 ? EMPTY : b.completionTimes().copy());
        }
    }

    static final class Collector implements WorkSink {
        final TreeMap<Long, Row> rows = new TreeMap<>();

        @Override
        public void bucket(WorkBucket bucket) {
            if (!rows.isEmpty() && bucket.bucket() <= rows.lastKey()) {
                fail("bucket " + bucket.bucket() + " handed over after bucket " + rows.lastKey());
            }
            assertFalse(bucket.isEmpty(), "empty bucket handed over");
            rows.put(bucket.bucket(), Row.of(bucket));
        }
    }

    private static Row peek(WorkTracker tracker) {
        Row[] seen = new Row[1];
        assertTrue(tracker.peekOpen(b -> seen[0] = Row.of(b)));
        return seen[0];
    }

    private static Histogram histogramOf(long... values) {
        Histogram h = histogram();
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    // ---------------------------------------------------------------- exact examples

    @Test
    void recordsTheCompletionTimeInTheBucketOfTheFinish() {
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(MINUTE, sink);
        tracker.start("req-1", T0 + 10_000);
        tracker.finish("req-1", T0 + 100_000, true);
        tracker.advanceTo(T0 + 120_000);

        assertEquals(Map.of(B0 + 1, new Row(B0 + 1, 1, 0, 0, 0, List.of(1L), histogramOf(90_000))), sink.rows);
        assertEquals(0, tracker.openCount());
        assertEquals(1, tracker.completed());
    }

    @Test
    void countsCompletionsWithinEachThresholdInclusively() {
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(MINUTE, List.of(Duration.ofHours(1), Duration.ofMinutes(10)),
                WorkTracker.DEFAULT_ABANDON_LIMIT, sink);
        long[] durations = {0, 600_000, 600_001, HOUR, HOUR + 1};
        for (int i = 0; i < durations.length; i++) {
            tracker.start("r" + i, T0 + 2 * HOUR - durations[i]);
        }
        for (int i = 0; i < durations.length; i++) {
            tracker.finish("r" + i, T0 + 2 * HOUR, true);
        }
        Row open = peek(tracker);

        assertEquals(5, open.completed());
        assertEquals(List.of(2L, 4L), open.within()); // thresholds are sorted: 10 min, then 1 h
        assertEquals(histogramOf(durations), open.times());
    }

    @Test
    void answersEightyPercentDoneWithinAnHourFromOneBucket() {
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(MINUTE, sink);
        long[] durations = {5 * 60_000, 12 * 60_000, 20 * 60_000, 30 * 60_000, 41 * 60_000, 50 * 60_000,
                55 * 60_000, HOUR, 2 * HOUR, 5 * HOUR};
        for (int i = 0; i < durations.length; i++) {
            tracker.start("p" + i, T0 + 6 * HOUR - durations[i]);
        }
        for (int i = 0; i < durations.length; i++) {
            tracker.finish("p" + i, T0 + 6 * HOUR, true);
        }
        tracker.advanceTo(T0 + 7 * HOUR);

        Row row = sink.rows.get(MINUTE.bucketOf(T0 + 6 * HOUR));
        assertEquals(10, row.completed());
        assertEquals(8, row.within().get(0));
        assertTrue(row.times().highestEquivalentValue(row.times().getValueAtPercentile(80.0)) >= HOUR);
        assertTrue(row.times().lowestEquivalentValue(row.times().getValueAtPercentile(80.0)) <= HOUR);
        assertEquals(80.0, row.times().getPercentileAtOrBelowValue(HOUR));
    }

    @Test
    void countsAFailedFinishAsFailedAndNotAsACompletion() {
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(MINUTE, sink);
        tracker.start("a", T0);
        tracker.finish("a", T0 + 1_000, false);

        Row open = peek(tracker);
        assertEquals(new Row(B0, 0, 1, 0, 0, List.of(0L), histogram()), open);
        assertEquals(1, tracker.failed());
        assertEquals(0, tracker.completed());
    }

    @Test
    void listsOpenItemsOlderThanAnAgeOldestFirstWithTheirAges() {
        WorkTracker tracker = new WorkTracker(MINUTE, new Collector());
        tracker.start("c", T0 + 10 * 60_000);
        tracker.start("a", T0 + 10 * 60_000);
        tracker.start("b", T0 + 30 * 60_000);
        tracker.start("d", T0 + 50 * 60_000);
        long now = T0 + 90 * 60_000;

        assertEquals(4, tracker.openCount());
        assertEquals(OptionalLong.of(80 * 60_000), tracker.oldestOpenAgeMillis(now));
        assertEquals(List.of(new WorkOpenItem("c", T0 + 10 * 60_000, 80 * 60_000),
                        new WorkOpenItem("a", T0 + 10 * 60_000, 80 * 60_000)),
                tracker.openOlderThan(now, Duration.ofHours(1)));
        // exactly one hour old is not past one hour
        assertEquals(List.of(), tracker.openOlderThan(T0 + 70 * 60_000, Duration.ofHours(1)));
        assertEquals(List.of("c", "a", "b", "d"),
                tracker.openOlderThan(now, Duration.ZERO).stream().map(WorkOpenItem::id).toList());
        assertThrows(UnsupportedOperationException.class,
                () -> tracker.openOlderThan(now, Duration.ZERO).clear());
    }

    @Test
    void reportsNoOldestAgeWhenNothingIsOpen() {
        WorkTracker tracker = new WorkTracker(MINUTE, new Collector());
        assertEquals(OptionalLong.empty(), tracker.oldestOpenAgeMillis(T0));
        tracker.start("x", T0);
        tracker.finish("x", T0 + 1, true);
        assertEquals(OptionalLong.empty(), tracker.oldestOpenAgeMillis(T0));
        assertEquals(0, tracker.openCount());
    }

    @Test
    void countsEachKindOfRejectionSeparatelyAndChangesNothingElse() {
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(MINUTE, sink);
        tracker.start("a", T0 + 5_000);
        tracker.start(null, T0 + 6_000);
        tracker.start("", T0 + 6_000);
        tracker.finish(null, T0 + 6_000, true);
        tracker.start("a", T0 + 7_000);                        // duplicate start
        tracker.start("a", T0 + 1_000);                        // duplicate start, earlier
        tracker.finish("nobody", T0 + 8_000, true);            // unknown id
        tracker.finish("a", T0 + 4_000, true);                 // before its start
        tracker.start("far", WorkTracker.MAX_ABS_EPOCH_MILLIS + 1);
        tracker.finish("a", Long.MIN_VALUE, true);

        assertEquals(3, tracker.rejected(WorkRejection.INVALID_ID));
        assertEquals(2, tracker.rejected(WorkRejection.DUPLICATE_START));
        assertEquals(1, tracker.rejected(WorkRejection.UNKNOWN_ID));
        assertEquals(1, tracker.rejected(WorkRejection.FINISH_BEFORE_START));
        assertEquals(2, tracker.rejected(WorkRejection.TIMESTAMP_OUT_OF_RANGE));
        assertEquals(1, tracker.acceptedStarts());
        assertEquals(List.of(new WorkOpenItem("a", T0 + 5_000, 55_000)),
                tracker.openOlderThan(T0 + 60_000, Duration.ZERO));
        assertEquals(OptionalLong.of(T0 + 5_000), tracker.decidedUntilMillis()); // rejections do not move time

        tracker.finish("a", T0 + 65_000, true);
        assertEquals(1, tracker.rejected(WorkRejection.UNKNOWN_ID));
        assertEquals(1, tracker.completed());
    }

    @Test
    void rejectsAFinishOneMillisecondBeforeItsStartButCompletesOneAtItsStartInZeroTime() {
        WorkTracker tracker = new WorkTracker(MINUTE, new Collector());
        tracker.start("a", T0 + 5_000);
        tracker.finish("a", T0 + 4_999, true);
        assertEquals(1, tracker.rejected(WorkRejection.FINISH_BEFORE_START));
        assertEquals(1, tracker.openCount());

        tracker.finish("a", T0 + 5_000, true);
        assertEquals(new Row(B0, 1, 0, 0, 0, List.of(1L), histogramOf(0)), peek(tracker));
    }

    @Test
    void finishingTheSameIdTwiceIsAnUnknownIdTheSecondTime() {
        WorkTracker tracker = new WorkTracker(MINUTE, new Collector());
        tracker.start("a", T0);
        tracker.finish("a", T0 + 1_000, true);
        tracker.finish("a", T0 + 2_000, true);

        assertEquals(1, tracker.rejected(WorkRejection.UNKNOWN_ID));
        assertEquals(1, tracker.completed());
    }

    @Test
    void abandonsAnItemOpenPastTheLimitInTheBucketWhereItPassedIt() {
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(MINUTE, List.of(Duration.ofHours(1)), Duration.ofHours(1), sink);
        tracker.start("stuck", T0 + 59_999);
        tracker.advanceTo(T0 + 59_999 + HOUR);
        assertEquals(1, tracker.openCount()); // exactly at the limit: still open
        tracker.advanceTo(T0 + 3 * HOUR);

        assertEquals(0, tracker.openCount());
        assertEquals(1, tracker.abandoned());
        long bucket = MINUTE.bucketOf(T0 + 60_000 + HOUR);
        assertEquals(Map.of(bucket, new Row(bucket, 0, 0, 1, 0, List.of(0L), histogram())), sink.rows);

        tracker.finish("stuck", T0 + 3 * HOUR, true);
        assertEquals(1, tracker.rejected(WorkRejection.UNKNOWN_ID));
    }

    @Test
    void aFinishPastTheLimitFindsTheItemAlreadyAbandoned() {
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(MINUTE, List.of(Duration.ofHours(1)), Duration.ofHours(2), sink);
        tracker.start("slow", T0);
        tracker.finish("slow", T0 + 2 * HOUR + 1, true);
        tracker.start("other", T0 + 2 * HOUR + 1); // moves time: the abandonment happens now

        assertEquals(1, tracker.rejected(WorkRejection.UNKNOWN_ID));
        assertEquals(1, tracker.abandoned());
        assertEquals(1, peek(tracker).abandoned());
    }

    @Test
    void aFinishExactlyAtTheLimitStillCompletes() {
        WorkTracker tracker = new WorkTracker(MINUTE, List.of(Duration.ofHours(1)), Duration.ofHours(2),
                new Collector());
        tracker.start("slow", T0);
        tracker.finish("slow", T0 + 2 * HOUR, true);

        assertEquals(1, tracker.completed());
        assertEquals(0, tracker.abandoned());
    }

    @Test
    void startingAnIdAgainAfterItWasAbandonedOpensItAfresh() {
        WorkTracker tracker = new WorkTracker(MINUTE, List.of(Duration.ofHours(1)), Duration.ofHours(1),
                new Collector());
        tracker.start("x", T0);
        tracker.start("x", T0 + HOUR + 1);

        assertEquals(0, tracker.rejected(WorkRejection.DUPLICATE_START));
        assertEquals(1, tracker.abandoned());
        assertEquals(List.of(new WorkOpenItem("x", T0 + HOUR + 1, 0)), tracker.openOlderThan(T0 + HOUR + 1,
                Duration.ofMillis(-1)));
    }

    @Test
    void abandonedCountsDoNotDependOnHowOftenTimeIsAdvanced() {
        Collector rarely = new Collector();
        Collector often = new Collector();
        WorkTracker a = new WorkTracker(MINUTE, List.of(Duration.ofHours(1)), Duration.ofMinutes(30), rarely);
        WorkTracker b = new WorkTracker(MINUTE, List.of(Duration.ofHours(1)), Duration.ofMinutes(30), often);
        for (int i = 0; i < 10; i++) {
            a.start("i" + i, T0 + i * 7 * 60_000L);
            b.start("i" + i, T0 + i * 7 * 60_000L);
        }
        for (long t = T0; t <= T0 + 3 * HOUR; t += 1_000) {
            b.advanceTo(t);
        }
        a.advanceTo(T0 + 3 * HOUR);

        assertEquals(10, a.abandoned());
        assertEquals(rarely.rows, often.rows);
        assertEquals(10, rarely.rows.size());
    }

    @Test
    void clampsCompletionTimesPastThirtyDaysAndCountsThem() {
        WorkTracker tracker = new WorkTracker(MINUTE, List.of(Duration.ofHours(1)), Duration.ofDays(40),
                new Collector());
        tracker.start("long", T0);
        tracker.finish("long", T0 + 31 * DAY, true);

        Row open = peek(tracker);
        assertEquals(1, open.clamped());
        assertEquals(1, tracker.clamped());
        assertEquals(histogramOf(30 * DAY), open.times());
        assertEquals(List.of(0L), open.within());
    }

    @Test
    void recordsExactlyThirtyDaysUnclampedAndOneMillisecondMoreClamped() {
        WorkTracker tracker = new WorkTracker(MINUTE, List.of(Duration.ofHours(1)), Duration.ofDays(40),
                new Collector());
        tracker.start("a", T0);
        tracker.start("b", T0 - 1);
        tracker.finish("a", T0 + 30 * DAY, true);
        tracker.finish("b", T0 + 30 * DAY, true);

        Row open = peek(tracker);
        assertEquals(1, open.clamped());
        assertEquals(histogramOf(30 * DAY, 30 * DAY), open.times());
    }

    @Test
    void lateFinishKeepsItsCompletionTimeButLandsInTheOpenBucket() {
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(MINUTE, sink);
        tracker.start("a", T0 + 10_000);
        tracker.advanceTo(T0 + 70_000);
        tracker.finish("a", T0 + 40_000, true);

        assertEquals(1, tracker.lateEvents());
        assertEquals(Map.of(), sink.rows);
        assertEquals(new Row(B0 + 1, 1, 0, 0, 0, List.of(1L), histogramOf(30_000)), peek(tracker));
    }

    @Test
    void lateStartAlreadyPastTheLimitIsAbandonedAtOnce() {
        WorkTracker tracker = new WorkTracker(MINUTE, List.of(Duration.ofHours(1)), Duration.ofHours(1),
                new Collector());
        tracker.advanceTo(T0 + 3 * HOUR);
        tracker.start("old", T0);

        assertEquals(1, tracker.lateEvents());
        assertEquals(1, tracker.abandoned());
        assertEquals(0, tracker.openCount());
        assertEquals(1, peek(tracker).abandoned());
    }

    @Test
    void handsABucketOverOnceTimeReachesItsEndAndSkipsEmptyBuckets() {
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(MINUTE, sink);
        tracker.start("a", T0);
        tracker.finish("a", T0 + 1_000, true);
        tracker.advanceTo(T0 + 59_999);
        assertEquals(Map.of(), sink.rows);
        tracker.advanceTo(T0 + 60_000);
        assertEquals(List.of(B0), List.copyOf(sink.rows.keySet()));
        tracker.advanceTo(T0 + 10 * 60_000);
        assertEquals(List.of(B0), List.copyOf(sink.rows.keySet()));
        assertEquals(B0 + 10, peek(tracker).bucket());
    }

    @Test
    void rejectsContradictoryConfigurationNamingTheField() {
        WorkSink sink = b -> { };
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> new WorkTracker(
                MINUTE, List.of(Duration.ofHours(1), Duration.ofMinutes(60)), Duration.ofDays(7), sink));
        assertEquals("thresholds must be distinct, got [PT1H, PT1H]", twice.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new WorkTracker(
                MINUTE, List.of(Duration.ofHours(1), Duration.ZERO), Duration.ofDays(7), sink));
        assertEquals("thresholds[1] must be a positive whole number of milliseconds, got PT0S", zero.getMessage());
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class, () -> new WorkTracker(
                MINUTE, List.of(Duration.ofHours(1)), Duration.ofSeconds(-1), sink));
        assertEquals("abandonLimit must be a whole number of milliseconds between 1ms and 3650d, got PT-1S",
                limit.getMessage());
    }

    @Test
    void defaultsToAnHourThresholdAndASevenDayAbandonLimit() {
        WorkTracker tracker = new WorkTracker(MINUTE, new Collector());
        assertEquals(7 * DAY, tracker.abandonLimitMillis());
        assertEquals(HOUR, peekThreshold(tracker));
    }

    private static long peekThreshold(WorkTracker tracker) {
        tracker.advanceTo(T0);
        long[] seen = new long[2];
        tracker.peekOpen(b -> {
            seen[0] = b.thresholdCount();
            seen[1] = b.thresholdMillis(0);
        });
        assertEquals(1, seen[0]);
        return seen[1];
    }

    // ---------------------------------------------------------------- random vs declarative expectations

    private record Item(int index, String id, long start, long finish, boolean ok) {
        static final long NEVER = Long.MIN_VALUE;

        boolean finishes() {
            return finish != NEVER;
        }
    }

    private record Event(long ts, int phase, int seq, Runnable action) { }

    /** Per-bucket expectation, built independently of the tracker's logic. */
    private static final class Expect {
        long completed;
        long failed;
        long abandoned;
        long clamped;
        long[] within;
        Histogram times = EMPTY;

        void record(long millis) {
            if (times == EMPTY) {
                times = histogram();
            }
            times.recordValue(millis);
        }

        Expect(int thresholds) {
            within = new long[thresholds];
        }

        Row row(long bucket) {
            return new Row(bucket, completed, failed, abandoned, clamped,
                    Arrays.stream(within).boxed().toList(), times);
        }
    }

    private static void assertRows(TreeMap<Long, Expect> expected, long openBucket, Collector sink,
                                   WorkTracker tracker, int thresholds, String context) {
        TreeMap<Long, Row> sealed = new TreeMap<>();
        expected.headMap(openBucket, false).forEach((bucket, e) -> sealed.put(bucket, e.row(bucket)));
        assertEquals(sealed, sink.rows, context);
        assertEquals(expected.getOrDefault(openBucket, new Expect(thresholds)).row(openBucket), peek(tracker),
                context);
    }

    /**
     * Generates items with known start, finish and outcome, plays them (plus bad calls and advances) in time
     * order, and checks every bucket against what the documented rules say, computed item by item.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void matchesPerItemExpectationsOnRandomInOrderWork(long seed) {
        Random random = new Random(seed);
        BucketGrid grid = BucketGrid.of(Duration.ofMinutes(new int[] {1, 10, 60}[(int) (seed % 3)]));
        List<Duration> thresholds = List.of(Duration.ofMinutes(30), Duration.ofHours(1));
        long limit = 3 * HOUR;
        long[] thresholdMillis = {30 * 60_000, HOUR};
        long span = 2 * DAY;
        long base = T0 + random.nextInt(1_000_000);

        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long start = base + (long) (random.nextDouble() * span);
            long duration = switch (random.nextInt(20)) {
                case 0 -> new long[] {0, 30 * 60_000, HOUR, HOUR + 1, 30 * 60_000 + 1, limit}[random.nextInt(6)];
                case 1, 2 -> HOUR + (long) (random.nextDouble() * (limit - HOUR));
                case 3 -> limit + 1 + (long) (random.nextDouble() * limit); // finishes after abandonment
                case 4 -> Item.NEVER;
                default -> (long) (-Math.log(1 - random.nextDouble()) * 20 * 60_000);
            };
            long finish = duration == Item.NEVER ? Item.NEVER : start + duration;
            items.add(new Item(i, "prov-" + i, start, finish, random.nextInt(10) != 0));
        }
        long end = base + span + 2 * limit;

        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(grid, thresholds, Duration.ofMillis(limit), sink);
        List<Event> events = new ArrayList<>();
        int[] seq = {0};
        Map<WorkRejection, Long> rejections = new LinkedHashMap<>();
        for (WorkRejection kind : WorkRejection.values()) {
            rejections.put(kind, 0L);
        }
        for (Item item : items) {
            events.add(new Event(item.start(), 0, seq[0]++, () -> tracker.start(item.id(), item.start())));
            if (item.finishes()) {
                events.add(new Event(item.finish(), 1, seq[0]++,
                        () -> tracker.finish(item.id(), item.finish(), item.ok())));
                if (item.finish() - item.start() > limit) {
                    rejections.merge(WorkRejection.UNKNOWN_ID, 1L, Long::sum);
                }
            }
            long openUntil = item.finishes() ? Math.min(item.finish(), item.start() + limit) : item.start() + limit;
            if (random.nextInt(8) == 0 && openUntil - item.start() > 2) { // duplicate start while open
                long at = item.start() + 1 + (long) (random.nextDouble() * (openUntil - item.start() - 2));
                events.add(new Event(at, 0, seq[0]++, () -> tracker.start(item.id(), at)));
                rejections.merge(WorkRejection.DUPLICATE_START, 1L, Long::sum);
            }
            if (item.finishes() && item.finish() - item.start() <= limit && random.nextInt(10) == 0) {
                long at = item.finish() + 1 + random.nextInt(100_000); // finished twice
                events.add(new Event(at, 1, seq[0]++, () -> tracker.finish(item.id(), at, true)));
                rejections.merge(WorkRejection.UNKNOWN_ID, 1L, Long::sum);
            }
        }
        for (int i = 0; i < 40; i++) {
            long at = base + (long) (random.nextDouble() * span);
            int kind = i % 5;
            String emptyOrNull = i % 2 == 0 ? null : "";
            switch (kind) {
                case 0 -> events.add(new Event(at, 1, seq[0]++, () -> tracker.finish("ghost-" + at, at, true)));
                case 1 -> events.add(new Event(at, 0, seq[0]++, () -> tracker.start(emptyOrNull, at)));
                case 2 -> events.add(new Event(at, 1, seq[0]++, () -> tracker.finish(emptyOrNull, at, false)));
                case 3 -> events.add(new Event(at, 0, seq[0]++,
                        () -> tracker.start("x", WorkTracker.MAX_ABS_EPOCH_MILLIS + at)));
                default -> events.add(new Event(at, 2, seq[0]++, () -> tracker.advanceTo(at)));
            }
            switch (kind) {
                case 0 -> rejections.merge(WorkRejection.UNKNOWN_ID, 1L, Long::sum);
                case 1, 2 -> rejections.merge(WorkRejection.INVALID_ID, 1L, Long::sum);
                case 3 -> rejections.merge(WorkRejection.TIMESTAMP_OUT_OF_RANGE, 1L, Long::sum);
                default -> { } // an advance in time order changes nothing
            }
        }
        events.sort(Comparator.comparingLong(Event::ts).thenComparingInt(Event::phase)
                .thenComparingInt(Event::seq));
        for (Event event : events) {
            event.action().run();
        }
        tracker.advanceTo(end);

        // Expectations, item by item.
        TreeMap<Long, Expect> expected = new TreeMap<>();
        List<Item> stillOpen = new ArrayList<>();
        long completed = 0;
        long abandoned = 0;
        for (Item item : items) {
            boolean completes = item.finishes() && item.finish() - item.start() <= limit;
            if (completes) {
                Expect e = expected.computeIfAbsent(grid.bucketOf(item.finish()), b -> new Expect(2));
                long duration = item.finish() - item.start();
                if (item.ok()) {
                    completed++;
                    e.completed++;
                    for (int t = 0; t < thresholdMillis.length; t++) {
                        e.within[t] += duration <= thresholdMillis[t] ? 1 : 0;
                    }
                    e.record(duration);
                } else {
                    e.failed++;
                }
            } else if (item.start() + limit + 1 <= end) {
                abandoned++;
                expected.computeIfAbsent(grid.bucketOf(item.start() + limit + 1), b -> new Expect(2)).abandoned++;
            } else {
                stillOpen.add(item);
            }
        }
        String context = "seed " + seed + ", " + grid;
        assertRows(expected, grid.bucketOf(end), sink, tracker, 2, context);
        assertEquals(completed, tracker.completed(), context);
        assertEquals(abandoned, tracker.abandoned(), context);
        assertTrue(abandoned > 0 && completed > 0, context);
        for (WorkRejection kind : WorkRejection.values()) {
            assertEquals(rejections.get(kind), tracker.rejected(kind), context + ", " + kind);
        }

        // Open items and their ages, oldest first (ties in start: in the order they started).
        stillOpen.sort(Comparator.comparingLong(Item::start).thenComparingInt(Item::index));
        long now = end + random.nextInt(1_000_000);
        assertEquals(stillOpen.size(), tracker.openCount(), context);
        assertEquals(stillOpen.stream().filter(i -> now - i.start() > HOUR)
                        .map(i -> new WorkOpenItem(i.id(), i.start(), now - i.start())).toList(),
                tracker.openOlderThan(now, Duration.ofHours(1)), context);
        assertEquals(stillOpen.isEmpty() ? OptionalLong.empty() : OptionalLong.of(now - stillOpen.get(0).start()),
                tracker.oldestOpenAgeMillis(now), context);

        // The fraction done within 1 h, exactly, per bucket.
        for (Map.Entry<Long, Row> row : sink.rows.entrySet()) {
            Expect e = expected.get(row.getKey());
            assertEquals(e.within[1], row.getValue().within().get(1), context);
            assertEquals(e.completed, row.getValue().times().getTotalCount(), context);
        }
    }

    // ---------------------------------------------------------------- random vs a naive simulation

    /**
     * A naive model of the documented rules: a map of open ids and a linear scan for abandonment, with no
     * sealing; every amount is added to the bucket of the time reached, then split into sealed and open.
     */
    private static final class Naive {
        final BucketGrid grid;
        final long limit;
        final long[] thresholds;
        final Map<String, long[]> open = new HashMap<>(); // id -> {start, sequence}
        final TreeMap<Long, Expect> buckets = new TreeMap<>();
        final long[] rejections = new long[WorkRejection.values().length];
        Long frontier;
        long sequence;
        long late;

        Naive(BucketGrid grid, long limit, long[] thresholds) {
            this.grid = grid;
            this.limit = limit;
            this.thresholds = thresholds;
        }

        Expect here() {
            return buckets.computeIfAbsent(grid.bucketOf(frontier), b -> new Expect(thresholds.length));
        }

        void advance(long target) {
            while (true) {
                String due = null;
                long dueAt = Long.MAX_VALUE;
                for (Map.Entry<String, long[]> e : open.entrySet()) {
                    long at = e.getValue()[0] + limit + 1;
                    if (at <= target && at < dueAt) {
                        due = e.getKey();
                        dueAt = at;
                    }
                }
                if (due == null) {
                    break;
                }
                frontier = frontier == null ? dueAt : Math.max(frontier, dueAt);
                open.remove(due);
                here().abandoned++;
            }
            frontier = frontier == null ? target : Math.max(frontier, target);
        }

        boolean bad(String id, long ts) {
            if (id == null || id.isEmpty()) {
                rejections[WorkRejection.INVALID_ID.ordinal()]++;
                return true;
            }
            if (Math.abs(ts) > 1L << 53) {
                rejections[WorkRejection.TIMESTAMP_OUT_OF_RANGE.ordinal()]++;
                return true;
            }
            return false;
        }

        void start(String id, long ts) {
            if (bad(id, ts)) {
                return;
            }
            long[] existing = open.get(id);
            if (existing != null && ts - existing[0] <= limit) {
                rejections[WorkRejection.DUPLICATE_START.ordinal()]++;
                return;
            }
            if (frontier != null && ts < frontier) {
                late++;
            }
            advance(ts);
            open.put(id, new long[] {ts, sequence++});
            advance(frontier);
        }

        void finish(String id, long ts, boolean ok) {
            if (bad(id, ts)) {
                return;
            }
            long[] item = open.get(id);
            if (item == null || ts - item[0] > limit) {
                rejections[WorkRejection.UNKNOWN_ID.ordinal()]++;
                return;
            }
            if (ts < item[0]) {
                rejections[WorkRejection.FINISH_BEFORE_START.ordinal()]++;
                return;
            }
            if (ts < frontier) {
                late++;
            }
            advance(ts);
            open.remove(id);
            Expect e = here();
            long duration = ts - item[0];
            if (!ok) {
                e.failed++;
                return;
            }
            e.completed++;
            for (int t = 0; t < thresholds.length; t++) {
                e.within[t] += duration <= thresholds[t] ? 1 : 0;
            }
            long top = 30 * DAY;
            e.record(Math.min(duration, top));
            e.clamped += duration > top ? 1 : 0;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32})
    void matchesANaiveModelWithLateEventsReusedIdsAndClamping(long seed) {
        Random random = new Random(seed);
        BucketGrid grid = BucketGrid.of(Duration.ofMinutes(new int[] {1, 5, 60}[(int) (seed % 3)]));
        long limit = seed % 2 == 0 ? 90 * 60_000L : 35 * DAY; // the long limit lets completions pass 30 days
        long[] thresholds = {10 * 60_000, HOUR, 31 * DAY};
        List<Duration> thresholdDurations = Arrays.stream(thresholds).mapToObj(Duration::ofMillis).toList();
        Collector sink = new Collector();
        WorkTracker tracker = new WorkTracker(grid, thresholdDurations, Duration.ofMillis(limit), sink);
        Naive naive = new Naive(grid, limit, thresholds);

        long t = T0 + random.nextInt(10_000_000);
        long step = limit > DAY ? 6 * HOUR : 3 * 60_000;
        int idPool = limit > DAY ? 400 : 25; // many ids keep items open long enough to pass 30 days
        String lastStarted = "p0";
        long lastStart = t;
        for (int i = 0; i < 1_500; i++) {
            String id = random.nextInt(50) == 0 ? (random.nextBoolean() ? null : "") : "p" + random.nextInt(idPool);
            int kind = random.nextInt(100);
            long ts;
            if (kind < 3) { // late finish of the latest start, maybe before that start
                long at = lastStart + step / 2 - (long) (random.nextDouble() * step);
                tracker.finish(lastStarted, at, true);
                naive.finish(lastStarted, at, true);
                continue;
            }
            if (kind < 10) {
                ts = t - (long) (random.nextDouble() * 4 * step); // late, maybe before the item's start
            } else {
                t += (long) (random.nextDouble() * step);
                ts = t;
            }
            if (kind >= 10 && kind < 16) {
                tracker.advanceTo(ts);
                naive.advance(ts);
            } else if (random.nextBoolean()) {
                tracker.start(id, ts);
                naive.start(id, ts);
                if (id != null && !id.isEmpty()) {
                    lastStarted = id;
                    lastStart = ts;
                }
            } else {
                boolean ok = random.nextInt(8) != 0;
                tracker.finish(id, ts, ok);
                naive.finish(id, ts, ok);
            }
        }
        String context = "seed " + seed + ", " + grid + ", limit " + limit;
        assertRows(naive.buckets, grid.bucketOf(naive.frontier), sink, tracker, thresholds.length, context);
        for (WorkRejection kind : WorkRejection.values()) {
            assertEquals(naive.rejections[kind.ordinal()], tracker.rejected(kind), context + ", " + kind);
            if (kind != WorkRejection.TIMESTAMP_OUT_OF_RANGE) {
                assertTrue(tracker.rejected(kind) > 0, context + ", " + kind + " never exercised");
            }
        }
        assertEquals(naive.late, tracker.lateEvents(), context);
        assertTrue(naive.late > 0 && tracker.abandoned() > 0, context);
        assertEquals(OptionalLong.of(naive.frontier), tracker.decidedUntilMillis(), context);

        long now = naive.frontier;
        List<WorkOpenItem> expectedOpen = naive.open.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0])
                        .thenComparingLong(e -> e.getValue()[1]))
                .map(e -> new WorkOpenItem(e.getKey(), e.getValue()[0], now - e.getValue()[0]))
                .toList();
        assertEquals(expectedOpen, tracker.openOlderThan(now, Duration.ofMillis(Long.MIN_VALUE / 2)), context);
        assertEquals(expectedOpen.size(), tracker.openCount(), context);
        if (seed % 2 == 1) {
            assertTrue(tracker.clamped() > 0, context + ": no completion passed 30 days");
        }
    }
}
