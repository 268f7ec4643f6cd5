package org.postern.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The static members scripts use on a few types: {@code [string]::IsNullOrEmpty},
 * {@code [string]::Join}, {@code [int]::MaxValue}, {@code [math]::Round} and the
 * {@code [timespan]::From...} factories, and {@code [System.IO.File]::ReadAllBytes} for
 * Import-ExchangeCertificate -FileData.
 */
final class Statics {

    private Statics() {
    }

    private static String type(String typeName) {
        String t = typeName.toLowerCase(Locale.ROOT).replace(" ", "");
        return t.startsWith("system.") ? t.substring(7) : t;
    }

    static Object get(String typeName, String member) {
        String t = type(typeName);
        String m = member.toLowerCase(Locale.ROOT);
        switch (t + "::" + m) {
            case "string::empty":
                return "";
            case "int::maxvalue":
            case "int32::maxvalue":
                return Integer.MAX_VALUE;
            case "int::minvalue":
            case "int32::minvalue":
                return Integer.MIN_VALUE;
            case "long::maxvalue":
            case "int64::maxvalue":
                return Long.MAX_VALUE;
            case "long::minvalue":
            case "int64::minvalue":
                return Long.MIN_VALUE;
            case "math::pi":
                return Math.PI;
            case "timespan::zero":
                return Duration.ZERO;
            default:
                throw new ShellError("The property '" + member + "' cannot be found on type ["
                        + typeName + "].", ErrorCategory.InvalidOperation, "RuntimeException",
                        null, "PropertyNotFound");
        }
    }

    /** [System.IO.File]::ReadAllBytes(path): the bytes of a file on the server's disk. */
    private static byte[] readAllBytes(String path) {
        try {
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path));
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            String why = e instanceof java.nio.file.NoSuchFileException
                    ? "Could not find file '" + path + "'." : String.valueOf(e.getMessage());
            throw new ShellError("Exception calling \"ReadAllBytes\" with \"1\" argument(s): \""
                    + why + "\"", ErrorCategory.NotSpecified, "MethodInvocationException",
                    null, "FileNotFoundException");
        }
    }

    static Object call(String typeName, String member, List<Object> args) {
        String t = type(typeName);
        String m = member.toLowerCase(Locale.ROOT);
        int n = args.size();
        switch (t + "::" + m) {
            case "string::isnullorempty":
                if (n == 1) {
                    return args.get(0) == null || Values.toStr(args.get(0)).isEmpty();
                }
                break;
            case "string::isnullorwhitespace":
                if (n == 1) {
                    return args.get(0) == null || Values.toStr(args.get(0)).isBlank();
                }
                break;
            case "string::join":
                if (n >= 2) {
                    List<Object> items = n == 2 ? Values.items(args.get(1))
                            : new ArrayList<>(args.subList(1, n));
                    return Values.toStr(items, Values.toStr(args.get(0)));
                }
                break;
            case "string::format":
                if (n >= 1) {
                    List<Object> rest = n == 2 && Values.isCollection(args.get(1))
                            ? Values.items(args.get(1)) : new ArrayList<>(args.subList(1, n));
                    return CompositeFormat.format(Values.toStr(args.get(0)), rest);
                }
                break;
            case "io.file::readallbytes":
                if (n == 1) {
                    return readAllBytes(Values.toStr(args.get(0)));
                }
                break;
            case "math::round":
                if (n == 1 || n == 2) {
                    double v = Values.toNumber(args.get(0)).doubleValue();
                    int digits = n == 2 ? Types.toInt(args.get(1)) : 0;
                    return new java.math.BigDecimal(v).setScale(digits,
                            java.math.RoundingMode.HALF_EVEN).doubleValue();
                }
                break;
            case "math::floor":
                if (n == 1) {
                    return Math.floor(Values.toNumber(args.get(0)).doubleValue());
                }
                break;
            case "math::ceiling":
                if (n == 1) {
                    return Math.ceil(Values.toNumber(args.get(0)).doubleValue());
                }
                break;
            case "math::abs":
                if (n == 1) {
                    Number v = Values.toNumber(args.get(0));
                    return Operators.compareNumbers(v, 0) < 0 ? Operators.negate(v) : v;
                }
                break;
            case "math::max":
            case "math::min":
                if (n == 2) {
                    Number a = Values.toNumber(args.get(0));
                    Number b = Values.toNumber(args.get(1));
                    boolean aFirst = Operators.compareNumbers(a, b) >= 0;
                    return m.equals("max") == aFirst ? a : b;
                }
                break;
            case "math::pow":
                if (n == 2) {
                    return Math.pow(Values.toNumber(args.get(0)).doubleValue(),
                            Values.toNumber(args.get(1)).doubleValue());
                }
                break;
            case "math::sqrt":
                if (n == 1) {
                    return Math.sqrt(Values.toNumber(args.get(0)).doubleValue());
                }
                break;
            case "timespan::fromdays":
            case "timespan::fromhours":
            case "timespan::fromminutes":
            case "timespan::fromseconds":
            case "timespan::frommilliseconds":
                if (n == 1) {
                    double v = Values.toNumber(args.get(0)).doubleValue();
                    double unit = m.endsWith("days") ? 86_400e9 : m.endsWith("hours") ? 3_600e9
                            : m.endsWith("minutes") ? 60e9 : m.endsWith("milliseconds") ? 1e6
                            : 1e9;
                    return Duration.ofNanos(Math.round(v * unit));
                }
                break;
            default:
                break;
        }
        throw new ShellError("Method invocation failed because [" + typeName + "] does not"
                + " contain a method named '" + member + "'.", ErrorCategory.InvalidOperation,
                "RuntimeException", null, "MethodNotFound");
    }
}
