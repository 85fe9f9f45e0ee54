package dev.sli.core.slo;

import dev.sli.core.window.WindowSpan;

/**
 * A test indicator over per-minute amounts starting at {@code originMillis}: it sums the minutes a span
 * covers, one by one (minutes outside the arrays have nothing). Deliberately naive.
 */
final class MinuteIndicator implements Indicator {

    static final long MINUTE = 60_000;

    final long originMillis;
    final SliUnit unit;
    final double[] good;
    final double[] bad;
    final double[] unknown;

    MinuteIndicator(long originMillis, SliUnit unit, int minutes) {
        this.originMillis = originMillis;
        this.unit = unit;
        this.good = new double[minutes];
        this.bad = new double[minutes];
        this.unknown = new double[minutes];
    }

    /** Sets minutes {@code [from, to)} (indices from the origin) to the same amounts. */
    MinuteIndicator fill(int from, int to, double goodPerMinute, double badPerMinute, double unknownPerMinute) {
        for (int i = from; i < to; i++) {
            good[i] = goodPerMinute;
            bad[i] = badPerMinute;
            unknown[i] = unknownPerMinute;
        }
        return this;
    }

    int minutes() {
        return good.length;
    }

    @Override
    public SliMeasurement measure(WindowSpan span) {
        long from = Math.max(0, Math.floorDiv(span.startMillis() - originMillis, MINUTE));
        long to = Math.min(good.length, Math.floorDiv(span.endMillis() - originMillis, MINUTE));
        double g = 0;
        double b = 0;
        double u = 0;
        for (long i = from; i < to; i++) {
            g += good[(int) i];
            b += bad[(int) i];
            u += unknown[(int) i];
        }
        return new SliMeasurement(span, unit, g, b, u);
    }
}
