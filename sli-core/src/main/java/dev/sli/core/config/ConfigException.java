package dev.sli.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config that cannot be read: malformed JSON, a wrong type, an unknown field or a value that breaks
 * a rule. Carries every error found, each naming its file, line, column and JSON path.
 */
public final class ConfigException extends IllegalArgumentException {

    private final List<ConfigError> errors;

    /**
     * The errors {@code errors} (at least one), for readers of other config formats such as OpenSLO.
     *
     * @throws IllegalArgumentException if {@code errors} is empty
     */
    public ConfigException(List<ConfigError> errors) {
        super(requireSome(errors).stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    private static List<ConfigError> requireSome(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a config exception needs at least one error");
        }
        return errors;
    }

    /** The errors, in the order they appear in the source; at least one. */
    public List<ConfigError> errors() {
        return errors;
    }
}
