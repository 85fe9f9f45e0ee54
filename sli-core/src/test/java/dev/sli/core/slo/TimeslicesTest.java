package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeslicesTest {

    static final long MINUTE = 60_000;

    /** Per-minute good/bad amounts; a minute with neither is no data. */
    static Indicator perMinute(long[] good, long[] bad) {
        return span -> {
            long g = 0;
            long b = 0;
            for (long t = span.startMillis(); t < span.endMillis(); t += MINUTE) {
                g += good[(int) (t / MINUTE)];
                b += bad[(int) (t / MINUTE)];
            }
            return new SliMeasurement(span, SliUnit.EVENTS, g, b, 0);
        };
    }

    @Test
    void slicesAreGoodWhenTheirRatioReachesTheTargetAndUnknownWithoutData() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 600;
        long[] good = new long[n];
        long[] bad = new long[n];
        for (int i = 0; i < n; i++) {
            if (r.nextInt(10) > 0) {
                good[i] = r.nextInt(100);
                bad[i] = r.nextInt(4) == 0 ? r.nextInt(5) : 0;
            }
        }
        Indicator minutes = perMinute(good, bad);
        for (int k = 0; k < 50; k++) {
            int from = r.nextInt(n / 5) * 5;
            int to = from + r.nextInt((n - from) / 5 + 1) * 5;
            WindowSpan span = new WindowSpan(from * MINUTE, to * MINUTE);
            // one-minute slices at 0.98, and five-minute ratio slices, by hand
            long goodSlices = 0;
            long badSlices = 0;
            long unknownSlices = 0;
            for (int i = from; i < to; i++) {
                if (good[i] + bad[i] == 0) {
                    unknownSlices++;
                } else if ((double) good[i] / (good[i] + bad[i]) >= 0.98) {
                    goodSlices++;
                } else {
                    badSlices++;
                }
            }
            SliMeasurement m = Timeslices.of(minutes, Duration.ofMinutes(1), 0.98).measure(span);
            assertEquals(SliUnit.SLICES, m.unit());
            assertEquals(goodSlices, m.good());
            assertEquals(badSlices, m.bad());
            assertEquals(unknownSlices, m.unknown());
            double ratioGood = 0;
            double ratioBad = 0;
            long ratioUnknown = 0;
            for (int s = from; s < to; s += 5) {
                long g = 0;
                long b = 0;
                for (int i = s; i < s + 5; i++) {
                    g += good[i];
                    b += bad[i];
                }
                if (g + b == 0) {
                    ratioUnknown++;
                } else {
                    ratioGood += (double) g / (g + b);
                    ratioBad += 1 - (double) g / (g + b);
                }
            }
            SliMeasurement ratio = Timeslices.ratio(minutes, Duration.ofMinutes(5)).measure(span);
            assertEquals(ratioGood, ratio.good(), 1e-9);
            assertEquals(ratioBad, ratio.bad(), 1e-9);
            assertEquals(ratioUnknown, ratio.unknown());
        }
    }

    @Test
    void rejectsSpansOffTheSliceGridAndBadTargets() {
        Indicator any = span -> SliMeasurement.empty(span, SliUnit.EVENTS);
        assertEquals("span WindowSpan[startMillis=0, endMillis=90000] does not start and end on 60000 ms slices",
                assertThrows(IllegalArgumentException.class,
                        () -> Timeslices.of(any, Duration.ofMinutes(1), 1).measure(new WindowSpan(0, 90_000))).getMessage());
        assertEquals("sliceTarget must be in (0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> Timeslices.of(any, Duration.ofMinutes(1), 1.5)).getMessage());
    }
}
