package org.postern.shell;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.text.Collator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.postern.config.TimeSpans;

/**
 * The operators of section 2: comparison with PowerShell's coercion rules (the left operand
 * decides the type; a collection on the left filters), wildcard and regex matching,
 * containment and arithmetic. Errors are {@link ShellError}s with PowerShell's texts; the
 * interpreter adds the position.
 */
public final class Operators {

    private static final Collator COLLATOR = Collator.getInstance(Locale.ROOT);
    private static final Object NO = new Object();
    private static final Map<Class<?>, Method> PARSERS = new ConcurrentHashMap<>();
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([A-Za-z_][A-Za-z0-9_]*)>");

    private Operators() {
    }

    /**
     * Applies a comparison operator by name ({@code eq}, {@code clike}, {@code notin} ...),
     * as {@code Where-Object Name -like 'x*'} does.
     */
    public static Object apply(String operator, Object left, Object right) {
        String op = operator.toLowerCase(Locale.ROOT);
        if (op.equals("is") || op.equals("isnot")) {
            Types.PsType type = right instanceof Types.PsType ? (Types.PsType) right
                    : Types.resolve(Values.toStr(right));
            return Types.isInstance(type, left) == op.equals("is");
        }
        return comparison(op, left, right, null);
    }

    /**
     * The order Sort-Object uses: numbers by value, strings alphabetically (ignoring case
     * unless asked), enums by their value; values that cannot be compared by their text.
     */
    public static int sortCompare(Object a, Object b, boolean caseSensitive) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        if (a instanceof Number && b instanceof Number) {
            return compareNumbers((Number) a, (Number) b);
        }
        try {
            if (a.getClass() == b.getClass() || a instanceof String) {
                return compare(a, b, caseSensitive);
            }
        } catch (ShellError e) {
            // not comparable as such: compare the text
        }
        return compareStrings(Values.toStr(a), Values.toStr(b), caseSensitive);
    }

    // ---------------------------------------------------------------- equality and order

    /** {@code LanguagePrimitives.Equals}: the left operand decides how the right is read. */
    static boolean equal(Object l, Object r, boolean caseSensitive) {
        if (l == null || r == null) {
            return l == null && r == null;
        }
        if (l instanceof String) {
            return compareStrings((String) l, Values.toStr(r), caseSensitive) == 0;
        }
        if (l.equals(r)) {
            return true;
        }
        if (isNumeric(l) && isNumeric(r)) {
            return compareNumbers((Number) l, (Number) r) == 0;
        }
        Object converted = convertLike(l, r);
        if (converted == NO) {
            return false;
        }
        if (isNumeric(l)) {
            return compareNumbers((Number) l, (Number) converted) == 0;
        }
        if (Values.isFlags(l)) {
            return Values.flagsWithoutNone((Set<?>) l)
                    .equals(Values.flagsWithoutNone((Set<?>) converted));
        }
        return l.equals(converted);
    }

    /** The ordering of {@code -lt -le -gt -ge}: the right side is converted to the left's type. */
    static int compare(Object l, Object r, boolean caseSensitive) {
        if (l == null) {
            return r == null ? 0 : -1;
        }
        if (r == null) {
            return 1;
        }
        if (l instanceof String) {
            return compareStrings((String) l, Values.toStr(r), caseSensitive);
        }
        if (isNumeric(l)) {
            Object n = isNumeric(r) ? r : convertLike(l, r);
            if (n == NO) {
                throw comparisonFailure(l, r);
            }
            return compareNumbers((Number) l, (Number) n);
        }
        Object converted = l.getClass().isInstance(r) ? r : convertLike(l, r);
        if (converted == NO) {
            throw comparisonFailure(l, r);
        }
        if (l instanceof Boolean) {
            return Boolean.compare((Boolean) l, (Boolean) converted);
        }
        if (l instanceof Enum && converted instanceof Enum) {
            return Integer.compare(((Enum<?>) l).ordinal(), ((Enum<?>) converted).ordinal());
        }
        if (l instanceof Comparable && l.getClass().isInstance(converted)) {
            @SuppressWarnings("unchecked")
            Comparable<Object> c = (Comparable<Object>) l;
            return c.compareTo(converted);
        }
        throw new ShellError("Cannot compare \"" + Values.toStr(l) + "\" because it is not"
                + " IComparable.", ErrorCategory.InvalidOperation, "RuntimeException", null,
                "NotIcomparable");
    }

    private static ShellError comparisonFailure(Object l, Object r) {
        return new ShellError("Could not compare \"" + Values.toStr(l) + "\" to \""
                + Values.toStr(r) + "\". Error: \"Cannot convert value \"" + Values.toStr(r)
                + "\" to type \"" + Values.typeName(l) + "\". Error: \"Input string was not in a"
                + " correct format.\"\"", ErrorCategory.InvalidOperation, "RuntimeException",
                null, "ComparisonFailure");
    }

    /** Invariant-culture string comparison: alphabetical, lower case first when cased. */
    static int compareStrings(String a, String b, boolean caseSensitive) {
        if (!caseSensitive && a.equalsIgnoreCase(b)) {
            return 0;
        }
        if (caseSensitive && a.equals(b)) {
            return 0;
        }
        Collator c = (Collator) COLLATOR.clone();
        c.setStrength(caseSensitive ? Collator.TERTIARY : Collator.SECONDARY);
        int r = c.compare(a, b);
        if (r == 0) {
            r = caseSensitive ? a.compareTo(b) : a.compareToIgnoreCase(b);
        }
        return r;
    }

    private static boolean isNumeric(Object o) {
        return o instanceof Number;
    }

    static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short
                || n instanceof Byte;
    }

    /**
     * The right operand converted to the left operand's type, or {@link #NO} when it does not
     * convert (which makes -eq false rather than an error).
     */
    private static Object convertLike(Object l, Object r) {
        try {
            if (l instanceof Boolean) {
                return Values.isTrue(r);
            }
            if (l instanceof Number) {
                if (r instanceof Boolean || r instanceof String || r instanceof Enum) {
                    return Values.toNumber(r);
                }
                return NO;
            }
            if (l instanceof Enum) {
                return toEnum(((Enum<?>) l).getDeclaringClass(), r);
            }
            if (Values.isFlags(l)) {
                return toFlags((Set<?>) l, r);
            }
            if (l instanceof Duration) {
                return r instanceof String ? TimeSpans.parse((String) r) : NO;
            }
            if (r instanceof String || r instanceof Number) {
                Method parse = parser(l.getClass());
                if (parse != null) {
                    return parse.invoke(null, Values.toStr(r));
                }
            }
            return NO;
        } catch (ShellError | IllegalArgumentException e) {
            return NO;
        } catch (ReflectiveOperationException e) {
            return NO;
        }
    }

    /** A public static {@code parse(String)} of the value's own class, if it has one. */
    private static Method parser(Class<?> type) {
        Method m = PARSERS.computeIfAbsent(type, t -> {
            try {
                Method p = t.getMethod("parse", String.class);
                if (Modifier.isStatic(p.getModifiers()) && t.isAssignableFrom(p.getReturnType())
                        && t.getName().startsWith("org.postern.")) {
                    return p;
                }
            } catch (NoSuchMethodException e) {
                // no parser: the value does not convert from text
            }
            return NONE;
        });
        return m == NONE ? null : m;
    }

    private static final Method NONE;

    static {
        try {
            NONE = Object.class.getMethod("toString");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object toEnum(Class<?> type, Object r) {
        if (type.isInstance(r)) {
            return r;
        }
        Object[] constants = type.getEnumConstants();
        if (r instanceof Number) {
            int i = ((Number) r).intValue();
            return i >= 0 && i < constants.length ? constants[i] : NO;
        }
        String name = Values.toStr(r).trim();
        for (Object c : constants) {
            if (((Enum<?>) c).name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return NO;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object toFlags(Set<?> template, Object r) {
        Class type = enumType(template);
        if (type == null) {
            return NO;
        }
        EnumSet out = EnumSet.noneOf(type);
        for (Object item : Values.items(r instanceof Set ? new ArrayList<>((Set<?>) r) : r)) {
            if (type.isInstance(item)) {
                out.add(item);
                continue;
            }
            for (String part : Values.toStr(item).split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                Object c = toEnum(type, part);
                if (c == NO) {
                    return NO;
                }
                out.add(c);
            }
        }
        return out;
    }

    /** The enum class of a flags value; an empty EnumSet's complement names it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<?> enumType(Set<?> flags) {
        if (!flags.isEmpty()) {
            return ((Enum<?>) flags.iterator().next()).getDeclaringClass();
        }
        if (flags instanceof EnumSet) {
            EnumSet all = EnumSet.complementOf((EnumSet) flags);
            return all.isEmpty() ? null : ((Enum<?>) all.iterator().next()).getDeclaringClass();
        }
        return null;
    }

    // ---------------------------------------------------------------- comparison operators

    /** Result of {@code -match} on a scalar: the Boolean and the new $Matches (or null). */
    record MatchResult(boolean matched, Hashtable matches) {
    }

    /**
     * A comparison operator. With a collection on the left the operators that test a value
     * filter instead (section 2.2); {@code -replace} maps.
     */
    static Object comparison(String op, Object l, Object r, java.util.function.Consumer<Hashtable>
            matchesSink) {
        boolean cs = op.startsWith("c") && !op.equals("contains");
        String base = cs ? op.substring(1) : op;
        switch (base) {
            case "contains":
            case "notcontains": {
                boolean found = false;
                for (Object e : Values.items(l)) {
                    if (equal(e, r, cs)) {
                        found = true;
                        break;
                    }
                }
                return base.equals("contains") == found;
            }
            case "in":
            case "notin": {
                boolean found = false;
                for (Object e : Values.items(r)) {
                    if (equal(e, l, cs)) {
                        found = true;
                        break;
                    }
                }
                return base.equals("in") == found;
            }
            case "replace":
                return replace(l, r, cs);
            case "split":
                return split(l, r, cs);
            case "join":
                return join(l, r);
            default:
                break;
        }
        if (Values.isCollection(l)) {
            // Filtering: -like keeps the elements' string forms, the others the elements.
            boolean asText = base.equals("like") || base.equals("notlike");
            List<Object> out = new ArrayList<>();
            for (Object e : Values.items(l)) {
                if ((Boolean) test(base, e, r, cs, null)) {
                    out.add(asText ? Values.toStr(e) : e);
                }
            }
            return out;
        }
        return test(base, l, r, cs, matchesSink);
    }

    private static Object test(String base, Object l, Object r, boolean cs,
            java.util.function.Consumer<Hashtable> matchesSink) {
        switch (base) {
            case "eq":
                return equal(l, r, cs);
            case "ne":
                return !equal(l, r, cs);
            case "gt":
                return compare(l, r, cs) > 0;
            case "ge":
                return compare(l, r, cs) >= 0;
            case "lt":
                return compare(l, r, cs) < 0;
            case "le":
                return compare(l, r, cs) <= 0;
            case "like":
                return like(Values.toStr(l), Values.toStr(r), cs);
            case "notlike":
                return !like(Values.toStr(l), Values.toStr(r), cs);
            case "match":
            case "notmatch": {
                MatchResult m = match(Values.toStr(l), Values.toStr(r), cs);
                if (m.matches() != null && matchesSink != null) {
                    matchesSink.accept(m.matches());
                }
                return base.equals("match") == m.matched();
            }
            default:
                throw new IllegalStateException("not a comparison operator: " + base);
        }
    }

    // ---------------------------------------------------------------- wildcards

    /** {@code -like}: the whole string against the wildcard pattern (section 2.4). */
    public static boolean like(String s, String pattern, boolean caseSensitive) {
        return wildcard(pattern, caseSensitive).matcher(s).matches();
    }

    /** WildcardPattern: {@code * ? [abc] [a-z]}, backtick escapes; no negation in sets. */
    static Pattern wildcard(String pattern, boolean caseSensitive) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '`' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int close = -1;
                for (int j = i + 1; j < pattern.length(); j++) {
                    if (pattern.charAt(j) == '`') {
                        j++;
                    } else if (pattern.charAt(j) == ']') {
                        close = j;
                        break;
                    }
                }
                if (close < 0) {
                    throw new ShellError("The specified wildcard character pattern is not"
                            + " valid: " + pattern, ErrorCategory.InvalidArgument,
                            "WildcardPatternException", null, "RuntimeException");
                }
                re.append('[');
                for (int j = i + 1; j < close; j++) {
                    char k = pattern.charAt(j);
                    if (k == '`' && j + 1 < close) {
                        k = pattern.charAt(++j);
                    }
                    if (k == '-' && j > i + 1 && j + 1 < close) {
                        re.append('-');
                    } else if (Character.isLetterOrDigit(k)) {
                        re.append(k);
                    } else {
                        re.append('\\').append(k);
                    }
                }
                re.append(']');
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        int flags = Pattern.DOTALL;
        if (!caseSensitive) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        return Pattern.compile(re.toString(), flags);
    }

    // ---------------------------------------------------------------- regular expressions

    static Pattern regex(String pattern, boolean caseSensitive) {
        String p = pattern.replace("(?'", "(?<");
        try {
            return Pattern.compile(p, caseSensitive ? 0
                    : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new ShellError("The regular expression pattern " + pattern + " is not valid.",
                    ErrorCategory.InvalidOperation, "RuntimeException", pattern,
                    "InvalidRegularExpression");
        }
    }

    /** {@code -match}: unanchored; on success $Matches gets group 0, numbered and named groups. */
    static MatchResult match(String s, String pattern, boolean caseSensitive) {
        Pattern p = regex(pattern, caseSensitive);
        Matcher m = p.matcher(s);
        if (!m.find()) {
            return new MatchResult(false, null);
        }
        Hashtable matches = new Hashtable();
        List<String> names = new ArrayList<>();
        Matcher n = GROUP_NAME.matcher(pattern);
        while (n.find()) {
            names.add(n.group(1));
        }
        matches.put(0, m.group());
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                matches.put(g, m.group(g));
            }
        }
        for (String name : names) {
            try {
                if (m.group(name) != null) {
                    matches.put(name, m.group(name));
                }
            } catch (IllegalArgumentException e) {
                // not a group of this pattern after all
            }
        }
        return new MatchResult(true, matches);
    }

    /** {@code -replace pattern, replacement} on a value or on each element of a collection. */
    static Object replace(Object l, Object r, boolean caseSensitive) {
        List<Object> args = Values.items(r);
        if (args.isEmpty() || args.size() > 2) {
            throw new ShellError("The -replace operator allows only two elements to follow it,"
                    + " not " + args.size() + ".", ErrorCategory.InvalidOperation,
                    "RuntimeException", null, "BadReplaceArgument");
        }
        Pattern p = regex(Values.toStr(args.get(0)), caseSensitive);
        String replacement = args.size() > 1 ? javaReplacement(Values.toStr(args.get(1))) : "";
        if (Values.isCollection(l)) {
            List<Object> out = new ArrayList<>();
            for (Object e : Values.items(l)) {
                out.add(p.matcher(Values.toStr(e)).replaceAll(replacement));
            }
            return out;
        }
        return p.matcher(Values.toStr(l)).replaceAll(replacement);
    }

    /** A .NET replacement string in Java's syntax: {@code $$} is a dollar, {@code $&} group 0. */
    private static String javaReplacement(String net) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < net.length(); i++) {
            char c = net.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '$') {
                char n = i + 1 < net.length() ? net.charAt(i + 1) : '\0';
                if (n == '$') {
                    sb.append("\\$");
                    i++;
                } else if (n == '&') {
                    sb.append("$0");
                    i++;
                } else if (Character.isDigit(n) || n == '{') {
                    sb.append('$');
                } else {
                    sb.append("\\$");
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static Object split(Object l, Object r, boolean caseSensitive) {
        List<Object> args = Values.items(r);
        Pattern p = regex(args.isEmpty() ? " " : Values.toStr(args.get(0)), caseSensitive);
        int max = args.size() > 1 ? Values.toNumber(args.get(1)).intValue() : 0;
        List<Object> out = new ArrayList<>();
        for (Object e : Values.items(l)) {
            for (String part : p.split(Values.toStr(e), max <= 0 ? -1 : max)) {
                out.add(part);
            }
        }
        return out;
    }

    /** Unary {@code -split}: on runs of whitespace, without empty entries. */
    static Object splitWhitespace(Object l) {
        List<Object> out = new ArrayList<>();
        for (Object e : Values.items(l)) {
            for (String part : Values.toStr(e).trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    static Object join(Object l, Object r) {
        return Values.toStr(l, Values.toStr(r));
    }

    // ---------------------------------------------------------------- arithmetic

    static Number negate(Number n) {
        if (n instanceof Integer) {
            int v = n.intValue();
            return v == Integer.MIN_VALUE ? (Number) (-(long) v) : (Number) (-v);
        }
        if (n instanceof Long) {
            long v = n.longValue();
            return v == Long.MIN_VALUE ? (Number) (-(double) v) : (Number) (-v);
        }
        return -n.doubleValue();
    }

    static Object add(Object l, Object r) {
        if (l == null) {
            return Values.isCollection(r) ? Values.items(r) : r;
        }
        if (Values.isCollection(l)) {
            List<Object> out = Values.items(l);
            if (Values.isCollection(r)) {
                out.addAll(Values.items(r));
            } else {
                out.add(r);
            }
            return out;
        }
        if (l instanceof Map) {
            if (!(r instanceof Map)) {
                throw new ShellError("A hash table can only be added to another hash table.",
                        ErrorCategory.InvalidOperation, "RuntimeException", null,
                        "AddHashTableToNonHashTable");
            }
            Hashtable out = new Hashtable(l instanceof Hashtable && ((Hashtable) l).ordered());
            out.putAll((Map<?, ?>) l);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) r).entrySet()) {
                if (out.containsKey(e.getKey())) {
                    throw new ShellError("Item has already been added. Key in dictionary: '"
                            + e.getKey() + "'  Key being added: '" + e.getKey() + "'",
                            ErrorCategory.NotSpecified, "ArgumentException", null,
                            "ArgumentException");
                }
                out.put(e.getKey(), e.getValue());
            }
            return out;
        }
        if (l instanceof String) {
            return l + Values.toStr(r);
        }
        if (l instanceof Duration && r instanceof Duration) {
            return ((Duration) l).plus((Duration) r);
        }
        if (l instanceof Number || l instanceof Boolean) {
            return arithmetic('+', Values.toNumber(l), number(r));
        }
        throw noOperator(l, "op_Addition");
    }

    private static Number number(Object r) {
        return Values.toNumber(r);
    }

    private static ShellError noOperator(Object l, String method) {
        return new ShellError("Method invocation failed because [" + Values.typeName(l)
                + "] does not contain a method named '" + method + "'.",
                ErrorCategory.InvalidOperation, "RuntimeException", null, "MethodNotFound");
    }

    static Object subtract(Object l, Object r) {
        if (l instanceof Duration && r instanceof Duration) {
            return ((Duration) l).minus((Duration) r);
        }
        if (l == null || l instanceof Number || l instanceof Boolean || l instanceof String) {
            return arithmetic('-', Values.toNumber(l), number(r));
        }
        throw noOperator(l, "op_Subtraction");
    }

    static Object multiply(Object l, Object r) {
        if (l instanceof String) {
            int n = number(r).intValue();
            return ((String) l).repeat(Math.max(0, n));
        }
        if (Values.isCollection(l)) {
            int n = number(r).intValue();
            List<Object> items = Values.items(l);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.addAll(items);
            }
            return out;
        }
        if (l == null || l instanceof Number || l instanceof Boolean) {
            return arithmetic('*', Values.toNumber(l), number(r));
        }
        throw noOperator(l, "op_Multiply");
    }

    static Object divide(Object l, Object r) {
        if (l == null || l instanceof Number || l instanceof Boolean || l instanceof String) {
            return arithmetic('/', Values.toNumber(l), number(r));
        }
        throw noOperator(l, "op_Division");
    }

    static Object modulo(Object l, Object r) {
        if (l == null || l instanceof Number || l instanceof Boolean || l instanceof String) {
            return arithmetic('%', Values.toNumber(l), number(r));
        }
        throw noOperator(l, "op_Modulus");
    }

    private static ShellError divideByZero() {
        return new ShellError("Attempted to divide by zero.", ErrorCategory.NotSpecified,
                "RuntimeException", null, "RuntimeException");
    }

    /**
     * Int32 and Int64 arithmetic as PowerShell does it: Int32 results stay Int32 when they
     * fit, an overflow gives a Double, and a division that does not come out even gives a
     * Double.
     */
    static Number arithmetic(char op, Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            long x = a.longValue();
            long y = b.longValue();
            boolean ints = a instanceof Integer && b instanceof Integer;
            long result;
            try {
                switch (op) {
                    case '+':
                        result = Math.addExact(x, y);
                        break;
                    case '-':
                        result = Math.subtractExact(x, y);
                        break;
                    case '*':
                        result = Math.multiplyExact(x, y);
                        break;
                    case '/':
                        if (y == 0) {
                            throw divideByZero();
                        }
                        if (x % y != 0) {
                            return (double) x / y;
                        }
                        result = x / y;
                        break;
                    default:
                        if (y == 0) {
                            throw divideByZero();
                        }
                        result = x % y;
                        break;
                }
            } catch (ArithmeticException e) {
                return arithmetic(op, (double) x, (double) y);
            }
            if (ints) {
                if (result >= Integer.MIN_VALUE && result <= Integer.MAX_VALUE) {
                    return (int) result;
                }
                return (double) result;
            }
            return result;
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        switch (op) {
            case '+':
                return x + y;
            case '-':
                return x - y;
            case '*':
                return x * y;
            case '/':
                if (y == 0) {
                    throw divideByZero();
                }
                return x / y;
            default:
                if (y == 0) {
                    throw divideByZero();
                }
                return x % y;
        }
    }
}
