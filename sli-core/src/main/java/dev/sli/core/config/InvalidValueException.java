package dev.sli.core.config;

/**
 * A builder refusing a value: names the field (relative to the object being built) and the problem,
 * so that the config reader can prefix the full JSON path.
 */
final class InvalidValueException extends IllegalArgumentException {

    private final String field;
    private final String problem;

    InvalidValueException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    String field() {
        return field;
    }

    String problem() {
        return problem;
    }
}
