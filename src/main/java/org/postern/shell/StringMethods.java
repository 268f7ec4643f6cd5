package org.postern.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The .NET string methods scripts call most ({@code Trim ToLower ToUpper Split Contains
 * StartsWith EndsWith Replace IndexOf Substring PadLeft PadRight}), with .NET's semantics:
 * ordinal and case-sensitive unless told otherwise, and a string passed where .NET wants
 * characters read as its characters (so {@code "a, b".Split(", ")} splits at both).
 */
final class StringMethods {

    private StringMethods() {
    }

    /** The method's result, or {@link Members#NONE} when strings have no such method. */
    static Object call(String s, String n, List<Object> args) {
        switch (n) {
            case "trim":
                return trim(s, chars(args), true, true);
            case "trimstart":
                return trim(s, chars(args), true, false);
            case "trimend":
                return trim(s, chars(args), false, true);
            case "tolower":
            case "tolowerinvariant":
                return args.isEmpty() ? s.toLowerCase(Locale.ROOT) : Members.NONE;
            case "toupper":
            case "toupperinvariant":
                return args.isEmpty() ? s.toUpperCase(Locale.ROOT) : Members.NONE;
            case "split":
                return split(s, args);
            case "contains":
                return args.size() == 1 ? s.contains(Values.toStr(args.get(0))) : Members.NONE;
            case "startswith":
                return affix(s, args, true);
            case "endswith":
                return affix(s, args, false);
            case "replace":
                if (args.size() != 2) {
                    return Members.NONE;
                }
                String from = Values.toStr(args.get(0));
                if (from.isEmpty()) {
                    throw failed("Replace", args, "String cannot be of zero length.");
                }
                return s.replace(from, Values.toStr(args.get(1)));
            case "indexof":
                return indexOf(s, args, false);
            case "lastindexof":
                return indexOf(s, args, true);
            case "substring":
                return substring(s, args);
            case "padleft":
            case "padright":
                return pad(s, args, n.equals("padleft"));
            case "insert":
                if (args.size() != 2) {
                    return Members.NONE;
                }
                int at = index(args.get(0), s.length(), "Insert", args);
                return s.substring(0, at) + Values.toStr(args.get(1)) + s.substring(at);
            case "remove": {
                if (args.isEmpty() || args.size() > 2) {
                    return Members.NONE;
                }
                int from2 = index(args.get(0), s.length(), "Remove", args);
                int count = args.size() == 2 ? Types.toInt(args.get(1)) : s.length() - from2;
                if (count < 0 || from2 + count > s.length()) {
                    throw failed("Remove", args, "Index and count must refer to a location"
                            + " within the string.");
                }
                return s.substring(0, from2) + s.substring(from2 + count);
            }
            case "tochararray": {
                List<Object> out = new ArrayList<>();
                for (char c : s.toCharArray()) {
                    out.add(String.valueOf(c));
                }
                return out;
            }
            case "equals":
                return args.size() == 1 ? s.equals(Values.toStr(args.get(0))) : Members.NONE;
            case "compareto":
                return args.size() == 1 ? Integer.signum(Operators.compareStrings(s,
                        Values.toStr(args.get(0)), true)) : Members.NONE;
            default:
                return Members.NONE;
        }
    }

    private static ShellError failed(String method, List<Object> args, String why) {
        return new ShellError("Exception calling \"" + method + "\" with \"" + args.size()
                + "\" argument(s): \"" + why + "\"", ErrorCategory.NotSpecified,
                "MethodInvocationException", null, "ArgumentOutOfRangeException");
    }

    private static String chars(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (Object a : args) {
            sb.append(Values.toStr(a));
        }
        return sb.toString();
    }

    private static String trim(String s, String chars, boolean start, boolean end) {
        int b = 0;
        int e = s.length();
        while (start && b < e && trims(s.charAt(b), chars)) {
            b++;
        }
        while (end && e > b && trims(s.charAt(e - 1), chars)) {
            e--;
        }
        return s.substring(b, e);
    }

    private static boolean trims(char c, String chars) {
        return chars.isEmpty() ? Character.isWhitespace(c) || c == '\u00a0'
                : chars.indexOf(c) >= 0;
    }

    /** {@code Split()} on whitespace, or on any of the given characters; empty entries stay. */
    private static Object split(String s, List<Object> args) {
        String seps = "";
        int max = Integer.MAX_VALUE;
        for (Object a : args) {
            if (a instanceof Number) {
                max = ((Number) a).intValue();
            } else {
                seps += Values.toStr(a);
            }
        }
        List<Object> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean sep = seps.isEmpty() ? Character.isWhitespace(c) : seps.indexOf(c) >= 0;
            if (sep && out.size() < max - 1) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static Object affix(String s, List<Object> args, boolean start) {
        if (args.isEmpty() || args.size() > 2) {
            return Members.NONE;
        }
        String a = Values.toStr(args.get(0));
        boolean ignoreCase = args.size() == 2 && Values.toStr(args.get(1)).toLowerCase(
                Locale.ROOT).endsWith("ignorecase");
        if (ignoreCase) {
            s = s.toLowerCase(Locale.ROOT);
            a = a.toLowerCase(Locale.ROOT);
        }
        return start ? s.startsWith(a) : s.endsWith(a);
    }

    private static Object indexOf(String s, List<Object> args, boolean last) {
        if (args.isEmpty() || args.size() > 2) {
            return Members.NONE;
        }
        String a = Values.toStr(args.get(0));
        if (args.size() == 2) {
            int from = Types.toInt(args.get(1));
            return last ? s.lastIndexOf(a, from) : s.indexOf(a, from);
        }
        return last ? s.lastIndexOf(a) : s.indexOf(a);
    }

    private static int index(Object arg, int length, String method, List<Object> args) {
        int i = Types.toInt(arg);
        if (i < 0 || i > length) {
            throw failed(method, args, "startIndex cannot be larger than length of string.");
        }
        return i;
    }

    private static Object substring(String s, List<Object> args) {
        if (args.isEmpty() || args.size() > 2) {
            return Members.NONE;
        }
        int from = index(args.get(0), s.length(), "Substring", args);
        if (args.size() == 1) {
            return s.substring(from);
        }
        int length = Types.toInt(args.get(1));
        if (length < 0 || from + length > s.length()) {
            throw failed("Substring", args, "Index and length must refer to a location within"
                    + " the string.");
        }
        return s.substring(from, from + length);
    }

    private static Object pad(String s, List<Object> args, boolean left) {
        if (args.isEmpty() || args.size() > 2) {
            return Members.NONE;
        }
        int width = Types.toInt(args.get(0));
        String with = args.size() == 2 ? Values.toStr(args.get(1)) : " ";
        char c = with.isEmpty() ? ' ' : with.charAt(0);
        StringBuilder sb = new StringBuilder();
        for (int i = s.length(); i < width; i++) {
            sb.append(c);
        }
        return left ? sb + s : s + sb;
    }
}
