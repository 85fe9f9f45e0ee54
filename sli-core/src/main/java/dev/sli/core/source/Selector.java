package dev.sli.core.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A series selector in PromQL syntax: a metric name, label matchers, or both, as in
 * {@code http_requests_total{code=~"5..", job!="canary"}} or {@code {status="500"}}. Metric names may
 * also contain dots, so Micrometer meter names ({@code http.server.requests}) select too. Quotes may be
 * double, single or backticks; {@code \\}, {@code \"}, {@code \'}, {@code \n} and {@code \t} are
 * escapes in the first two. Immutable and thread-safe.
 */
public final class Selector {

    /** The label that holds the metric name in Prometheus's data model. */
    public static final String NAME_LABEL = "__name__";

    private static final int EXCERPT = 60;

    private final String metric;
    private final List<LabelMatcher> matchers;

    private Selector(String metric, List<LabelMatcher> matchers) {
        this.metric = metric;
        this.matchers = Collections.unmodifiableList(new ArrayList<>(matchers));
    }

    /** A selector of {@code metric} (null: any metric) with {@code matchers}. */
    public static Selector of(String metric, List<LabelMatcher> matchers) {
        if (metric == null && matchers.isEmpty()) {
            throw new IllegalArgumentException("a selector needs a metric name or at least one label matcher");
        }
        return new Selector(metric, matchers);
    }

    /**
     * Parses {@code text}; throws {@link IllegalArgumentException} naming the character offset and
     * what was expected there (the text is quoted only up to a bounded excerpt).
     */
    public static Selector parse(String text) {
        return new Parser(Objects.requireNonNull(text, "text")).selector();
    }

    /** The metric name, empty when the selector matches on labels only. */
    public Optional<String> metric() {
        return Optional.ofNullable(metric);
    }

    /** The label matchers, in the order written ({@code __name__} matchers included). */
    public List<LabelMatcher> matchers() {
        return matchers;
    }

    /** Whether a series named {@code metricName} with {@code labels} is selected. */
    public boolean matches(String metricName, Map<String, String> labels) {
        return matches(metricName, labels::get);
    }

    /**
     * Whether a series named {@code metricName} (null when it has none) with labels read through
     * {@code label} (null for an absent label) is selected.
     */
    public boolean matches(String metricName, Function<String, String> label) {
        if (metric != null && !metric.equals(metricName)) {
            return false;
        }
        for (LabelMatcher m : matchers) {
            String actual = m.label().equals(NAME_LABEL) ? metricName : label.apply(m.label());
            if (!m.matches(actual)) {
                return false;
            }
        }
        return true;
    }

    /** This selector with {@code more} matchers added, for example a "bad" rule on a total. */
    public Selector and(List<LabelMatcher> more) {
        List<LabelMatcher> all = new ArrayList<>(matchers);
        all.addAll(more);
        return new Selector(metric, all);
    }

    /** Canonical PromQL form, which {@link #parse} reads back to an equal selector. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (metric != null) {
            out.append(metric);
        }
        if (!matchers.isEmpty() || metric == null) {
            out.append('{');
            for (int i = 0; i < matchers.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(matchers.get(i));
            }
            out.append('}');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selector && Objects.equals(((Selector) o).metric, metric)
                && ((Selector) o).matchers.equals(matchers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metric, matchers);
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    /** A bounded, control-character-free quotation of {@code text} for error messages. */
    static String excerpt(String text) {
        String cut = text.length() > EXCERPT ? text.substring(0, EXCERPT) : text;
        String quoted = quote(cut);
        return text.length() > EXCERPT
                ? quoted.substring(0, quoted.length() - 1) + "…\" (" + text.length() + " characters)"
                : quoted;
    }

    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Selector selector() {
            space();
            String metric = null;
            if (at < text.length() && isNameStart(text.charAt(at))) {
                metric = name(true);
                space();
            }
            List<LabelMatcher> matchers = new ArrayList<>();
            if (at < text.length() && text.charAt(at) == '{') {
                at++;
                space();
                while (true) {
                    if (peek('}')) {
                        at++;
                        break;
                    }
                    String label = name(false);
                    space();
                    LabelMatcher.Op op = op();
                    space();
                    int valueAt = at;
                    String value = string();
                    try {
                        matchers.add(LabelMatcher.of(label, op, value));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("at offset " + valueAt + ": " + e.getMessage());
                    }
                    space();
                    if (at >= text.length()) {
                        throw expected("',' or '}'");
                    }
                    if (peek(',')) {
                        at++;
                        space();
                    } else if (!peek('}')) {
                        throw expected("',' or '}'");
                    }
                }
                space();
            }
            if (at != text.length()) {
                throw expected(metric == null && matchers.isEmpty() ? "a metric name or '{'" : "the end of the selector");
            }
            if (metric == null && matchers.isEmpty()) {
                throw new IllegalArgumentException("selector " + excerpt(text)
                        + " selects nothing: give a metric name or at least one label matcher");
            }
            return new Selector(metric, matchers);
        }

        private boolean peek(char c) {
            if (at >= text.length()) {
                throw expected("'" + c + "'");
            }
            return text.charAt(at) == c;
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private static boolean isNameStart(char c) {
            return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private String name(boolean metric) {
            int start = at;
            if (at >= text.length() || !isNameStart(text.charAt(at))) {
                throw expected(metric ? "a metric name" : "a label name");
            }
            while (at < text.length()) {
                char c = text.charAt(at);
                if (isNameStart(c) || (c >= '0' && c <= '9') || (metric && c == '.')) {
                    at++;
                } else {
                    break;
                }
            }
            return text.substring(start, at);
        }

        private LabelMatcher.Op op() {
            if (text.startsWith("=~", at)) {
                at += 2;
                return LabelMatcher.Op.REGEX;
            }
            if (text.startsWith("!~", at)) {
                at += 2;
                return LabelMatcher.Op.NOT_REGEX;
            }
            if (text.startsWith("!=", at)) {
                at += 2;
                return LabelMatcher.Op.NOT_EQUAL;
            }
            if (text.startsWith("=", at)) {
                at += 1;
                return LabelMatcher.Op.EQUAL;
            }
            throw expected("one of =, !=, =~, !~");
        }

        private String string() {
            if (at >= text.length()) {
                throw expected("a quoted string");
            }
            char quote = text.charAt(at);
            if (quote != '"' && quote != '\'' && quote != '`') {
                throw expected("a quoted string");
            }
            int start = at++;
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\\' && quote != '`') {
                    if (at >= text.length()) {
                        break;
                    }
                    char e = text.charAt(at++);
                    switch (e) {
                        case 'n': out.append('\n'); break;
                        case 't': out.append('\t'); break;
                        case '\\': case '"': case '\'': out.append(e); break;
                        default:
                            // PromQL keeps unknown escapes in regexes (\d, \.): keep the backslash
                            out.append('\\').append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            at = start;
            throw expected("a closing " + quote + " for the string that starts here");
        }

        private IllegalArgumentException expected(String what) {
            String found = at >= text.length() ? "the end" : excerpt(text.substring(at));
            return new IllegalArgumentException("selector " + excerpt(text) + ": at offset " + at
                    + ", expected " + what + ", found " + found);
        }
    }
}
