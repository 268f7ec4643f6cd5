package org.postern.shell.format;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postern.config.TimeSpans;

/**
 * How one value becomes the text of a list value or a table cell (PowerShell's
 * {@code SmartToString} with {@code $FormatEnumerationLimit}).
 */
final class CellText {

    /** .NET's Double.ToString() ("G") keeps 15 significant digits. */
    private static final MathContext DOUBLE_DIGITS = new MathContext(15);
    /** Single.ToString() keeps 7. */
    private static final MathContext FLOAT_DIGITS = new MathContext(7);

    /** How many items of a collection are shown before {@code ...}; negative means all. */
    private final int enumerationLimit;

    CellText(int enumerationLimit) {
        this.enumerationLimit = enumerationLimit;
    }

    /**
     * The text of a value: collections in braces, flags joined, scalars as .NET prints them. A
     * hashtable is a collection too: 5.1 enumerates its entries, and an entry shows its key.
     */
    String of(Object value) {
        if (isFlags(value)) {
            return flags((Set<?>) value);
        }
        List<Object> items = value instanceof Map
                ? new ArrayList<>(((Map<?, ?>) value).keySet()) : items(value);
        if (items == null) {
            return scalar(value);
        }
        StringBuilder sb = new StringBuilder("{");
        int shown = 0;
        for (Object item : items) {
            if (enumerationLimit >= 0 && shown == enumerationLimit) {
                // 5.1 appends three ASCII dots with no separator before them.
                sb.append("...");
                break;
            }
            if (shown > 0) {
                sb.append(", ");
            }
            sb.append(item == null ? "$null" : element(item));
            shown++;
        }
        return sb.append('}').toString();
    }

    /**
     * An item inside a collection (5.1's GetObjectName). A nested collection prints as
     * PSObject.ToString prints one, its items joined by a space ($OFS); a nested hashtable as its
     * type name.
     */
    private String element(Object item) {
        if (isFlags(item)) {
            return flags((Set<?>) item);
        }
        List<Object> nested = items(item);
        if (nested == null) {
            return scalar(item);
        }
        List<String> parts = new ArrayList<>();
        for (Object o : nested) {
            parts.add(o == null ? "" : element(o));
        }
        return String.join(" ", parts);
    }

    /** A value that is not a collection. */
    static String scalar(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof Double) {
            return real((Double) value, DOUBLE_DIGITS);
        }
        if (value instanceof Float) {
            return real(((Float) value).doubleValue(), FLOAT_DIGITS);
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Duration) {
            return TimeSpans.format((Duration) value);
        }
        if (value instanceof Map) {
            return "System.Collections.Hashtable";
        }
        return value.toString();
    }

    /** The items of a list, set or array, or null when the value is not a collection. */
    static List<Object> items(Object value) {
        if (value instanceof Collection) {
            return new ArrayList<>((Collection<?>) value);
        }
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Array.get(value, i));
            }
            return out;
        }
        return null;
    }

    /** A set of enum constants stands for a .NET flags enum value. */
    static boolean isFlags(Object value) {
        if (value instanceof EnumSet) {
            return true;
        }
        if (!(value instanceof Set) || ((Set<?>) value).isEmpty()) {
            return false;
        }
        for (Object o : (Set<?>) value) {
            if (!(o instanceof Enum)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Flags print their names in declaration order joined by ", ". No flag set prints the
     * constant named None when the enum has one, else 0, as .NET prints a zero flags value.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String flags(Set<?> set) {
        List<Enum<?>> members = new ArrayList<>();
        for (Object o : set) {
            members.add((Enum<?>) o);
        }
        if (members.isEmpty()) {
            EnumSet<?> all = EnumSet.complementOf((EnumSet) set);
            for (Enum<?> e : all) {
                if (e.name().equals("None")) {
                    return e.toString();
                }
            }
            return "0";
        }
        members.sort((a, b) -> Integer.compare(a.ordinal(), b.ordinal()));
        List<String> names = new ArrayList<>();
        for (Enum<?> e : members) {
            names.add(e.toString());
        }
        return String.join(", ", names);
    }

    /**
     * A Double or Single as .NET's "G" format prints it in en-US: the shortest of the rounded
     * digits, scientific notation ({@code 1E+15}, {@code 1E-05}) unless the exponent is above -5
     * and below the precision.
     */
    private static String real(double d, MathContext digits) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(digits).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent > -5 && exponent < digits.getPrecision()) {
            return rounded.toPlainString();
        }
        BigDecimal mantissa = rounded.movePointLeft(exponent);
        String sign = exponent < 0 ? "-" : "+";
        return mantissa.toPlainString() + "E" + sign
                + String.format("%02d", Math.abs(exponent));
    }

    /** Whether a value of this kind right-aligns in a table without a view. */
    static boolean alignsRight(Object value) {
        return value instanceof Number || value instanceof Boolean || value instanceof Character
                || value instanceof Enum || isFlags(value);
    }
}
