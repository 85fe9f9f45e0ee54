package dev.sli.store.promql;

/** PromQL durations: formatting as Prometheus prints them ({@code 7m30s}, {@code 3w}) and parsing one unit. */
final class Durations {

    private static final long[] UNIT_MS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
    private static final String[] UNIT = {"y", "w", "d", "h", "m", "s", "ms"};

    private Durations() {
    }

    static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long rest = millis;
        for (int i = 0; i < UNIT.length; i++) {
            long n = rest / UNIT_MS[i];
            if (n > 0) {
                out.append(n).append(UNIT[i]);
                rest -= n * UNIT_MS[i];
            }
        }
        return out.toString();
    }
}
