package dev.sli.core.slo;

import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.WindowSpan;
import java.util.List;

/**
 * The outcome of evaluating an {@link AlertPolicy} at one instant: for each tier its threshold, its
 * long- and short-window {@link BurnRate}, whether it fires and whether a faster tier of the same
 * severity already fires, plus the overall {@link Decision}. Immutable and thread-safe.
 */
public final class AlertEvaluation {

    /**
     * A burn rate reaches its threshold when rate ≥ factor × (1 − this): a relative tolerance far above
     * double rounding (about 1e-16) and far below any real difference in rates, so that a rate equal to the
     * threshold in decimal arithmetic (144 bad of 1000 at 99 % against 14.4) fires.
     */
    static final double THRESHOLD_TOLERANCE = 1e-12;

    /** Whom to notify overall. */
    public enum Decision {
        /** Some PAGE tier fires. */
        PAGE,
        /** No PAGE tier fires, some TICKET tier does. */
        TICKET,
        /** No tier fires. */
        NONE
    }

    /** One tier's result. Immutable and thread-safe. */
    public static final class TierResult {
        private final AlertTier tier;
        private final double factor;
        private final BurnRate longBurn;
        private final BurnRate shortBurn;
        private final boolean firing;
        private final boolean suppressed;

        TierResult(AlertTier tier, double factor, BurnRate longBurn, BurnRate shortBurn, boolean suppressed) {
            this.tier = tier;
            this.factor = factor;
            this.longBurn = longBurn;
            this.shortBurn = shortBurn;
            this.firing = reaches(longBurn, factor) && reaches(shortBurn, factor);
            this.suppressed = suppressed;
        }

        private static boolean reaches(BurnRate burn, double factor) {
            return burn.rate() >= factor * (1 - THRESHOLD_TOLERANCE);
        }

        /** The tier evaluated. */
        public AlertTier tier() {
            return tier;
        }

        /** The burn-rate threshold, derived from the SLO period (see {@link AlertTier#factor}). */
        public double factor() {
            return factor;
        }

        /** The burn rate over the long window, which ends where the last sealed bucket ends. */
        public BurnRate longBurn() {
            return longBurn;
        }

        /** The burn rate over the short window, which ends where the long one does. */
        public BurnRate shortBurn() {
            return shortBurn;
        }

        /** Whether both burn rates reach the factor; a window with no data never does. */
        public boolean firing() {
            return firing;
        }

        /** Whether a tier of the same severity with a shorter long window fires, so this one adds nothing. */
        public boolean suppressed() {
            return suppressed;
        }

        @Override
        public String toString() {
            return tier.severity() + " " + tier.longWindow() + "/" + tier.shortWindow() + " factor " + factor
                    + ": long " + longBurn.rate() + ", short " + shortBurn.rate()
                    + (firing ? " FIRING" : "") + (suppressed ? " suppressed" : "");
        }
    }

    private final long evaluatedAtMillis;
    private final List<TierResult> tiers;
    private final Decision decision;

    private AlertEvaluation(long evaluatedAtMillis, List<TierResult> tiers, Decision decision) {
        this.evaluatedAtMillis = evaluatedAtMillis;
        this.tiers = tiers;
        this.decision = decision;
    }

    /**
     * Evaluates the objective's tiers at {@code atMillis}: every window ends at {@code grid.alignDown(atMillis)};
     * factors come from a period of {@code periodMillis}. Two measurements and a constant amount of
     * arithmetic per tier; no streams, no formatting unless it throws.
     */
    static AlertEvaluation evaluate(Objective objective, Indicator indicator, long atMillis, BucketGrid grid,
            long periodMillis) {
        List<AlertTier> policyTiers = objective.alertPolicy().tiers();
        int n = policyTiers.size();
        TierResult[] results = new TierResult[n];
        long end = grid.alignDown(atMillis);
        long resolution = grid.resolutionMillis();
        boolean pageFiring = false;
        boolean ticketFiring = false;
        for (int i = 0; i < n; i++) {
            AlertTier tier = policyTiers.get(i);
            long longMillis = tier.longWindowMillis();
            long shortMillis = tier.shortWindowMillis();
            if (longMillis % resolution != 0 || shortMillis % resolution != 0) {
                throw new IllegalArgumentException("alert tier windows " + tier.longWindow() + " and "
                        + tier.shortWindow() + " must be whole numbers of " + grid.resolution() + " buckets");
            }
            BurnRate longBurn = new BurnRate(objective, indicator.measure(new WindowSpan(end - longMillis, end)));
            BurnRate shortBurn = new BurnRate(objective, indicator.measure(new WindowSpan(end - shortMillis, end)));
            boolean page = tier.severity() == AlertTier.Severity.PAGE;
            // Tiers are sorted by severity, then long window: a faster tier of this severity came earlier.
            TierResult result = new TierResult(tier, tier.factor(periodMillis), longBurn, shortBurn,
                    page ? pageFiring : ticketFiring);
            results[i] = result;
            if (result.firing) {
                if (page) {
                    pageFiring = true;
                } else {
                    ticketFiring = true;
                }
            }
        }
        Decision decision = pageFiring ? Decision.PAGE : ticketFiring ? Decision.TICKET : Decision.NONE;
        return new AlertEvaluation(atMillis, List.of(results), decision);
    }

    /** The instant evaluated, in epoch milliseconds. */
    public long evaluatedAtMillis() {
        return evaluatedAtMillis;
    }

    /** Per-tier results, in the policy's order (PAGE first, then by long window); unmodifiable. */
    public List<TierResult> tiers() {
        return tiers;
    }

    /** PAGE if any page tier fires, else TICKET if any ticket tier fires, else NONE. */
    public Decision decision() {
        return decision;
    }

    @Override
    public String toString() {
        return "AlertEvaluation[" + decision + " at " + evaluatedAtMillis + ", " + tiers + "]";
    }
}
