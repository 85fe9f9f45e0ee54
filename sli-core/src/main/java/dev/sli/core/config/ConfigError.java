package dev.sli.core.config;

/**
 * One thing wrong with a config: where (source, line, column, JSON path) and what (the value and the
 * rule it breaks). Immutable.
 *
 * @param source the file name as given, or null when the config was not read from a file
 * @param line the 1-based line of the offending value, or 0 when unknown (a document built in code)
 * @param column the 1-based column of the offending value, or 0 when unknown
 * @param path the JSON path of the offending field, such as {@code services[0].objectives[2].target};
 *     empty for the document itself
 * @param problem the value and the rule it breaks, such as
 *     {@code 99 is not a fraction in (0, 1); write 0.99 for 99 %}
 */
public record ConfigError(String source, int line, int column, String path, String problem) {

    /** The path and the problem: {@code services[0].objectives[2].target: 99 is not a fraction …}. */
    public String describe() {
        return (path.isEmpty() ? "(document)" : path) + ": " + problem;
    }

    /** {@code file:line:column: path: problem}, leaving out what is not known. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (source != null) {
            out.append(source).append(':');
        }
        if (line > 0) {
            out.append(line).append(':').append(column).append(':');
        }
        if (out.length() > 0) {
            out.append(' ');
        }
        return out.append(describe()).toString();
    }
}
