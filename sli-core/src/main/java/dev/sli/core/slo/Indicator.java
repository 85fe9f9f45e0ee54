package dev.sli.core.slo;

import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.WindowSpan;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A source of SLI measurements: given a bucket-aligned span, it says how much was good, bad and unknown.
 *
 * <p>The SLO math asks for several spans per evaluation (the SLO window and each burn-rate window), so
 * an implementation backed by live series answers from running aggregates, in time that does not grow
 * with the span. An indicator of a series knows that series' bucket grid ({@link #grid()}), so
 * {@link Slo#evaluate(Objective, Indicator, long)} needs no grid argument that could disagree with it.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Indicator {

    /** Measures the span {@code [span.startMillis(), span.endMillis())}. */
    SliMeasurement measure(WindowSpan span);

    /** The bucket grid of the series behind this indicator; empty for an indicator not tied to one. */
    default Optional<BucketGrid> grid() {
        return Optional.empty();
    }

    /** An indicator on {@code grid} that measures with {@code measure}. */
    static Indicator onGrid(BucketGrid grid, Function<WindowSpan, SliMeasurement> measure) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(measure, "measure");
        Optional<BucketGrid> g = Optional.of(grid);
        return new Indicator() {
            @Override
            public SliMeasurement measure(WindowSpan span) {
                return measure.apply(span);
            }

            @Override
            public Optional<BucketGrid> grid() {
                return g;
            }

            @Override
            public String toString() {
                return "Indicator[" + grid + "]";
            }
        };
    }
}
