package org.postern.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postern.config.TimeSpans;

/**
 * The type literals the shell knows ({@code [int]}, {@code [string[]]}, {@code [pscustomobject]}
 * ...): what {@code -is} tests, what a cast or {@code -as} converts to. Names of other types
 * (the Exchange types of objects) are accepted by {@code -is}, which then tests the object's
 * type names.
 */
final class Types {

    /** A resolved type literal. */
    static final class PsType {
        private final String key;
        private final String fullName;

        PsType(String key, String fullName) {
            this.key = key;
            this.fullName = fullName;
        }

        String fullName() {
            return fullName;
        }

        @Override
        public String toString() {
            return fullName;
        }
    }

    private Types() {
    }

    /** The type a literal names, or the TypeNotFound error. */
    static PsType resolve(String typed) {
        String name = typed.replace(" ", "").toLowerCase(Locale.ROOT);
        if (name.startsWith("system.")) {
            name = name.substring("system.".length());
        }
        switch (name) {
            case "string":
                return new PsType("string", "System.String");
            case "int":
            case "int32":
                return new PsType("int", "System.Int32");
            case "long":
            case "int64":
                return new PsType("long", "System.Int64");
            case "double":
            case "single":
            case "float":
            case "decimal":
                return new PsType("double", "System.Double");
            case "bool":
            case "boolean":
                return new PsType("bool", "System.Boolean");
            case "switch":
            case "management.automation.switchparameter":
                return new PsType("bool", "System.Management.Automation.SwitchParameter");
            case "object":
                return new PsType("object", "System.Object");
            case "psobject":
            case "management.automation.psobject":
                return new PsType("object", "System.Management.Automation.PSObject");
            case "pscustomobject":
            case "management.automation.pscustomobject":
                return new PsType("pscustomobject",
                        "System.Management.Automation.PSCustomObject");
            case "array":
            case "object[]":
                return new PsType("array", "System.Object[]");
            case "string[]":
                return new PsType("string[]", "System.String[]");
            case "int[]":
            case "int32[]":
                return new PsType("int[]", "System.Int32[]");
            case "hashtable":
            case "collections.hashtable":
                return new PsType("hashtable", "System.Collections.Hashtable");
            case "ordered":
                return new PsType("ordered", "System.Collections.Specialized.OrderedDictionary");
            case "scriptblock":
            case "management.automation.scriptblock":
                return new PsType("scriptblock", "System.Management.Automation.ScriptBlock");
            case "timespan":
                return new PsType("timespan", "System.TimeSpan");
            case "void":
                return new PsType("void", "System.Void");
            default:
                break;
        }
        if (typed.contains(".")) {
            return new PsType("named:" + typed, typed);
        }
        throw new ShellError("Unable to find type [" + typed + "].",
                ErrorCategory.InvalidOperation, "RuntimeException", typed, "TypeNotFound");
    }

    static boolean isInstance(PsType t, Object v) {
        switch (t.key) {
            case "string":
                return v instanceof String;
            case "int":
                return v instanceof Integer;
            case "long":
                return v instanceof Long;
            case "double":
                return v instanceof Double;
            case "bool":
                return v instanceof Boolean;
            case "object":
                return v != null;
            case "pscustomobject":
                return v instanceof PsObject;
            case "array":
            case "string[]":
            case "int[]":
                return Values.isCollection(v);
            case "hashtable":
            case "ordered":
                return v instanceof Map;
            case "scriptblock":
                return v instanceof ScriptBlock;
            case "timespan":
                return v instanceof Duration;
            case "void":
                return false;
            default:
                if (v instanceof PsObject) {
                    String wanted = t.fullName.toLowerCase(Locale.ROOT);
                    for (String n : ((PsObject) v).typeNames()) {
                        String have = n.toLowerCase(Locale.ROOT);
                        if (have.equals(wanted) || have.equals("deserialized." + wanted)) {
                            return true;
                        }
                    }
                }
                return false;
        }
    }

