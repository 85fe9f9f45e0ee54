package dev.sli.core.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The burn-rate alert tiers of an SLO, kept sorted: {@link AlertTier.Severity#PAGE} tiers first, then by
 * long window, fastest first. Immutable and thread-safe; {@link #of} throws
 * {@link IllegalArgumentException} when two tiers share a severity and a long window.
 */
public final class AlertPolicy {

    private static final Comparator<AlertTier> ORDER =
            Comparator.comparing(AlertTier::severity).thenComparingLong(AlertTier::longWindowMillis);

    /**
     * The Google SRE Workbook tiers: page on 2 % of the budget in 1 h (confirmed over 5 min) and 5 % in
     * 6 h (30 min); ticket on 10 % in 1 d (2 h) and 10 % in 3 d (6 h).
     */
    public static final AlertPolicy DEFAULT = of(List.of(
            AlertTier.page(0.02, Duration.ofHours(1), Duration.ofMinutes(5)),
            AlertTier.page(0.05, Duration.ofHours(6), Duration.ofMinutes(30)),
            AlertTier.ticket(0.10, Duration.ofDays(1), Duration.ofHours(2)),
            AlertTier.ticket(0.10, Duration.ofDays(3), Duration.ofHours(6))));

    private final List<AlertTier> tiers;

    private AlertPolicy(List<AlertTier> tiers) {
        this.tiers = tiers;
    }

    /**
     * A policy of {@code tiers}, in any order; an empty list never alerts.
     *
     * @throws IllegalArgumentException if two tiers have the same severity and long window
     */
    public static AlertPolicy of(List<AlertTier> tiers) {
        Objects.requireNonNull(tiers, "tiers");
        List<AlertTier> sorted = new ArrayList<>(tiers.size());
        for (AlertTier tier : tiers) {
            sorted.add(Objects.requireNonNull(tier, "tier"));
        }
        sorted.sort(ORDER);
        for (int i = 1; i < sorted.size(); i++) {
            AlertTier previous = sorted.get(i - 1);
            AlertTier tier = sorted.get(i);
            if (previous.severity() == tier.severity() && previous.longWindowMillis() == tier.longWindowMillis()) {
                throw new IllegalArgumentException("tiers must not share severity and longWindow, got two "
                        + tier.severity() + " tiers with longWindow " + tier.longWindow());
            }
        }
        return new AlertPolicy(List.copyOf(sorted));
    }

    /** A policy of {@code tiers}; see {@link #of(List)}. */
    public static AlertPolicy of(AlertTier... tiers) {
        return of(List.of(tiers));
    }

    /** The tiers, sorted PAGE first, then by long window; unmodifiable. */
    public List<AlertTier> tiers() {
        return tiers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertPolicy p && p.tiers.equals(tiers);
    }

    @Override
    public int hashCode() {
        return tiers.hashCode();
    }

    @Override
    public String toString() {
        return "AlertPolicy" + tiers;
    }
}
