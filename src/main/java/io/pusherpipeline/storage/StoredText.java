package io.pusherpipeline.storage;

/**
 * Text from end users as the database holds it: PostgreSQL text cannot hold U+0000, and UTF-8
 * (PostgreSQL, DuckDB) has no unpaired UTF-16 surrogate, so such a value is stored escaped behind
 * {@link #MARKER} and every reader turns it back with {@link #read}. Any other value is stored as it is.
 */
public final class StoredText {

    /** Starts every escaped value; a value that itself starts with it is escaped too, so it reads back as it was. */
    public static final String MARKER = "pusher-escaped:";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private StoredText() {
    }

    /** The value to store: unchanged unless {@link #needsEscape} says so, then MARKER and the escaped value. */
    public static String store(String value) {
        if (value == null || !needsEscape(value)) {
            return value;
        }
        StringBuilder s = new StringBuilder(MARKER.length() + value.length() + 16).append(MARKER);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (isPair(value, i)) {
                s.append(ch).append(value.charAt(++i));
            } else if (ch == '\\') {
                s.append("\\\\");
            } else if (ch == '\u0000' || Character.isSurrogate(ch)) {
                s.append("\\u").append(HEX[ch >> 12]).append(HEX[(ch >> 8) & 0xf]).append(HEX[(ch >> 4) & 0xf]).append(HEX[ch & 0xf]);
            } else {
                s.append(ch);
            }
        }
        return s.toString();
    }

    /**
     * The value as it was before {@link #store}. A value with the marker but no valid escape (a lone
     * backslash, a bad hex digit) comes back unchanged: a reader never fails on what it finds.
     */
    public static String read(String stored) {
        if (stored == null || !stored.startsWith(MARKER)) {
            return stored;
        }
        StringBuilder s = new StringBuilder(stored.length() - MARKER.length());
        for (int i = MARKER.length(); i < stored.length(); i++) {
            char ch = stored.charAt(i);
            if (ch != '\\') {
                s.append(ch);
            } else if (i + 1 < stored.length() && stored.charAt(i + 1) == '\\') {
                s.append('\\');
                i++;
            } else if (i + 5 < stored.length() && stored.charAt(i + 1) == 'u') {
                int code = hex(stored, i + 2);
                if (code < 0) {
                    return stored;
                }
                s.append((char) code);
                i += 5;
            } else {
                return stored;
            }
        }
        return s.toString();
    }

    /** Whether {@link #store} escapes the value: it holds U+0000 or an unpaired surrogate, or starts with MARKER. */
    public static boolean needsEscape(String value) {
        if (value.startsWith(MARKER)) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (isPair(value, i)) {
                i++;
            } else if (ch == '\u0000' || Character.isSurrogate(ch)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPair(String value, int i) {
        return i + 1 < value.length() && Character.isSurrogatePair(value.charAt(i), value.charAt(i + 1));
    }

    /** The four ASCII hex digits at {@code from} as a number, or -1 when one is not (Character.digit takes other scripts' digits). */
    private static int hex(String s, int from) {
        int code = 0;
        for (int i = from; i < from + 4; i++) {
            char ch = s.charAt(i);
            int digit = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            code = code << 4 | digit;
        }
        return code;
    }
}
