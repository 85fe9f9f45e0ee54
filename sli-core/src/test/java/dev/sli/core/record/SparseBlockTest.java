package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SparseBlockTest {

    @Test
    void layoutIsHdrHistogramsIndexByIndex() {
        for (int digits = 1; digits <= 5; digits++) {
            for (long highest : new long[] {1_000L, 3_600_000_000_000L, Duration.ofDays(30).toNanos()}) {
                Histogram h = new Histogram(1, highest, digits);
                HistogramLayout layout = new HistogramLayout(highest, digits);
                for (int i = 0; i < layout.length; i++) {
                    long low = layout.valueFromIndex(i);
                    assertEquals(h.lowestEquivalentValue(low), low, "digits " + digits + " index " + i);
                    assertEquals(h.highestEquivalentValue(low), layout.highestEquivalentValue(i), "index " + i);
                    assertEquals(i, layout.indexOf(low));
                    assertEquals(i, layout.indexOf(layout.highestEquivalentValue(i)));
                    if (i > 0) {
                        assertEquals(layout.highestEquivalentValue(i - 1) + 1, low, "contiguous at " + i);
                    }
                }
                assertEquals(layout.length - 1, layout.indexOf(highest));
            }
        }
    }

    @Test
    void blocksRoundTripAndAnswerBinsAndQuantilesLikeHdrHistogram() {
        HistogramLayout layout = new HistogramLayout(Duration.ofHours(1).toNanos(), 3);
        SparseBlock.Encoder encoder = new SparseBlock.Encoder(layout);
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            Histogram h = new Histogram(1, layout.highestTrackableNanos, 3);
            int n = 1 + r.nextInt(trial % 10 == 0 ? 50_000 : 2_000);
            long max = 0;
            for (int i = 0; i < n; i++) {
                long v = trial % 3 == 0 ? r.nextLong(1, 10) : LatencySeriesTest.lognormalNanos(r);
                h.recordValue(v);
                max = Math.max(max, v);
            }
            DenseCounts dense = new DenseCounts(layout);
            dense.addHistogram(h, layout);
            boolean indexed = trial % 2 == 0;
            byte[] block = encoder.encode(dense, max, indexed);
            SparseBlock.Reader reader = new SparseBlock.Reader().open(block);
            assertEquals(n, reader.total);
            assertEquals(max, reader.maxNanos);
            assertEquals(indexed, reader.indexed());
            DenseCounts back = new DenseCounts(layout);
            reader.addAll(back, layout.binShift, SparseBlock.subShift(layout.binShift));
            assertArrayEquals(dense.counts, back.counts);
            assertEquals(max, back.maxNanos);
            WindowHistogram w = new WindowHistogram(layout, new byte[][] {block}, 1);
            for (double q : new double[] {0, 0.001, 0.25, 0.5, 0.9, 0.99, 0.999, 1}) {
                long rank = HistogramCodec.rank(q, n);
                double percentile = 100.0 * (rank - 0.5) / n;
                assertEquals(Math.min(h.getValueAtPercentile(percentile), max), w.valueAtQuantile(q), "q " + q);
            }
            for (int k = 0; k < 20; k++) {
                long x = LatencySeriesTest.lognormalNanos(r);
                long expected = 0;
                for (org.HdrHistogram.HistogramIterationValue v : h.recordedValues()) {
                    if (v.getValueIteratedTo() <= h.highestEquivalentValue(x)) {
                        expected += v.getCountAtValueIteratedTo();
                    }
                }
                assertEquals(expected, w.atOrUnder(x), "at or under " + x);
            }
        }
    }
}
