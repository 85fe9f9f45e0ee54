package dev.sli.core.slo;

import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns an indicator of events or time into one of time slices, for the Timeslices and RatioTimeslices
 * budgeting methods (OpenSLO): the span is cut into slices of a fixed length aligned to the epoch; a
 * slice with no known amount is unknown (and not observed, in the measurement's {@link Coverage});
 * otherwise its good ratio decides it. Under
 * {@link BudgetingMethod#TIMESLICES} a slice is good when its ratio is at least the slice target; under
 * {@link BudgetingMethod#RATIO_TIMESLICES} it adds its ratio to good and the rest to bad.
 *
 * <p>It measures every slice of the span, so its cost grows with the span (30,240 one-minute slices in
 * three weeks); but a slice that has ended before the indicator's {@link Indicator#settledBeforeMillis()}
 * (sealed gauge, probe and work data, which no late sample can change) is measured once and remembered,
 * so that evaluating an objective at every hour of three weeks (a burn-down chart) measures each slice
 * once, not once per hour. Thread-safe if the underlying indicator is.
 */
public final class Timeslices implements Indicator {

    private final Indicator perSlice;
    private final long sliceMillis;
    private final BudgetingMethod method;
    private final double sliceTarget;
    /** Remembered settled slices: good and bad amounts by slice index from {@link #origin}; NaN: not yet. */
    private double[] rememberedGood = new double[0];
    private double[] rememberedBad = new double[0];
    private long origin;
    /**
     * At most this many slices are remembered (16 bytes each, 8 MiB; a year of one-minute slices): enough for
     * hourly charts of any window a report draws, bounded for windows of decades (which are measured as before).
     */
    static final int MAX_REMEMBERED = 1 << 19;

    private Timeslices(Indicator perSlice, long sliceMillis, BudgetingMethod method, double sliceTarget) {
        this.perSlice = perSlice;
        this.sliceMillis = sliceMillis;
        this.method = method;
        this.sliceTarget = sliceTarget;
    }

    /**
     * Slices judged good when at least {@code sliceTarget} of their known amount is good.
     *
     * @throws IllegalArgumentException if the slice is not a positive whole number of milliseconds or the
     *     target is not in (0, 1]
     */
    public static Timeslices of(Indicator perSlice, Duration slice, double sliceTarget) {
        if (!(sliceTarget > 0 && sliceTarget <= 1)) {
            throw new IllegalArgumentException("sliceTarget must be in (0, 1], got " + sliceTarget);
        }
        return new Timeslices(Objects.requireNonNull(perSlice, "perSlice"), sliceMillis(slice), BudgetingMethod.TIMESLICES,
                sliceTarget);
    }

    /**
     * The slices {@code objective} is budgeted in: for {@link BudgetingMethod#TIMESLICES}, judged against
     * the objective's own timeslice target (stated once, on the objective); for
     * {@link BudgetingMethod#RATIO_TIMESLICES}, each counting its ratio.
     *
     * @throws IllegalArgumentException if the objective is budgeted by occurrences, or as {@link #of}
     */
    public static Timeslices forObjective(Indicator perSlice, Duration slice, Objective objective) {
        Objects.requireNonNull(objective, "objective");
        switch (objective.budgetingMethod()) {
            case TIMESLICES:
                return of(perSlice, slice, objective.timesliceTarget().orElseThrow(() -> new IllegalArgumentException(
                        "objective '" + objective.name() + "' is budgeted in timeslices but states no timeslice target")));
            case RATIO_TIMESLICES:
                return ratio(perSlice, slice);
            default:
                throw new IllegalArgumentException("objective '" + objective.name() + "' is budgeted by "
                        + objective.budgetingMethod() + ", not in time slices");
        }
    }

    /** Slices that each count their good ratio as good and the rest as bad. */
    public static Timeslices ratio(Indicator perSlice, Duration slice) {
        return new Timeslices(Objects.requireNonNull(perSlice, "perSlice"), sliceMillis(slice),
                BudgetingMethod.RATIO_TIMESLICES, Double.NaN);
    }

    private static long sliceMillis(Duration slice) {
        Objects.requireNonNull(slice, "slice");
        if (slice.isNegative() || slice.isZero() || !Duration.ofMillis(slice.toMillis()).equals(slice)) {
            throw new IllegalArgumentException("slice must be a positive whole number of milliseconds, got " + slice);
        }
        return slice.toMillis();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the span's ends are not on slice boundaries
     */
    @Override
    public synchronized SliMeasurement measure(WindowSpan span) {
        if (Math.floorMod(span.startMillis(), sliceMillis) != 0 || Math.floorMod(span.endMillis(), sliceMillis) != 0) {
            throw new IllegalArgumentException("span " + span + " does not start and end on " + sliceMillis + " ms slices");
        }
        double good = 0;
        double bad = 0;
        long unknown = 0;
        long knownSlices = 0;
        long firstKnown = Long.MIN_VALUE;
        long lastKnownEnd = Long.MIN_VALUE;
        long settled = perSlice.settledBeforeMillis();
        for (long t = span.startMillis(); t < span.endMillis(); t += sliceMillis) {
            double sliceGood;
            double sliceBad;
            int at = t + sliceMillis <= settled ? slot(t) : -1;
            if (at >= 0 && !Double.isNaN(rememberedGood[at])) {
                sliceGood = rememberedGood[at];
                sliceBad = rememberedBad[at];
            } else {
                SliMeasurement m = perSlice.measure(new WindowSpan(t, t + sliceMillis));
                sliceGood = m.good();
                sliceBad = m.bad();
                if (at >= 0) {
                    rememberedGood[at] = sliceGood;
                    rememberedBad[at] = sliceBad;
                }
            }
            double known = sliceGood + sliceBad;
            if (known == 0) {
                unknown++;
                continue;
            }
            knownSlices++;
            if (firstKnown == Long.MIN_VALUE) {
                firstKnown = t;
            }
            lastKnownEnd = t + sliceMillis;
            double ratio = sliceGood / known;
            if (method == BudgetingMethod.TIMESLICES) {
                if (ratio >= sliceTarget) {
                    good++;
                } else {
                    bad++;
                }
            } else {
                good += ratio;
                bad += 1 - ratio;
            }
        }
        Coverage coverage = knownSlices == 0 ? Coverage.none(span)
                : Coverage.of(span, knownSlices * sliceMillis, new WindowSpan(firstKnown, lastKnownEnd));
        return new SliMeasurement(span, SliUnit.SLICES, good, bad, unknown, coverage);
    }

    /**
     * The index of the slice starting at {@code t} in the remembered arrays, growing them to hold it; -1
     * when that would take more than {@link #MAX_REMEMBERED} slices. Called under this object's lock.
     */
    private int slot(long t) {
        if (rememberedGood.length == 0) {
            origin = t;
        }
        long index = Math.floorDiv(t - origin, sliceMillis);
        if (index < 0) { // an earlier slice than any remembered: move the origin back
            long shift = -index;
            long length = rememberedGood.length + shift;
            if (length > MAX_REMEMBERED) {
                return -1;
            }
            rememberedGood = shifted(rememberedGood, (int) shift, (int) length);
            rememberedBad = shifted(rememberedBad, (int) shift, (int) length);
            origin = t;
            index = 0;
        }
        if (index >= MAX_REMEMBERED) { // time moved on (a long-running process): forget the oldest quarter
            long keepFrom = index - (MAX_REMEMBERED / 4) * 3;
            double[] good = new double[MAX_REMEMBERED];
            double[] bad = new double[MAX_REMEMBERED];
            java.util.Arrays.fill(good, Double.NaN);
            java.util.Arrays.fill(bad, Double.NaN);
            if (keepFrom < rememberedGood.length) {
                int kept = (int) (rememberedGood.length - keepFrom);
                System.arraycopy(rememberedGood, (int) keepFrom, good, 0, kept);
                System.arraycopy(rememberedBad, (int) keepFrom, bad, 0, kept);
            }
            rememberedGood = good;
            rememberedBad = bad;
            origin += keepFrom * sliceMillis;
            index -= keepFrom;
        }
        if (index >= rememberedGood.length) {
            long length = Math.max(index + 1, Math.min((long) rememberedGood.length * 2, MAX_REMEMBERED));
            rememberedGood = grown(rememberedGood, (int) length);
            rememberedBad = grown(rememberedBad, (int) length);
        }
        return (int) index;
    }

    private static double[] shifted(double[] a, int shift, int length) {
        double[] out = new double[length];
        java.util.Arrays.fill(out, 0, shift, Double.NaN);
        System.arraycopy(a, 0, out, shift, a.length);
        return out;
    }

    private static double[] grown(double[] a, int length) {
        double[] out = java.util.Arrays.copyOf(a, length);
        java.util.Arrays.fill(out, a.length, length, Double.NaN);
        return out;
    }

    /** The grid of the per-slice indicator's series, if it has one. */
    @Override
    public java.util.Optional<dev.sli.core.window.BucketGrid> grid() {
        return perSlice.grid();
    }

    @Override
    public String toString() {
        return method + " of " + sliceMillis + " ms slices" + (method == BudgetingMethod.TIMESLICES ? " at " + sliceTarget : "");
    }
}
