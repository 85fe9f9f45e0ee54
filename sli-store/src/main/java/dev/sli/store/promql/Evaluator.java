package dev.sli.store.promql;

import dev.sli.core.source.Selector;
import dev.sli.store.imports.SeriesKey;
import dev.sli.store.imports.SeriesSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates {@link Expr}s at an instant over the series of a {@link SeriesSet}, with Prometheus 2.42's
 * semantics: a 5-minute lookback inclusive at both ends, stale markers honoured, series in
 * Prometheus's label order, a 1-minute default subquery step (the usual evaluation interval). Build
 * with {@link #over(SeriesSet)} or {@link #builder(SeriesSet)}. Thread-safe once built (the set is read
 * once, when building).
 */
public final class Evaluator {

    /** Prometheus's default lookback delta, 5 minutes. */
    public static final long DEFAULT_LOOKBACK_MILLIS = 300_000;
    /** The usual global evaluation interval, the default subquery step: 1 minute. */
    public static final long DEFAULT_STEP_MILLIS = 60_000;
    /** The bit pattern Prometheus writes as a staleness marker. */
    static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    record Series(Labels labels, SeriesSet.Samples samples) {
    }

    private final List<Series> series;
    private final Context context;

    private Evaluator(Builder b) {
        List<Series> all = new ArrayList<>();
        for (Map.Entry<SeriesKey, SeriesSet.Samples> e : b.data.series().entrySet()) {
            all.add(new Series(Labels.of(e.getKey()), e.getValue()));
        }
        all.sort(Comparator.comparing(Series::labels));
        series = Collections.unmodifiableList(all);
        context = new Context(b.lookbackMillis, b.stepMillis);
    }

    /** An evaluator with the default lookback and subquery step. */
    public static Evaluator over(SeriesSet data) {
        return builder(data).build();
    }

    /** A builder over {@code data}. */
    public static Builder builder(SeriesSet data) {
        return new Builder(data);
    }

    /** {@code expr} evaluated at {@code atMillis} (Unix epoch ms); throws {@link PromQlException} where Prometheus would fail. */
    public InstantVector evaluate(Expr expr, long atMillis) {
        List<InstantVector.Sample> out = new ArrayList<>();
        if (expr.isScalar()) {
            out.add(new InstantVector.Sample(Map.of(), expr.scalar(context, atMillis)));
        } else {
            for (Nodes.Elem e : expr.vector(context, atMillis)) {
                out.add(new InstantVector.Sample(e.labels().asMap(), e.value()));
            }
        }
        return new InstantVector(out);
    }

    /** The time of the newest sample of any series (Unix epoch ms), empty when there are no samples. */
    public OptionalLong lastSampleMillis() {
        return series.stream().filter(s -> s.samples().size() > 0)
                .mapToLong(s -> s.samples().timeMillis(s.samples().size() - 1)).max();
    }

    /** The time of the oldest sample of any series (Unix epoch ms), empty when there are no samples. */
    public OptionalLong firstSampleMillis() {
        return series.stream().filter(s -> s.samples().size() > 0).mapToLong(s -> s.samples().timeMillis(0)).min();
    }

    static boolean isStaleMarker(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }

    /** What nodes read during evaluation: the series a selector selects (cached), lookback and step. */
    final class Context {
        private final long lookbackMillis;
        private final long stepMillis;
        private final Map<Selector, List<Series>> selected = new ConcurrentHashMap<>();

        Context(long lookbackMillis, long stepMillis) {
            this.lookbackMillis = lookbackMillis;
            this.stepMillis = stepMillis;
        }

        List<Series> select(Selector selector) {
            return selected.computeIfAbsent(selector, s -> {
                List<Series> out = new ArrayList<>();
                for (Series x : series) {
                    if (s.matches(x.labels().get(Selector.NAME_LABEL), x.labels()::get)) {
                        out.add(x);
                    }
                }
                return Collections.unmodifiableList(out);
            });
        }

        long lookbackMillis() {
            return lookbackMillis;
        }

        long defaultStepMillis() {
            return stepMillis;
        }
    }

    /** Configures an {@link Evaluator}; not thread-safe. */
    public static final class Builder {
        private final SeriesSet data;
        private long lookbackMillis = DEFAULT_LOOKBACK_MILLIS;
        private long stepMillis = DEFAULT_STEP_MILLIS;

        private Builder(SeriesSet data) {
            this.data = Objects.requireNonNull(data, "data");
        }

        /** The lookback delta; throws {@link IllegalArgumentException} unless positive. */
        public Builder lookbackMillis(long lookbackMillis) {
            if (lookbackMillis <= 0) {
                throw new IllegalArgumentException("lookbackMillis must be positive, got " + lookbackMillis);
            }
            this.lookbackMillis = lookbackMillis;
            return this;
        }

        /** The default subquery step (the evaluation interval); throws {@link IllegalArgumentException} unless positive. */
        public Builder defaultStepMillis(long stepMillis) {
            if (stepMillis <= 0) {
                throw new IllegalArgumentException("defaultStepMillis must be positive, got " + stepMillis);
            }
            this.stepMillis = stepMillis;
            return this;
        }

        public Evaluator build() {
            return new Evaluator(this);
        }
    }
}
