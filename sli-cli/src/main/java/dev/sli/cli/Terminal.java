package dev.sli.cli;

/** Text bound for a terminal: control characters from input are shown escaped, never passed through. */
final class Terminal {

    private Terminal() {
    }

    /** {@code text} with every control character (C0, DEL, C1) written as {@code \xNN} or {@code \\uNNNN}. */
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
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return "'" + safe(cut) + "'" + (text.length() > 80 ? " (" + text.length() + " characters)" : "");
    }
}
