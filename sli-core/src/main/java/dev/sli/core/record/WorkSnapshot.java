package dev.sli.core.record;

import dev.sli.core.slo.Coverage;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Long-running tasks over one window: finished (completed, failed, abandoned), done within each declared
 * threshold, completion-time quantiles in milliseconds, and the tasks open at the evaluation time with
 * their ages. Immutable; without finished tasks the fractions and quantiles are empty.
 */
public final class WorkSnapshot {

    private final String series;
    private final WindowSpan span;
    private final Coverage coverage;
    private final long atMillis;
    private final long completed;
    private final long failed;
    private final long abandoned;
    private final long[] thresholdsMillis;
    private final long[] within;
    private final double[] quantiles;
    private final long[] quantileMillis;
    private final List<WorkOpenItem> open;
    private final Map<Rejection, Long> rejections;

    WorkSnapshot(String series, WindowSpan span, Coverage coverage, long atMillis, long completed, long failed, long abandoned,
            long[] thresholdsMillis, long[] within, double[] quantiles, long[] quantileMillis, List<WorkOpenItem> open,
            Map<Rejection, Long> rejections) {
        this.series = series;
        this.span = span;
        this.coverage = coverage;
        this.atMillis = atMillis;
        this.completed = completed;
        this.failed = failed;
        this.abandoned = abandoned;
        this.thresholdsMillis = thresholdsMillis.clone();
        this.within = within.clone();
        this.quantiles = quantiles.clone();
        this.quantileMillis = quantileMillis.clone();
        this.open = List.copyOf(open);
        this.rejections = Collections.unmodifiableMap(new EnumMap<>(rejections));
    }

    /** The series this snapshot is of. */
    public String series() {
        return series;
    }

    /** The window covered. */
    public WindowSpan span() {
        return span;
    }

    /** How much of the window holds data, and the observed span. */
    public Coverage coverage() {
        return coverage;
    }

    /** Tasks that finished successfully in the window. */
    public long completed() {
        return completed;
    }

    /** Tasks that finished unsuccessfully. */
    public long failed() {
        return failed;
    }

    /** Tasks given up on after the abandon limit. */
    public long abandoned() {
        return abandoned;
    }

    /** Completed plus failed plus abandoned. */
    public long finished() {
        return completed + failed + abandoned;
    }

    /**
     * Tasks completed within the declared {@code threshold}.
     *
     * @throws IllegalArgumentException if it was not declared
     */
    public long within(Duration threshold) {
        for (int i = 0; i < thresholdsMillis.length; i++) {
            if (thresholdsMillis[i] == threshold.toMillis()) {
                return within[i];
            }
        }
        throw new IllegalArgumentException("threshold " + threshold + " was not declared");
    }

    /** The share of finished tasks completed within {@code threshold}, in [0, 1]; empty without finished tasks. */
    public OptionalDouble fractionWithin(Duration threshold) {
        long n = within(threshold);
        return finished() == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) n / finished());
    }

    /**
     * The completion time at quantile {@code q} (one of those requested), in milliseconds; empty without
     * completed tasks.
     *
     * @throws IllegalArgumentException if {@code q} was not requested
     */
    public OptionalLong quantileMillis(double q) {
        for (int i = 0; i < quantiles.length; i++) {
            if (Double.compare(quantiles[i], q) == 0) {
                return completed == 0 ? OptionalLong.empty() : OptionalLong.of(quantileMillis[i]);
            }
        }
        throw new IllegalArgumentException("quantile " + q + " was not requested; requested: " + Arrays.toString(quantiles));
    }

    /** Tasks open at the evaluation time, oldest first. */
    public List<WorkOpenItem> open() {
        return open;
    }

    /** Tasks open at the evaluation time for longer than {@code age}, oldest first. */
    public List<WorkOpenItem> openLongerThan(Duration age) {
        return open.stream().filter(i -> i.ageMillis() > age.toMillis()).toList();
    }

    /** The evaluation time. */
    public long atMillis() {
        return atMillis;
    }

    /** Lifetime counts of rejected events of the series, by reason. */
    public Map<Rejection, Long> rejections() {
        return rejections;
    }

    @Override
    public String toString() {
        return "WorkSnapshot[" + series + " " + span + " completed=" + completed + " failed=" + failed + " abandoned="
                + abandoned + " open=" + open.size() + "]";
    }
}
