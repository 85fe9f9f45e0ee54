package dev.sli.bench;

import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.LatencySnapshot;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.slo.AlertEvaluation;
import dev.sli.core.slo.BudgetingMethod;
import dev.sli.core.slo.ErrorBudget;
import dev.sli.core.slo.Indicator;
import dev.sli.core.slo.Objective;
import dev.sli.core.slo.Slo;
import dev.sli.core.slo.SloStatus;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.time.ManualClock;
import dev.sli.core.window.RollingWindow;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Window queries over three weeks of minute buckets at about 1,000 requests a minute (30,240 buckets,
 * about 30 million requests, recorded once per fork in the trial setup). Nothing is declared up front
 * but the 2 s threshold: every window is composed of sealed blocks at query time. {@code *_1h},
 * {@code *_1d} and {@code *_3w} are evaluated at the end of the data (a day boundary);
 * {@code *_pastInstant} and {@code *_undeclared_3w} at 5 min and at 3 h 17 min before it, alternately, so
 * that the window's ends fall inside hours and days.
 *
 * <p>The naive peer merges every minute histogram of the window and then asks for the p99. It holds the
 * 30,240 minute histograms in HdrHistogram's uncompressed byte encoding (about 1 KiB each; as objects,
 * histograms of 1 ns–1 h at 3 digits would need about 8 GiB), so each merge step is a decode and an
 * add; that is cheaper than the deflated form the library keeps, so the comparison favours the peer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class QueryBench {

    static final long START_MILLIS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE_MILLIS = 60_000L;
    static final int MINUTES = 21 * 24 * 60;
    static final long TWO_SECONDS_NANOS = 2_000_000_000L;
    static final long HIGHEST_NANOS = Duration.ofHours(1).toNanos();
    static final double P99 = 0.99;
    /** Pre-generated latencies, reused round-robin: about 17 hours of traffic before they repeat. */
    static final int POOL = 1 << 20;

    /** Receives the generated three weeks of requests, minute by minute. */
    interface TrafficSink {
        void request(long atMillis, long latencyNanos, boolean ok);

        void endOfMinute(int minute);
    }

    /**
     * Generates the three weeks, the same for every state from the same seeds: 900 to 1,100 requests a
     * minute at random times within it, latencies and outcomes from a pre-generated seeded pool.
     */
    static void generateThreeWeeks(TrafficSink sink) {
        long[] latencies = Inputs.latencies(RecordBench.SEED, POOL);
        boolean[] outcomes = Inputs.outcomes(RecordBench.SEED + 1, POOL);
        SplittableRandom random = new SplittableRandom(RecordBench.SEED + 2);
        int next = 0;
        for (int m = 0; m < MINUTES; m++) {
            long minuteStart = START_MILLIS + m * MINUTE_MILLIS;
            int requests = 900 + random.nextInt(201);
            for (int r = 0; r < requests; r++, next = (next + 1) & (POOL - 1)) {
                sink.request(minuteStart + random.nextLong(MINUTE_MILLIS), latencies[next], outcomes[next]);
            }
            sink.endOfMinute(m);
        }
    }

    /** Three weeks of one service's requests in a latency series, with an SLO on it. */
    @State(Scope.Benchmark)
    public static class ThreeWeeks {
        RollingWindow hour = Window.rolling(Duration.ofHours(1));
        RollingWindow day = Window.rolling(Duration.ofDays(1));
        RollingWindow threeWeeks = Window.rolling(Duration.ofDays(21));
        LatencySeries series;
        Indicator within2s;
        /** 99 % of requests within 2 s over a rolling 3 weeks, with the default four alert tiers. */
        Objective objective;
        /** The p99 of each minute at or under 2 s, for 99 % of the minutes of a rolling 3 weeks. */
        Objective percentileObjective;
        BucketGrid grid;
        long atMillis;
        WindowSpan threeWeeksSpan;
        WindowSpan threeWeeksPeriod;

        /** Records the three weeks minute by minute, the series' clock following the data. */
        @Setup(Level.Trial)
        public void fill() {
            ManualClock clock = ManualClock.atEpochMillis(START_MILLIS);
            series = LatencySeries.builder("api")
                    .options(SeriesOptions.builder().clock(clock).retention(Duration.ofDays(22)).build())
                    .thresholds(Duration.ofSeconds(2))
                    .build();
            generateThreeWeeks(new TrafficSink() {
                @Override
                public void request(long atMillis, long latencyNanos, boolean ok) {
                    series.recordAt(atMillis, latencyNanos, ok);
                }

                @Override
                public void endOfMinute(int minute) {
                    clock.setEpochMillis(START_MILLIS + (minute + 1) * MINUTE_MILLIS);
                }
            });
            atMillis = START_MILLIS + MINUTES * MINUTE_MILLIS;
            series.snapshotAt(hour, atMillis, P99); // seals the last minute
            LatencySnapshot check = series.snapshotAt(threeWeeks, atMillis, P99);
            if (check.count() < 900L * MINUTES) {
                throw new IllegalStateException("three weeks were not all recorded: " + check);
            }
            within2s = series.thresholdIndicator(Duration.ofSeconds(2));
            grid = series.options().grid();
            threeWeeksSpan = threeWeeks.spanAt(atMillis, grid);
            threeWeeksPeriod = threeWeeks.periodAt(atMillis, grid);
            objective = Objective.builder().name("api-latency").target(0.99).window(threeWeeks).build();
            percentileObjective = Objective.builder().name("api-p99").target(0.99).window(threeWeeks)
                    .budgetingMethod(BudgetingMethod.TIMESLICES).timesliceTarget(1.0).build();
        }
    }

    /** Alternates between two past instants inside the data: 5 min and 3 h 17 min before its end. */
    @State(Scope.Thread)
    public static class PastInstants {
        long[] instants;
        int next;

        @Setup(Level.Trial)
        public void choose(ThreeWeeks s) {
            instants = new long[] {s.atMillis - Duration.ofMinutes(5).toMillis(),
                    s.atMillis - Duration.ofHours(3).plusMinutes(17).toMillis()};
        }

        long next() {
            next ^= 1;
            return instants[next];
        }
    }

    /** The same three weeks as the naive peer holds them: one encoded HdrHistogram per minute. */
    @State(Scope.Benchmark)
    public static class MinuteHistograms {
        /** Each minute's histogram in HdrHistogram's uncompressed byte encoding. */
        byte[][] minutes;
        /** The merge target, reset before each merge. */
        Histogram merged;

        @Setup(Level.Trial)
        public void fill() {
            minutes = new byte[MINUTES][];
            Histogram minute = new Histogram(1, HIGHEST_NANOS, 3);
            ByteBuffer buffer = ByteBuffer.allocate(minute.getNeededByteBufferCapacity());
            generateThreeWeeks(new TrafficSink() {
                @Override
                public void request(long atMillis, long latencyNanos, boolean ok) {
                    minute.recordValue(latencyNanos);
                }

                @Override
                public void endOfMinute(int m) {
                    buffer.clear();
                    minute.encodeIntoByteBuffer(buffer);
                    buffer.flip();
                    minutes[m] = new byte[buffer.remaining()];
                    buffer.get(minutes[m]);
                    minute.reset();
                }
            });
            merged = new Histogram(1, HIGHEST_NANOS, 3);
        }
    }

    // ---- p99 -----------------------------------------------------------------------------------------

    @Benchmark
    public long p99_1h(ThreeWeeks s) {
        return s.series.snapshotAt(s.hour, s.atMillis, P99).quantileNanos(P99).getAsLong();
    }

    @Benchmark
    public long p99_1d(ThreeWeeks s) {
        return s.series.snapshotAt(s.day, s.atMillis, P99).quantileNanos(P99).getAsLong();
    }

    @Benchmark
    public long p99_3w(ThreeWeeks s) {
        return s.series.snapshotAt(s.threeWeeks, s.atMillis, P99).quantileNanos(P99).getAsLong();
    }

    /** The p99 of an undeclared 3-week window at a past instant, whose ends fall inside hours. */
    @Benchmark
    public long p99_3w_pastInstant(ThreeWeeks s, PastInstants past) {
        return s.series.snapshotAt(s.threeWeeks, past.next(), P99).quantileNanos(P99).getAsLong();
    }

    // ---- fraction of requests within the 2 s threshold -----------------------------------------------

    @Benchmark
    public double fraction_1h(ThreeWeeks s) {
        return s.series.snapshotAt(s.hour, s.atMillis).fractionAtOrUnder(TWO_SECONDS_NANOS).getAsDouble();
    }

    @Benchmark
    public double fraction_1d(ThreeWeeks s) {
        return s.series.snapshotAt(s.day, s.atMillis).fractionAtOrUnder(TWO_SECONDS_NANOS).getAsDouble();
    }

    @Benchmark
    public double fraction_3w(ThreeWeeks s) {
        return s.series.snapshotAt(s.threeWeeks, s.atMillis).fractionAtOrUnder(TWO_SECONDS_NANOS).getAsDouble();
    }

    /** The share of requests within 1.5 s, a threshold not declared on the series, over 3 weeks at a past instant. */
    @Benchmark
    public double fraction_undeclared_3w(ThreeWeeks s, PastInstants past) {
        return s.series.snapshotAt(s.threeWeeks, past.next()).fractionAtOrUnder(1_500_000_000L).getAsDouble();
    }

    // ---- SLO math -----------------------------------------------------------------------------------

    /** The multi-window burn-rate alert evaluation of one SLO: all four tiers, eight window measurements. */
    @Benchmark
    public AlertEvaluation burnRateEvaluation(ThreeWeeks s) {
        return Slo.alerts(s.objective, s.within2s, s.atMillis, s.grid);
    }

    /** The error budget of the SLO over its 3-week window: one measurement and the budget arithmetic. */
    @Benchmark
    public ErrorBudget errorBudget_3w(ThreeWeeks s) {
        return ErrorBudget.of(s.objective, s.within2s.measure(s.threeWeeksSpan), s.threeWeeksPeriod, s.grid);
    }

    /** Everything about the SLO at once: SLI, error budget and the burn-rate alerts. */
    @Benchmark
    public SloStatus sloStatus(ThreeWeeks s) {
        return Slo.evaluate(s.objective, s.within2s, s.atMillis, s.grid);
    }

    /**
     * The work behind a burn-down chart: the full status (SLI, budget, all burn-rate tiers) of a
     * Timeslices objective on latency, "the p99 of each minute at or under 2 s" for 99 % of the minutes
     * of a rolling 3 weeks, at every hour of the three weeks (504 instants). Each invocation asks about a
     * threshold no earlier invocation used (2 s plus a few nanoseconds), so no slice verdict is
     * remembered from before: this is the cost of a first chart, every slice decided once.
     */
    @Benchmark
    @OperationsPerInvocation(1)
    public double budgetSeries_3w_hourly(ThreeWeeks s, Hourly hourly) {
        Indicator slices = s.series.percentileSliceIndicator(P99,
                Duration.ofNanos(TWO_SECONDS_NANOS + hourly.nextThresholdOffset()), Duration.ofMinutes(1));
        double remaining = 0;
        for (long at = START_MILLIS + Duration.ofHours(1).toMillis(); at <= s.atMillis; at += Duration.ofHours(1).toMillis()) {
            remaining += Slo.evaluate(s.percentileObjective, slices, at, s.grid).budget().remaining();
        }
        return remaining;
    }

    /** Hands each invocation a threshold offset not used before. */
    @State(Scope.Thread)
    public static class Hourly {
        long offset;

        long nextThresholdOffset() {
            return ++offset;
        }
    }

    // ---- the naive peer ----------------------------------------------------------------------------

    /** Decodes and adds all 30,240 minute histograms of the 3 weeks, then takes the p99. */
    @Benchmark
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    public long peerHdrHistogramMerge_3w(MinuteHistograms s) {
        Histogram merged = s.merged;
        merged.reset();
        for (byte[] minute : s.minutes) {
            merged.add(Histogram.decodeFromByteBuffer(ByteBuffer.wrap(minute), 0));
        }
        return merged.getValueAtPercentile(99.0);
    }
}
