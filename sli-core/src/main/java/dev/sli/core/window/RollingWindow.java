package dev.sli.core.window;

import java.time.Duration;
import java.util.Objects;

/**
 * A window of fixed length that ends where the last sealed bucket ends: "the last 3 weeks".
 *
 * @param length the window length; positive
 */
public record RollingWindow(Duration length) implements Window {

    public RollingWindow {
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("rolling window length must be positive, got " + length);
        }
    }

    /** The window length in milliseconds. */
    public long lengthMillis() {
        return length.toMillis();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the length is not a whole number of the grid's buckets, or the
     *     window would start before the first representable millisecond
     */
    @Override
    public WindowSpan spanAt(long atMillis, BucketGrid grid) {
        long buckets = grid.bucketsIn(length);
        long end = grid.alignDown(atMillis);
        long start = end - buckets * grid.resolutionMillis(); // buckets * resolution is length.toMillis(): no overflow
        if (start > end) {
            throw new IllegalArgumentException("window " + this + " evaluated at " + atMillis
                    + " ms would start before the first representable millisecond");
        }
        return new WindowSpan(start, end);
    }

    @Override
    public WindowSpan periodAt(long atMillis, BucketGrid grid) {
        return spanAt(atMillis, grid);
    }

    @Override
    public Duration lengthAt(long atMillis) {
        return length;
    }

    @Override
    public String toString() {
        return "rolling " + length;
    }
}