    /** {@code [type]value}: the conversion, or PowerShell's conversion error. */
    static Object convert(PsType t, Object v) {
        switch (t.key) {
            case "string":
                return v == null ? "" : Values.toStr(v);
            case "int":
                return toInt(v);
            case "long":
                return toNumber(v, "System.Int64").longValue();
            case "double":
                return toNumber(v, "System.Double").doubleValue();
            case "bool":
                return Values.isTrue(v);
            case "object":
                return v;
            case "array":
                return v == null ? new ArrayList<>() : Values.items(v);
            case "string[]": {
                List<Object> out = new ArrayList<>();
                for (Object o : Values.items(v)) {
                    out.add(Values.toStr(o));
                }
                return out;
            }
            case "int[]": {
                List<Object> out = new ArrayList<>();
                for (Object o : Values.items(v)) {
                    out.add(toInt(o));
                }
                return out;
            }
            case "hashtable":
                if (v instanceof Map) {
                    Hashtable h = new Hashtable();
                    h.putAll((Map<?, ?>) v);
                    return h;
                }
                throw cannotConvert(v, t);
            case "pscustomobject":
                if (v instanceof Map) {
                    PsObject o = PsObject.of("System.Management.Automation.PSCustomObject");
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                        o.put(Values.toStr(e.getKey()), e.getValue());
                    }
                    return o;
                }
                return v;
            case "scriptblock":
                if (v instanceof ScriptBlock) {
                    return v;
                }
                throw cannotConvert(v, t);
            case "timespan":
                if (v instanceof Duration) {
                    return v;
                }
                if (v instanceof String) {
                    try {
                        return TimeSpans.parse((String) v);
                    } catch (IllegalArgumentException e) {
                        throw new ShellError("Cannot convert value \"" + v + "\" to type"
                                + " \"System.TimeSpan\". Error: \"String was not recognized as"
                                + " a valid TimeSpan.\"", ErrorCategory.InvalidArgument,
                                "RuntimeException", null, "InvalidCastParseTargetInvocation");
                    }
                }
                if (v instanceof Number) {
                    return Duration.ofNanos(((Number) v).longValue() * 100);
                }
                throw cannotConvert(v, t);
            case "void":
                return null;
            default:
                if (isInstance(t, v)) {
                    return v;
                }
                throw cannotConvert(v, t);
        }
    }

    private static Number toNumber(Object v, String type) {
        try {
            return Values.toNumber(v);
        } catch (ShellError e) {
            throw new ShellError(e.getMessage().replace("System.Int32", type),
                    e.category(), e.reason(), null, e.errorId());
        }
    }

    /** To Int32, rounding halves to even as .NET does. */
    static int toInt(Object v) {
        Number n = toNumber(v, "System.Int32");
        if (n instanceof Double) {
            double r = Math.rint(n.doubleValue());
            if (r > Integer.MAX_VALUE || r < Integer.MIN_VALUE) {
                throw overflow(v);
            }
            return (int) r;
        }
        long l = n.longValue();
        if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
            throw overflow(v);
        }
        return (int) l;
    }

    private static ShellError overflow(Object v) {
        return new ShellError("Cannot convert value \"" + Values.toStr(v) + "\" to type"
                + " \"System.Int32\". Error: \"Value was either too large or too small for an"
                + " Int32.\"", ErrorCategory.InvalidArgument, "RuntimeException", null,
                "InvalidCastIConvertible");
    }

    private static ShellError cannotConvert(Object v, PsType t) {
        return new ShellError("Cannot convert the \"" + Values.toStr(v) + "\" value of type \""
                + Values.typeName(v) + "\" to type \"" + t.fullName + "\".",
                ErrorCategory.InvalidArgument, "RuntimeException", null,
                "ConvertToFinalInvalidCastException");
    }
}
