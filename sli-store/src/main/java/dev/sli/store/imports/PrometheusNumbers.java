package dev.sli.store.imports;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as Prometheus's text parsers read them: sample values as Go's {@code strconv.ParseFloat} with
 * Prometheus's restrictions (no hex, no underscores), integer millisecond timestamps, and OpenMetrics'
 * decimal-second timestamps converted exactly (not through a float) to milliseconds.
 */
final class PrometheusNumbers {

    private PrometheusNumbers() {
    }

    /**
     * A sample value: a decimal float ({@code 1}, {@code -1.5e3}, {@code .5}), {@code NaN} (no sign) or
     * {@code ±Inf}/{@code ±Infinity}, any case, as Go parses them.
     *
     * @throws NumberFormatException with the reason, for anything else or a value beyond the float64 range
     */
    static double parseValue(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String rest = s.substring(i);
        if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (i == 0 && rest.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        checkDecimal(s);
        double v = Double.parseDouble(s);
        if (Double.isInfinite(v)) {
            throw new NumberFormatException("beyond the float64 range");
        }
        return v;
    }

    /**
     * An integer timestamp in milliseconds, optionally signed.
     *
     * @throws NumberFormatException for anything else or a value beyond the int64 range
     */
    static long parseMillis(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        if (i == s.length()) {
            throw new NumberFormatException(null);
        }
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(c == '.' || c == 'e' || c == 'E' ? "not an integer" : null);
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("beyond the int64 range");
        }
    }

    /**
     * Decimal seconds ({@code 1704067200}, {@code 1704067200.123}, {@code 1.7040672e9}) to milliseconds,
     * exactly; digits below the millisecond are cut towards zero, as Prometheus's {@code int64(ts*1000)}.
     *
     * @throws NumberFormatException for anything else or a value beyond the int64 range of milliseconds
     */
    static long parseSecondsToMillis(String s) {
        checkDecimal(s);
        int dot = s.indexOf('.');
        boolean plain = s.indexOf('e') < 0 && s.indexOf('E') < 0 && s.length() <= 15;
        if (plain && (dot < 0 || s.length() - dot - 1 <= 3)) {
            int sign = s.charAt(0) == '-' ? -1 : 1;
            int from = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
            long whole = 0;
            int end = dot < 0 ? s.length() : dot;
            for (int j = from; j < end; j++) {
                whole = whole * 10 + (s.charAt(j) - '0');
            }
            long millis = 0;
            int digits = 0;
            for (int j = end + 1; j < s.length(); j++) {
                millis = millis * 10 + (s.charAt(j) - '0');
                digits++;
            }
            for (; digits < 3; digits++) {
                millis *= 10;
            }
            return sign * (whole * 1000 + millis);
        }
        BigDecimal seconds = new BigDecimal(s); // exponents beyond the int range are a NumberFormatException here
        long integerDigits = (long) seconds.precision() - seconds.scale();
        if (seconds.signum() == 0 || integerDigits < -3) {
            return 0; // below a millisecond: cut to 0
        }
        if (integerDigits > 16) {
            throw new NumberFormatException("beyond the int64 range of milliseconds");
        }
        try {
            return seconds.movePointRight(3).setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw new NumberFormatException("beyond the int64 range of milliseconds");
        }
    }

    /** {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, else NumberFormatException. */
    private static void checkDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            throw new NumberFormatException(null);
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                throw new NumberFormatException(null);
            }
        }
        if (i != n) {
            throw new NumberFormatException(null);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
