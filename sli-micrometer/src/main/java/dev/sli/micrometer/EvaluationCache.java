package dev.sli.micrometer;

import dev.sli.core.registry.ObjectiveReport;
import dev.sli.core.registry.SliRegistry;
import dev.sli.core.time.Clock;
import java.util.List;

/**
 * The latest evaluation of every objective of an {@link SliRegistry}, redone at most once per interval of
 * the registry's clock, so that reading many gauges in one scrape costs one evaluation. Thread-safe:
 * readers see a complete evaluation; one of them refreshes it under a lock while the others read the
 * previous one.
 */
final class EvaluationCache {

    /** One evaluation: the reports in objective order, or null if it failed. */
    record Evaluation(long atMillis, List<ObjectiveReport> reports) {
    }

    private final SliRegistry slis;
    private final Clock clock;
    private final long intervalMillis;
    private final Object refreshLock = new Object();
    private volatile Evaluation current;
    private volatile long evaluations;

    EvaluationCache(SliRegistry slis, long intervalMillis) {
        this.slis = slis;
        this.clock = slis.options().clock();
        this.intervalMillis = intervalMillis;
    }

    /** The report of objective {@code index}, or null when the evaluation failed. */
    ObjectiveReport report(int index) {
        List<ObjectiveReport> reports = current().reports();
        return reports == null ? null : reports.get(index);
    }

    /** The current evaluation, redone first if it is at least one interval old (or from the clock's future). */
    Evaluation current() {
        long now = clock.epochMillis();
        Evaluation e = current;
        if (e != null && isFresh(e, now)) {
            return e;
        }
        synchronized (refreshLock) {
            e = current;
            if (e == null || !isFresh(e, now)) {
                List<ObjectiveReport> reports;
                try {
                    reports = slis.evaluate(now);
                } catch (RuntimeException failed) {
                    reports = null; // the gauges read NaN until the next interval retries
                }
                e = new Evaluation(now, reports);
                evaluations++;
                current = e;
            }
            return e;
        }
    }

    private boolean isFresh(Evaluation e, long now) {
        return now >= e.atMillis() && now - e.atMillis() < intervalMillis;
    }

    /** How many evaluations were made. */
    long evaluations() {
        return evaluations;
    }
}
