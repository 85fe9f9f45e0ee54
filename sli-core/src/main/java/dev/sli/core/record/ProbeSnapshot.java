package dev.sli.core.record;

import dev.sli.core.slo.Coverage;
import dev.sli.core.window.WindowSpan;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Uptime of a black-box check over one window: up, down and unknown milliseconds and the checks behind
 * them. Immutable; without up or down time the uptime is empty, never 0 or 100 %.
 */
public final class ProbeSnapshot {

    private final String series;
    private final WindowSpan span;
    private final Coverage coverage;
    private final long upMillis;
    private final long downMillis;
    private final long upChecks;
    private final long downChecks;
    private final Map<Rejection, Long> rejections;

    ProbeSnapshot(String series, WindowSpan span, Coverage coverage, long upMillis, long downMillis, long upChecks, long downChecks,
            Map<Rejection, Long> rejections) {
        this.series = series;
        this.span = span;
        this.coverage = coverage;
        this.upMillis = upMillis;
        this.downMillis = downMillis;
        this.upChecks = upChecks;
        this.downChecks = downChecks;
        this.rejections = Collections.unmodifiableMap(new EnumMap<>(rejections));
    }

    /** The check this snapshot is of. */
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

    /** Milliseconds classified up. */
    public long upMillis() {
        return upMillis;
    }

    /** Milliseconds classified down. */
    public long downMillis() {
        return downMillis;
    }

    /** Milliseconds with no result in force. */
    public long unknownMillis() {
        return span.lengthMillis() - upMillis - downMillis;
    }

    /** Downtime in minutes (fractional). */
    public double downtimeMinutes() {
        return downMillis / 60_000.0;
    }

    /** Checks that came back up. */
    public long upChecks() {
        return upChecks;
    }

    /** Checks that came back down. */
    public long downChecks() {
        return downChecks;
    }

    /** Up time over known time, in [0, 1]; empty without known time. */
    public OptionalDouble uptime() {
        long known = upMillis + downMillis;
        return known == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) upMillis / known);
    }

    /** Lifetime counts of rejected results of the series, by reason. */
    public Map<Rejection, Long> rejections() {
        return rejections;
    }

    @Override
    public String toString() {
        return "ProbeSnapshot[" + series + " " + span + " up=" + upMillis + "ms down=" + downMillis + "ms unknown="
                + unknownMillis() + "ms]";
    }
}
