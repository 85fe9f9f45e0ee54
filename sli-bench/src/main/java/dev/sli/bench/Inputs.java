package dev.sli.bench;

import java.util.SplittableRandom;

/**
 * Seeded, pre-generated benchmark inputs, so that no benchmark pays for a random number generator and
 * every run sees the same data. Not thread-safe: each benchmark thread holds its own arrays.
 */
public final class Inputs {

    /** Median request time of the generated latencies: 10 ms. */
    public static final double MEDIAN_NANOS = 10e6;
    /** Log-space standard deviation: p99 ≈ 1.1 s, about 0.4 % above 2 s. */
    public static final double SIGMA = 2.0;
    /** Shortest generated latency: 1 µs. */
    public static final long MIN_NANOS = 1_000L;
    /** Longest generated latency: 60 s. */
    public static final long MAX_NANOS = 60_000_000_000L;
    /** One request in 200 fails. */
    public static final int FAILURE_ONE_IN = 200;

    private Inputs() {
    }

    /** One lognormal request time in [1 µs, 60 s]: median 10 ms, σ = 2 in log space. */
    public static long latencyNanos(SplittableRandom random) {
        double x = Math.exp(Math.log(MEDIAN_NANOS) + SIGMA * gaussian(random));
        return (long) Math.max(MIN_NANOS, Math.min(x, MAX_NANOS));
    }

    /** Whether one request succeeded (199 in 200 do). */
    public static boolean ok(SplittableRandom random) {
        return random.nextInt(FAILURE_ONE_IN) != 0;
    }

    /** {@code n} lognormal latencies from {@code seed}. */
    public static long[] latencies(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = latencyNanos(random);
        }
        return out;
    }

    /** {@code n} success flags from {@code seed}. */
    public static boolean[] outcomes(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = ok(random);
        }
        return out;
    }

    /**
     * {@code n} ascending offsets in {@code [0, spanMillis)} with exponential gaps (Poisson arrivals),
     * scaled so that they fill the span evenly on average.
     */
    public static long[] arrivalOffsets(long seed, int n, long spanMillis) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] t = new double[n + 1];
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            sum += -Math.log(1 - random.nextDouble());
            t[i] = sum;
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.min(spanMillis - 1, (long) (t[i] / t[n] * spanMillis));
        }
        return out;
    }

    /** A standard normal variate (Box–Muller). */
    static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
