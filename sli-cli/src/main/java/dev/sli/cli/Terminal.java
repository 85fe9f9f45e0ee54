package dev.sli.cli;

/**
 * Text bound for a terminal: control characters from input are shown escaped, never passed through, and a
 * value quoted in a message is cut to a bounded excerpt. Stateless; any thread.
 */
final class Terminal {

    /** The most characters of a value {@link #excerpt} quotes. */
    static final int EXCERPT_CHARS = 80;
    /** The most characters of a message {@link #message} keeps: its start and its end. */
    static final int MESSAGE_CHARS = 1000;
    private static final int MESSAGE_HEAD = 640;
    private static final int MESSAGE_TAIL = MESSAGE_CHARS - MESSAGE_HEAD;

    private Terminal() {
    }

    /**
     * {@code text} with every control character (C0, DEL, C1, the Unicode line and paragraph separators)
     * written as {@code \xNN} or {@code \\uNNNN}, so that nothing read from input moves the cursor, starts a
     * new line or sends an escape sequence to the terminal.
     */
    static String safe(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** {@code text} quoted, cut to at most 80 characters (saying how long it was), control characters escaped. */
    static String excerpt(String text) {
        boolean cut = text.length() > EXCERPT_CHARS;
        String kept = cut ? text.substring(0, cutPoint(text, EXCERPT_CHARS)) + "…" : text;
        return "'" + safe(kept) + "'" + (cut ? " (" + text.length() + " characters)" : "");
    }

    /**
     * A one-line message for the terminal: control characters escaped, and when longer than
     * {@value #MESSAGE_CHARS} characters (a huge value quoted whole by a library), its first 640 and last 360
     * characters around a note of how much was left out, so that the file, line and field at its start and
     * the rule at its end are kept.
     */
    static String message(String text) {
        if (text.length() <= MESSAGE_CHARS) {
            return safe(text);
        }
        int head = cutPoint(text, MESSAGE_HEAD);
        int tail = text.length() - MESSAGE_TAIL;
        if (Character.isLowSurrogate(text.charAt(tail))) {
            tail++;
        }
        return safe(text.substring(0, head)) + "… [" + (tail - head) + " characters left out] …" + safe(text.substring(tail));
    }

    /** {@code n}, or one less when that would split a surrogate pair. */
    private static int cutPoint(String text, int n) {
        return Character.isHighSurrogate(text.charAt(n - 1)) ? n - 1 : n;
    }
}
