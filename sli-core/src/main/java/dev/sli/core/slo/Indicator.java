package dev.sli.core.slo;

import dev.sli.core.window.WindowSpan;

/**
 * A source of SLI measurements: given a bucket-aligned span, it says how much was good, bad and unknown.
 *
 * <p>The SLO math asks for several spans per evaluation (the SLO window and each burn-rate window), so
 * an implementation backed by live series answers from running aggregates, in time that does not grow
 * with the span. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Indicator {

    /** Measures the span {@code [span.startMillis(), span.endMillis())}. */
    SliMeasurement measure(WindowSpan span);
}
