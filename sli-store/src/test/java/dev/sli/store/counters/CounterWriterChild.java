package dev.sli.store.counters;

import dev.sli.store.chronicle.ChronicleRuntime;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child JVM for {@link DayCountersCrashTest}: writes the seeded sequence of {@link #target} puts into a
 * counters directory, forever, and prints each write's number {@code k} once {@code put} returned; the
 * parent kills it (its first report says Chronicle is warm: the first file took seconds to compile for). Write {@code k} stores {@code amounts[j] = k * 100 + j} into its bucket, so every long
 * says which write it came from.
 */
final class CounterWriterChild {

    static final long HOUR = 3_600_000;
    /** Buckets 12:00 on 2025-11-28 to 11:00 on 2025-11-30: 48 hours over three days. */
    static final long FIRST_BUCKET = 20_420 * 24 + 12;
    static final int BUCKETS = 48;
    /** The longs of series 1 to 4: one, two, three and one part. */
    static final int[] N = {0, 2, 12, 20, 5};

    record Target(int series, long bucket) {
    }

    private CounterWriterChild() {
    }

    static Target target(long seed, long k) {
        long h = mix(seed * 0x9E37_79B9_7F4A_7C15L + k);
        return new Target(1 + (int) (h & 3), FIRST_BUCKET + Math.floorMod(h >>> 8, BUCKETS));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    public static void main(String[] args) throws Exception {
        ChronicleRuntime.requireReady();
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int capacity = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        try (DayCounters c = DayCounters.openForWriting(dir, HOUR, false, capacity)) {
            long[] a = new long[DayCounters.MAX_AMOUNTS];
            for (long k = 1; ; k++) {
                Target t = target(seed, k);
                int n = N[t.series()];
                for (int j = 0; j < n; j++) {
                    a[j] = k * 100 + j;
                }
                c.put(t.series(), t.bucket(), a, n);
                out.println(k);
                out.flush();
            }
        }
    }
}
