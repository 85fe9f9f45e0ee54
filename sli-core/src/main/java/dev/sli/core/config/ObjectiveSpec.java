package dev.sli.core.config;

import dev.sli.core.slo.AlertTier;
import dev.sli.core.slo.MissingDataPolicy;
import dev.sli.core.window.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One objective on an SLI, as configured: an {@link ObjectiveType#SLA} or {@link ObjectiveType#SLO}
 * with a target fraction, a window, a budgeting method, a missing-data policy and optionally a threshold
 * override, the allowance the source document states, burn-rate alert tiers and an alert for work items
 * open too long. Immutable; build with {@link #builder}.
 */
public final class ObjectiveSpec {

    private final String name;
    private final ObjectiveType type;
    private final String sli;
    private final double target;
    private final Window window;
    private final BudgetingSpec budgeting;
    private final MissingDataPolicy missingData;
    private final Duration threshold;
    private final StatedAllowance statedAllowance;
    private final List<AlertTier> alerts;
    private final Duration alertOpenPast;
    private final String description;
    private final String assumption;

    private ObjectiveSpec(Builder b) {
        name = b.name;
        type = b.type;
        sli = b.sli;
        target = b.target;
        window = b.window;
        budgeting = b.budgeting;
        missingData = b.missingData;
        threshold = b.threshold;
        statedAllowance = b.statedAllowance;
        alerts = List.copyOf(b.alerts);
        alertOpenPast = b.alertOpenPast;
        description = b.description;
        assumption = b.assumption;
    }

    /** A builder for the objective {@code name} of {@code type} on the SLI named {@code sli}. */
    public static Builder builder(String name, ObjectiveType type, String sli) {
        return new Builder(name, type, sli);
    }

    public String name() {
        return name;
    }

    public ObjectiveType type() {
        return type;
    }

    /** The name of the SLI (of the same service) this objective is on. */
    public String sli() {
        return sli;
    }

    /** The good fraction to reach, in (0, 1). */
    public double target() {
        return target;
    }

    public Window window() {
        return window;
    }

    public BudgetingSpec budgeting() {
        return budgeting;
    }

    /** What time or slices with no data count as. */
    public MissingDataPolicy missingData() {
        return missingData;
    }

    /** The threshold for this objective when it differs from the SLI's. */
    public Optional<Duration> threshold() {
        return Optional.ofNullable(threshold);
    }

    /** The error budget as the source document states it, if it does. */
    public Optional<StatedAllowance> statedAllowance() {
        return Optional.ofNullable(statedAllowance);
    }

    /** Burn-rate alert tiers; empty when the objective does not alert on its budget. */
    public List<AlertTier> alerts() {
        return alerts;
    }

    /** For work SLIs: alert on any item still open after this long. */
    public Optional<Duration> alertOpenPast() {
        return Optional.ofNullable(alertOpenPast);
    }

    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** What was assumed where the source document is silent. */
    public Optional<String> assumption() {
        return Optional.ofNullable(assumption);
    }

    @Override
    public String toString() {
        return type + " " + name + " on " + sli + ": " + target + " over " + window;
    }

    /** Builds an {@link ObjectiveSpec}; not thread-safe. Setters check each value, {@link #build} what is missing. */
    public static final class Builder {
        private final String name;
        private final ObjectiveType type;
        private final String sli;
        private double target = Double.NaN;
        private Window window;
        private BudgetingSpec budgeting;
        private MissingDataPolicy missingData;
        private Duration threshold;
        private StatedAllowance statedAllowance;
        private final List<AlertTier> alerts = new ArrayList<>();
        private Duration alertOpenPast;
        private String description;
        private String assumption;

        private Builder(String name, ObjectiveType type, String sli) {
            this.name = name;
            this.type = type;
            this.sli = sli;
        }

        /** The good fraction, in (0, 1): 0.99 for 99 %. */
        public Builder target(double target) {
            this.target = Checks.target("target", target);
            return this;
        }

        public Builder window(Window window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        public Builder budgeting(BudgetingSpec budgeting) {
            this.budgeting = Objects.requireNonNull(budgeting, "budgeting");
            return this;
        }

        public Builder missingData(MissingDataPolicy missingData) {
            this.missingData = Objects.requireNonNull(missingData, "missingData");
            return this;
        }

        public Builder threshold(Duration threshold) {
            this.threshold = Checks.positive("threshold", threshold);
            return this;
        }

        public Builder statedAllowance(StatedAllowance statedAllowance) {
            this.statedAllowance = Objects.requireNonNull(statedAllowance, "statedAllowance");
            return this;
        }

        /** Adds an alert tier. */
        public Builder alert(AlertTier tier) {
            alerts.add(Objects.requireNonNull(tier, "tier"));
            return this;
        }

        public Builder alertOpenPast(Duration alertOpenPast) {
            this.alertOpenPast = Checks.positive("alertOpenPast", alertOpenPast);
            return this;
        }

        public Builder description(String description) {
            this.description = Checks.text("description", description);
            return this;
        }

        public Builder assumption(String assumption) {
            this.assumption = Checks.text("assumption", assumption);
            return this;
        }

        /**
         * The objective.
         *
         * @throws IllegalArgumentException if the name is invalid or the type, SLI, target, window,
         *     budgeting method or missing-data policy is missing
         */
        public ObjectiveSpec build() {
            Checks.name("name", name);
            Checks.required("type", type);
            Checks.name("sli", sli);
            if (Double.isNaN(target)) {
                throw new InvalidValueException("target", "required field is missing");
            }
            Checks.required("window", window);
            Checks.required("budgeting", budgeting);
            Checks.required("missingData", missingData);
            return new ObjectiveSpec(this);
        }
    }
}
