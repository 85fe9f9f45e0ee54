package dev.sli.store.imports;

/**
 * Bounded, terminal-safe quotations of input text for error messages: at most {@value #MAX_CHARS}
 * characters, quoted, with control characters (C0, DEL, C1, line and paragraph separators, bidi
 * overrides) written as escapes so that nothing from the input reaches a terminal raw.
 */
final class Excerpt {

    static final int MAX_CHARS = 60;

    private Excerpt() {
    }

    /** {@code text} quoted, cut after {@value #MAX_CHARS} characters (the cut says the full length). */
    static String of(String text) {
        return of(text, 0, text.length());
    }

    /** The start of a text too long to read whole: its first characters, quoted, followed by "…". */
    static String prefix(String start) {
        String quoted = of(start, 0, Math.min(start.length(), MAX_CHARS));
        return quoted.substring(0, quoted.length() - 1) + "…\"";
    }

    /** The characters {@code from} (inclusive) to {@code to} (exclusive) of {@code text}, quoted and bounded. */
    static String of(CharSequence text, int from, int to) {
        int end = Math.min(to, from + MAX_CHARS);
        if (end < to && end > from && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        StringBuilder out = new StringBuilder(end - from + 16).append('"');
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '"':
                    out.append("\\\"");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
        if (end < to) {
            out.insert(out.length() - 1, '…').append(" (").append(to - from).append(" characters)");
        }
        return out.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0xfeff;
    }
}
