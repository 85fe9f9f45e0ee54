package dev.sli.core.config;

import java.util.Objects;

/**
 * One thing {@link Lint} found: how serious, which rule, where (JSON path) and what. Immutable.
 *
 * @param severity how serious
 * @param rule the rule's id, such as {@code allowance-mismatch}
 * @param path the JSON path of the field concerned, such as {@code services[0].objectives[1].statedAllowance}
 * @param message what is wrong and what would fix it
 */
public record Finding(Severity severity, String rule, String path, String message) {

    /** How serious a finding is, most serious first. */
    public enum Severity {
        /** The config cannot mean what it says; the objective cannot be evaluated as written. */
        ERROR,
        /** The config is consistent in form but probably wrong: numbers that do not add up, a looser SLO. */
        WARNING,
        /** Worth knowing, not wrong: an assumption made where the source document is silent. */
        NOTE
    }

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code WARNING services[0].objectives[1].statedAllowance: message}. */
    @Override
    public String toString() {
        return severity + " " + (path.isEmpty() ? "(document)" : path) + ": " + message;
    }
}
