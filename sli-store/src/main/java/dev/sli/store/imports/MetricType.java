package dev.sli.store.imports;

/** The type of a metric as an exposition's {@code # TYPE} line declares it; UNKNOWN when nothing says. */
public enum MetricType {
    /** A monotonic counter: resets are detected by a decrease. */
    COUNTER,
    /** A gauge: each sample stands for 5 minutes of lookback at most. */
    GAUGE,
    /** A classic histogram: {@code _bucket{le}}, {@code _count}, {@code _sum} series. */
    HISTOGRAM,
    /** A summary: quantile series plus {@code _count}, {@code _sum}. */
    SUMMARY,
    /** Not declared. */
    UNKNOWN
}
