package dev.sli.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config that cannot be read: malformed JSON, a wrong type, an unknown field or a value that breaks
 * a rule. Carries every error found, each naming its file, line, column and JSON path.
 */
public final class ConfigException extends IllegalArgumentException {

    private final List<ConfigError> errors;

    ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** The errors, in the order they appear in the source; at least one. */
    public List<ConfigError> errors() {
        return errors;
    }
}
