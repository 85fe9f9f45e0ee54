package dev.sli.openslo;

/** Bounded, control-character-free excerpts of input for error messages. Stateless. */
final class Text {

    /** The most characters of an input value an error message quotes. */
    static final int EXCERPT = 60;

    private Text() {
    }

    /** {@code value} in double quotes, shortened to {@link #EXCERPT} characters, control characters escaped. */
    static String quote(String value) {
        return '"' + excerpt(value) + '"';
    }

    /** {@code value} shortened to {@link #EXCERPT} characters (with "…"), control characters escaped. */
    static String excerpt(String value) {
        boolean cut = value.length() > EXCERPT;
        return clean(cut ? value.substring(0, EXCERPT) : value) + (cut ? "…" : "");
    }

    /** {@code text} with every control character written as an escape ({@code \n}, {@code \t}, {@code \u001b}). */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
