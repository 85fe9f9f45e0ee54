package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Windows of random lengths at random past instants (not aligned to hours or days), against a brute
 * force over the raw samples: counts, the exact maximum, any quantile, declared and undeclared
 * thresholds, and percentile time slices, also after late samples corrected sealed hours and days.
 */
class LatencyHistoryBruteForceTest {

    static final long T0 = LatencySeriesTest.T0;
    static final long HIGHEST = Duration.ofHours(1).toNanos();
    static final Histogram HDR = new Histogram(1, HIGHEST, 3); // only for its highestEquivalentValue

    record Sample(long atMillis, long nanos, boolean ok) {
    }

    /** Sparse, bursty traffic over {@code minutes}: quiet minutes, quiet hours, busy minutes. */
    static List<Sample> traffic(SplittableRandom r, long startMillis, int minutes, long bucketMillis) {
        List<Sample> out = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            if ((m / 60) % 7 == 3 || r.nextInt(5) == 0) {
                continue; // a silent hour every seven, and silent minutes
            }
            int n = r.nextInt(r.nextInt(10) == 0 ? 400 : 30);
            for (int i = 0; i < n; i++) {
                long nanos = r.nextInt(50) == 0 ? HIGHEST + r.nextLong(1, 1_000_000) : LatencySeriesTest.lognormalNanos(r);
                out.add(new Sample(startMillis + m * 60_000L + r.nextLong(60_000L), nanos, r.nextInt(20) != 0));
            }
        }
        return out;
    }

    static long expectedQuantile(long[] sorted, double q) {
        long rank = BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(sorted.length))
                .setScale(0, RoundingMode.CEILING).longValueExact();
        rank = Math.max(1, Math.min(sorted.length, rank));
        long v = sorted[(int) rank - 1];
        return Math.min(HDR.highestEquivalentValue(v), sorted[sorted.length - 1]);
    }

    static long[] durations(List<Sample> samples, long from, long to) {
        return samples.stream().filter(s -> s.atMillis >= from && s.atMillis < to)
                .mapToLong(s -> Math.min(s.nanos, HIGHEST)).sorted().toArray();
    }

    @Test
    void anyWindowAtAnyInstantMatchesBruteForce() {
        check(BucketGrid.DEFAULT, Duration.ofDays(3), 4 * 24 * 60 - 2 * 60, 11);
    }

    @Test
    void secondBucketsWithMinuteHourAndDayBlocksMatchBruteForce() {
        check(BucketGrid.of(Duration.ofSeconds(1)), Duration.ofHours(30), 26 * 60 + 17, 12);
    }

    private void check(BucketGrid grid, Duration retention, int minutes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long start = T0 + 37 * 60_000L; // not on an hour
        long end = start + minutes * 60_000L;
        ManualClock clock = ManualClock.atEpochMillis(end);
        LatencySeries s = LatencySeries.builder("api")
                .options(SeriesOptions.builder().clock(clock).grid(grid).retention(retention).build())
                .thresholds(Duration.ofSeconds(2)).build();
        List<Sample> all = traffic(r, start, minutes, grid.resolutionMillis());
        // the first 90 % in time order; then the rest in random order, after queries sealed everything:
        // late samples rewrite sealed buckets, hours and days
        int cut = all.size() * 9 / 10;
        for (Sample x : all.subList(0, cut)) {
            s.recordAt(x.atMillis, x.nanos, x.ok);
        }
        s.snapshotAt(Window.rolling(Duration.ofHours(1)), end);
        List<Sample> late = new ArrayList<>(all.subList(cut, all.size()));
        List<Sample> shuffledLate = new ArrayList<>(late);
        for (int i = shuffledLate.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Sample t = shuffledLate.get(i);
            shuffledLate.set(i, shuffledLate.get(j));
            shuffledLate.set(j, t);
        }
        // and 200 more late samples spread over the whole span
        for (int i = 0; i < 200; i++) {
            Sample x = new Sample(start + r.nextLong(end - start), LatencySeriesTest.lognormalNanos(r), r.nextBoolean());
            shuffledLate.add(x);
            all.add(x);
        }
        for (Sample x : shuffledLate) {
            s.recordAt(x.atMillis, x.nanos, x.ok);
        }
        long oldest = grid.alignDown(end) - retention.toMillis();
        int checked = 0;
        for (int trial = 0; trial < 400; trial++) {
            long at = start + r.nextLong(end - start + 1);
            long maxLength = (grid.alignDown(at) - Math.max(oldest, grid.alignDown(start) - 3_600_000L)) / 60_000L;
            if (maxLength < 1) {
                continue;
            }
            long lengthMinutes = trial % 4 == 0 ? maxLength : 1 + r.nextLong(maxLength);
            Window w = Window.rolling(Duration.ofMinutes(lengthMinutes));
            double[] qs = {r.nextDouble(), 0.99, 0.5};
            LatencySnapshot snap = s.snapshotAt(w, at, qs[0]);
            WindowSpan span = snap.span();
            long[] sorted = durations(all, span.startMillis(), span.endMillis());
            assertEquals(sorted.length, snap.count(), "count " + span);
            long ok = all.stream().filter(x -> x.atMillis >= span.startMillis() && x.atMillis < span.endMillis() && x.ok).count();
            assertEquals(ok, snap.okCount());
            long clamped = all.stream().filter(x -> x.atMillis >= span.startMillis() && x.atMillis < span.endMillis()
                    && x.nanos > HIGHEST).count();
            assertEquals(clamped, snap.clampedCount());
            if (sorted.length == 0) {
                assertEquals(OptionalLong.empty(), snap.quantileNanos(0.99));
                assertEquals(OptionalLong.empty(), snap.maxNanos());
                continue;
            }
            checked++;
            assertEquals(sorted[sorted.length - 1], snap.maxNanos().getAsLong(), "max " + span);
            for (double q : qs) {
                assertEquals(expectedQuantile(sorted, q), snap.quantileNanos(q).getAsLong(), "q " + q + " " + span);
            }
            long two = 2_000_000_000L;
            assertEquals(Arrays.stream(sorted).filter(d -> d <= two).count(), snap.atOrUnder(two));
            assertTrue(snap.isExact(two));
            long x = LatencySeriesTest.lognormalNanos(r);
            long top = HDR.highestEquivalentValue(x);
            assertFalse(snap.isExact(x));
            assertEquals(top, snap.countedUpToNanos(x));
            assertEquals(Arrays.stream(sorted).filter(d -> d <= top).count(), snap.atOrUnder(x), "under " + x);
            SliMeasurement m = s.thresholdIndicator(Duration.ofNanos(x)).measure(span);
            assertEquals(snap.atOrUnder(x), (long) m.good());
        }
        assertTrue(checked > 200, "windows with data checked: " + checked);
    }

    @Test
    void percentileSlicesAreDecidedOnceAndRedecidedAfterLateSamples() {
        SplittableRandom r = new SplittableRandom(5);
        int minutes = 3 * 24 * 60;
        long end = T0 + minutes * 60_000L;
        ManualClock clock = ManualClock.atEpochMillis(end);
        LatencySeries s = LatencySeries.builder("api")
                .options(SeriesOptions.builder().clock(clock).retention(Duration.ofDays(4)).build()).build();
        List<Sample> all = traffic(r, T0, minutes, 60_000L);
        for (Sample x : all) {
            s.recordAt(x.atMillis, x.nanos, x.ok);
        }
        long threshold = 200_000_000L;
        var indicator = s.percentileSliceIndicator(0.9, Duration.ofNanos(threshold), Duration.ofMinutes(5));
        for (int round = 0; round < 3; round++) {
            for (int trial = 0; trial < 30; trial++) {
                long to = T0 + (1 + r.nextInt(minutes / 5)) * 300_000L;
                long from = to - (1 + r.nextInt((int) ((to - T0) / 300_000L))) * 300_000L;
                WindowSpan span = new WindowSpan(from, to);
                long good = 0;
                long bad = 0;
                long unknown = 0;
                for (long t = from; t < to; t += 300_000L) {
                    long[] d = durations(all, t, t + 300_000L);
                    if (d.length == 0) {
                        unknown++;
                    } else if (expectedQuantile(d, 0.9) <= threshold) {
                        good++;
                    } else {
                        bad++;
                    }
                }
                SliMeasurement m = indicator.measure(span);
                assertEquals(good, (long) m.good(), "good " + span);
                assertEquals(bad, (long) m.bad(), "bad " + span);
                assertEquals(unknown, (long) m.unknown(), "unknown " + span);
            }
            // slow late samples into random sealed slices: their verdicts must change
            for (int i = 0; i < 300; i++) {
                Sample x = new Sample(T0 + r.nextLong(end - T0), 5_000_000_000L, true);
                all.add(x);
                s.recordAt(x.atMillis, x.nanos, x.ok);
            }
        }
    }
}
