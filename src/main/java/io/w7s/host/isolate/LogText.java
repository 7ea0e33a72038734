package io.w7s.host.isolate;

/**
 * Untrusted text made safe for a line-oriented log: lines end at {@code \r\n}, {@code \n} or
 * {@code \r}, and characters that could change what a terminal or log viewer shows are escaped.
 */
public final class LogText {
    private LogText() {
    }

    /** {@code text} with every line starting with {@code prefix}, and {@link #escape escaped}. */
    public static String prefixLines(String prefix, String text) {
        StringBuilder sb = new StringBuilder(text.length() + prefix.length() + 16);
        sb.append(prefix);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                sb.append('\n').append(prefix);
            } else {
                escape(c, sb);
            }
        }
        return sb.toString();
    }

    /**
     * Appends {@code c}, or its escaped form ({@code \x1b}, {@code \u2028}) when it could change
     * what a terminal or log viewer shows: C0 and C1 controls other than tab (ESC, backspace, form
     * feed, CSI…), DEL, Unicode line and paragraph separators, and bidirectional overrides.
     * Line breaks are the caller's business: {@link #prefixLines} handles them.
     */
    public static void escape(char c, StringBuilder sb) {
        if (!escaped(c)) {
            sb.append(c);
        } else if (c <= 0x9f) {
            sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
        } else {
            sb.append("\\u").append(Integer.toHexString(c));
        }
    }

    /** Whether {@link #escape} escapes {@code c}; the JSON log escapes the same characters. */
    public static boolean escaped(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
