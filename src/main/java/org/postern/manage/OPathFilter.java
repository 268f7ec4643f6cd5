package org.postern.manage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Operators;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;

/**
 * The OPath filters of the queue cmdlets ({@code -Filter "MessageCount -gt 0 -and Status -eq
 * 'Retry'"}, also given as a script block): comparisons of an object's property with a value,
 * {@code -eq -ne -gt -ge -lt -le -like -notlike}, joined by {@code -and} and {@code -or}, with
 * {@code -not} and parentheses. A comparison is PowerShell's with the property on the left, so
 * the property's type decides how the value is read (a number for MessageCount, a status name
 * for Status, a date for NextRetryTime). Values are quoted strings, numbers, {@code $true},
 * {@code $false}, {@code $null} or bare words.
 *
 * <p>Not there: variables inside the filter ({@code "NextHopDomain -eq '$d'"} works because the
 * shell expands the double-quoted string first, a script block's {@code $d} does not).
 */
final class OPathFilter {

    private interface Node {
        boolean test(PsObject o);
    }

    private final String text;
    private final Node root;

    private OPathFilter(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Reads a filter whose properties must be among {@code properties} (any case).
     *
     * @throws ShellError naming the filter and what is wrong with it
     */
    static OPathFilter parse(Object filter, List<String> properties) {
        String text = filter == null ? "" : filter.toString().trim();
        Reader r = new Reader(text, properties);
        Node root = r.or();
        r.skipSpace();
        if (!r.atEnd()) {
            throw r.error("unexpected \"" + r.rest() + "\"");
        }
        return new OPathFilter(text, root);
    }

    /** Whether the object meets the filter. */
    boolean matches(PsObject o) {
        try {
            return root.test(o);
        } catch (ShellError e) {
            throw new ShellError("The filter \"" + text + "\" can't be applied: "
                    + e.getMessage(), ErrorCategory.InvalidArgument, "ArgumentException", null,
                    "InvalidFilter");
        }
    }

    /** Keeps the objects that meet the filter. */
    List<PsObject> apply(List<PsObject> objects) {
        List<PsObject> out = new ArrayList<>();
        for (PsObject o : objects) {
            if (matches(o)) {
                out.add(o);
            }
        }
        return out;
    }

    /** A recursive-descent reader of one filter text. */
    private static final class Reader {
        private static final List<String> OPERATORS = List.of("eq", "ne", "gt", "ge", "lt",
                "le", "like", "notlike");

        private final String s;
        private final List<String> properties;
        private int i;

        Reader(String s, List<String> properties) {
            this.s = s;
            this.properties = properties;
        }

        Node or() {
            Node left = and();
            while (keyword("-or")) {
                Node a = left;
                Node b = and();
                left = o -> a.test(o) || b.test(o);
            }
            return left;
        }

        Node and() {
            Node left = unary();
            while (keyword("-and")) {
                Node a = left;
                Node b = unary();
                left = o -> a.test(o) && b.test(o);
            }
            return left;
        }

        Node unary() {
            skipSpace();
            if (keyword("-not")) {
                Node inner = unary();
                return o -> !inner.test(o);
            }
            if (peek() == '(') {
                i++;
                Node inner = or();
                skipSpace();
                if (peek() != ')') {
                    throw error("a \")\" is missing");
                }
                i++;
                return inner;
            }
            return comparison();
        }

        Node comparison() {
            skipSpace();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i))
                    || s.charAt(i) == '_')) {
                i++;
            }
            String name = s.substring(start, i);
            if (name.isEmpty()) {
                throw error(atEnd() ? "a property name is missing at the end"
                        : "a property name is expected at \"" + rest() + "\"");
            }
            String property = property(name);
            skipSpace();
            int opStart = i;
            if (peek() == '-') {
                i++;
                while (i < s.length() && Character.isLetter(s.charAt(i))) {
                    i++;
                }
            }
            String op = s.substring(opStart, i).toLowerCase(Locale.ROOT);
            if (op.length() < 2 || !OPERATORS.contains(op.substring(1))) {
                throw error(op.isEmpty() ? "an operator is missing after " + property
                        : "\"" + s.substring(opStart, i) + "\" isn't an operator; use -eq, -ne,"
                        + " -gt, -ge, -lt, -le, -like or -notlike");
            }
            Object value = value();
            String operator = op.substring(1);
            return o -> Boolean.TRUE.equals(Operators.apply(operator, o.get(property), value));
        }

        private String property(String name) {
            for (String p : properties) {
                if (p.equalsIgnoreCase(name)) {
                    return p;
                }
            }
            throw error("\"" + name + "\" isn't a property that can be filtered on; use one of "
                    + String.join(", ", properties));
        }

        Object value() {
            skipSpace();
            if (atEnd()) {
                throw error("a value is missing at the end");
            }
            char c = peek();
            if (c == '\'' || c == '"') {
                StringBuilder v = new StringBuilder();
                i++;
                while (true) {
                    if (atEnd()) {
                        throw error("the string " + c + v + " has no closing " + c);
                    }
                    char d = s.charAt(i++);
                    if (d == c) {
                        if (peek() == c) {
                            v.append(c);
                            i++;
                            continue;
                        }
                        return v.toString();
                    }
                    v.append(d);
                }
            }
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))
                    && s.charAt(i) != ')') {
                i++;
            }
            String word = s.substring(start, i);
            switch (word.toLowerCase(Locale.ROOT)) {
                case "$true":
                    return Boolean.TRUE;
                case "$false":
                    return Boolean.FALSE;
                case "$null":
                    return null;
                default:
                    break;
            }
            Number n = org.postern.shell.Values.parseNumber(word);
            return n != null ? n : word;
        }

        boolean keyword(String k) {
            skipSpace();
            int end = i + k.length();
            if (end <= s.length() && s.regionMatches(true, i, k, 0, k.length())
                    && (end == s.length() || !Character.isLetter(s.charAt(end)))) {
                i = end;
                return true;
            }
            return false;
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        boolean atEnd() {
            return i >= s.length();
        }

        String rest() {
            return s.substring(i);
        }

        ShellError error(String what) {
            return new ShellError("The filter \"" + s + "\" isn't valid: " + what + ".",
                    ErrorCategory.InvalidArgument, "ArgumentException", null, "InvalidFilter");
        }
    }
}
