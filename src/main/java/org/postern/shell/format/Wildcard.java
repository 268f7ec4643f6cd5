package org.postern.shell.format;

import java.util.regex.Pattern;

/**
 * A property-name pattern as PowerShell's WildcardPattern reads it, case-insensitive:
 * {@code *} any run, {@code ?} one character, {@code [a-c]} a set, a backtick escapes.
 */
final class Wildcard {

    private final Pattern pattern;

    private Wildcard(Pattern pattern) {
        this.pattern = pattern;
    }

    static boolean hasWildcards(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    static Wildcard of(String text) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`' && i + 1 < text.length()) {
                re.append(Pattern.quote(String.valueOf(text.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[' && text.indexOf(']', i + 1) > i + 1) {
                int close = text.indexOf(']', i + 1);
                re.append('[');
                for (char s : text.substring(i + 1, close).toCharArray()) {
                    re.append(s == '-' ? "-" : Pattern.quote(String.valueOf(s)));
                }
                re.append(']');
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Wildcard(Pattern.compile(re.toString(),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
    }

    boolean matches(String name) {
        return pattern.matcher(name).matches();
    }
}
