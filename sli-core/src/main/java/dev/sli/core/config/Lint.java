package dev.sli.core.config;

import dev.sli.core.slo.AlertTier;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.CalendarWindow;
import dev.sli.core.window.Window;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks how the parts of an {@link SloDocument} fit together, beyond what {@link ConfigReader} checks
 * value by value. Stateless and thread-safe. The rules, by id:
 *
 * <ul>
 *   <li>{@code duplicate-name} (error): two services, two SLIs of a service, or two objectives of a
 *       service share a name.
 *   <li>{@code missing-threshold} (error): an objective on a latency or work SLI with no threshold,
 *       neither its own nor the SLI's.
 *   <li>{@code threshold-not-applicable} (error): a threshold on an objective whose SLI has none (outcome,
 *       readiness, probe).
 *   <li>{@code budgeting-mismatch} (error): occurrences budgeting on a time-based SLI (readiness, probe),
 *       or anything but timeslices on a percentile SLI; (warning) probe slices shorter than the probe
 *       interval.
 *   <li>{@code window-exceeds-retention} (error): an objective's window (a calendar window's longest possible
 *       period: 366 days a year, 31 a month) is longer than the longest retention sli can keep,
 *       2<sup>24</sup> buckets of one minute (11650d20h16m, about 31.9 years). No other rule that needs the
 *       window's length is checked on such an objective.
 *   <li>{@code alert-window-exceeds-slo} (error): an alert tier whose long window is longer than the
 *       objective's window.
 *   <li>{@code alert-never-fires} (warning): an alert tier whose burn rate is above the highest the target
 *       allows, 1 / (1 − target).
 *   <li>{@code alert-open-past-not-applicable} (error): {@code alertOpenPast} on an SLI that is not of work.
 *   <li>{@code slo-looser-than-sla} (warning): an SLO with a lower target, or a larger threshold, than an
 *       SLA on the same SLI.
 *   <li>{@code sla-without-slo} (note): an SLA with no SLO on the same SLI to warn before it is breached.
 *   <li>{@code allowance-mismatch} (warning): a stated allowance that differs from (1 − target) × window
 *       by more than the tolerance: the larger of 5 % of the computed allowance and half a unit of the
 *       stated figure's last digit (so "4h" stands for anything from 3.5 h to 4.5 h, and "4.4h" for 4.35 h
 *       to 4.45 h). 99 % of 3 weeks is 5.04 h: "4.4h" is off by 0.64 h, beyond the 0.252 h tolerance;
 *       99.2 % is 4.032 h, a fair rounding of "4h".
 *   <li>{@code allowance-needs-time-budget} (warning): an allowance in time on an objective that counts
 *       events.
 *   <li>{@code target-below-half} (warning): a target under 0.5, most likely an error rate written where
 *       the good fraction belongs.
 *   <li>{@code review-overdue} (warning): {@code nextReview} is before today.
 *   <li>{@code review-too-far} (warning): {@code nextReview} is more than {@code reviewEvery} after today.
 *   <li>{@code review-unscheduled} (warning): {@code reviewEvery} without a {@code nextReview}.
 *   <li>{@code assumption} (note): each {@code assumption} written in the document, so that readers see
 *       what the source did not say.
 * </ul>
 */
public final class Lint {

    /** The share of the computed allowance that a stated one may differ by in any case. */
    static final BigDecimal ALLOWANCE_TOLERANCE = new BigDecimal("0.05");

    private final LocalDate today;
    private final List<Finding> findings = new ArrayList<>();

    private Lint(LocalDate today) {
        this.today = today;
    }

