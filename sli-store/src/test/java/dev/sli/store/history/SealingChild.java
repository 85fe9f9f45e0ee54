package dev.sli.store.history;

import dev.sli.core.record.LatencySeries;
import dev.sli.core.record.SeriesOptions;
import dev.sli.core.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Records seeded traffic minute by minute into a latency series whose history is a log in the directory
 * given, sealing each minute and printing "sealed M" once minute M is sealed, until killed.
 */
final class SealingChild {

    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;

    private SealingChild() {
    }

    static SeriesOptions options(ManualClock clock) {
        return SeriesOptions.builder().clock(clock).retention(Duration.ofDays(30)).build();
    }

    /** Minute {@code m}'s requests: their count, then durations, all from the seed. */
    static long[] minute(long seed, long m) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + m);
        long[] d = new long[20 + r.nextInt(60)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (long) Math.exp(Math.log(5e6) + 2 * r.nextGaussian());
            d[i] = Math.max(1000, Math.min(d[i], 60_000_000_000L));
        }
        return d;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        ManualClock clock = ManualClock.atEpochMillis(T0);
        LatencySeries s = LatencySeries.builder("api").options(options(clock)).history(LogSealedHistory.in(dir)).build();
        for (long m = 0; ; m++) {
            long[] d = minute(seed, m);
            for (int i = 0; i < d.length; i++) {
                s.recordAt(T0 + m * MINUTE + i * 100L, d[i], true);
            }
            clock.setEpochMillis(T0 + (m + 1) * MINUTE);
            s.sealBefore(Instant.ofEpochMilli(T0 + (m + 1) * MINUTE));
            System.out.println("sealed " + m);
        }
    }
}
