package dev.sli.micrometer;

import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.OutcomeSeries;
import io.micrometer.core.instrument.AbstractMeter;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A timer mapped to SLIs: every duration goes to the latency series it feeds (ok or not, as decided when the
 * meter was created) and counts as one event, good or bad, in the outcome series it feeds. Keeps Micrometer's
 * count and total time, and the largest duration since creation. Thread-safe; recording takes no lock and
 * allocates nothing.
 */
final class SliTimer extends AbstractMeter implements Timer {

    private final LatencySeries[] latency;
    private final boolean[] latencyOk;
    private final OutcomeSeries[] outcome;
    private final boolean[] outcomeGood;
    private final Clock clock;
    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();

    SliTimer(Id id, SourceRoutes.Routes routes, Clock clock) {
        super(id);
        this.latency = routes.latency();
        this.latencyOk = routes.latencyOk();
        this.outcome = routes.outcome();
        this.outcomeGood = routes.outcomeGood();
        this.clock = clock;
    }

    /**
     * Records one request of {@code amount} {@code unit}s. A negative duration is not dropped silently, as
     * Micrometer's own timers do: the latency series count it as rejected, and the request still counts as
     * an event in outcome series, whose outcome does not depend on its duration.
     */
    @Override
    public void record(long amount, TimeUnit unit) {
        long nanos = unit.toNanos(amount);
        if (nanos >= 0) {
            count.increment();
            totalNanos.add(nanos);
            long max = maxNanos.get();
            while (nanos > max && !maxNanos.compareAndSet(max, nanos)) {
                max = maxNanos.get();
            }
        }
        LatencySeries[] ls = latency;
        for (int i = 0; i < ls.length; i++) {
            ls[i].record(nanos, latencyOk[i]);
        }
        OutcomeSeries[] os = outcome;
        for (int i = 0; i < os.length; i++) {
            os[i].record(outcomeGood[i]);
        }
    }

    @Override
    public <T> T record(Supplier<T> f) {
        long start = clock.monotonicTime();
        try {
            return f.get();
        } finally {
            record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public boolean record(BooleanSupplier f) {
        long start = clock.monotonicTime();
        try {
            return f.getAsBoolean();
        } finally {
            record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public int record(IntSupplier f) {
        long start = clock.monotonicTime();
        try {
            return f.getAsInt();
        } finally {
            record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public long record(LongSupplier f) {
        long start = clock.monotonicTime();
        try {
            return f.getAsLong();
        } finally {
            record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public double record(DoubleSupplier f) {
        long start = clock.monotonicTime();
        try {
            return f.getAsDouble();
        } finally {
            record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public <T> T recordCallable(Callable<T> f) throws Exception {
        long start = clock.monotonicTime();
        try {
            return f.call();
        } finally {
            record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void record(Runnable f) {
        long start = clock.monotonicTime();
        try {
            f.run();
        } finally {
            record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public long count() {
        return count.sum();
    }

    @Override
    public double totalTime(TimeUnit unit) {
        return (double) totalNanos.sum() / unit.toNanos(1);
    }

    /** The largest duration recorded since the meter was created (Micrometer's registries decay theirs). */
    @Override
    public double max(TimeUnit unit) {
        return (double) maxNanos.get() / unit.toNanos(1);
    }

    @Override
    public TimeUnit baseTimeUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    public HistogramSnapshot takeSnapshot() {
        return HistogramSnapshot.empty(count(), totalTime(TimeUnit.NANOSECONDS), max(TimeUnit.NANOSECONDS));
    }
}
