package dev.sli.core.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration strings of the config ("500ms", "2s", "1h30m", "4.4h", "21d", "3w"): one or more
 * {@code <number><unit>} terms, units from largest to smallest, each at most once. Stateless; other
 * readers and writers of the config (OpenSLO, the JSON writer) use {@link #duration} and {@link #format}.
 */
public final class Durations {

    /** Units from largest to smallest, with their length in milliseconds. */
    private static final String[] UNITS = {"w", "d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {604_800_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|w|d|h|m|s)");

    private Durations() {
    }

    /**
     * A parsed duration, the unit of its last term, and the size of one unit in its last written digit
     * ("4.4h" → h and 6 min; "4h" → h and 1 h; "1h30m" → m and 1 min).
     */
    record Parsed(Duration duration, String unit, Duration resolution) {
    }

    /**
     * Parses {@code text}, throwing {@link IllegalArgumentException} with a message that names the
     * value and the rule (but no field).
     */
    static Parsed parse(String text) {
        Matcher m = TERM.matcher(text);
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal resolution = BigDecimal.ONE;
        int position = 0;
        int lastUnit = -1;
        do {
            if (!m.find(position) || m.start() != position) {
                throw new IllegalArgumentException(Json.quote(text)
                        + " is not a duration; write e.g. \"500ms\", \"2s\", \"1h30m\", \"21d\" or \"3w\"");
            }
            int unit = unitIndex(m.group(2));
            if (unit <= lastUnit) {
                throw new IllegalArgumentException(Json.quote(text)
                        + " is not a duration: write its units from largest to smallest, each once (e.g. \"1h30m\")");
            }
            BigDecimal number = new BigDecimal(m.group(1));
            BigDecimal unitMillis = BigDecimal.valueOf(MILLIS[unit]);
            total = total.add(number.multiply(unitMillis));
            resolution = unitMillis.movePointLeft(number.scale());
            lastUnit = unit;
            position = m.end();
        } while (position < text.length());
        BigDecimal whole = total.stripTrailingZeros();
        if (whole.scale() > 0) {
            throw new IllegalArgumentException(Json.quote(text) + " is not a whole number of milliseconds");
        }
        long millis;
        try {
            millis = whole.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(Json.quote(text) + " is too long a duration");
        }
        long resolutionMillis = resolution.setScale(0, RoundingMode.CEILING).longValue();
        return new Parsed(Duration.ofMillis(millis), UNITS[lastUnit], Duration.ofMillis(Math.max(1, resolutionMillis)));
    }

    /**
     * Parses {@code text} and returns the duration alone.
     *
     * @throws IllegalArgumentException if it is not in the config's notation
     */
    public static Duration duration(String text) {
        return parse(text).duration();
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown unit " + unit);
    }

    /**
     * {@code duration} in the config's notation, exactly: whole weeks as weeks ("3w"), anything else as
     * terms from days down to milliseconds ("8d", "1h30m", "2s500ms").
     */
    public static String format(Duration duration) {
        long rest = duration.toMillis();
        if (rest <= 0) {
            return rest == 0 ? "0s" : "-" + format(duration.negated());
        }
        if (rest % MILLIS[0] == 0) {
            return rest / MILLIS[0] + UNITS[0];
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < UNITS.length; i++) {
            long count = rest / MILLIS[i];
            if (count > 0) {
                out.append(count).append(UNITS[i]);
                rest -= count * MILLIS[i];
            }
        }
        return out.toString();
    }

    /**
     * {@code millis} expressed in {@code unit} (one of the config's units), rounded to three decimals,
     * without trailing zeros: 18 144 000 ms in hours is "5.04h".
     */
    static String formatIn(BigDecimal millis, String unit) {
        BigDecimal value = millis.divide(BigDecimal.valueOf(MILLIS[unitIndex(unit)]), 3, RoundingMode.HALF_UP);
        return value.stripTrailingZeros().toPlainString() + unit;
    }
}
