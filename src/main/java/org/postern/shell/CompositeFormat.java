package org.postern.shell;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

/**
 * .NET composite formatting, for {@code -f} and {@code [string]::Format}: {@code {0}},
 * {@code {0,-10}}, {@code {0:N2}}, with {@code {{ }}} for literal braces. Numbers take the
 * standard formats N, D, F, X, P and G, and custom patterns such as {@code 0.00}.
 */
final class CompositeFormat {

    private static final DecimalFormatSymbols US = DecimalFormatSymbols.getInstance(Locale.US);

    private CompositeFormat() {
    }

    static String format(String fmt, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c == '{') {
                if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                    out.append('{');
                    i += 2;
                    continue;
                }
                int close = fmt.indexOf('}', i);
                if (close < 0) {
                    throw bad();
                }
                out.append(item(fmt.substring(i + 1, close), args));
                i = close + 1;
            } else if (c == '}') {
                if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw bad();
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static ShellError bad() {
        return new ShellError("Error formatting a string: Input string was not in a correct"
                + " format..", ErrorCategory.InvalidOperation, "RuntimeException", null,
                "FormatError");
    }

    private static String item(String spec, List<Object> args) {
        String format = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            format = spec.substring(colon + 1);
            spec = spec.substring(0, colon);
        }
        int align = 0;
        int comma = spec.indexOf(',');
        try {
            if (comma >= 0) {
                align = Integer.parseInt(spec.substring(comma + 1).trim());
                spec = spec.substring(0, comma);
            }
            int index = Integer.parseInt(spec.trim());
            if (index < 0 || index >= args.size()) {
                throw new ShellError("Error formatting a string: Index (zero based) must be"
                        + " greater than or equal to zero and less than the size of the argument"
                        + " list..", ErrorCategory.InvalidOperation, "RuntimeException", null,
                        "FormatError");
            }
            String text = formatValue(args.get(index), format);
            StringBuilder sb = new StringBuilder();
            int pad = Math.abs(align) - text.length();
            if (align > 0) {
                sb.append(" ".repeat(Math.max(0, pad))).append(text);
            } else {
                sb.append(text).append(" ".repeat(Math.max(0, pad)));
            }
            return sb.toString();
        } catch (NumberFormatException e) {
            throw bad();
        }
    }

    private static String formatValue(Object v, String format) {
        if (format == null || format.isEmpty() || !(v instanceof Number)) {
            return Values.toStr(v);
        }
        Number n = (Number) v;
        char kind = Character.toUpperCase(format.charAt(0));
        String rest = format.substring(1);
        boolean standard = rest.isEmpty() || rest.chars().allMatch(Character::isDigit);
        if (!standard || "NDFXPGE".indexOf(kind) < 0) {
            return new DecimalFormat(format, US).format(n);
        }
        int digits = rest.isEmpty() ? -1 : Integer.parseInt(rest);
        BigDecimal bd = new BigDecimal(Values.toStr(n).replace("E+", "E"));
        switch (kind) {
            case 'N':
                return grouped(bd, digits < 0 ? 2 : digits);
            case 'F':
                return bd.setScale(digits < 0 ? 2 : digits, RoundingMode.HALF_EVEN).toPlainString();
            case 'D': {
                String s = bd.toBigInteger().abs().toString();
                while (s.length() < digits) {
                    s = "0" + s;
                }
                return (bd.signum() < 0 ? "-" : "") + s;
            }
            case 'X': {
                String s = Long.toHexString(n.longValue());
                if (n instanceof Integer) {
                    s = Integer.toHexString(n.intValue());
                }
                while (s.length() < digits) {
                    s = "0" + s;
                }
                return format.charAt(0) == 'X' ? s.toUpperCase(Locale.ROOT) : s;
            }
            case 'P':
                return grouped(bd.movePointRight(2), digits < 0 ? 2 : digits) + " %";
            default:
                return Values.toStr(n);
        }
    }

    private static String grouped(BigDecimal bd, int digits) {
        DecimalFormat f = new DecimalFormat("#,##0", US);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        return f.format(bd);
    }
}