    /**
     * Every finding on {@code document} as of {@code today} (which decides the review rules), errors
     * first, then warnings, then notes, each group in document order.
     */
    public static List<Finding> check(SloDocument document, LocalDate today) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(today, "today");
        Lint lint = new Lint(today);
        lint.document(document);
        List<Finding> out = new ArrayList<>(lint.findings);
        out.sort(Comparator.comparing(Finding::severity));
        return List.copyOf(out);
    }

    private void add(Finding.Severity severity, String rule, String path, String message) {
        findings.add(new Finding(severity, rule, path, message));
    }

    private void document(SloDocument document) {
        document.assumption().ifPresent(a -> add(Finding.Severity.NOTE, "assumption", "assumption", a));
        review(document);
        Map<String, String> serviceNames = new HashMap<>();
        for (int i = 0; i < document.services().size(); i++) {
            ServiceSpec service = document.services().get(i);
            String path = Problems.index("services", i);
            unique(serviceNames, service.name(), path);
            service(service, path);
        }
    }

    private void review(SloDocument document) {
        Optional<LocalDate> next = document.nextReview();
        if (next.isPresent() && next.get().isBefore(today)) {
            add(Finding.Severity.WARNING, "review-overdue", "nextReview", "the review due on " + next.get()
                    + " is overdue (today is " + today + "); review the objectives and set the next date");
        }
        if (next.isPresent() && document.reviewEvery().isPresent()
                && next.get().isAfter(today.plus(document.reviewEvery().get()))) {
            add(Finding.Severity.WARNING, "review-too-far", "nextReview", next.get()
                    + " is further from today (" + today + ") than the review period " + document.reviewEvery().get());
        }
        if (next.isEmpty() && document.reviewEvery().isPresent()) {
            add(Finding.Severity.WARNING, "review-unscheduled", "reviewEvery", "reviews are due every "
                    + document.reviewEvery().get() + " but no nextReview date is set");
        }
    }

    private void unique(Map<String, String> seen, String name, String path) {
        String first = seen.putIfAbsent(name, path);
        if (first != null) {
            add(Finding.Severity.ERROR, "duplicate-name", path + ".name",
                    Json.quote(name) + " is also the name of " + first);
        }
    }

    private void service(ServiceSpec service, String path) {
        service.assumption().ifPresent(a -> add(Finding.Severity.NOTE, "assumption", path + ".assumption", a));
        Map<String, String> sliNames = new HashMap<>();
        for (int j = 0; j < service.slis().size(); j++) {
            SliSpec sli = service.slis().get(j);
            String sliPath = Problems.index(path + ".slis", j);
            unique(sliNames, sli.name(), sliPath);
            sli.assumption().ifPresent(a -> add(Finding.Severity.NOTE, "assumption", sliPath + ".assumption", a));
        }
        Map<String, String> objectiveNames = new HashMap<>();
        for (int k = 0; k < service.objectives().size(); k++) {
            ObjectiveSpec objective = service.objectives().get(k);
            String objectivePath = Problems.index(path + ".objectives", k);
            unique(objectiveNames, objective.name(), objectivePath);
            objective(service, objective, objectivePath);
        }
    }

    private void objective(ServiceSpec service, ObjectiveSpec objective, String path) {
        SliSpec sli = service.sliOf(objective);
        Duration window = withinRetention(objective.window(), path + ".window") ? lengthOf(objective.window()) : null;
        if (objective.target() < 0.5) {
            add(Finding.Severity.WARNING, "target-below-half", path + ".target", decimal(objective.target()).toPlainString()
                    + " is the good fraction, so it allows " + percent(BigDecimal.ONE.subtract(decimal(objective.target())))
                    + " bad; for an error rate below " + percent(decimal(objective.target())) + " write "
                    + BigDecimal.ONE.subtract(decimal(objective.target())).toPlainString());
        }
        threshold(sli, objective, path);
        budgeting(sli, objective, path);
        if (objective.alertOpenPast().isPresent() && sli.kind() != SliKind.WORK) {
            add(Finding.Severity.ERROR, "alert-open-past-not-applicable", path + ".alertOpenPast",
                    "only work SLIs have items that stay open; " + sli + " has none");
        }
        if (window != null) {
            for (int t = 0; t < objective.alerts().size(); t++) {
                alert(objective, objective.alerts().get(t), window, Problems.index(path + ".alerts", t));
            }
            objective.statedAllowance().ifPresent(a -> allowance(sli, objective, a, window, path + ".statedAllowance"));
        }
        if (objective.type() == ObjectiveType.SLO) {
            for (ObjectiveSpec other : service.objectives()) {
                if (other.type() == ObjectiveType.SLA && other.sli().equals(objective.sli())) {
                    looser(sli, objective, other, path);
                }
            }
        } else if (service.objectives().stream()
                .noneMatch(o -> o.type() == ObjectiveType.SLO && o.sli().equals(objective.sli()))) {
            add(Finding.Severity.NOTE, "sla-without-slo", path, "no SLO on " + sli
                    + " protects this SLA; an internal SLO at least as strict warns before the contract is breached");
        }
        objective.assumption().ifPresent(a -> add(Finding.Severity.NOTE, "assumption", path + ".assumption", a));
    }

    private void threshold(SliSpec sli, ObjectiveSpec objective, String path) {
        if (sli.kind().hasThreshold() && thresholdOf(sli, objective).isEmpty()) {
            add(Finding.Severity.ERROR, "missing-threshold", path, "neither this objective nor " + sli
                    + " has a threshold; set one on either (such as \"threshold\": \"2s\")");
        }
        if (!sli.kind().hasThreshold() && objective.threshold().isPresent()) {
            add(Finding.Severity.ERROR, "threshold-not-applicable", path + ".threshold",
                    "a threshold has no meaning for " + sli + "; only latency and work SLIs have one");
        }
    }

    private void budgeting(SliSpec sli, ObjectiveSpec objective, String path) {
        BudgetingSpec budgeting = objective.budgeting();
        if (sli.kind().isTimeBased() && !budgeting.isTimeBased()) {
            add(Finding.Severity.ERROR, "budgeting-mismatch", path + ".budgeting", sli
                    + " measures time, not events; budget it with timeslices or ratioTimeslices");
        } else if (sli.isPercentile() && budgeting.method() != BudgetingSpec.Method.TIMESLICES) {
            add(Finding.Severity.ERROR, "budgeting-mismatch", path + ".budgeting", sli
                    + " is a percentile, good or bad per time slice; budget it with timeslices");
        }
        if (sli.kind() == SliKind.PROBE && budgeting.slice().isPresent()
                && budgeting.slice().get().compareTo(sli.interval().orElseThrow()) < 0) {
            add(Finding.Severity.WARNING, "budgeting-mismatch", path + ".budgeting.slice", "slices of "
                    + Durations.format(budgeting.slice().get()) + " are shorter than the probe interval "
                    + Durations.format(sli.interval().get()) + ", so some slices have no check at all");
        }
    }

    private void alert(ObjectiveSpec objective, AlertTier tier, Duration window, String path) {
        if (tier.longWindow().compareTo(window) > 0) {
            add(Finding.Severity.ERROR, "alert-window-exceeds-slo", path + ".longWindow",
                    Durations.format(tier.longWindow()) + " is longer than the objective's window of "
                            + Durations.format(window) + "; the burn rate would count data outside the window");
            return;
        }
        BigDecimal burnRate = decimal(tier.budgetFraction()).multiply(BigDecimal.valueOf(window.toMillis()))
                .divide(BigDecimal.valueOf(tier.longWindow().toMillis()), MathContext.DECIMAL64);
        BigDecimal highest = BigDecimal.ONE.divide(BigDecimal.ONE.subtract(decimal(objective.target())), MathContext.DECIMAL64);
        if (burnRate.compareTo(highest) > 0) {
            add(Finding.Severity.WARNING, "alert-never-fires", path + ".budgetFraction", "spending "
                    + percent(decimal(tier.budgetFraction())) + " of the budget in "
                    + Durations.format(tier.longWindow()) + " is a burn rate of " + round(burnRate)
                    + ", but with target " + decimal(objective.target()).toPlainString()
                    + " the highest possible (everything bad) is " + round(highest) + ", so this tier can never fire");
        }
    }

    private void allowance(SliSpec sli, ObjectiveSpec objective, StatedAllowance stated, Duration window, String path) {
        BigDecimal badShare = BigDecimal.ONE.subtract(decimal(objective.target()));
        if (!objective.budgeting().isTimeBased() && !sli.kind().isTimeBased()) {
            add(Finding.Severity.WARNING, "allowance-needs-time-budget", path, "an allowance in time needs a budget in time"
                    + " (timeslices or ratioTimeslices); with occurrences the budget is " + percent(badShare)
                    + " of events");
            return;
        }
        BigDecimal computed = badShare.multiply(BigDecimal.valueOf(window.toMillis()));
        BigDecimal statedMillis = BigDecimal.valueOf(stated.duration().toMillis());
        BigDecimal tolerance = computed.multiply(ALLOWANCE_TOLERANCE)
                .max(BigDecimal.valueOf(stated.resolution().toMillis()).divide(BigDecimal.valueOf(2)));
        BigDecimal difference = statedMillis.subtract(computed).abs();
        if (difference.compareTo(tolerance) > 0) {
            String unit = stated.unit();
            add(Finding.Severity.WARNING, "allowance-mismatch", path, "stated " + stated.amount()
                    + stated.text().map(t -> " (" + Json.quote(t) + ")").orElse("") + ", but (1 - "
                    + decimal(objective.target()).toPlainString() + ") x " + Durations.format(window) + " = "
                    + Durations.formatIn(computed, unit) + "; the difference, " + Durations.formatIn(difference, unit)
                    + ", is beyond the rounding tolerance of " + Durations.formatIn(tolerance, unit));
        }
    }

    private void looser(SliSpec sli, ObjectiveSpec slo, ObjectiveSpec sla, String path) {
        String protect = "; an internal SLO should be at least as strict as the SLA it protects";
        if (slo.target() < sla.target()) {
            add(Finding.Severity.WARNING, "slo-looser-than-sla", path + ".target", "target "
                    + decimal(slo.target()).toPlainString() + " is looser than the "
                    + decimal(sla.target()).toPlainString() + " of SLA " + sla.name() + " on the same SLI" + protect);
        }
        Optional<Duration> sloThreshold = thresholdOf(sli, slo);
        Optional<Duration> slaThreshold = thresholdOf(sli, sla);
        if (sloThreshold.isPresent() && slaThreshold.isPresent() && sloThreshold.get().compareTo(slaThreshold.get()) > 0) {
            add(Finding.Severity.WARNING, "slo-looser-than-sla", slo.threshold().isPresent() ? path + ".threshold" : path,
                    "threshold " + Durations.format(sloThreshold.get()) + " is looser than the "
                            + Durations.format(slaThreshold.get()) + " of SLA " + sla.name() + " on the same SLI" + protect);
        }
    }

    private static Optional<Duration> thresholdOf(SliSpec sli, ObjectiveSpec objective) {
        return objective.threshold().or(sli::threshold);
    }

    /**
     * Whether {@code window} fits in the longest retention sli can keep, adding the error if not. A calendar
     * window is judged by the longest its period can be (366 days a year, 31 a month), computed without
     * dates, so that no period is too long to compute.
     */
    private boolean withinRetention(Window window, String path) {
        Duration cap = BucketGrid.DEFAULT.maxRetention();
        String what;
        if (window instanceof CalendarWindow calendar) {
            Period p = calendar.length();
            long days = 366L * p.getYears() + 31L * p.getMonths() + p.getDays();
            if (days <= cap.toDays()) {
                return true;
            }
            what = "a calendar period of " + p + " (up to " + days + " days)";
        } else {
            Duration length = window.lengthAt(0);
            if (length.compareTo(cap) <= 0) {
                return true;
            }
            what = Json.quote(Durations.format(length));
        }
        add(Finding.Severity.ERROR, "window-exceeds-retention", path, what + " is longer than the longest retention sli can keep,"
                + " " + BucketGrid.MAX_RETENTION_BUCKETS + " buckets of " + Durations.format(BucketGrid.DEFAULT.resolution())
                + " (" + Durations.format(cap) + ", about " + new BigDecimal(cap.getSeconds())
                        .divide(BigDecimal.valueOf(31_557_600), 1, RoundingMode.HALF_UP).toPlainString() + " years)");
        return false;
    }

    /** The window's length; for a calendar window, that of its period containing the start of today. */
    private Duration lengthOf(Window window) {
        long at = window instanceof CalendarWindow calendar
                ? today.atStartOfDay(calendar.zone()).toInstant().toEpochMilli()
                : 0;
        return window.lengthAt(at);
    }

    /** {@code value} as the shortest decimal that reads back to it. */
    private static BigDecimal decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros();
    }

    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    private static String round(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
