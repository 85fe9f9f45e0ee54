package dev.sli.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sli.core.slo.SliMeasurement;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutcomeSeriesTest {

    static final long T0 = LatencySeriesTest.T0;
    static final long MINUTE = 60_000;

    @Test
    void countsGoodAndBadExactlyOverAnySpan() {
        ManualClock clock = ManualClock.atEpochMillis(T0 + 600 * MINUTE);
        OutcomeSeries s = OutcomeSeries.builder("api").options(SeriesOptions.builder().clock(clock).retention(Duration.ofDays(1)).build()).build();
        SplittableRandom r = new SplittableRandom(11);
        int minutes = 500;
        long[] good = new long[minutes];
        long[] bad = new long[minutes];
        for (int i = 0; i < 100_000; i++) {
            int m = r.nextInt(minutes);
            boolean ok = r.nextInt(50) != 0;
            if (r.nextInt(10) == 0) {
                long g = r.nextInt(1000);
                long b = r.nextInt(30);
                s.recordCountsAt(T0 + m * MINUTE + r.nextLong(MINUTE), g, b);
                good[m] += g;
                bad[m] += b;
            } else {
                s.recordAt(T0 + m * MINUTE + r.nextLong(MINUTE), ok);
                if (ok) {
                    good[m]++;
                } else {
                    bad[m]++;
                }
            }
        }
        for (int k = 0; k < 200; k++) {
            int from = r.nextInt(minutes);
            int to = from + r.nextInt(minutes - from + 1);
            long g = 0;
            long b = 0;
            for (int m = from; m < to; m++) {
                g += good[m];
                b += bad[m];
            }
            SliMeasurement m = s.indicator().measure(new WindowSpan(T0 + from * MINUTE, T0 + to * MINUTE));
            assertEquals(g, (long) m.good(), "good in [" + from + ", " + to + ")");
            assertEquals(b, (long) m.bad(), "bad in [" + from + ", " + to + ")");
        }
        OutcomeSnapshot all = s.snapshot(Window.rolling(Duration.ofHours(10)));
        long g = 0;
        long b = 0;
        for (int m = 0; m < minutes; m++) {
            g += good[m];
            b += bad[m];
        }
        assertEquals(g, all.good());
        assertEquals(b, all.bad());
        assertEquals((double) b / (g + b), all.errorRate().getAsDouble(), 0.0);
    }

    @Test
    void rejectsNegativeAndHugeCountsAndSaysSo() {
        ManualClock clock = ManualClock.atEpochMillis(T0);
        OutcomeSeries s = OutcomeSeries.builder("api").options(SeriesOptions.builder().clock(clock).build()).build();
        s.recordCountsAt(T0, -1, 0);
        s.recordCountsAt(T0, 0, 1L << 30);
        s.recordCountsAt(T0, 5, 1);
        s.recordCountsAt(T0, 0, 0);
        clock.setEpochMillis(T0 + MINUTE);
        OutcomeSnapshot snap = s.snapshot(Window.rolling(Duration.ofMinutes(1)));
        assertEquals(5, snap.good());
        assertEquals(1, snap.bad());
        assertEquals(2L, snap.rejections().get(Rejection.INVALID_VALUE));
    }

    @Test
    void noEventsMeansNoRateNotZero() {
        OutcomeSeries s = OutcomeSeries.builder("api").options(SeriesOptions.builder().clock(ManualClock.atEpochMillis(T0)).build()).build();
        OutcomeSnapshot snap = s.snapshot(Window.rolling(Duration.ofHours(1)));
        assertEquals(0, snap.total());
        assertFalse(snap.successRate().isPresent());
        assertFalse(snap.errorRate().isPresent());
    }
}
