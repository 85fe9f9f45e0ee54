package dev.sli.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The error budget as a document states it in time ("allowing 4.4 hours of downtime every three
 * weeks"), kept so that lint can check it against (1 − target) × window. Immutable.
 */
public final class StatedAllowance {

    private final String amount;
    private final Durations.Parsed parsed;
    private final String text;

    private StatedAllowance(String amount, Durations.Parsed parsed, String text) {
        this.amount = amount;
        this.parsed = parsed;
        this.text = text;
    }

    /**
     * An allowance of {@code amount} (a config duration such as "4.4h"; its last digit says how it was
     * rounded), with the document's own words {@code text}, which may be null.
     */
    public static StatedAllowance of(String amount, String text) {
        Checks.required("duration", amount);
        Durations.Parsed parsed;
        try {
            parsed = Durations.parse(amount);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("duration", e.getMessage());
        }
        Checks.positive("duration", parsed.duration());
        return new StatedAllowance(amount, parsed, Checks.text("text", text));
    }

    /** The amount as written, such as {@code 4.4h}. */
    public String amount() {
        return amount;
    }

    /** The amount as a duration. */
    public Duration duration() {
        return parsed.duration();
    }

    /** The words of the source document, if given. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** One unit of the amount's last written digit: 6 min for "4.4h", 1 h for "4h". */
    Duration resolution() {
        return parsed.resolution();
    }

    /** The unit of the amount's last term ("h" for "4.4h"). */
    String unit() {
        return parsed.unit();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatedAllowance s && s.amount.equals(amount) && Objects.equals(s.text, text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount, text);
    }

    @Override
    public String toString() {
        return text == null ? amount : amount + " (" + text + ")";
    }
}
