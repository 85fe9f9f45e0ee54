package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramCodecTest {

    @Test
    void rankIsTheDecimalExactNearestRank() {
        assertEquals(7, HistogramCodec.rank(0.07, 100)); // 0.07 * 100 is 7.000000000000001 in binary
        assertEquals(99, HistogramCodec.rank(0.99, 100));
        assertEquals(1, HistogramCodec.rank(0, 100));
        assertEquals(100, HistogramCodec.rank(1, 100));
        assertEquals(5, HistogramCodec.rank(0.5, 10));
        assertEquals(6, HistogramCodec.rank(0.51, 10));
        assertEquals(29, HistogramCodec.rank(0.29, 100));
    }

    @Test
    void quantileIsTheValueAtTheNearestRankCappedAtTheExactMax() {
        Histogram h = new Histogram(1, 3_600_000_000_000L, 3);
        for (long v = 1; v <= 100; v++) {
            h.recordValue(v * 1000);
        }
        assertEquals(h.highestEquivalentValue(7000), HistogramCodec.valueAtQuantile(h, 0.07, 100_000));
        assertEquals(7003, h.highestEquivalentValue(7000)); // 3 digits: 7000 shares a 4 ns bucket
        assertEquals(h.highestEquivalentValue(99_000), HistogramCodec.valueAtQuantile(h, 0.99, 100_000));
        assertEquals(1000, HistogramCodec.valueAtQuantile(h, 0, 100_000));
        assertEquals(100_000, HistogramCodec.valueAtQuantile(h, 1, 100_000)); // top of its bucket, capped at the max
    }

    @Test
    void compactFormRoundTrips() {
        Histogram h = new Histogram(1, 3_600_000_000_000L, 3);
        for (long v = 1; v < 5_000_000_000L; v = v * 3 + 7) {
            h.recordValue(v);
        }
        Histogram back = HistogramCodec.decode(new HistogramCodec().encode(h));
        assertEquals(h, back);
        assertArrayEquals(new long[] {h.getTotalCount(), h.getMaxValue()}, new long[] {back.getTotalCount(), back.getMaxValue()});
    }
}
