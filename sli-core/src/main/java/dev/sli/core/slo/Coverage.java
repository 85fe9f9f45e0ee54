package dev.sli.core.slo;

import dev.sli.core.window.WindowSpan;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How much of a window holds data: the window, the time observed in it (milliseconds), and the observed
 * span, from the start of the first to the end of the last bucket with data. Immutable and thread-safe.
 *
 * <p>What counts as observed depends on the unit. For time ({@link SliUnit#MILLISECONDS},
 * {@link SliUnit#SLICES}, {@link SliUnit#REPLICA_MILLISECONDS}) it is the time the series had data, so
 * gaps inside the observed span are not observed. For {@link SliUnit#EVENTS} a bucket without events may
 * just be a quiet minute, so the whole span from the first to the last bucket with events in the window
 * is observed, and it starts at the window's start when the series already had events before it.
 *
 * <p>Made by the series' indicators with {@link #of} or {@link #ofSpan}; {@link #none} and
 * {@link #complete} name the two ends.
 */
public final class Coverage {

    private final WindowSpan window;
    private final long observedMillis;
    private final WindowSpan observedSpan;

    private Coverage(WindowSpan window, long observedMillis, WindowSpan observedSpan) {
        this.window = window;
        this.observedMillis = observedMillis;
        this.observedSpan = observedSpan;
    }

    /** Nothing of {@code window} observed. */
    public static Coverage none(WindowSpan window) {
        return new Coverage(Objects.requireNonNull(window, "window"), 0, null);
    }

    /** All of {@code window} observed (for an empty window, nothing: there is nothing to observe). */
    public static Coverage complete(WindowSpan window) {
        Objects.requireNonNull(window, "window");
        return window.isEmpty() ? none(window) : new Coverage(window, window.lengthMillis(), window);
    }

    /**
     * {@code observedMillis} of {@code window} observed, all of it within {@code observedSpan} (the start
     * of the first to the end of the last bucket with data).
     *
     * @throws IllegalArgumentException if {@code observedSpan} is not within the window, or
     *     {@code observedMillis} is not positive or longer than {@code observedSpan}
     */
    public static Coverage of(WindowSpan window, long observedMillis, WindowSpan observedSpan) {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(observedSpan, "observedSpan");
        if (observedSpan.startMillis() < window.startMillis() || observedSpan.endMillis() > window.endMillis()) {
            throw new IllegalArgumentException("observed span " + observedSpan + " is not within the window " + window);
        }
        if (observedMillis <= 0 || observedMillis > observedSpan.lengthMillis()) {
            throw new IllegalArgumentException("observed time must be positive and at most the observed span's "
                    + observedSpan.lengthMillis() + " ms, got " + observedMillis);
        }
        return new Coverage(window, observedMillis, observedSpan);
    }

    /**
     * All of {@code observedSpan} observed (the rule for events): {@link #none} if it is empty.
     *
     * @throws IllegalArgumentException if {@code observedSpan} is not within the window
     */
    public static Coverage ofSpan(WindowSpan window, WindowSpan observedSpan) {
        Objects.requireNonNull(observedSpan, "observedSpan");
        return observedSpan.isEmpty() ? none(window) : of(window, observedSpan.lengthMillis(), observedSpan);
    }

    /**
     * The coverage a measurement implies when its maker does not say (the five-argument
     * {@link SliMeasurement} constructor): nothing observed when nothing is known, the whole window when
     * nothing is unknown, otherwise the known share of the window's time, rounded to the millisecond,
     * somewhere in the window (where is not known, so the observed span is the whole window).
     */
    public static Coverage fromAmounts(WindowSpan window, double known, double unknown) {
        Objects.requireNonNull(window, "window");
        if (known <= 0 || window.isEmpty()) {
            return none(window);
        }
        if (unknown <= 0) {
            return complete(window);
        }
        long observed = Math.round(window.lengthMillis() * (known / (known + unknown)));
        return observed <= 0 ? none(window) : of(window, Math.min(observed, window.lengthMillis()), window);
    }

    /** The window this coverage is of. */
    public WindowSpan window() {
        return window;
    }

    /** Milliseconds of the window observed, in [0, window length]. */
    public long observedMillis() {
        return observedMillis;
    }

    /** Milliseconds of the window not observed. */
    public long unobservedMillis() {
        return window.lengthMillis() - observedMillis;
    }

    /** From the start of the first to the end of the last bucket with data; empty when nothing was observed. */
    public Optional<WindowSpan> observedSpan() {
        return Optional.ofNullable(observedSpan);
    }

    /** Whether every millisecond of a non-empty window was observed. */
    public boolean isComplete() {
        return observedMillis > 0 && observedMillis == window.lengthMillis();
    }

    /** Whether nothing at all was observed. */
    public boolean isEmpty() {
        return observedMillis == 0;
    }

    /** Observed ÷ window length, in [0, 1]; 0 for an empty window. */
    public double fraction() {
        return window.isEmpty() ? 0 : (double) observedMillis / window.lengthMillis();
    }

    /**
     * The same observations seen as coverage of {@code larger}, a window that contains this one (the
     * whole budget period of a calendar window, of which this covers the elapsed part).
     *
     * @throws IllegalArgumentException if {@code larger} does not contain this window
     */
    public Coverage within(WindowSpan larger) {
        Objects.requireNonNull(larger, "larger");
        if (window.startMillis() < larger.startMillis() || window.endMillis() > larger.endMillis()) {
            throw new IllegalArgumentException("window " + larger + " does not contain " + window);
        }
        return new Coverage(larger, observedMillis, observedSpan);
    }

    /** This plus {@code other}: the union of the windows, the sum of the observed time, the hull of the observed spans. */
    Coverage plus(Coverage other) {
        WindowSpan union = new WindowSpan(Math.min(window.startMillis(), other.window.startMillis()),
                Math.max(window.endMillis(), other.window.endMillis()));
        WindowSpan hull = observedSpan == null ? other.observedSpan
                : other.observedSpan == null ? observedSpan
                : new WindowSpan(Math.min(observedSpan.startMillis(), other.observedSpan.startMillis()),
                        Math.max(observedSpan.endMillis(), other.observedSpan.endMillis()));
        return new Coverage(union, Math.min(union.lengthMillis(), observedMillis + other.observedMillis), hull);
    }

    /**
     * "2.0 d of 21 d observed": both in the largest unit (d, h, min, s) that the window holds at least twice,
     * the observed time to one decimal.
     */
    public String describe() {
        long length = window.lengthMillis();
        long unit;
        String name;
        if (length >= 2 * 86_400_000L) {
            unit = 86_400_000L;
            name = "d";
        } else if (length >= 2 * 3_600_000L) {
            unit = 3_600_000L;
            name = "h";
        } else if (length >= 2 * 60_000L) {
            unit = 60_000L;
            name = "min";
        } else {
            unit = 1_000L;
            name = "s";
        }
        String whole = String.format(Locale.ROOT, "%.1f", (double) length / unit);
        if (whole.endsWith(".0")) {
            whole = whole.substring(0, whole.length() - 2);
        }
        return String.format(Locale.ROOT, "%.1f %s of %s %s observed", (double) observedMillis / unit, name, whole, name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Coverage c && c.window.equals(window) && c.observedMillis == observedMillis
                && Objects.equals(c.observedSpan, observedSpan);
    }

    @Override
    public int hashCode() {
        return Objects.hash(window, observedMillis, observedSpan);
    }

    @Override
    public String toString() {
        return "Coverage[" + describe() + (observedSpan == null ? "" : " in " + observedSpan) + " of " + window + "]";
    }
}
