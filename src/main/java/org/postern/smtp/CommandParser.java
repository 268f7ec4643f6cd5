package org.postern.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Splits command lines (already checked for control characters and decoded as UTF-8) into their
 * parts: the verb, the MAIL/RCPT path and the ESMTP parameters. Pure syntax, no policy.
 */
public final class CommandParser {

    private CommandParser() {
    }

    /** A command line split at its first space: the verb upper-cased, the rest as sent. */
    public record Command(String verb, String argument) {

        /** True when something other than spaces follows the verb. */
        public boolean hasArgument() {
            return !argument.isBlank();
        }
    }

    /** The path of MAIL FROM / RCPT TO and the parameter text after it. */
    public record PathArgument(String path, String parameters, boolean bracketed) {
    }

    /** A command argument that cannot be parsed. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Splits a line into verb and argument. */
    public static Command parse(String line) {
        int sp = line.indexOf(' ');
        if (sp < 0) {
            return new Command(line.toUpperCase(Locale.ROOT), "");
        }
        return new Command(line.substring(0, sp).toUpperCase(Locale.ROOT), line.substring(sp + 1));
    }

    /**
     * Splits {@code FROM:<path> params} (or {@code TO:}). Spaces after the colon are tolerated.
     * Without angle brackets (as in the Exchange article's {@code MAIL FROM:chris@contoso.com})
     * the address must be the whole argument: parameters need brackets, so
     * {@code RCPT TO:bob@example.org SIZE=1} is refused as ambiguous.
     *
     * @param keyword {@code FROM:} or {@code TO:}
     */
    public static PathArgument splitPath(String argument, String keyword) throws SyntaxException {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw new SyntaxException("expected " + keyword);
        }
        String rest = stripLeadingSpaces(argument.substring(keyword.length()));
        if (!rest.startsWith("<")) {
            String bare = rest.strip();
            if (bare.isEmpty() || bare.indexOf(' ') >= 0 || bare.indexOf('>') >= 0) {
                throw new SyntaxException("address without angle brackets must stand alone");
            }
            return new PathArgument(bare, "", false);
        }
        int close = closingBracket(rest);
        String path = rest.substring(1, close);
        String after = rest.substring(close + 1);
        if (!after.isEmpty() && !after.startsWith(" ")) {
            throw new SyntaxException("text after the path");
        }
        return new PathArgument(path, after.strip(), true);
    }

    /** Index of the '>' that closes the path, skipping quoted strings. */
    private static int closingBracket(String s) throws SyntaxException {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            } else if (c == '<' && !quoted) {
                throw new SyntaxException("nested '<'");
            }
        }
        throw new SyntaxException("no closing '>'");
    }

    private static String stripLeadingSpaces(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return s.substring(i);
    }

    /**
     * Parses {@code esmtp-param *(SP esmtp-param)} (RFC 5321 section 4.1.2). Keys come back
     * upper-case in the order given; a parameter without value maps to "". A key given twice is
     * an error.
     *
     * @param allowUtf8 accept non-ASCII in values (RFC 6531 section 3.3)
     */
    public static Map<String, String> parseParameters(String text, boolean allowUtf8)
            throws SyntaxException {
        Map<String, String> params = new LinkedHashMap<>();
        if (text.isBlank()) {
            return params;
        }
        for (String item : text.strip().split(" +")) {
            int eq = item.indexOf('=');
            String key = (eq < 0 ? item : item.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? "" : item.substring(eq + 1);
            if (!isKeyword(key) || (eq >= 0 && !isValue(value, allowUtf8))) {
                throw new SyntaxException("malformed parameter");
            }
            if (params.put(key, value) != null) {
                throw new SyntaxException("parameter given twice: " + key);
            }
        }
        return params;
    }

    /** esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-") */
    private static boolean isKeyword(String k) {
        if (k.isEmpty() || k.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** esmtp-value = 1*(%d33-60 / %d62-126), UTF-8 added by RFC 6531. */
    private static boolean isValue(String v, boolean allowUtf8) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = (c >= 33 && c <= 126 && c != '=') || (allowUtf8 && c > 127);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes xtext (RFC 3461 section 4): {@code +XX} with upper-case hex stands for one octet.
     * Refuses a decoded control character, so CR, LF or NUL can never reach a queue file, a
     * header or a DSN (case P15).
     */
    public static String decodeXtext(String x) throws SyntaxException {
        StringBuilder out = new StringBuilder(x.length());
        for (int i = 0; i < x.length(); i++) {
            char c = x.charAt(i);
            if (c == '+') {
                if (i + 2 >= x.length()) {
                    throw new SyntaxException("truncated xtext escape");
                }
                int v = hexUpper(x.charAt(i + 1)) * 16 + hexUpper(x.charAt(i + 2));
                if (v < 0) {
                    throw new SyntaxException("bad xtext escape");
                }
                c = (char) v;
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                throw new SyntaxException("bad xtext character");
            }
            if (c < 32 || c == 127) {
                throw new SyntaxException("control character in xtext");
            }
            out.append(c);
        }
        return out.toString();
    }

    private static int hexUpper(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1000;
    }
}
