package dev.sli.core.config;

import dev.sli.core.slo.AlertTier;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** The value rules shared by the builders and the config reader. Stateless. */
final class Checks {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Checks() {
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidValueException(field, "required field is missing");
        }
        return value;
    }

    static String name(String field, String name) {
        required(field, name);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidValueException(field, Json.quote(name)
                    + " is not a valid name; use letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return name;
    }

    /** A free text that, when given, says something. */
    static String text(String field, String text) {
        if (text != null && text.isBlank()) {
            throw new InvalidValueException(field, "is blank; leave the field out instead");
        }
        return text;
    }

    /** An SLO target: strictly between 0 and 1, with a hint when it was written as a percentage. */
    static double target(String field, double target) {
        if (!(target > 0 && target < 1)) {
            BigDecimal value = decimal(target);
            String hint = value != null && (value.compareTo(BigDecimal.ONE) == 0 || value.compareTo(HUNDRED) == 0)
                    ? "; a target of 100 % leaves no error budget"
                    : percentHint(value, " for ", " %");
            throw new InvalidValueException(field, show(target) + " is not a fraction in (0, 1)" + hint);
        }
        return target;
    }

    /** A fraction in (0, 1], such as a slice target or the share of a budget an alert tier watches. */
    static double fractionUpToOne(String field, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new InvalidValueException(field, show(fraction) + " is not a fraction in (0, 1]"
                    + percentHint(decimal(fraction), " for ", " %"));
        }
        return fraction;
    }

    /** A quantile in [0, 1] (never 0–100). */
    static double quantile(String field, double quantile) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new InvalidValueException(field, show(quantile) + " is not a quantile in [0, 1]"
                    + percentHint(decimal(quantile), " for the ", "th percentile"));
        }
        return quantile;
    }

    /**
     * "; write 0.99 for 99 %" (with {@code prefix} and {@code suffix} around the 99) when {@code value} looks like a percentage (10 to under 100), else empty:
     * 1.5 is more likely a mistake of another kind than 1.5 %.
     */
    private static String percentHint(BigDecimal value, String prefix, String suffix) {
        if (value == null || value.compareTo(BigDecimal.TEN) < 0 || value.compareTo(HUNDRED) >= 0) {
            return "";
        }
        return "; write " + value.movePointLeft(2).stripTrailingZeros().toPlainString() + prefix
                + value.toPlainString() + suffix;
    }

    private static String show(double value) {
        BigDecimal decimal = decimal(value);
        return decimal == null ? Double.toString(value) : decimal.toPlainString();
    }

    static Duration positive(String field, Duration duration) {
        Objects.requireNonNull(duration, field);
        if (duration.isNegative() || duration.isZero()) {
            throw new InvalidValueException(field, Json.quote(Durations.format(duration)) + " is not a positive duration");
        }
        return duration;
    }

    /**
     * An alert tier, with each field checked first in the config's wording (so that a refusal names the
     * field relative to the tier object), then built by {@link AlertTier#of}, whose own checks these imply
     * for durations of whole milliseconds, as every duration of the config is.
     */
    static AlertTier alertTier(AlertTier.Severity severity, double budgetFraction, Duration longWindow,
            Duration shortWindow) {
        required("severity", severity);
        fractionUpToOne("budgetFraction", budgetFraction);
        positive("longWindow", required("longWindow", longWindow));
        positive("shortWindow", required("shortWindow", shortWindow));
        if (shortWindow.compareTo(longWindow) >= 0) {
            throw new InvalidValueException("shortWindow", Durations.format(shortWindow)
                    + " is not shorter than the long window " + Durations.format(longWindow));
        }
        return AlertTier.of(severity, budgetFraction, longWindow, shortWindow);
    }

    /** {@code value} as the shortest decimal that reads back to it, or null for NaN and infinities. */
    private static BigDecimal decimal(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros() : null;
    }
}
