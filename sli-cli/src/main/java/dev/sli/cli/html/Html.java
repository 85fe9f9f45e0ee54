package dev.sli.cli.html;

/**
 * The one escaping function every string from input passes through before it reaches the report, whether
 * as element text or as a (double-quoted) attribute value. Stateless; any thread.
 */
final class Html {

    private Html() {
    }

    /**
     * {@code text} safe as HTML text and as a quoted attribute value, and well-formed as XML: {@code & < > " '}
     * become character references; characters XML 1.0 does not allow (C0 controls other than tab, line feed and
     * carriage return; lone surrogates; U+FFFE, U+FFFF) and C1 controls become U+FFFD, so that nothing from
     * input can end an element, open one, end an attribute or carry a control character.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = null;
            switch (c) {
                case '&':
                    replacement = "&amp;";
                    break;
                case '<':
                    replacement = "&lt;";
                    break;
                case '>':
                    replacement = "&gt;";
                    break;
                case '"':
                    replacement = "&quot;";
                    break;
                case '\'':
                    replacement = "&#39;";
                    break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        if (out != null) {
                            out.append(c).append(text.charAt(i + 1));
                        }
                        i++;
                        continue;
                    }
                    boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c < 0xa0)
                            || Character.isSurrogate(c) || c == '\ufffe' || c == '\uffff';
                    if (bad) {
                        replacement = "\ufffd";
                    }
            }
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
