package org.postern.shell;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postern.config.TimeSpans;

/**
 * How the shell sees Java values, after PowerShell's LanguagePrimitives: which values are
 * collections, which are true, their string forms (invariant culture) and their numbers.
 *
 * <ul>
 *   <li>Collections are {@link List}s, {@code Object[]} and other {@link Collection}s, except a
 *       {@link Set} of enum constants, which is one flags-enum value ({@code A, B}).</li>
 *   <li>Strings and {@link Map}s (hashtables) are single values.</li>
 *   <li>A {@link ShellDateTime} is a DateTime (the invariant form in strings).</li>
 *   <li>A {@link Duration} is a TimeSpan ({@code hh:mm:ss}); other values print through
 *       {@code toString()}.</li>
 * </ul>
 */
public final class Values {

    private Values() {
    }

    /** Whether the value is a collection the pipeline enumerates. */
    public static boolean isCollection(Object o) {
        if (o instanceof Object[]) {
            return true;
        }
        return o instanceof Collection && !isFlags(o);
    }

    /** Whether the value is a flags-enum value (a set of enum constants). */
    public static boolean isFlags(Object o) {
        if (o instanceof EnumSet) {
            return true;
        }
        if (!(o instanceof Set) || ((Set<?>) o).isEmpty()) {
            return false;
        }
        for (Object e : (Set<?>) o) {
            if (!(e instanceof Enum)) {
                return false;
            }
        }
        return true;
    }

    /** The elements of a collection; a single value is a one-element list; null is empty. */
    public static List<Object> items(Object o) {
        if (o == null) {
            return new ArrayList<>();
        }
        if (o instanceof Object[]) {
            return new ArrayList<>(Arrays.asList((Object[]) o));
        }
        if (isCollection(o)) {
            return new ArrayList<>((Collection<?>) o);
        }
        List<Object> one = new ArrayList<>();
        one.add(o);
        return one;
    }

    /** What a pipeline sends for a value: the elements of a collection, else the value itself. */
    public static List<Object> enumerate(Object o) {
        if (isCollection(o)) {
            return items(o);
        }
        List<Object> one = new ArrayList<>();
        one.add(o);
        return one;
    }

    /** The value of a pipeline's output: nothing is null, one object is itself, more a list. */
    static Object unwrap(List<Object> out) {
        if (out.isEmpty()) {
            return null;
        }
        if (out.size() == 1) {
            return out.get(0);
        }
        return new ArrayList<>(out);
    }

    /**
     * PowerShell's truthiness: null, "", zero, an empty collection and a one-element collection
     * whose element is false are false; everything else (including the string "False") is true.
     */
    public static boolean isTrue(Object o) {
        if (o == null) {
            return false;
        }
        if (o instanceof Boolean) {
            return (Boolean) o;
        }
        if (o instanceof String) {
            return !((String) o).isEmpty();
        }
        if (o instanceof Number) {
            return ((Number) o).doubleValue() != 0;
        }
        if (o instanceof ScriptBlock) {
            return true;
        }
        if (isCollection(o)) {
            List<Object> items = items(o);
            if (items.isEmpty()) {
                return false;
            }
            if (items.size() == 1) {
                Object only = items.get(0);
                return isCollection(only) ? !items(only).isEmpty() : isTrue(only);
            }
            return true;
        }
        if (isFlags(o)) {
            return !flagsWithoutNone((Set<?>) o).isEmpty();
        }
        return true;
    }

    /** The string form, with collections joined by a single space (as {@code "$a"} does). */
    public static String toStr(Object o) {
        return toStr(o, " ");
    }

    /** The string form, with collections joined by {@code separator} ($OFS). */
    public static String toStr(Object o, String separator) {
        if (o == null) {
            return "";
        }
        if (o instanceof String) {
            return (String) o;
        }
        if (o instanceof Boolean) {
            return (Boolean) o ? "True" : "False";
        }
        if (o instanceof Double || o instanceof Float) {
            return formatDouble(((Number) o).doubleValue());
        }
        if (o instanceof Number || o instanceof Enum) {
            return o instanceof Enum ? ((Enum<?>) o).name() : o.toString();
        }
        if (o instanceof Duration) {
            return TimeSpans.format((Duration) o);
        }
        if (o instanceof ShellDateTime) {
            return ((ShellDateTime) o).invariantText();
        }
        if (isFlags(o)) {
            return flagsText((Set<?>) o);
        }
        if (isCollection(o)) {
            return joined(items(o), separator);
        }
        if (o instanceof Map) {
            return "System.Collections.Hashtable";
        }
        return o.toString();
    }

