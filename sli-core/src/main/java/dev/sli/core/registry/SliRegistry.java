package dev.sli.core.registry;

import dev.sli.core.history.SealedHistory;
import dev.sli.core.config.BudgetingSpec;
import dev.sli.core.config.ObjectiveSpec;
import dev.sli.core.config.ReadinessMeasure;
import dev.sli.core.config.ServiceSpec;
import dev.sli.core.config.SliKind;
import dev.sli.core.config.SliSpec;
import dev.sli.core.config.SloDocument;
import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.OutcomeSeries;
import dev.sli.core.record.ProbeSeries;
import dev.sli.core.record.ReadinessGroupSeries;
import dev.sli.core.record.Rejection;
import dev.sli.core.record.Series;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.record.WorkOpenItem;
import dev.sli.core.record.WorkSeries;
import dev.sli.core.slo.AlertPolicy;
import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.BudgetingMethod;
import dev.sli.core.slo.Indicator;
import dev.sli.core.slo.Objective;
import dev.sli.core.slo.Slo;
import dev.sli.core.slo.SloStatus;
import dev.sli.core.slo.Timeslices;
import dev.sli.core.window.RollingWindow;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The live SLIs and objectives of an SLO document: one series per SLI of every service, built with the
 * thresholds and windows its objectives need, and every objective bound to the indicator it is judged
 * by. A service records into the series it looks up here; {@link #evaluate} answers every objective.
 *
 * <p>Thread-safe: lookups and evaluation may run on any thread; recording goes to the series, whose own
 * rules apply. Lookups of unknown names, or of a name of another kind, throw
 * {@link IllegalArgumentException} naming what exists.
 */
public final class SliRegistry {

    private final SeriesOptions options;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final Map<String, SliSpec> specs = new LinkedHashMap<>();
    private final List<BoundObjective> objectives = new ArrayList<>();

    private final SealedHistory.Factory history;

    private SliRegistry(SloDocument document, SeriesOptions options, SealedHistory.Factory history) {
        this.options = options;
        this.history = history;
        for (ServiceSpec service : document.services()) {
            for (SliSpec sli : service.slis()) {
                String key = key(service.name(), sli.name());
                specs.put(key, sli);
                series.put(key, newSeries(service, sli));
            }
            for (ObjectiveSpec spec : service.objectives()) {
                SliSpec sli = service.sliOf(spec);
                requireWithinRetention(service, sli, spec);
                Objective objective = objective(spec);
                Indicator indicator = indicator(service, sli, spec, objective);
                objectives.add(new BoundObjective(service.name(), spec, sli, objective, indicator));
            }
        }
    }

    /**
     * Series and objectives for every service in {@code document}, recording with {@code options}.
     *
     * @throws IllegalArgumentException if an objective cannot be evaluated with these options (a window
     *     longer than the retention, a slice that is not a whole number of buckets)
     */
    public static SliRegistry create(SloDocument document, SeriesOptions options) {
        return create(document, options, SealedHistory.inMemory());
    }

    /**
     * Series and objectives for every service in {@code document}, recording with {@code options}, each
     * series keeping its sealed buckets in the history {@code history} opens for its name
     * ({@code service/sli}); sli-store's {@code SliStore} passes a persistent one.
     *
     * @throws IllegalArgumentException as {@link #create(SloDocument, SeriesOptions)}, or if {@code history}
     *     refuses a series
     */
    public static SliRegistry create(SloDocument document, SeriesOptions options, SealedHistory.Factory history) {
        return new SliRegistry(Objects.requireNonNull(document, "document"), Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(history, "history"));
    }

    /**
     * Refuses an objective whose window (a calendar window's period as of the clock) or an alert tier's
     * long window is longer than the retention: its answers would be cut short.
     */
    private void requireWithinRetention(ServiceSpec service, SliSpec sli, ObjectiveSpec spec) {
        String series = key(service.name(), sli.name());
        String objective = "objective '" + key(service.name(), spec.name()) + "': ";
        try {
            long now = spec.window() instanceof RollingWindow ? 0 : options.clock().epochMillis();
            options.requireWithinRetention(spec.window(), now, series);
            for (AlertTier tier : spec.alerts()) {
                options.requireWithinRetention("alert window", tier.longWindow(), series);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(objective + e.getMessage(), e);
        }
    }

    private static String key(String service, String sli) {
        return service + "/" + sli;
    }

    private Series newSeries(ServiceSpec service, SliSpec sli) {
        String name = key(service.name(), sli.name());
        switch (sli.kind()) {
            case LATENCY: {
                TreeSet<Duration> thresholds = thresholds(service, sli);
                return LatencySeries.builder(name).options(options).history(history).thresholds(thresholds.toArray(Duration[]::new))
                        .build();
            }
            case OUTCOME:
                return OutcomeSeries.builder(name).options(options).history(history).build();
            case READINESS:
                return ReadinessGroupSeries.builder(name).options(options).history(history).workloads(sli.workloads()).staleAfter(sli.staleAfter().orElse(SliSpec.DEFAULT_STALE_AFTER)).build();
            case PROBE:
                return ProbeSeries.builder(name).options(options).history(history).checkInterval(sli.interval().orElse(SliSpec.DEFAULT_PROBE_INTERVAL)).build();
            case WORK:
                return WorkSeries.builder(name).options(options).history(history).thresholds(List.copyOf(thresholds(service, sli))).abandonAfter(Duration.ofDays(7)).build();
            default:
                throw new IllegalArgumentException("unsupported SLI kind " + sli.kind());
        }
    }

    /** The SLI's own threshold and every objective's override of it, in order. */
    private static TreeSet<Duration> thresholds(ServiceSpec service, SliSpec sli) {
        TreeSet<Duration> thresholds = new TreeSet<>();
        sli.threshold().ifPresent(thresholds::add);
        for (ObjectiveSpec o : service.objectives()) {
            if (o.sli().equals(sli.name())) {
                o.threshold().ifPresent(thresholds::add);
            }
        }
        return thresholds;
    }

    private static Objective objective(ObjectiveSpec spec) {
        Objective.Builder b = Objective.builder().name(spec.name()).target(spec.target()).window(spec.window())
                .missingDataPolicy(spec.missingData());
        BudgetingSpec budgeting = spec.budgeting();
        switch (budgeting.method()) {
            case OCCURRENCES:
                b.budgetingMethod(BudgetingMethod.OCCURRENCES);
                break;
            case TIMESLICES:
                b.budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(budgeting.sliceTarget().orElseThrow());
                break;
            case RATIO_TIMESLICES:
                b.budgetingMethod(BudgetingMethod.RATIO_TIMESLICES);
                break;
            default:
                throw new IllegalArgumentException("unsupported budgeting method " + budgeting.method());
        }
        b.alertPolicy(AlertPolicies.of(spec));
        return b.build();
    }

    private Indicator indicator(ServiceSpec service, SliSpec sli, ObjectiveSpec spec, Objective objective) {
        Series s = series.get(key(service.name(), sli.name()));
        Duration threshold = spec.threshold().or(sli::threshold).orElse(null);
        Indicator base;
        switch (sli.kind()) {
            case LATENCY:
                LatencySeries latency = (LatencySeries) s;
                if (sli.isPercentile()) {
                    return latency.percentileSliceIndicator(sli.quantile().getAsDouble(), threshold,
                            spec.budgeting().slice().orElse(BudgetingSpec.DEFAULT_SLICE));
                }
                base = latency.thresholdIndicator(threshold);
                break;
            case OUTCOME:
                base = ((OutcomeSeries) s).indicator();
                break;
            case READINESS:
                ReadinessGroupSeries group = (ReadinessGroupSeries) s;
                base = sli.availability().orElse(ReadinessMeasure.TIME) == ReadinessMeasure.REPLICAS
                        ? group.replicaIndicator() : group.timeIndicator();
                break;
            case PROBE:
                base = ((ProbeSeries) s).indicator();
                break;
            case WORK:
                base = ((WorkSeries) s).thresholdIndicator(threshold);
                break;
            default:
                throw new IllegalArgumentException("unsupported SLI kind " + sli.kind());
        }
        BudgetingSpec budgeting = spec.budgeting();
        Duration slice = budgeting.slice().orElse(BudgetingSpec.DEFAULT_SLICE);
        if (budgeting.method() == BudgetingSpec.Method.OCCURRENCES) {
            return base;
        }
        options.grid().bucketsIn(slice);
        return Timeslices.forObjective(base, slice, objective); // the slice target is the objective's

    }

    private <T> T lookup(String service, String sli, SliKind kind, Class<T> type) {
        String key = key(service, sli);
        SliSpec spec = specs.get(key);
        if (spec == null) {
            throw new IllegalArgumentException("unknown SLI '" + key + "'; known: " + specs.keySet());
        }
        if (spec.kind() != kind) {
            throw new IllegalArgumentException("SLI '" + key + "' is of kind " + spec.kind().name().toLowerCase()
                    + ", not " + kind.name().toLowerCase());
        }
        return type.cast(series.get(key));
    }

    /** The latency series of SLI {@code sli} of {@code service}. */
    public LatencySeries latency(String service, String sli) {
        return lookup(service, sli, SliKind.LATENCY, LatencySeries.class);
    }

    /** The outcome series of SLI {@code sli} of {@code service}. */
    public OutcomeSeries outcome(String service, String sli) {
        return lookup(service, sli, SliKind.OUTCOME, OutcomeSeries.class);
    }

    /** The readiness series (all its workloads) of SLI {@code sli} of {@code service}. */
    public ReadinessGroupSeries readiness(String service, String sli) {
        return lookup(service, sli, SliKind.READINESS, ReadinessGroupSeries.class);
    }

    /** The probe series of SLI {@code sli} of {@code service}. */
    public ProbeSeries probe(String service, String sli) {
        return lookup(service, sli, SliKind.PROBE, ProbeSeries.class);
    }

    /** The work series of SLI {@code sli} of {@code service}. */
    public WorkSeries work(String service, String sli) {
        return lookup(service, sli, SliKind.WORK, WorkSeries.class);
    }

    /** The series of SLI {@code sli} of {@code service}, whatever its kind. */
    public Series series(String service, String sli) {
        Series s = series.get(key(service, sli));
        if (s == null) {
            throw new IllegalArgumentException("unknown SLI '" + key(service, sli) + "'; known: " + specs.keySet());
        }
        return s;
    }

    /** Every series, keyed {@code service/sli}, in document order. */
    public Map<String, Series> series() {
        return Collections.unmodifiableMap(series);
    }

    /** Every SLI as configured (its kind, thresholds, source), keyed {@code service/sli}, in document order. */
    public Map<String, SliSpec> specs() {
        return Collections.unmodifiableMap(specs);
    }

    /** The kind of SLI {@code sli} of {@code service}. */
    public SliKind kindOf(String service, String sli) {
        SliSpec spec = specs.get(key(service, sli));
        if (spec == null) {
            throw new IllegalArgumentException("unknown SLI '" + key(service, sli) + "'; known: " + specs.keySet());
        }
        return spec.kind();
    }

    /** Every objective, in document order, bound to its indicator. */
    public List<BoundObjective> objectives() {
        return Collections.unmodifiableList(objectives);
    }

    /** Evaluates every objective at {@code atMillis}: SLI, budget, burn rates and alerts, and tasks open too long. */
    public List<ObjectiveReport> evaluate(long atMillis) {
        List<ObjectiveReport> reports = new ArrayList<>();
        for (BoundObjective o : objectives) {
            SloStatus status = Slo.evaluate(o.objective(), o.indicator(), atMillis);
            List<WorkOpenItem> openTooLong = List.of();
            if (o.spec().alertOpenPast().isPresent() && o.sli().kind() == SliKind.WORK) {
                openTooLong = work(o.service(), o.sli().name()).openOlderThan(atMillis, o.spec().alertOpenPast().get());
            }
            reports.add(new ObjectiveReport(o, status, openTooLong));
        }
        return reports;
    }

    /**
     * Samples each SLI's series refused so far, by reason, leaving out SLIs and reasons with none; keys
     * are {@code service/sli}.
     */
    public Map<String, Map<Rejection, Long>> rejections() {
        Map<String, Map<Rejection, Long>> all = new LinkedHashMap<>();
        for (Map.Entry<String, Series> e : series.entrySet()) {
            Map<Rejection, Long> counts = e.getValue().rejections();
            Map<Rejection, Long> nonZero = new EnumMap<>(Rejection.class);
            counts.forEach((reason, n) -> {
                if (n > 0) {
                    nonZero.put(reason, n);
                }
            });
            if (!nonZero.isEmpty()) {
                all.put(e.getKey(), Collections.unmodifiableMap(nonZero));
            }
        }
        return Collections.unmodifiableMap(all);
    }

    /** The options every series records with. */
    public SeriesOptions options() {
        return options;
    }

    /** Builds the alert policy of an objective spec. */
    static final class AlertPolicies {
        private AlertPolicies() {
        }

        static AlertPolicy of(ObjectiveSpec spec) {
            return spec.alerts().isEmpty() ? AlertPolicy.of(List.of()) : AlertPolicy.of(spec.alerts());
        }
    }
}
