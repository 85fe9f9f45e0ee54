package dev.sli.core.record;

import dev.sli.core.time.Clock;
import dev.sli.core.time.CoarseClock;
import dev.sli.core.window.BucketGrid;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings every series shares: the clock live samples are timed by, the bucket grid, how long sealed
 * buckets are kept, how far ahead of the clock a historic sample may be, and how many threads get a
 * private recording cell. Immutable and thread-safe; {@link #DEFAULT} suits a live service.
 */
public final class SeriesOptions {

    /** The shared coarse clock, 1-minute buckets, 22 days of retention, 1 minute of future tolerance, 256 cells. */
    public static final SeriesOptions DEFAULT = builder().build();

    private final Clock clock;
    private final BucketGrid grid;
    private final Duration retention;
    private final Duration maxFuture;
    private final int maxRecordingThreads;

    private SeriesOptions(Builder b) {
        this.clock = b.clock;
        this.grid = b.grid;
        this.retention = b.retention;
        this.maxFuture = b.maxFuture;
        this.maxRecordingThreads = b.maxRecordingThreads;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.clock = clock;
        b.grid = grid;
        b.retention = retention;
        b.maxFuture = maxFuture;
        b.maxRecordingThreads = maxRecordingThreads;
        return b;
    }

    /** The clock live samples are timed by ({@link CoarseClock#shared()}, started on first use, unless set). */
    public Clock clock() {
        return clock != null ? clock : CoarseClock.shared();
    }

    /** The bucket grid. */
    public BucketGrid grid() {
        return grid;
    }

    /** How long sealed buckets are kept; the longest window a series can answer. */
    public Duration retention() {
        return retention;
    }

    /** How far ahead of the clock a sample's timestamp may be before it is rejected. */
    public Duration maxFuture() {
        return maxFuture;
    }

    /** How many threads can record at once through private, lock-free cells; more fall back to a striped path. */
    public int maxRecordingThreads() {
        return maxRecordingThreads;
    }

    /** Retention in buckets of the grid. */
    int retentionBuckets() {
        return Math.toIntExact(grid.bucketsIn(retention));
    }

    /** Builds {@link SeriesOptions}; not thread-safe. */
    public static final class Builder {
        private Clock clock;
        private BucketGrid grid = BucketGrid.DEFAULT;
        private Duration retention = Duration.ofDays(22);
        private Duration maxFuture = Duration.ofMinutes(1);
        private int maxRecordingThreads = 256;

        private Builder() {
        }

        /** The clock live samples are timed by (default: {@link CoarseClock#shared()}). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The bucket grid (default: one-minute buckets). */
        public Builder grid(BucketGrid grid) {
            this.grid = Objects.requireNonNull(grid, "grid");
            return this;
        }

        /** How long sealed buckets are kept (default 22 days: a 3-week window plus a day). */
        public Builder retention(Duration retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /** How far ahead of the clock a timestamp may be (default 1 minute). */
        public Builder maxFuture(Duration maxFuture) {
            this.maxFuture = Objects.requireNonNull(maxFuture, "maxFuture");
            return this;
        }

        /** Threads that record through private cells (default 256). */
        public Builder maxRecordingThreads(int maxRecordingThreads) {
            this.maxRecordingThreads = maxRecordingThreads;
            return this;
        }

        /**
         * @throws IllegalArgumentException if retention is not a whole number of buckets or exceeds
         *     2<sup>24</sup> buckets, if maxFuture is negative, or maxRecordingThreads is not in [1, 65536]
         */
        public SeriesOptions build() {
            long buckets;
            try {
                buckets = grid.bucketsIn(retention);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("retention: " + e.getMessage(), e);
            }
            if (buckets > (1 << 24)) {
                throw new IllegalArgumentException("retention: " + retention + " is " + buckets
                        + " buckets of " + grid.resolution() + "; at most 16777216 are allowed");
            }
            if (maxFuture.isNegative()) {
                throw new IllegalArgumentException("maxFuture: must not be negative, got " + maxFuture);
            }
            if (maxRecordingThreads < 1 || maxRecordingThreads > 65536) {
                throw new IllegalArgumentException(
                        "maxRecordingThreads: must be between 1 and 65536, got " + maxRecordingThreads);
            }
            return new SeriesOptions(this);
        }
    }
}
