package dev.sli.core.slo;

import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.Objects;

/**
 * Evaluates objectives against indicators. Stateless: every method may be called from any thread, as far
 * as the {@link Indicator} allows (indicators are thread-safe by contract). Every method throws
 * {@link IllegalArgumentException} if the indicator's unit does not fit the objective's budgeting method or
 * a window is not a whole number of the grid's buckets.
 */
public final class Slo {

    private Slo() {
    }

    /**
     * The full status of {@code objective} at {@code atMillis}: the SLI over {@code window.spanAt}, the
     * budget over {@code window.periodAt}, and the alerts with factors derived from that period's length.
     */
    public static SloStatus evaluate(Objective objective, Indicator indicator, long atMillis, BucketGrid grid) {
        requireArguments(objective, indicator, grid);
        requireSameGrid(indicator, grid);
        Window window = objective.window();
        WindowSpan period = window.periodAt(atMillis, grid);
        SliMeasurement measurement = indicator.measure(window.spanAt(atMillis, grid));
        ErrorBudget budget = ErrorBudget.of(objective, measurement, period, grid);
        AlertEvaluation alerts = AlertEvaluation.evaluate(objective, indicator, atMillis, grid, period.lengthMillis());
        return new SloStatus(objective, atMillis, measurement, budget, alerts);
    }

    /**
     * Only the burn-rate alerts of {@code objective} at {@code atMillis}: two measurements and constant work
     * per tier (plus, for a calendar window, finding the current period).
     */
    public static AlertEvaluation alerts(Objective objective, Indicator indicator, long atMillis, BucketGrid grid) {
        requireArguments(objective, indicator, grid);
        requireSameGrid(indicator, grid);
        long periodMillis = objective.window().periodAt(atMillis, grid).lengthMillis();
        return AlertEvaluation.evaluate(objective, indicator, atMillis, grid, periodMillis);
    }

    /**
     * The burn rate of {@code objective} over the last {@code recent} (such as 1 h) of whole sealed buckets
     * before {@code atMillis}; pass it to {@link ErrorBudget#timeToExhaustion}.
     */
    public static BurnRate burnRate(Objective objective, Indicator indicator, Duration recent, long atMillis,
            BucketGrid grid) {
        requireArguments(objective, indicator, grid);
        requireSameGrid(indicator, grid);
        WindowSpan span = Window.rolling(recent).spanAt(atMillis, grid);
        return new BurnRate(objective, indicator.measure(span));
    }

    /**
     * The full status of {@code objective} at {@code atMillis} on the grid of the indicator's series.
     *
     * @throws IllegalArgumentException if the indicator knows no grid (pass one to
     *     {@link #evaluate(Objective, Indicator, long, BucketGrid)}), or as that method
     */
    public static SloStatus evaluate(Objective objective, Indicator indicator, long atMillis) {
        return evaluate(objective, indicator, atMillis, gridOf(indicator));
    }

    /** Only the burn-rate alerts, on the grid of the indicator's series; see {@link #evaluate(Objective, Indicator, long)}. */
    public static AlertEvaluation alerts(Objective objective, Indicator indicator, long atMillis) {
        return alerts(objective, indicator, atMillis, gridOf(indicator));
    }

    private static BucketGrid gridOf(Indicator indicator) {
        Objects.requireNonNull(indicator, "indicator");
        return indicator.grid().orElseThrow(() -> new IllegalArgumentException(
                "indicator " + indicator + " is not tied to a series' grid; pass the grid"));
    }

    private static void requireSameGrid(Indicator indicator, BucketGrid grid) {
        indicator.grid().ifPresent(own -> {
            if (!own.equals(grid)) {
                throw new IllegalArgumentException("grid " + grid + " disagrees with the indicator's series, which is on "
                        + own);
            }
        });
    }

    private static void requireArguments(Objective objective, Indicator indicator, BucketGrid grid) {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(indicator, "indicator");
        Objects.requireNonNull(grid, "grid");
    }
}
