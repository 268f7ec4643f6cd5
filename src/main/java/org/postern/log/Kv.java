package org.postern.log;

/**
 * Formats operator-log events as {@code key=value} pairs, so that every package writes the same
 * shape: {@code event=queue-commit id=17 size=4096}. Values holding a space, a quote, an equals
 * sign, a backslash or a control character are quoted, with {@code \"}, {@code \\} and
 * {@code \n}-style escapes inside; an empty value is written as {@code ""} and {@code null} as
 * {@code -}. Values longer than {@link #MAX_VALUE} characters are cut and end in {@code ...}, so
 * that client-supplied text cannot flood a line.
 *
 * <p>Use it with SLF4J as {@code log.info("{}", Kv.of("event", "queue-commit", "id", id))}; the
 * formatting then happens only when the level is enabled because {@link #toString()} is lazy.
 */
public final class Kv {

    /** Longest value written before it is cut. */
    public static final int MAX_VALUE = 200;

    private final Object[] pairs;

    private Kv(Object[] pairs) {
        this.pairs = pairs;
    }

    /**
     * The pairs {@code k1, v1, k2, v2, ...} as a lazily formatted line fragment.
     *
     * @throws IllegalArgumentException if the number of arguments is odd or a key is not a plain
     *     word
     */
    public static Kv of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "key=value pairs need an even number of arguments, got "
                            + keysAndValues.length);
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object key = keysAndValues[i];
            if (!(key instanceof String) || !isPlainKey((String) key)) {
                throw new IllegalArgumentException("bad log key: " + key);
            }
        }
        return new Kv(keysAndValues.clone());
    }

    /** Formats the pairs at once; same output as {@code of(...).toString()}. */
    public static String format(Object... keysAndValues) {
        return of(keysAndValues).toString();
    }

    /** One value as it appears after {@code key=}. */
    public static String value(Object value) {
        if (value == null) {
            return "-";
        }
        String s = String.valueOf(value);
        boolean cut = s.length() > MAX_VALUE;
        if (cut) {
            s = s.substring(0, MAX_VALUE);
        }
        if (!cut && !s.isEmpty() && !needsQuotes(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        if (cut) {
            out.append("...");
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(16 * pairs.length);
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                line.append(' ');
            }
            line.append(pairs[i]).append('=').append(value(pairs[i + 1]));
        }
        return line.toString();
    }

    private static boolean needsQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPlainKey(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
