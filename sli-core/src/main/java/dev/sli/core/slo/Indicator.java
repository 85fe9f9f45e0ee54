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

    /**
     * Spans that end at or before this instant (epoch milliseconds) are measured the same from now on: their
     * data is sealed and no late sample can change it, so a caller may remember their answers (as
     * {@link Timeslices} does, slice by slice). {@link Long#MIN_VALUE}, the default, promises nothing.
     */
    default long settledBeforeMillis() {
        return Long.MIN_VALUE;
    }

    /** An indicator on {@code grid} that measures with {@code measure}. */
    static Indicator onGrid(BucketGrid grid, Function<WindowSpan, SliMeasurement> measure) {
        return onGrid(grid, measure, () -> Long.MIN_VALUE);
    }

    /**
     * An indicator on {@code grid} that measures with {@code measure}, whose answers for spans ending at or
     * before {@code settledBeforeMillis} never change (see {@link #settledBeforeMillis()}).
     */
    static Indicator onGrid(BucketGrid grid, Function<WindowSpan, SliMeasurement> measure,
            java.util.function.LongSupplier settledBeforeMillis) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(settledBeforeMillis, "settledBeforeMillis");
        Optional<BucketGrid> g = Optional.of(grid);
        return new Indicator() {
            @Override
            public long settledBeforeMillis() {
                return settledBeforeMillis.getAsLong();
            }

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
