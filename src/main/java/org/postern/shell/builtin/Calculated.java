package org.postern.shell.builtin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Members;
import org.postern.shell.ScriptBlock;
import org.postern.shell.ShellError;
import org.postern.shell.Values;

/**
 * A property argument of Select-Object, Sort-Object and the Format cmdlets: a name (maybe a
 * wildcard) or a calculated property {@code @{Name='Label'; Expression={...}}}, whose keys may
 * be shortened to any unique prefix ({@code n}, {@code e}, {@code l}).
 */
final class Calculated {

    final String name;
    final Function<Object, Object> expression;
    final Map<String, Object> keys;

    private Calculated(String name, Function<Object, Object> expression,
            Map<String, Object> keys) {
        this.name = name;
        this.expression = expression;
        this.keys = keys;
    }

    boolean isCalculated() {
        return expression != null;
    }

    Object key(String k) {
        return keys == null ? null : keys.get(k);
    }

    /**
     * Reads a property argument. {@code allowed} lists the keys a hashtable may have (their
     * first letters can stand for them); {@code Name} and {@code Label} are the same key.
     */
    static Calculated of(Object arg, String command, List<String> allowed) {
        if (!(arg instanceof Map)) {
            return new Calculated(Values.toStr(arg), null, null);
        }
        Map<String, Object> keys = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) arg).entrySet()) {
            String typed = Values.toStr(e.getKey());
            String key = null;
            for (String a : allowed) {
                if (a.toLowerCase(Locale.ROOT).startsWith(typed.toLowerCase(Locale.ROOT))) {
                    if (key != null && !(a.equals("Label") && key.equals("Name"))) {
                        throw invalid(command, "The \"" + typed + "\" key is ambiguous.");
                    }
                    if (key == null) {
                        key = a;
                    }
                }
            }
            if (key == null) {
                throw invalid(command, "The \"" + typed + "\" key is not valid.");
            }
            keys.put(key.equals("Label") ? "Name" : key, e.getValue());
        }
        Object expr = keys.get("Expression");
        if (expr == null && !allowed.contains("Ascending")) {
            throw invalid(command, "The Expression key is missing.");
        }
        Function<Object, Object> fn;
        String name;
        if (expr instanceof ScriptBlock) {
            ScriptBlock sb = (ScriptBlock) expr;
            fn = sb::invokeReturnAsIs;
            name = keys.containsKey("Name") ? Values.toStr(keys.get("Name")) : sb.toString();
        } else {
            String prop = Values.toStr(expr);
            fn = o -> Members.get(o, prop);
            name = keys.containsKey("Name") ? Values.toStr(keys.get("Name")) : prop;
        }
        return new Calculated(name, fn, keys);
    }

    private static ShellError invalid(String command, String why) {
        return new ShellError(why, ErrorCategory.InvalidArgument, "NotSupportedException", null,
                "DictionaryKeyIllegal," + command);
    }

    /** The value for an object: the calculated value, or the named property. */
    Object valueOf(Object o) {
        return expression != null ? expression.apply(o) : Members.get(o, name);
    }

    boolean isWildcard() {
        return expression == null && (name.contains("*") || name.contains("?")
                || name.contains("["));
    }
}
