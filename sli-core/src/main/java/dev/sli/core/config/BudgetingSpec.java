package dev.sli.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How an objective reckons its error budget: over occurrences (events), over time slices that are
 * each good or bad, or as the average of per-slice ratios. Immutable; made by the named factories.
 */
public final class BudgetingSpec {

    /** The budgeting methods, as named in OpenSLO. */
    public enum Method {
        /** Good events over all events in the window. */
        OCCURRENCES,
        /** Good slices over all slices; a slice is good when its own good fraction reaches the slice target. */
        TIMESLICES,
        /** The average over slices of each slice's good fraction. */
        RATIO_TIMESLICES
    }

    /** The slice length when none is given: one bucket of the default grid. */
    public static final Duration DEFAULT_SLICE = Duration.ofMinutes(1);

    private static final BudgetingSpec OCCURRENCES = new BudgetingSpec(Method.OCCURRENCES, Double.NaN, null);

    private final Method method;
    private final double sliceTarget;
    private final Duration slice;

    private BudgetingSpec(Method method, double sliceTarget, Duration slice) {
        this.method = method;
        this.sliceTarget = sliceTarget;
        this.slice = slice;
    }

    /** Budget over events. */
    public static BudgetingSpec occurrences() {
        return OCCURRENCES;
    }

    /** Budget over {@code slice}-long slices, each good when its good fraction is at least {@code sliceTarget} (in (0, 1]). */
    public static BudgetingSpec timeslices(double sliceTarget, Duration slice) {
        return new BudgetingSpec(Method.TIMESLICES, Checks.fractionUpToOne("sliceTarget", sliceTarget),
                Checks.positive("slice", slice));
    }

    /** Budget over the average good fraction of {@code slice}-long slices. */
    public static BudgetingSpec ratioTimeslices(Duration slice) {
        return new BudgetingSpec(Method.RATIO_TIMESLICES, Double.NaN, Checks.positive("slice", slice));
    }

    public Method method() {
        return method;
    }

    /** The good fraction a slice needs to count as good; present for {@link Method#TIMESLICES} only. */
    public OptionalDouble sliceTarget() {
        return method == Method.TIMESLICES ? OptionalDouble.of(sliceTarget) : OptionalDouble.empty();
    }

    /** The slice length; absent for {@link Method#OCCURRENCES}. */
    public Optional<Duration> slice() {
        return Optional.ofNullable(slice);
    }

    /** Whether the budget is reckoned in time (slices) rather than in events. */
    public boolean isTimeBased() {
        return method != Method.OCCURRENCES;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BudgetingSpec b && b.method == method
                && Double.compare(b.sliceTarget, sliceTarget) == 0 && Objects.equals(b.slice, slice);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, sliceTarget, slice);
    }

    @Override
    public String toString() {
        switch (method) {
            case TIMESLICES:
                return "timeslices of " + Durations.format(slice) + " at " + sliceTarget;
            case RATIO_TIMESLICES:
                return "ratioTimeslices of " + Durations.format(slice);
            default:
                return "occurrences";
        }
    }
}
