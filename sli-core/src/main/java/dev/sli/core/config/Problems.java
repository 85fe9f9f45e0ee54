package dev.sli.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The errors found while reading one config source. Not thread-safe; used by one reader at a time. */
final class Problems {

    private final String source;
    private final List<ConfigError> errors = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void add(int line, int column, String path, String problem) {
        errors.add(new ConfigError(source, line, column, path, problem));
    }

    void add(Json at, String path, String problem) {
        add(at.line, at.column, path, problem);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    /** Throws the errors, in the order they appear in the source, if there are any. */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            List<ConfigError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
            throw new ConfigException(sorted);
        }
    }

    /** {@code parent.name}, or {@code name} at the top level. */
    static String field(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** {@code parent[index]}. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
