package dev.sli.core.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which metric series feed one SLI when its data comes from elsewhere (a Prometheus export, a live
 * Prometheus-compatible API, Micrometer meters): a {@link Selector} per {@link Role}, and for latency
 * gauges the unit of their values. Which roles an SLI kind takes is in {@link Role}. Immutable and
 * thread-safe; build with {@link #builder()}.
 *
 * <p>In the JSON config it is the SLI's {@code "source"} object, for example
 * <pre>{@code
 * "source": {"desired": "kube_workload_status_desired{kube_namespace_name=\"101ed4-prod\"}",
 *            "ready":   "kube_workload_status_ready{kube_namespace_name=\"101ed4-prod\"}",
 *            "workloadLabel": "kube_workload_name"}
 * }</pre>
 */
public final class SourceSpec {

    /** The default label that names a workload in readiness series (kube-state-metrics, Sysdig). */
    public static final String DEFAULT_WORKLOAD_LABEL = "kube_workload_name";
    /** The default label that names a work item in start/finish series. */
    public static final String DEFAULT_ID_LABEL = "id";

    /** What a selected series means to the SLI. */
    public enum Role {
        /** latency: a classic Prometheus histogram ({@code _bucket{le}}, {@code _count}); seconds unless {@code unit} says otherwise. */
        HISTOGRAM("histogram"),
        /** latency: a gauge whose every sample is one observed duration, in {@code unit} (Sysdig's request time is in ns). */
        GAUGE("gauge"),
        /** latency: a Micrometer timer (name and tags). */
        TIMER("timer"),
        /** outcome: a counter of all requests or events (Micrometer: a counter or a timer's count). */
        TOTAL("total"),
        /** outcome and latency: the requests that count as bad; matchers added to the total's (a metric name is optional). */
        BAD("bad"),
        /** outcome: the requests that count as good, when the source counts those instead of the bad ones. */
        GOOD("good"),
        /** readiness: desired replicas per workload (a gauge). */
        DESIRED("desired"),
        /** readiness: ready replicas per workload (a gauge). */
        READY("ready"),
        /** probe: 1 when the check passed, 0 when it failed (a gauge, as {@code probe_success}). */
        UP("up"),
        /** work: a gauge per item holding its start time in Unix seconds. */
        STARTED("started"),
        /** work: a gauge per item holding its finish time in Unix seconds. */
        FINISHED("finished");

        private final String configName;

        Role(String configName) {
            this.configName = configName;
        }

        /** The field name in the config's {@code "source"} object. */
        public String configName() {
            return configName;
        }
    }

    private final Map<Role, Selector> selectors;
    private final String unit;
    private final String workloadLabel;
    private final String idLabel;

    private SourceSpec(Builder b) {
        selectors = Collections.unmodifiableMap(new LinkedHashMap<>(b.selectors));
        unit = b.unit;
        workloadLabel = b.workloadLabel == null ? DEFAULT_WORKLOAD_LABEL : b.workloadLabel;
        idLabel = b.idLabel == null ? DEFAULT_ID_LABEL : b.idLabel;
    }

    /** A builder with no roles. */
    public static Builder builder() {
        return new Builder();
    }

    /** The selector for {@code role}, if given. */
    public Optional<Selector> selector(Role role) {
        return Optional.ofNullable(selectors.get(role));
    }

    /** Every role given, in the order given. */
    public Map<Role, Selector> selectors() {
        return selectors;
    }

    /** The unit of latency values: {@code s}, {@code ms}, {@code us} or {@code ns}; empty means seconds. */
    public Optional<String> unit() {
        return Optional.ofNullable(unit);
    }

    /** Nanoseconds per unit of latency values (1e9 for seconds, the default). */
    public double nanosPerUnit() {
        return nanosPer(unit == null ? "s" : unit);
    }

    /** The label naming a workload in readiness series. */
    public String workloadLabel() {
        return workloadLabel;
    }

    /** The label naming a work item in start/finish series. */
    public String idLabel() {
        return idLabel;
    }

    /** Nanoseconds in one {@code unit}; throws {@link IllegalArgumentException} for another unit. */
    public static double nanosPer(String unit) {
        switch (unit) {
            case "s": return 1e9;
            case "ms": return 1e6;
            case "us": return 1e3;
            case "ns": return 1;
            default:
                throw new IllegalArgumentException(Selector.excerpt(unit) + " is not a unit of latency: use s, ms, us or ns");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceSpec)) {
            return false;
        }
        SourceSpec s = (SourceSpec) o;
        return s.selectors.equals(selectors) && Objects.equals(s.unit, unit)
                && s.workloadLabel.equals(workloadLabel) && s.idLabel.equals(idLabel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(selectors, unit, workloadLabel, idLabel);
    }

    @Override
    public String toString() {
        return "SourceSpec" + selectors + (unit == null ? "" : " unit=" + unit);
    }

    /** Builds a {@link SourceSpec}; not thread-safe. */
    public static final class Builder {
        private final Map<Role, Selector> selectors = new LinkedHashMap<>();
        private String unit;
        private String workloadLabel;
        private String idLabel;

        private Builder() {
        }

        /** Sets the selector of {@code role}. */
        public Builder selector(Role role, Selector selector) {
            selectors.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(selector, "selector"));
            return this;
        }

        /** Sets the unit of latency values; throws {@link IllegalArgumentException} if it is none of s, ms, us, ns. */
        public Builder unit(String unit) {
            nanosPer(unit);
            this.unit = unit;
            return this;
        }

        public Builder workloadLabel(String workloadLabel) {
            this.workloadLabel = Objects.requireNonNull(workloadLabel, "workloadLabel");
            return this;
        }

        public Builder idLabel(String idLabel) {
            this.idLabel = Objects.requireNonNull(idLabel, "idLabel");
            return this;
        }

        /** The spec; throws {@link IllegalArgumentException} when no role is given. */
        public SourceSpec build() {
            if (selectors.isEmpty()) {
                throw new IllegalArgumentException("a source needs at least one selector");
            }
            return new SourceSpec(this);
        }
    }
}
