package dev.sli.micrometer;

import dev.sli.core.registry.BoundObjective;
import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.slo.AlertEvaluation;
import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.SloStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the status of every objective of an {@link SliRegistry} as gauges: the SLI, the error budget
 * remaining (as a ratio, and in minutes for time-based budgets), the burn rate over each alert-tier window and
 * whether each alert severity fires. Every gauge is tagged {@code service}, {@code objective} and
 * {@code sli}; names and tags are listed in the module's README.
 *
 * <p>Gauges read one cached evaluation of all objectives, redone at most once per
 * {@linkplain Builder#refreshInterval refresh interval} (default 10 s) of the registry's clock, so a scrape
 * costs one evaluation however many gauges it reads. A gauge without a value (an SLI with no data, an
 * evaluation that failed) reads NaN. Thread-safe; {@link #bindTo} may be called for several registries,
 * which then share the cached evaluation.
 */
public final class SliMeterBinder implements MeterBinder {

    /** The default refresh interval of the cached evaluation. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(10);

    static final String SLI = "sli.objective.sli";
    static final String BUDGET_REMAINING = "sli.objective.budget.remaining";
    static final String BUDGET_REMAINING_MINUTES = "sli.objective.budget.remaining.minutes";
    static final String BURN_RATE = "sli.objective.burn.rate";
    static final String ALERT = "sli.objective.alert";

    private final SliRegistry slis;
    private final EvaluationCache cache;

    private SliMeterBinder(Builder b) {
        this.slis = b.slis;
        this.cache = new EvaluationCache(b.slis, b.refreshInterval.toMillis());
    }

    /** A binder of {@code slis}' objectives, refreshed every 10 s at most. */
    public static SliMeterBinder of(SliRegistry slis) {
        return builder(slis).build();
    }

    /** A builder of a binder of {@code slis}' objectives. */
    public static Builder builder(SliRegistry slis) {
        return new Builder(Objects.requireNonNull(slis, "slis"));
    }

    /** Registers the gauges of every objective with {@code registry}; the registry holds them strongly. */
    @Override
    public void bindTo(MeterRegistry registry) {
        List<BoundObjective> objectives = slis.objectives();
        EvaluationCache.Evaluation first = cache.current();
        for (int i = 0; i < objectives.size(); i++) {
            BoundObjective o = objectives.get(i);
            Tags tags = Tags.of("service", o.service(), "objective", o.spec().name(), "sli", o.sli().name());
            int index = i;
            gauge(registry, SLI, tags, "The SLI over the objective's window (good ÷ good + bad); NaN without data",
                    index, s -> s.ratio().isPresent() ? s.ratio().getAsDouble() : Double.NaN);
            gauge(registry, BUDGET_REMAINING, tags,
                    "The share of the error budget left: 1 untouched, 0 spent, negative overspent",
                    index, s -> 1 - s.budget().consumedFraction());
            if (first.reports() != null && first.reports().get(i).status().budget().isTimeBased()) {
                gauge(registry, BUDGET_REMAINING_MINUTES, tags, "The error budget left, in minutes; negative overspent",
                        index, s -> s.budget().remainingMinutes());
            }
            Map<Duration, ToDoubleFunction<AlertEvaluation>> windows = new LinkedHashMap<>();
            Set<AlertTier.Severity> severities = EnumSet.noneOf(AlertTier.Severity.class);
            List<AlertTier> tiers = o.objective().alertPolicy().tiers();
            for (int t = 0; t < tiers.size(); t++) {
                AlertTier tier = tiers.get(t);
                int at = t;
                windows.putIfAbsent(tier.longWindow(), a -> a.tiers().get(at).longBurn().rate());
                windows.putIfAbsent(tier.shortWindow(), a -> a.tiers().get(at).shortBurn().rate());
                severities.add(tier.severity());
            }
            for (Map.Entry<Duration, ToDoubleFunction<AlertEvaluation>> w : windows.entrySet()) {
                ToDoubleFunction<AlertEvaluation> rate = w.getValue();
                gauge(registry, BURN_RATE, tags.and("window", windowTag(w.getKey())),
                        "The burn rate over the window: its bad fraction ÷ (1 − target); 1 spends the budget in one period",
                        index, s -> rate.applyAsDouble(s.alerts()));
            }
            for (AlertTier.Severity severity : severities) {
                gauge(registry, ALERT, tags.and("severity", severity.name().toLowerCase(Locale.ROOT)),
                        "1 while a burn-rate tier of this severity fires (both its windows at its rate), else 0",
                        index, s -> firing(s.alerts(), severity) ? 1 : 0);
            }
        }
    }

    private void gauge(MeterRegistry registry, String name, Tags tags, String description, int index,
            ToDoubleFunction<SloStatus> value) {
        Gauge.builder(name, cache, c -> {
            ObjectiveReport r = c.report(index);
            return r == null ? Double.NaN : value.applyAsDouble(r.status());
        }).tags(tags).description(description).strongReference(true).register(registry);
    }

    private static boolean firing(AlertEvaluation alerts, AlertTier.Severity severity) {
        for (AlertEvaluation.TierResult t : alerts.tiers()) {
            if (t.firing() && t.tier().severity() == severity) {
                return true;
            }
        }
        return false;
    }

    /** A window as a tag value: its length in the largest unit that divides it ("5m", "1h", "3d"), or units summed ("1h30m"). */
    static String windowTag(Duration window) {
        long millis = window.toMillis();
        String[] units = {"d", "h", "m", "s", "ms"};
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < units.length && millis > 0; i++) {
            if (millis >= sizes[i]) {
                out.append(millis / sizes[i]).append(units[i]);
                millis %= sizes[i];
            }
        }
        return out.length() == 0 ? "0s" : out.toString();
    }

    /** How many evaluations the cache made. */
    long evaluations() {
        return cache.evaluations();
    }

    /** Builds a {@link SliMeterBinder}; not thread-safe. */
    public static final class Builder {
        private final SliRegistry slis;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;

        private Builder(SliRegistry slis) {
            this.slis = slis;
        }

        /**
         * How old the cached evaluation may get before a gauge read redoes it (default 10 s).
         *
         * @throws IllegalArgumentException if it is not at least 1 ms
         */
        public Builder refreshInterval(Duration refreshInterval) {
            Objects.requireNonNull(refreshInterval, "refreshInterval");
            if (refreshInterval.toMillis() < 1) {
                throw new IllegalArgumentException("refreshInterval must be at least 1 ms, got " + refreshInterval);
            }
            this.refreshInterval = refreshInterval;
            return this;
        }

        /** The binder. */
        public SliMeterBinder build() {
            return new SliMeterBinder(this);
        }
    }
}
