package dev.sli.core.record;

import java.util.Map;

/**
 * One SLI's recorded history: what every series kind has in common. A series records samples on any
 * thread (each kind has its own {@code record} methods: lock-free for events, ordered for gauges),
 * keeps them in epoch-aligned buckets for its {@linkplain SeriesOptions#retention() retention}, and
 * answers immutable snapshots and SLO indicators over any window inside it. Bad samples are never thrown
 * at the caller: they are counted by reason in {@link #rejections()}.
 *
 * <p>Each kind is built by its own builder ({@code LatencySeries.builder(name)}, …); all share
 * {@link SeriesOptions}. Implementations are thread-safe.
 */
public sealed interface Series permits LatencySeries, OutcomeSeries, ReadinessGroupSeries, ProbeSeries, WorkSeries {

    /** The series name, as given to its builder. */
    String name();

    /** What the series measures. */
    SeriesKind kind();

    /** The clock, grid, retention and limits the series was built with. */
    SeriesOptions options();

    /** Lifetime counts of rejected samples, by reason (every reason present, zero when none). */
    Map<Rejection, Long> rejections();
}
