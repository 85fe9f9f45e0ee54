package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySeriesTest {

    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;
    static final long TWO_SECONDS = 2_000_000_000L;

    /** A raw sample kept by the brute-force reference. */
    record Sample(long atMillis, long durationNanos, boolean ok) {
    }

    static long lognormalNanos(SplittableRandom r) {
        double x = Math.exp(Math.log(5e6) + 2.0 * gaussian(r));
        return (long) Math.max(1000, Math.min(x, 60e9));
    }

    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    static List<Sample> randomSamples(long seed, int minutes, int perMinute) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            int n = r.nextInt(perMinute * 2 + 1);
            for (int i = 0; i < n; i++) {
                samples.add(new Sample(T0 + m * MINUTE + r.nextLong(MINUTE), lognormalNanos(r), r.nextInt(100) != 0));
            }
        }
        return samples;
    }

    static LatencySeries series(ManualClock clock, Window... live) {
        return LatencySeries.builder("api")
                .options(SeriesOptions.builder().clock(clock).retention(Duration.ofDays(2)).build())
                .thresholds(Duration.ofSeconds(2), Duration.ofMillis(100))
                .build();
    }

    /** Brute force: every sample in [from, to) sorted; the nearest-rank quantile. */
    static long[] sortedDurations(List<Sample> samples, long fromMillis, long toMillis) {
        return samples.stream().filter(s -> s.atMillis >= fromMillis && s.atMillis < toMillis)
                .mapToLong(Sample::durationNanos).sorted().toArray();
    }

    static long nearestRank(long[] sorted, double q) {
        long rank = (long) Math.ceil(q * sorted.length - 1e-9);
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Test
    void quantilesCountsAndMaxMatchBruteForceOnEveryWindow() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        Window hour = Window.rolling(Duration.ofHours(1));
        LatencySeries s = series(clock, hour);
        List<Sample> samples = randomSamples(42, 300, 200);
        for (Sample x : samples) {
            clock.setEpochMillis(x.atMillis);
            s.record(x.durationNanos, x.ok);
        }
        Histogram precision = new Histogram(1, 3_600_000_000_000L, 3);
        double[] qs = {0, 0.5, 0.9, 0.95, 0.99, 0.999, 1};
        for (long at = T0 + 30 * MINUTE; at <= T0 + 300 * MINUTE; at += 17 * MINUTE + 12_345) {
            for (Window w : List.of(hour, Window.rolling(Duration.ofMinutes(5)), Window.rolling(Duration.ofHours(3)))) {
                LatencySnapshot snap = s.snapshotAt(w, at, qs);
                WindowSpan span = w.spanAt(at, BucketGrid.DEFAULT);
                long[] sorted = sortedDurations(samples, span.startMillis(), span.endMillis());
                assertEquals(sorted.length, snap.count(), "count " + w + " at " + at);
                long ok = samples.stream().filter(x -> x.atMillis >= span.startMillis() && x.atMillis < span.endMillis() && x.ok).count();
                assertEquals(ok, snap.okCount());
                long under2s = Arrays.stream(sorted).filter(d -> d <= TWO_SECONDS).count();
                assertEquals(under2s, snap.atOrUnder(TWO_SECONDS));
                long under100ms = Arrays.stream(sorted).filter(d -> d <= 100_000_000L).count();
                assertEquals(under100ms, snap.atOrUnder(100_000_000L));
                if (sorted.length == 0) {
                    assertFalse(snap.maxNanos().isPresent());
                    continue;
                }
                assertEquals(sorted[sorted.length - 1], snap.maxNanos().getAsLong());
                for (double q : qs) {
                    long expected = nearestRank(sorted, q);
                    long actual = snap.quantileNanos(q).getAsLong();
                    assertTrue(precision.valuesAreEquivalent(expected, actual) || actual == sorted[sorted.length - 1],
                            "q=" + q + " expected ~" + expected + " got " + actual + " in " + w + " at " + at);
                    assertTrue(actual >= expected, "quantile is reported at the top of its bucket");
                }
            }
        }
    }

    @Test
    void liveWindowAnswersEqualAMergeOfItsBuckets() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        Window live = Window.rolling(Duration.ofHours(2));
        LatencySeries withLive = series(clock, live);
        LatencySeries without = series(clock);
        List<Sample> samples = randomSamples(7, 400, 50);
        for (Sample x : samples) {
            clock.setEpochMillis(x.atMillis);
            withLive.record(x.durationNanos, x.ok);
            without.recordAt(x.atMillis, x.durationNanos, x.ok);
        }
        for (long at = T0 + 121 * MINUTE; at <= T0 + 400 * MINUTE; at += 31 * MINUTE) {
            LatencySnapshot a = withLive.snapshotAt(live, at, 0.5, 0.99);
            // an equal window object that is not live on `without` until first asked for at the frontier
            LatencySnapshot b = without.snapshotAt(Window.rolling(Duration.ofMinutes(120)), at, 0.5, 0.99);
            assertEquals(a.count(), b.count());
            assertEquals(a.quantileNanos(0.5), b.quantileNanos(0.5));
            assertEquals(a.quantileNanos(0.99), b.quantileNanos(0.99));
            assertEquals(a.maxNanos(), b.maxNanos());
        }
    }

    @Test
    void lateSamplesCorrectSealedBucketsAndLiveWindows() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 10 * MINUTE);
        Window w = Window.rolling(Duration.ofMinutes(10));
        LatencySeries s = series(clock, w);
        s.recordAt(T0 + 5 * MINUTE, 1_000_000, true);
        LatencySnapshot first = s.snapshot(w, 0.5);
        assertEquals(1, first.count());
        s.recordAt(T0 + 5 * MINUTE + 1, 3_000_000_000L, false); // late: bucket 5 is sealed
        s.recordAt(T0 + MINUTE, 5_000_000, true);
        LatencySnapshot second = s.snapshot(w, 1.0);
        assertEquals(3, second.count());
        assertEquals(2, second.okCount());
        assertEquals(2, second.atOrUnder(TWO_SECONDS));
        assertEquals(3_000_000_000L, second.maxNanos().getAsLong());
    }

    @Test
    void rejectsNegativeDurationsAndCountsThemInTheSnapshot() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        LatencySeries s = series(clock);
        s.record(-1, true);
        s.record(Long.MIN_VALUE, true);
        s.record(10, true);
        clock.setEpochMillis(T0 + MINUTE);
        LatencySnapshot snap = s.snapshot(Window.rolling(Duration.ofMinutes(1)));
        assertEquals(1, snap.count());
        assertEquals(2L, snap.rejections().get(Rejection.NEGATIVE_DURATION));
    }

    @Test
    void clampsDurationsAboveTheRangeAndCountsThemAsSlow() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        LatencySeries s = series(clock);
        s.record(Duration.ofHours(5).toNanos(), true);
        s.record(Long.MAX_VALUE, true);
        s.record(1_000, true);
        clock.setEpochMillis(T0 + MINUTE);
        LatencySnapshot snap = s.snapshot(Window.rolling(Duration.ofMinutes(1)), 1.0);
        assertEquals(3, snap.count());
        assertEquals(2, snap.clampedCount());
        assertEquals(1, snap.atOrUnder(TWO_SECONDS));
        assertEquals(Duration.ofHours(1).toNanos(), snap.maxNanos().getAsLong());
    }

    @Test
    void rejectsTimestampsInTheFutureAndBeforeRetention() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + Duration.ofDays(3).toMillis());
        LatencySeries s = series(clock);
        s.recordAt(clock.epochMillis() + Duration.ofMinutes(2).toMillis(), 5, true);
        s.recordAt(clock.epochMillis() - MINUTE, 5, true);
        s.snapshot(Window.rolling(Duration.ofMinutes(1)));
        s.recordAt(clock.epochMillis() - Duration.ofDays(2).toMillis() - 2 * MINUTE, 5, true);
        LatencySnapshot snap = s.snapshot(Window.rolling(Duration.ofMinutes(1)));
        assertEquals(1, snap.count());
        assertEquals(1L, snap.rejections().get(Rejection.FUTURE_TIMESTAMP));
        assertEquals(1L, snap.rejections().get(Rejection.BEFORE_RETENTION));
    }

    @Test
    void anEmptyWindowSaysSoInsteadOfReportingZero() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        LatencySeries s = series(clock);
        LatencySnapshot snap = s.snapshot(Window.rolling(Duration.ofHours(1)), 0.99);
        assertEquals(0, snap.count());
        assertFalse(snap.maxNanos().isPresent());
        assertFalse(snap.quantileNanos(0.99).isPresent());
        assertFalse(snap.successRate().isPresent());
    }

    @Test
    void rejectsQuantilesOutsideZeroToOne() {
        LatencySeries s = series(ManualClock.atEpochMillis(T0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.snapshot(Window.rolling(Duration.ofHours(1)), 99));
        assertEquals("quantile must be in [0, 1], got 99.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.snapshot(Window.rolling(Duration.ofHours(1)), Double.NaN));
    }

    @Test
    void thresholdIndicatorCountsGoodAndBadEventsExactly() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 121 * MINUTE);
        LatencySeries s = series(clock);
        List<Sample> samples = randomSamples(3, 120, 100);
        for (Sample x : samples) {
            s.recordAt(x.atMillis, x.durationNanos, x.ok);
        }
        WindowSpan span = new WindowSpan(T0 + 13 * MINUTE, T0 + 101 * MINUTE);
        SliMeasurement m = s.thresholdIndicator(Duration.ofSeconds(2)).measure(span);
        long[] sorted = sortedDurations(samples, span.startMillis(), span.endMillis());
        long good = Arrays.stream(sorted).filter(d -> d <= TWO_SECONDS).count();
        assertEquals(good, (long) m.good());
        assertEquals(sorted.length - good, (long) m.bad());
        SliMeasurement ok = s.successIndicator().measure(span);
        long okCount = samples.stream().filter(x -> x.atMillis >= span.startMillis() && x.atMillis < span.endMillis() && x.ok).count();
        assertEquals(okCount, (long) ok.good());
        assertEquals(sorted.length - okCount, (long) ok.bad());
        // an undeclared threshold is counted from the histogram: exactly, up to the top of its bucket
        long top8s = new Histogram(1, Duration.ofHours(1).toNanos(), 3).highestEquivalentValue(8_000_000_000L);
        long within8s = Arrays.stream(sorted).filter(d -> d <= top8s).count();
        SliMeasurement m8 = s.thresholdIndicator(Duration.ofSeconds(8)).measure(span);
        assertEquals(within8s, (long) m8.good());
        assertEquals(sorted.length - within8s, (long) m8.bad());
    }

    @Test
    void builderRejectsContradictoryOptions() {
        assertEquals("significantDigits: must be between 1 and 5, got 6", assertThrows(IllegalArgumentException.class,
                () -> LatencySeries.builder("x").significantDigits(6).build()).getMessage());
        assertEquals("thresholds: PT2H is not in (0, highestTrackable PT1H]", assertThrows(IllegalArgumentException.class,
                () -> LatencySeries.builder("x").thresholds(Duration.ofHours(2)).build()).getMessage());
        assertEquals("window rolling P31D is longer than the retention of series 'x' (P22D)", assertThrows(
                IllegalArgumentException.class,
                () -> LatencySeries.builder("x").build().snapshot(Window.rolling(Duration.ofDays(31)))).getMessage());
        assertEquals("name: must not be blank", assertThrows(IllegalArgumentException.class,
                () -> LatencySeries.builder(" ").build()).getMessage());
    }
}
