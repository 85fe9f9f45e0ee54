package dev.sli.core.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Timeslices remembers slices that ended before the indicator's settled instant, and only those: the same
 * measurements as measuring every slice, each settled slice measured once however many windows ask, and
 * unsettled slices measured every time (their data may still change).
 */
class TimeslicesRememberTest {

    static final long MINUTE = 60_000L;

    /** Per minute m, a good amount and a bad amount from {@code amounts}; counts how often a slice is measured. */
    static final class Minutes {
        final AtomicLong measured = new AtomicLong();
        volatile long settledBefore;
        volatile LongUnaryOperator bad;

        Indicator indicator() {
            return Indicator.onGrid(BucketGrid.DEFAULT, span -> {
                measured.incrementAndGet();
                double good = 0;
                double badAmount = 0;
                for (long t = span.startMillis(); t < span.endMillis(); t += MINUTE) {
                    long m = t / MINUTE;
                    if (m % 97 == 0) {
                        continue; // a minute without data: unknown
                    }
                    long b = bad.applyAsLong(m);
                    good += 100 - b;
                    badAmount += b;
                }
                return new SliMeasurement(span, SliUnit.EVENTS, good, badAmount, 0, Coverage.none(span));
            }, () -> settledBefore);
        }
    }

    static String figures(SliMeasurement m) {
        return m.good() + " " + m.bad() + " " + m.unknown() + " " + m.coverage();
    }

    @Test
    void settledSlicesAreMeasuredOnceAndGiveTheSameAnswers() {
        Minutes data = new Minutes();
        data.bad = m -> m % 7 == 0 ? 5 : 0;
        data.settledBefore = 3000 * MINUTE;
        Timeslices remembering = Timeslices.of(data.indicator(), Duration.ofMinutes(1), 0.99);
        Minutes plain = new Minutes();
        plain.bad = data.bad;
        plain.settledBefore = Long.MIN_VALUE; // promises nothing: every slice measured every time
        Timeslices measuring = Timeslices.of(plain.indicator(), Duration.ofMinutes(1), 0.99);
        for (long end = 1500; end <= 3000; end += 60) {
            WindowSpan span = new WindowSpan((end - 1440) * MINUTE, end * MINUTE);
            if (span.startMillis() < 0) {
                continue;
            }
            assertEquals(figures(measuring.measure(span)), figures(remembering.measure(span)), "window ending at minute " + end);
        }
        // 26 windows of 1440 minutes ending every hour from minute 1500 to 3000 cover minutes 60 to 2999
        assertEquals(2940, data.measured.get(), "each settled minute measured once");
        assertEquals(26 * 1440, plain.measured.get());
    }

    @Test
    void unsettledSlicesAreMeasuredAgainAndFollowTheirData() {
        Minutes data = new Minutes();
        data.bad = m -> 0;
        data.settledBefore = 100 * MINUTE;
        Timeslices slices = Timeslices.of(data.indicator(), Duration.ofMinutes(1), 0.99);
        WindowSpan span = new WindowSpan(0, 200 * MINUTE);
        assertEquals(200 - 3, slices.measure(span).good(), 1e-9); // minutes 0, 97 and 194 are unknown
        data.bad = m -> 3; // the data changes everywhere; only the unsettled minutes may show it
        SliMeasurement again = slices.measure(span);
        assertEquals(100 - 2, again.good(), 1e-9, "settled minutes keep their first answer");
        assertEquals(100 - 1, again.bad(), 1e-9, "unsettled minutes are measured again");
        data.settledBefore = 200 * MINUTE;
        assertEquals(100 - 1, slices.measure(span).bad(), 1e-9, "and remembered once settled");
    }

    @Test
    void aLongRunningProcessKeepsRememberingTheRecentSlices() {
        Minutes data = new Minutes();
        data.bad = m -> m % 11 == 0 ? 2 : 0;
        data.settledBefore = Long.MAX_VALUE;
        Timeslices slices = Timeslices.of(data.indicator(), Duration.ofMinutes(1), 0.99);
        Minutes plain = new Minutes();
        plain.bad = data.bad;
        plain.settledBefore = Long.MIN_VALUE;
        Timeslices measuring = Timeslices.of(plain.indicator(), Duration.ofMinutes(1), 0.99);
        long day = 1440;
        // a day-long window evaluated once a day for two years: more slices than are remembered at once
        for (long end = day; end <= 2 * 366 * day; end += day) {
            WindowSpan span = new WindowSpan((end - day) * MINUTE, end * MINUTE);
            assertEquals(figures(measuring.measure(span)), figures(slices.measure(span)), "day ending at minute " + end);
        }
        long measuredOnce = data.measured.get();
        WindowSpan lastWeek = new WindowSpan((2 * 366 * day - 7 * day) * MINUTE, 2 * 366 * day * MINUTE);
        assertEquals(figures(measuring.measure(lastWeek)), figures(slices.measure(lastWeek)));
        assertEquals(measuredOnce, data.measured.get(), "the last week is still remembered after two years");
    }
}
