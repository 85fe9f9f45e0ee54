package dev.sli.core.record;

import dev.sli.core.slo.Coverage;
import dev.sli.core.window.WindowSpan;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Good and bad events of an {@link OutcomeSeries} over one window. Immutable and safe to hand to another
 * thread; without events the rates are empty, never 0 or NaN.
 */
public final class OutcomeSnapshot {

    private final String series;
    private final WindowSpan span;
    private final Coverage coverage;
    private final long good;
    private final long bad;
    private final Map<Rejection, Long> rejections;

    OutcomeSnapshot(String series, WindowSpan span, Coverage coverage, long good, long bad, Map<Rejection, Long> rejections) {
        this.series = series;
        this.span = span;
        this.coverage = coverage;
        this.good = good;
        this.bad = bad;
        this.rejections = Collections.unmodifiableMap(new EnumMap<>(rejections));
    }

    /** The series this snapshot is of. */
    public String series() {
        return series;
    }

    /** The window covered. */
    public WindowSpan span() {
        return span;
    }

    /** How much of the window holds data, and the observed span. */
    public Coverage coverage() {
        return coverage;
    }

    /** Good events. */
    public long good() {
        return good;
    }

    /** Bad events. */
    public long bad() {
        return bad;
    }

    /** All events. */
    public long total() {
        return good + bad;
    }

    /** Good events over all, in [0, 1]; empty without events. */
    public OptionalDouble successRate() {
        return total() == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) good / total());
    }

    /** Bad events over all, in [0, 1]; empty without events. */
    public OptionalDouble errorRate() {
        return total() == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) bad / total());
    }

    /** Lifetime counts of rejected samples of the series, by reason, when the snapshot was taken. */
    public Map<Rejection, Long> rejections() {
        return rejections;
    }

    @Override
    public String toString() {
        return "OutcomeSnapshot[" + series + " " + span + " good=" + good + " bad=" + bad + "]";
    }
}
