package dev.sli.core.record;

import dev.sli.core.slo.Coverage;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.WindowSpan;

/**
 * Builds the {@link Coverage} of a measurement from a series' sealed history: where in the window the
 * data lies, found by binary search over the prefix sums (a few reads whatever the window's length).
 * Stateless; the caller holds whatever access its history needs.
 */
final class Observed {

    private Observed() {
    }

    /**
     * Coverage of time: {@code observedMillis} of {@code span} had data, and the observed span runs from the
     * first to the last bucket where any of {@code channels} (amounts of observed time) is not zero.
     */
    static Coverage time(ChannelHistory history, BucketGrid grid, WindowSpan span, long observedMillis, int... channels) {
        if (observedMillis <= 0) {
            return Coverage.none(span);
        }
        long from = grid.bucketOf(span.startMillis());
        long to = grid.bucketOf(span.endMillis());
        if (to - from == 1) { // one bucket (a time slice): nothing to search
            return Coverage.of(span, Math.min(observedMillis, span.lengthMillis()), span);
        }
        long first = first(history, from, to, channels);
        long last = last(history, from, to, channels);
        if (first == Long.MIN_VALUE || last == Long.MIN_VALUE) {
            return Coverage.of(span, Math.min(observedMillis, span.lengthMillis()), span);
        }
        WindowSpan observed = clip(span, grid.startMillis(first), grid.startMillis(last + 1));
        return Coverage.of(span, Math.min(observedMillis, observed.lengthMillis()), observed);
    }

    /**
     * Coverage of events: the span from the first to the last bucket of {@code span} with events in any of
     * {@code channels} is observed; it starts at the window's start if the series had events before it.
     */
    static Coverage events(ChannelHistory history, BucketGrid grid, WindowSpan span, int... channels) {
        long from = grid.bucketOf(span.startMillis());
        long to = grid.bucketOf(span.endMillis());
        if (to - from == 1) { // one bucket (a time slice): observed whole if it has events
            long events = 0;
            for (int c : channels) {
                events += history.sum(c, from, to);
            }
            return events == 0 ? Coverage.none(span) : Coverage.complete(span);
        }
        long last = last(history, from, to, channels);
        if (last == Long.MIN_VALUE) {
            return Coverage.none(span);
        }
        long start = anyBefore(history, from, channels)
                ? span.startMillis() : grid.startMillis(first(history, from, to, channels));
        return Coverage.ofSpan(span, clip(span, start, grid.startMillis(last + 1)));
    }

    /** Whether any retained bucket before {@code from} has an amount in one of {@code channels}: two reads each. */
    private static boolean anyBefore(ChannelHistory history, long from, int[] channels) {
        for (int c : channels) {
            if (history.sum(c, Long.MIN_VALUE, from) > 0) {
                return true;
            }
        }
        return false;
    }

    private static WindowSpan clip(WindowSpan span, long start, long end) {
        long s = Math.max(span.startMillis(), start);
        return new WindowSpan(s, Math.max(s, Math.min(span.endMillis(), end)));
    }

    private static long first(ChannelHistory history, long from, long to, int[] channels) {
        long first = Long.MAX_VALUE;
        for (int c : channels) {
            long b = history.firstNonZero(c, from, to);
            if (b != Long.MIN_VALUE) {
                first = Math.min(first, b);
            }
        }
        return first == Long.MAX_VALUE ? Long.MIN_VALUE : first;
    }

    private static long last(ChannelHistory history, long from, long to, int[] channels) {
        long last = Long.MIN_VALUE;
        for (int c : channels) {
            last = Math.max(last, history.lastNonZero(c, from, to));
        }
        return last;
    }
}