    private static String joined(List<Object> items, String separator) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(toStr(items.get(i), separator));
        }
        return sb.toString();
    }

    /** A flags value as .NET prints it: the names in declaration order joined by ", ". */
    public static String flagsText(Set<?> flags) {
        List<String> names = new ArrayList<>();
        for (Object e : flags) {
            names.add(((Enum<?>) e).name());
        }
        if (names.isEmpty()) {
            return "None";
        }
        return String.join(", ", names);
    }

    /** The set without a constant named None (the zero value of a flags enum). */
    static Set<Object> flagsWithoutNone(Set<?> flags) {
        Set<Object> out = new java.util.LinkedHashSet<>();
        for (Object e : flags) {
            if (!((Enum<?>) e).name().equals("None")) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * A double as .NET Framework prints it ("G", 15 significant digits): {@code 0.3},
     * {@code 0.333333333333333}, {@code 1E+15}, {@code 1E-05}.
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(15, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent >= 15 || exponent < -5) {
            String digits = bd.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (bd.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('E').append(exponent < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exponent));
            sb.append(e.length() < 2 ? "0" + e : e);
            return sb.toString();
        }
        return bd.toPlainString();
    }

    /** The .NET type name of a value, as error messages show it ({@code System.String}). */
    public static String typeName(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String) {
            return "System.String";
        }
        if (o instanceof Integer) {
            return "System.Int32";
        }
        if (o instanceof Long) {
            return "System.Int64";
        }
        if (o instanceof Double) {
            return "System.Double";
        }
        if (o instanceof Boolean) {
            return "System.Boolean";
        }
        if (o instanceof Duration) {
            return "System.TimeSpan";
        }
        if (o instanceof ShellDateTime) {
            return "System.DateTime";
        }
        if (o instanceof Map) {
            return o instanceof Hashtable && ((Hashtable) o).ordered()
                    ? "System.Collections.Specialized.OrderedDictionary"
                    : "System.Collections.Hashtable";
        }
        if (o instanceof PsObject) {
            return ((PsObject) o).typeName();
        }
        if (o instanceof ScriptBlock) {
            return "System.Management.Automation.ScriptBlock";
        }
        if (o instanceof SecureString) {
            return "System.Security.SecureString";
        }
        if (o instanceof ErrorRecord) {
            return "System.Management.Automation.ErrorRecord";
        }
        if (isCollection(o)) {
            return "System.Object[]";
        }
        return o.getClass().getSimpleName();
    }

    /** The number a value stands for (PowerShell's conversion to a number), or an error. */
    public static Number toNumber(Object o) {
        if (o == null) {
            return 0;
        }
        if (o instanceof Number) {
            return (Number) o;
        }
        if (o instanceof Boolean) {
            return (Boolean) o ? 1 : 0;
        }
        if (o instanceof Enum) {
            return ((Enum<?>) o).ordinal();
        }
        if (o instanceof String) {
            Number n = parseNumber((String) o);
            if (n != null) {
                return n;
            }
            throw invalidCast(o, "System.Int32", "Input string was not in a correct format.");
        }
        if (isCollection(o) && items(o).size() == 1) {
            return toNumber(items(o).get(0));
        }
        throw invalidCast(o, "System.Int32", null);
    }

    /** The error for a failed conversion, in PowerShell's words. */
    static ShellError invalidCast(Object value, String type, String detail) {
        String shown = value instanceof String || value instanceof Number
                || value instanceof Boolean ? toStr(value) : typeName(value);
        String text = detail == null
                ? "Cannot convert the \"" + shown + "\" value of type \"" + typeName(value)
                        + "\" to type \"" + type + "\"."
                : "Cannot convert value \"" + shown + "\" to type \"" + type + "\". Error: \""
                        + detail + "\"";
        return new ShellError(text, ErrorCategory.InvalidArgument, "RuntimeException", null,
                "InvalidCastFromStringToInteger");
    }

    /** A string read as a number the way PowerShell converts strings; null when it is not one. */
    public static Number parseNumber(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return 0;
        }
        boolean negative = false;
        if (t.charAt(0) == '-' || t.charAt(0) == '+') {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int[] end = new int[1];
        Number n = Tokenizer.scanNumber(t, 0, t.length(), end);
        if (n == null || end[0] != t.length()) {
            return null;
        }
        return negative ? Operators.negate(n) : n;
    }
}
