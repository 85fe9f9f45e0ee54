package dev.sli.core.slo;

import dev.sli.core.window.Window;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A service-level objective: a target good fraction for an SLI over a window, how its budget is counted,
 * what missing data counts as, and when to alert. Immutable and thread-safe; made with {@link #builder()},
 * whose {@link Builder#build()} throws {@link IllegalArgumentException} naming the field, value and rule.
 */
public final class Objective {

    private final String name;
    private final double target;
    private final BigDecimal allowedBadDecimal;
    private final double burnPerBadFraction;
    private final Window window;
    private final BudgetingMethod budgetingMethod;
    private final OptionalDouble timesliceTarget;
    private final MissingDataPolicy missingDataPolicy;
    private final AlertPolicy alertPolicy;

    private Objective(Builder b) {
        this.name = b.name;
        this.target = b.target;
        this.allowedBadDecimal = BigDecimal.ONE.subtract(BigDecimal.valueOf(b.target));
        this.burnPerBadFraction = BigDecimal.ONE.divide(allowedBadDecimal, MathContext.DECIMAL128).doubleValue();
        this.window = b.window;
        this.budgetingMethod = b.budgetingMethod;
        this.timesliceTarget = b.timesliceTarget == null ? OptionalDouble.empty() : OptionalDouble.of(b.timesliceTarget);
        this.missingDataPolicy = b.missingDataPolicy;
        this.alertPolicy = b.alertPolicy;
    }

    /** A builder with budgeting method OCCURRENCES, missing data EXCLUDE and {@link AlertPolicy#DEFAULT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The objective's name, not blank. */
    public String name() {
        return name;
    }

    /** The target good fraction, in (0, 1) exclusive: 0.99 means 99 %. */
    public double target() {
        return target;
    }

    /**
     * 1 − target, taken in decimal (the target as written, 0.99, not the binary double just below it), so
     * that 99 % of 3 weeks is 302.4 min and not 302.40000000000026.
     */
    BigDecimal allowedBadDecimal() {
        return allowedBadDecimal;
    }

    /** The double nearest 1 ÷ (1 − target) in decimal: exactly 100 for 99 %. */
    double burnPerBadFraction() {
        return burnPerBadFraction;
    }

    /** The window the objective is measured and budgeted over. */
    public Window window() {
        return window;
    }

    /** How the budget is counted. */
    public BudgetingMethod budgetingMethod() {
        return budgetingMethod;
    }

    /**
     * For {@link BudgetingMethod#TIMESLICES}, the ratio in (0, 1] a slice must reach to be good; the
     * {@link Indicator} applies it when it classifies slices. Empty for the other methods.
     */
    public OptionalDouble timesliceTarget() {
        return timesliceTarget;
    }

    /** What unknown amounts count as. */
    public MissingDataPolicy missingDataPolicy() {
        return missingDataPolicy;
    }

    /** The burn-rate alert tiers. */
    public AlertPolicy alertPolicy() {
        return alertPolicy;
    }

    @Override
    public String toString() {
        return "Objective[" + name + ": " + target + " over " + window + ", " + budgetingMethod
                + (timesliceTarget.isPresent() ? " at " + timesliceTarget.getAsDouble() + " per slice" : "")
                + ", missing data " + missingDataPolicy + "]";
    }

    /**
     * Collects the fields of an {@link Objective}. Not thread-safe; use one builder per thread. Setters
     * throw {@link NullPointerException} for null; {@link #build()} checks everything else.
     */
    public static final class Builder {
        private String name;
        private Double target;
        private Window window;
        private BudgetingMethod budgetingMethod = BudgetingMethod.OCCURRENCES;
        private Double timesliceTarget;
        private MissingDataPolicy missingDataPolicy = MissingDataPolicy.EXCLUDE;
        private AlertPolicy alertPolicy = AlertPolicy.DEFAULT;

        private Builder() {
        }

        /** Sets the name (required, not blank). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Sets the target good fraction (required, in (0, 1) exclusive: 0.99 for 99 %). */
        public Builder target(double target) {
            this.target = target;
            return this;
        }

        /** Sets the window (required). */
        public Builder window(Window window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /** Sets the budgeting method (default OCCURRENCES). */
        public Builder budgetingMethod(BudgetingMethod budgetingMethod) {
            this.budgetingMethod = Objects.requireNonNull(budgetingMethod, "budgetingMethod");
            return this;
        }

        /** Sets the per-slice target (required for TIMESLICES, in (0, 1]; not allowed otherwise). */
        public Builder timesliceTarget(double timesliceTarget) {
            this.timesliceTarget = timesliceTarget;
            return this;
        }

        /** Sets what unknown amounts count as (default EXCLUDE). */
        public Builder missingDataPolicy(MissingDataPolicy missingDataPolicy) {
            this.missingDataPolicy = Objects.requireNonNull(missingDataPolicy, "missingDataPolicy");
            return this;
        }

        /** Sets the alert tiers (default {@link AlertPolicy#DEFAULT}). */
        public Builder alertPolicy(AlertPolicy alertPolicy) {
            this.alertPolicy = Objects.requireNonNull(alertPolicy, "alertPolicy");
            return this;
        }

        /**
         * The objective.
         *
         * @throws IllegalArgumentException if the name is missing or blank, the target or window is missing,
         *     the target is outside (0, 1), or the timeslice target is missing for TIMESLICES, outside
         *     (0, 1], or set for another method
         */
        public Objective build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, got " + (name == null ? "null" : "\"" + name + "\""));
            }
            if (target == null) {
                throw new IllegalArgumentException("target is required");
            }
            if (!(target > 0 && target < 1)) {
                throw new IllegalArgumentException(
                        "target must be in (0, 1) exclusive, a fraction such as 0.99, got " + target);
            }
            if (window == null) {
                throw new IllegalArgumentException("window is required");
            }
            if (budgetingMethod == BudgetingMethod.TIMESLICES) {
                if (timesliceTarget == null) {
                    throw new IllegalArgumentException("timesliceTarget is required when budgetingMethod is TIMESLICES");
                }
                if (!(timesliceTarget > 0 && timesliceTarget <= 1)) {
                    throw new IllegalArgumentException("timesliceTarget must be in (0, 1], got " + timesliceTarget);
                }
            } else if (timesliceTarget != null) {
                throw new IllegalArgumentException("timesliceTarget must not be set when budgetingMethod is "
                        + budgetingMethod + ", got " + timesliceTarget);
            }
            return new Objective(this);
        }
    }
}
