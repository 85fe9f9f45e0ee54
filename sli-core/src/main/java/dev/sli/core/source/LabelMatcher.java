package dev.sli.core.source;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher of a series selector, with PromQL's semantics: {@code =}, {@code !=}, {@code =~},
 * {@code !~}; regular expressions are fully anchored (as if wrapped in {@code ^(?:…)$}); a label a series
 * does not carry has the empty value, so {@code job=""} matches series without {@code job}. Immutable and
 * thread-safe.
 */
public final class LabelMatcher {

    /** The four matching operators of PromQL. */
    public enum Op {
        /** {@code =}: the label's value equals the text. */
        EQUAL("="),
        /** {@code !=}: the label's value differs from the text. */
        NOT_EQUAL("!="),
        /** {@code =~}: the label's value matches the fully anchored regular expression. */
        REGEX("=~"),
        /** {@code !~}: the label's value does not match the fully anchored regular expression. */
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in PromQL. */
        public String symbol() {
            return symbol;
        }
    }

    private final String label;
    private final Op op;
    private final String value;
    private final Pattern pattern;

    private LabelMatcher(String label, Op op, String value) {
        this.label = Objects.requireNonNull(label, "label");
        this.op = Objects.requireNonNull(op, "op");
        this.value = Objects.requireNonNull(value, "value");
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            try {
                pattern = Pattern.compile("(?:" + value + ")", Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("label " + label + ": " + Selector.excerpt(value)
                        + " is not a valid regular expression (" + e.getDescription() + ")");
            }
        } else {
            pattern = null;
        }
    }

    /**
     * A matcher; throws {@link IllegalArgumentException} when {@code op} is a regex operator and
     * {@code value} does not compile.
     */
    public static LabelMatcher of(String label, Op op, String value) {
        return new LabelMatcher(label, op, value);
    }

    /** {@code label = value}. */
    public static LabelMatcher equal(String label, String value) {
        return new LabelMatcher(label, Op.EQUAL, value);
    }

    public String label() {
        return label;
    }

    public Op op() {
        return op;
    }

    /** The text compared with, or the regular expression (unanchored, as written). */
    public String value() {
        return value;
    }

    /** Whether a series whose value of {@link #label} is {@code actual} (null: absent) passes. */
    public boolean matches(String actual) {
        String v = actual == null ? "" : actual;
        switch (op) {
            case EQUAL:
                return v.equals(value);
            case NOT_EQUAL:
                return !v.equals(value);
            case REGEX:
                return pattern.matcher(v).matches();
            default:
                return !pattern.matcher(v).matches();
        }
    }

    /** PromQL form: {@code label=~"value"} with the value escaped as a double-quoted string. */
    @Override
    public String toString() {
        return label + op.symbol + Selector.quote(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher && ((LabelMatcher) o).label.equals(label)
                && ((LabelMatcher) o).op == op && ((LabelMatcher) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, op, value);
    }
}
