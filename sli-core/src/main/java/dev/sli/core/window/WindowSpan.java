package dev.sli.core.window;

/**
 * A half-open, bucket-aligned stretch of time {@code [startMillis, endMillis)} in epoch milliseconds:
 * what a window covers when evaluated at a given instant. Immutable.
 *
 * @param startMillis first millisecond covered
 * @param endMillis first millisecond after the span; never before {@code startMillis}
 */
public record WindowSpan(long startMillis, long endMillis) {

    public WindowSpan {
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("span ends (" + endMillis + ") before it starts (" + startMillis + ")");
        }
    }

    /** The length of the span in milliseconds. */
    public long lengthMillis() {
        return endMillis - startMillis;
    }

    /** Whether the span covers no time at all. */
    public boolean isEmpty() {
        return endMillis == startMillis;
    }
}
