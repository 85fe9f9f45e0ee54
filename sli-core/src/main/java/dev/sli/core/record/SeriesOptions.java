package dev.sli.core.record;

import dev.sli.core.time.Clock;
import dev.sli.core.time.CoarseClock;
import dev.sli.core.window.BucketGrid;
import dev.sli.core.window.CalendarWindow;
import dev.sli.core.window.RollingWindow;
import dev.sli.core.window.Window;
import dev.sli.core.window.WindowSpan;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings every series shares: the clock live samples are timed by, the bucket grid, how long sealed
 * buckets are kept, how far ahead of the clock a historic sample may be, and how many threads get a
 * private recording cell. Immutable and thread-safe; {@link #DEFAULT} suits a live service.
 */
public final class SeriesOptions {

    /**
     * The shared coarse clock, 1-minute buckets, 22 days of retention measured back from the newest data,
     * 1 minute of future tolerance, 256 cells.
     */
    public static final SeriesOptions DEFAULT = builder().build();

    /**
     * What a series measures its retention back from when it decides whether a sample is too old to keep
     * (and counts it as {@link Rejection#BEFORE_RETENTION}).
     */
    public enum RetentionAnchor {
        /**
         * The clock: a sample older than the retention before the clock's bucket is rejected, also on a
         * new series; and so is one older than the retention before the newest data. For live recording,
         * and for replays whose clock follows the data.
         */
        CLOCK,
        /**
         * The newest data only: a sample is rejected when it is older than the retention before the
         * series' newest sealed bucket, whatever the clock says. For replaying history under a clock
         * that does not follow it (the clock then only bounds the future).
         */
        NEWEST_DATA
    }

    private final Clock clock;
    private final BucketGrid grid;
    private final Duration retention;
    private final Duration maxFuture;
    private final int maxRecordingThreads;
    private final RetentionAnchor retentionAnchor;

    private SeriesOptions(Builder b) {
        this.clock = b.clock;
        this.grid = b.grid;
        this.retention = b.retention;
        this.maxFuture = b.maxFuture;
        this.maxRecordingThreads = b.maxRecordingThreads;
        this.retentionAnchor = b.retentionAnchor;
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
        b.retentionAnchor = retentionAnchor;
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

    /** What the retention is measured back from when a sample arrives. */
    public RetentionAnchor retentionAnchor() {
        return retentionAnchor;
    }

    /** Retention in buckets of the grid. */
    int retentionBuckets() {
        return Math.toIntExact(grid.bucketsIn(retention));
    }

    /**
     * Checks that {@code window}, evaluated at {@code atMillis}, fits in the retention of series
     * {@code series}: a rolling window's length, a calendar window's period containing {@code atMillis}.
     * Thread-safe.
     *
     * @throws IllegalArgumentException naming both lengths if the window is longer than the retention,
     *     or if its period cannot be computed at {@code atMillis}
     */
    public void requireWithinRetention(Window window, long atMillis, String series) {
        Objects.requireNonNull(window, "window");
        if (window instanceof RollingWindow r) {
            requireWithinRetention("window rolling", r.length(), series);
            return;
        }
        CalendarWindow c = (CalendarWindow) window;
        WindowSpan period = c.periodAt(atMillis, grid);
        if (period.lengthMillis() > retention.toMillis()) {
            throw new IllegalArgumentException("window " + c + " has a period of " + iso(Duration.ofMillis(period.lengthMillis()))
                    + " at " + java.time.Instant.ofEpochMilli(atMillis) + ", longer than the retention of series '"
                    + series + "' (" + iso(retention) + ")");
        }
    }

    /**
     * Checks that {@code length}, the length of what {@code what} names ("alert window"), fits in the
     * retention of series {@code series}. Thread-safe.
     *
     * @throws IllegalArgumentException "{@code <what> P30D is longer than the retention of series 'x' (P22D)}"
     */
    public void requireWithinRetention(String what, Duration length, String series) {
        if (length.compareTo(retention) > 0) {
            throw new IllegalArgumentException(what + " " + iso(length) + " is longer than the retention of series '"
                    + series + "' (" + iso(retention) + ")");
        }
    }

    /**
     * Checks that a span of {@code lengthMillis} asked of series {@code series} fits in the retention.
     *
     * @throws IllegalArgumentException naming both lengths if it does not
     */
    void requireSpanWithinRetention(WindowSpan span, String series) {
        if (span.lengthMillis() > retention.toMillis()) {
            throw new IllegalArgumentException("span of " + iso(Duration.ofMillis(span.lengthMillis()))
                    + " is longer than the retention of series '" + series + "' (" + iso(retention) + ")");
        }
    }

    /** A length in ISO-8601 with days where it is whole days ({@code P30D}), else as {@link Duration#toString}. */
    static String iso(Duration length) {
        long day = Duration.ofDays(1).toMillis();
        long millis = length.toMillis();
        return millis > 0 && millis % day == 0 ? "P" + millis / day + "D" : length.toString();
    }

    /** The longest retention on {@code grid}, as a person reads it: "11650d20h16m, about 31.9 years". */
    static String human(Duration length) {
        long s = length.getSeconds();
        StringBuilder out = new StringBuilder();
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                out.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        double years = length.getSeconds() / (365.25 * 86_400);
        return out + String.format(java.util.Locale.ROOT, ", about %.1f years", years);
    }

    /** Builds {@link SeriesOptions}; not thread-safe. */
    public static final class Builder {
        private Clock clock;
        private BucketGrid grid = BucketGrid.DEFAULT;
        private Duration retention = Duration.ofDays(22);
        private Duration maxFuture = Duration.ofMinutes(1);
        private int maxRecordingThreads = 256;
        private RetentionAnchor retentionAnchor = RetentionAnchor.CLOCK;

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
         * What the retention is measured back from when a sample arrives (default
         * {@link RetentionAnchor#CLOCK}: a live service never keeps what no window can see; a replay of old
         * history under a live clock sets {@link RetentionAnchor#NEWEST_DATA}).
         */
        public Builder retentionAnchor(RetentionAnchor retentionAnchor) {
            this.retentionAnchor = Objects.requireNonNull(retentionAnchor, "retentionAnchor");
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
            if (buckets > BucketGrid.MAX_RETENTION_BUCKETS) {
                throw new IllegalArgumentException("retention: " + iso(retention) + " is " + buckets + " buckets of "
                        + iso(grid.resolution()) + ", more than the cap of " + BucketGrid.MAX_RETENTION_BUCKETS
                        + " buckets (" + human(grid.maxRetention()) + ")");
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
