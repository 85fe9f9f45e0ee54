package dev.sli.store.imports;

import java.math.BigDecimal;

/** Helpers shared by the importers: bounded, printable excerpts and Prometheus's number syntax. Stateless. */
final class Text {

    /** The most characters of an input value an error message quotes. */
    static final int EXCERPT_CHARS = 60;

    private Text() {
    }

    /**
     * {@code s} in double quotes, at most {@code max} characters of it (then "…" and the full length),
     * with control characters, quotes and backslashes escaped, so that it is safe on a terminal.
     */
    static String quote(CharSequence s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 16).append('"');
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (s.length() > max) {
            out.append("… (").append(s.length()).append(" characters)");
        }
        return out.toString();
    }

    static String quote(CharSequence s) {
        return quote(s, EXCERPT_CHARS);
    }

    private static boolean validSurrogate(CharSequence s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** The bytes {@code b[0..n)} as hex and printable ASCII, for "the file starts with …" messages. */
    static String describeBytes(byte[] b, int n) {
        StringBuilder hex = new StringBuilder();
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int v = b[i] & 0xff;
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", v));
            ascii.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
        }
        return hex + " (\"" + ascii.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\")";
    }

    /**
     * Unix seconds as Prometheus writes them ({@code 1704067200}, {@code 1704067200.5}, at most millisecond
     * precision) to epoch milliseconds, exactly from the decimal text, never through a double.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static long secondsToMillis(String text) {
        int n = text.length();
        if (n > 0 && n <= 15 && allDigits(text, text.charAt(0) == '-' ? 1 : 0, n)) {
            return Long.parseLong(text) * 1000L; // |seconds| < 10^15: no overflow
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected Unix seconds (a number such as 1704067200.5), found " + quote(text));
        }
        BigDecimal millis = seconds.movePointRight(3);
        try {
            return millis.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            if (millis.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException("timestamp " + quote(text) + " is out of range of epoch milliseconds");
            }
            throw new IllegalArgumentException("timestamp " + quote(text)
                    + " has a fraction finer than a millisecond; Prometheus keeps milliseconds");
        }
    }

    /**
     * Whole Unix seconds of at most 15 digits (optionally negative) in {@code chars[offset, offset+length)}
     * as epoch milliseconds, without allocating; {@link Long#MIN_VALUE} for any other text, which
     * {@link #secondsToMillis} then reads.
     */
    static long fastSecondsToMillis(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = length > 0 && chars[i] == '-';
        if (negative) {
            i++;
        }
        if (i == end || end - i > 15) {
            return Long.MIN_VALUE;
        }
        long seconds = 0;
        for (; i < end; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            seconds = seconds * 10 + (c - '0');
        }
        return (negative ? -seconds : seconds) * 1000L;
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * A plain decimal ({@code -?digits(.digits)?}, at most 15 significant digits, no exponent) in
     * {@code chars[offset, offset+length)} as the nearest double, without allocating: the digits make an
     * integer m below 2^53 and the value is m / 10^k with k at most 22, both exact doubles, so the one
     * division rounds correctly (Clinger's fast path) and gives the bits {@link Double#parseDouble} gives.
     * NaN for any other text, which {@link #value} then reads.
     */
    static double fastValue(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = length > 0 && chars[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        boolean any = false;
        for (; i < end; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                any = true;
                if (mantissa != 0 || c != '0') {
                    digits++;
                }
                if (digits > 15) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (!any || fraction == 0 || fraction > 22) {
            return Double.NaN; // "", "-", "1." and the like: the full reading says what is wrong
        }
        double v = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
        return negative ? -v : v;
    }

    private static boolean allDigits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A sample value as Prometheus writes it: a decimal float ({@code 3}, {@code -0.25}, {@code 1e-3}),
     * {@code NaN}, {@code +Inf}, {@code -Inf} or {@code Inf} (any case, as Go's ParseFloat), to the nearest
     * double (bit for bit what Prometheus parsed).
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    static double value(String text) {
        int n = text.length();
        boolean plain = n > 0 && n <= 400;
        boolean digit = false;
        for (int i = 0; i < n && plain; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                plain = false;
            }
        }
        if (plain && digit) {
            try {
                double v = Double.parseDouble(text);
                if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException("value " + quote(text) + " is out of range of a 64-bit float");
                }
                return v;
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        } else if (n <= 9) {
            String t = text.toLowerCase(java.util.Locale.ROOT);
            switch (t) {
                case "nan":
                    return Double.NaN;
                case "inf": case "+inf": case "infinity": case "+infinity":
                    return Double.POSITIVE_INFINITY;
                case "-inf": case "-infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("expected a sample value (a number, \"NaN\", \"+Inf\" or \"-Inf\"), found " + quote(text));
    }
}
