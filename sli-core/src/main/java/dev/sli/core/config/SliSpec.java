package dev.sli.core.config;

import dev.sli.core.source.SourceSpec;
import dev.sli.core.source.SourceSpec.Role;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One SLI of a service as configured: its name, {@link SliKind} and the fields that kind has (a
 * threshold, a quantile, workloads, a probe check). Immutable; build with {@link #builder}, which
 * rejects fields that do not belong to the kind.
 */
public final class SliSpec {

    /** How long a readiness series may go unseen before its time stops accruing, as in Prometheus. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);
    /** How often a probe is assumed to run when no interval is given. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMinutes(1);

    private final String name;
    private final SliKind kind;
    private final String description;
    private final String assumption;
    private final Map<String, String> labels;
    private final Duration threshold;
    private final Double quantile;
    private final List<String> workloads;
    private final ReadinessMeasure availability;
    private final Duration staleAfter;
    private final String check;
    private final Duration interval;
    private final SourceSpec source;

    private SliSpec(Builder b) {
        name = b.name;
        kind = b.kind;
        description = b.description;
        assumption = b.assumption;
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        threshold = b.threshold;
        quantile = b.quantile;
        workloads = b.workloads == null ? List.of() : b.workloads;
        availability = b.availability;
        staleAfter = kind == SliKind.READINESS && b.staleAfter == null ? DEFAULT_STALE_AFTER : b.staleAfter;
        check = b.check;
        interval = kind == SliKind.PROBE && b.interval == null ? DEFAULT_PROBE_INTERVAL : b.interval;
        source = b.source;
    }

    /** A builder for an SLI named {@code name} of {@code kind}. */
    public static Builder builder(String name, SliKind kind) {
        return new Builder(name, kind);
    }

    public String name() {
        return name;
    }

    public SliKind kind() {
        return kind;
    }

    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** What was assumed where the source document is silent. */
    public Optional<String> assumption() {
        return Optional.ofNullable(assumption);
    }

    /** Labels that select the series this SLI reads (empty when it reads its own series by name). */
    public Map<String, String> labels() {
        return labels;
    }

    /** The default threshold of objectives on this SLI (latency and work only). */
    public Optional<Duration> threshold() {
        return Optional.ofNullable(threshold);
    }

    /** For a percentile latency SLI, the quantile in [0, 1] that each time slice is judged by. */
    public OptionalDouble quantile() {
        return quantile == null ? OptionalDouble.empty() : OptionalDouble.of(quantile);
    }

    /** Whether this is a percentile latency SLI (good slices) rather than a threshold one (good requests). */
    public boolean isPercentile() {
        return quantile != null;
    }

    /** The workloads a readiness SLI watches; empty for other kinds. */
    public List<String> workloads() {
        return workloads;
    }

    /** What a readiness SLI counts as good; absent for other kinds. */
    public Optional<ReadinessMeasure> availability() {
        return Optional.ofNullable(availability);
    }

    /** How long a readiness series may go unseen before its time is unknown; absent for other kinds. */
    public Optional<Duration> staleAfter() {
        return Optional.ofNullable(staleAfter);
    }

    /** The black-box check a probe SLI reads (a URL or check id); absent for other kinds. */
    public Optional<String> check() {
        return Optional.ofNullable(check);
    }

    /** How often the probe runs; absent for other kinds. */
    /** Which metric series feed this SLI on replay or from Micrometer, if the config says. */
    public Optional<SourceSpec> source() {
        return Optional.ofNullable(source);
    }

    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " SLI " + name;
    }

    /** "a latency SLI", "an outcome SLI". */
    static String describe(SliKind kind) {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return (name.startsWith("o") ? "an " : "a ") + name + " SLI";
    }

    /** Builds an {@link SliSpec}; not thread-safe. {@link #build} rejects fields the kind does not have. */
    public static final class Builder {
        private final String name;
        private final SliKind kind;
        private String description;
        private String assumption;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Duration threshold;
        private Double quantile;
        private List<String> workloads;
        private ReadinessMeasure availability;
        private Duration staleAfter;
        private String check;
        private Duration interval;
        private SourceSpec source;

        private Builder(String name, SliKind kind) {
            this.name = name;
            this.kind = kind;
        }

        public Builder description(String description) {
            this.description = Checks.text("description", description);
            return this;
        }

        public Builder assumption(String assumption) {
            this.assumption = Checks.text("assumption", assumption);
            return this;
        }

        /** Adds a label that selects the series. */
        public Builder label(String label, String value) {
            Checks.required("labels", label);
            if (label.isEmpty()) {
                throw new InvalidValueException("labels", "a label name is empty");
            }
            labels.put(label, Checks.required("labels." + label, value));
            return this;
        }

        public Builder threshold(Duration threshold) {
            this.threshold = Checks.positive("threshold", threshold);
            return this;
        }

        public Builder quantile(double quantile) {
            this.quantile = Checks.quantile("quantile", quantile);
            return this;
        }

        public Builder workloads(List<String> workloads) {
            List<String> copy = List.copyOf(workloads);
            if (copy.isEmpty()) {
                throw new InvalidValueException("workloads", "is empty; name at least one workload");
            }
            for (int i = 0; i < copy.size(); i++) {
                Checks.name("workloads[" + i + "]", copy.get(i));
                if (copy.indexOf(copy.get(i)) != i) {
                    throw new InvalidValueException("workloads[" + i + "]", Json.quote(copy.get(i)) + " is listed twice");
                }
            }
            this.workloads = copy;
            return this;
        }

        public Builder availability(ReadinessMeasure availability) {
            this.availability = availability;
            return this;
        }

        public Builder staleAfter(Duration staleAfter) {
            this.staleAfter = Checks.positive("staleAfter", staleAfter);
            return this;
        }

        public Builder check(String check) {
            this.check = Checks.text("check", check);
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = Checks.positive("interval", interval);
            return this;
        }

        /** Sets which metric series feed this SLI on replay or from Micrometer; checked against the kind at {@link #build}. */
        public Builder source(SourceSpec source) {
            this.source = source;
            return this;
        }

        /**
         * The SLI.
         *
         * @throws IllegalArgumentException if the name is invalid, a field the kind needs is missing, or
         *     a field is set that the kind does not have
         */
        public SliSpec build() {
            Checks.name("name", name);
            Checks.required("kind", kind);
            onlyFor(threshold, "threshold", kind.hasThreshold());
            onlyFor(quantile, "quantile", kind == SliKind.LATENCY);
            onlyFor(workloads, "workloads", kind == SliKind.READINESS);
            onlyFor(availability, "availability", kind == SliKind.READINESS);
            onlyFor(staleAfter, "staleAfter", kind == SliKind.READINESS);
            onlyFor(check, "check", kind == SliKind.PROBE);
            onlyFor(interval, "interval", kind == SliKind.PROBE);
            if (kind == SliKind.READINESS) {
                Checks.required("workloads", workloads);
                Checks.required("availability", availability);
            }
            if (kind == SliKind.PROBE) {
                Checks.required("check", check);
            }
            if (source != null) {
                checkSource(kind, source);
            }
            return new SliSpec(this);
        }

        private static void checkSource(SliKind kind, SourceSpec source) {
            Set<Role> allowed = rolesOf(kind);
            for (Role role : source.selectors().keySet()) {
                if (!allowed.contains(role)) {
                    throw new InvalidValueException("source." + role.configName(),
                            "is not a role of " + describe(kind) + "; it takes " + names(allowed));
                }
            }
            Set<Role> given = source.selectors().keySet();
            switch (kind) {
                case LATENCY: {
                    long feeds = given.stream().filter(r -> r != Role.BAD).count();
                    if (feeds != 1) {
                        throw new InvalidValueException("source",
                                "a latency SLI is fed by exactly one of histogram, gauge, timer; got " + names(given));
                    }
                    if (given.contains(Role.GAUGE) && source.unit().isEmpty()) {
                        throw new InvalidValueException("source.unit",
                                "is required with a gauge: say whether its values are s, ms, us or ns");
                    }
                    break;
                }
                case OUTCOME:
                    if (!given.contains(Role.TOTAL) || given.contains(Role.BAD) == given.contains(Role.GOOD)) {
                        throw new InvalidValueException("source",
                                "an outcome SLI takes total and exactly one of bad, good; got " + names(given));
                    }
                    break;
                case READINESS:
                    if (!given.contains(Role.DESIRED) || !given.contains(Role.READY)) {
                        throw new InvalidValueException("source", "a readiness SLI takes desired and ready; got " + names(given));
                    }
                    break;
                case WORK:
                    if (!given.contains(Role.STARTED) || !given.contains(Role.FINISHED)) {
                        throw new InvalidValueException("source", "a work SLI takes started and finished; got " + names(given));
                    }
                    break;
                default:
                    break;
            }
            if (source.unit().isPresent() && kind != SliKind.LATENCY) {
                throw new InvalidValueException("source.unit", "is a field of a latency SLI's source only");
            }
        }

        private static String names(Set<Role> roles) {
            StringBuilder out = new StringBuilder();
            for (Role r : roles) {
                out.append(out.length() == 0 ? "" : ", ").append(r.configName());
            }
            return out.length() == 0 ? "nothing" : out.toString();
        }

        private void onlyFor(Object value, String field, boolean allowed) {
            if (value != null && !allowed) {
                throw new InvalidValueException(field, "is not a field of " + describe(kind));
            }
        }
    }

    /** The source roles an SLI of {@code kind} takes. */
    public static Set<Role> rolesOf(SliKind kind) {
        switch (kind) {
            case LATENCY: return java.util.EnumSet.of(Role.HISTOGRAM, Role.GAUGE, Role.TIMER, Role.BAD);
            case OUTCOME: return java.util.EnumSet.of(Role.TOTAL, Role.BAD, Role.GOOD);
            case READINESS: return java.util.EnumSet.of(Role.DESIRED, Role.READY);
            case PROBE: return java.util.EnumSet.of(Role.UP);
            default: return java.util.EnumSet.of(Role.STARTED, Role.FINISHED);
        }
    }
}
