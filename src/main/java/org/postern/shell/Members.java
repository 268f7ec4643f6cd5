package org.postern.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postern.config.ByteSize;
import org.postern.config.Unlimited;

/**
 * Member access on shell values: properties of objects and hashtable keys, {@code .Count} on
 * anything, member-access enumeration on collections ({@code (Get-ReceiveConnector).Name}),
 * and the methods scripts commonly call on strings, collections, hashtables, sizes and dates.
 */
public final class Members {

    private Members() {
    }

    /** Whether the value has a property (or key) of that name, case-insensitive. */
    public static boolean has(Object target, String name) {
        if (target instanceof PsObject) {
            return ((PsObject) target).has(name);
        }
        if (target instanceof Map) {
            return ((Map<?, ?>) target).containsKey(name);
        }
        return false;
    }

    /** The property names of a value, in order (an object's properties, a table's keys). */
    public static List<String> names(Object target) {
        List<String> out = new ArrayList<>();
        if (target instanceof PsObject) {
            out.addAll(((PsObject) target).propertyNames());
        } else if (target instanceof Map) {
            for (Object k : ((Map<?, ?>) target).keySet()) {
                out.add(Values.toStr(k));
            }
        }
        return out;
    }

    /** {@code target.name}: a property, or null when there is none (no strict mode). */
    public static Object get(Object target, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (target == null) {
            return n.equals("count") || n.equals("length") ? (Object) 0 : null;
        }
        if (target instanceof PsObject) {
            PsObject o = (PsObject) target;
            if (o.has(name)) {
                return o.get(name);
            }
            return n.equals("count") || n.equals("length") ? (Object) 1 : null;
        }
        if (target instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) target;
            if (m.containsKey(name)) {
                return m.get(name);
            }
            switch (n) {
                case "count":
                    return m.size();
                case "keys":
                    return new ArrayList<>(m.keySet());
                case "values":
                    return new ArrayList<>(m.values());
                default:
                    return null;
            }
        }
        if (Values.isCollection(target)) {
            List<Object> items = Values.items(target);
            if (n.equals("count") || n.equals("length") || n.equals("longlength")) {
                return items.size();
            }
            List<Object> out = new ArrayList<>();
            for (Object e : items) {
                Object v = get(e, name);
                if (v == null && !has(e, name)) {
                    continue;
                }
                if (Values.isCollection(v)) {
                    out.addAll(Values.items(v));
                } else {
                    out.add(v);
                }
            }
            return Values.unwrap(out);
        }
        if (target instanceof String) {
            if (n.equals("length")) {
                return ((String) target).length();
            }
            return n.equals("count") ? (Object) 1 : null;
        }
        if (target instanceof Duration) {
            Object v = timeSpanProperty((Duration) target, n);
            if (v != null) {
                return v;
            }
        }
        if (target instanceof Unlimited) {
            Unlimited u = (Unlimited) target;
            if (n.equals("isunlimited")) {
                return u.isUnlimited();
            }
            if (n.equals("value")) {
                return u.isUnlimited() ? null : (Object) u.value();
            }
        }
        if (target instanceof ShellDateTime) {
            Object v = ((ShellDateTime) target).property(n);
            if (v != NONE) {
                return v;
            }
        }
        if (target instanceof SecureString && n.equals("length")) {
            return ((SecureString) target).length();
        }
        if (target instanceof Enum && n.equals("value__")) {
            return ((Enum<?>) target).ordinal();
        }
        if (target instanceof ErrorRecord) {
            return errorRecordProperty((ErrorRecord) target, n);
        }
        Object v = valueProperty(target, n);
        if (v != NONE) {
            return v;
        }
        return n.equals("count") || n.equals("length") ? (Object) 1 : null;
    }

    /**
     * A property of one of Postern's configuration values (Binding.Port, IpRange ...): its
     * public accessor of that name. These are immutable values, so reading is harmless;
     * addresses read as their text.
     */
    private static Object valueProperty(Object target, String n) {
        if (!target.getClass().getName().startsWith("org.postern.config.")) {
            return NONE;
        }
        for (java.lang.reflect.Method m : target.getClass().getMethods()) {
            boolean named = m.getName().equalsIgnoreCase(n) || m.getName().equalsIgnoreCase(
                    "get" + n) || m.getName().equalsIgnoreCase("is" + n);
            if (named && m.getParameterCount() == 0 && m.getReturnType() != void.class
                    && !java.lang.reflect.Modifier.isStatic(m.getModifiers())
                    && m.getDeclaringClass() != Object.class) {
                try {
                    Object v = m.invoke(target);
                    return v instanceof java.net.InetAddress
                            ? ((java.net.InetAddress) v).getHostAddress() : v;
                } catch (ReflectiveOperationException e) {
                    return NONE;
                }
            }
        }
        return NONE;
    }

    private static Object timeSpanProperty(Duration d, String n) {
        switch (n) {
            case "days":
                return (int) d.toDays();
            case "hours":
                return d.toHoursPart();
            case "minutes":
                return d.toMinutesPart();
            case "seconds":
                return d.toSecondsPart();
            case "milliseconds":
                return d.toMillisPart();
            case "ticks":
                return d.toNanos() / 100;
            case "totaldays":
                return d.toNanos() / 86_400e9;
            case "totalhours":
                return d.toNanos() / 3_600e9;
            case "totalminutes":
                return d.toNanos() / 60e9;
            case "totalseconds":
                return d.toNanos() / 1e9;
            case "totalmilliseconds":
                return d.toNanos() / 1e6;
            default:
                return null;
        }
    }

    private static Object errorRecordProperty(ErrorRecord r, String n) {
        switch (n) {
            case "exception": {
                PsObject e = PsObject.of("System.Management.Automation.RuntimeException");
                e.put("Message", r.message());
                return e;
            }
            case "fullyqualifiederrorid":
                return r.fullyQualifiedErrorId();
            case "categoryinfo":
                return ErrorView.categoryInfo(r);
            case "targetobject":
                return r.targetObject();
            default:
                return null;
        }
    }

    /** Sets {@code target.name = value} on an object or a hashtable. */
    static void set(Object target, String name, Object value) {
        if (target instanceof PsObject) {
            PsObject o = (PsObject) target;
            if (!o.has(name)) {
                throw noProperty(name);
            }
            o.put(name, value);
            return;
        }
        if (target instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) target;
            m.put(name, value);
            return;
        }
        throw noProperty(name);
    }

    private static ShellError noProperty(String name) {
        return new ShellError("The property '" + name + "' cannot be found on this object."
                + " Verify that the property exists and can be set.",
                ErrorCategory.InvalidOperation, "RuntimeException", null, "PropertyNotFound");
    }

    /** {@code target.name(args)}: the methods of section 1 on strings, collections, tables. */
    public static Object call(Object target, String name, List<Object> args) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("tostring") && args.isEmpty()) {
            if (Values.isCollection(target)) {
                return "System.Object[]";
            }
            return target == null ? "" : Values.toStr(target);
        }
        if (n.equals("gettype") && args.isEmpty() && target != null) {
            return typeInfo(target);
        }
        if (target == null) {
            throw new ShellError("You cannot call a method on a null-valued expression.",
                    ErrorCategory.InvalidOperation, "RuntimeException", null, "InvokeMethodOnNull");
        }
        Object r = NONE;
        if (target instanceof String) {
            r = StringMethods.call((String) target, n, args);
        } else if (target instanceof Map) {
            r = mapMethod(target, n, args);
        } else if (Values.isCollection(target)) {
            List<Object> items = Values.items(target);
            r = collectionMethod(items, n, args);
            if (r == NONE && !items.isEmpty()) {
                // Method-call enumeration (3.0+): the elements' method, one result each.
                List<Object> out = new ArrayList<>();
                for (Object item : items) {
                    Object v = call(item, name, args);
                    if (Values.isCollection(v)) {
                        out.addAll(Values.items(v));
                    } else {
                        out.add(v);
                    }
                }
                return Values.unwrap(out);
            }
        } else if (target instanceof ByteSize) {
            r = byteSizeMethod((ByteSize) target, n, args);
        } else if (target instanceof ShellDateTime) {
            r = ((ShellDateTime) target).call(n, args);
        }
        if (n.equals("equals") && args.size() == 1 && r == NONE) {
            return target.equals(args.get(0));
        }
        if (r == NONE) {
            throw new ShellError("Method invocation failed because [" + Values.typeName(target)
                    + "] does not contain a method named '" + name + "'.",
                    ErrorCategory.InvalidOperation, "RuntimeException", null, "MethodNotFound");
        }
        return r;
    }

    /** Marks "no such method" in the helpers. */
    static final Object NONE = new Object();

    private static Object mapMethod(Object target, String n, List<Object> args) {
        @SuppressWarnings("unchecked")
        Map<Object, Object> m = (Map<Object, Object>) target;
        switch (n) {
            case "containskey":
                return args.size() == 1 ? m.containsKey(args.get(0)) : NONE;
            case "containsvalue":
                return args.size() == 1 ? m.containsValue(args.get(0)) : NONE;
            case "add":
                if (args.size() != 2) {
                    return NONE;
                }
                if (m.containsKey(args.get(0))) {
                    throw new ShellError("Exception calling \"Add\" with \"2\" argument(s): \"Item"
                            + " has already been added. Key in dictionary: '" + args.get(0)
                            + "'  Key being added: '" + args.get(0) + "'\"",
                            ErrorCategory.NotSpecified, "MethodInvocationException", null,
                            "ArgumentException");
                }
                m.put(args.get(0), args.get(1));
                return null;
            case "remove":
                if (args.size() != 1) {
                    return NONE;
                }
                m.remove(args.get(0));
                return null;
            case "clear":
                m.clear();
                return null;
            case "getenumerator": {
                List<Object> out = new ArrayList<>();
                for (Map.Entry<Object, Object> e : m.entrySet()) {
                    PsObject d = PsObject.of("System.Collections.DictionaryEntry");
                    d.put("Name", e.getKey());
                    d.put("Key", e.getKey());
                    d.put("Value", e.getValue());
                    out.add(d);
                }
                return out;
            }
            default:
                return NONE;
        }
    }

    private static Object collectionMethod(List<Object> items, String n, List<Object> args) {
        switch (n) {
            case "contains":
                if (args.size() != 1) {
                    return NONE;
                }
                for (Object o : items) {
                    if (o == null ? args.get(0) == null : o.equals(args.get(0))) {
                        return true;
                    }
                }
                return false;
            case "indexof":
                return args.size() == 1 ? items.indexOf(args.get(0)) : NONE;
            default:
                return NONE;
        }
    }

    /** Exchange's ByteQuantifiedSize methods: ToBytes(), ToKB(), ToMB(), ToGB(), ToTB(). */
    private static Object byteSizeMethod(ByteSize size, String n, List<Object> args) {
        if (!args.isEmpty()) {
            return NONE;
        }
        long b = size.bytes();
        switch (n) {
            case "tobytes":
                return b;
            case "tokb":
                return b >> 10;
            case "tomb":
                return b >> 20;
            case "togb":
                return b >> 30;
            case "totb":
                return b >> 40;
            default:
                return NONE;
        }
    }

    private static PsObject typeInfo(Object target) {
        String full = Values.typeName(target);
        int dot = full.lastIndexOf('.');
        PsObject t = PsObject.of("System.RuntimeType");
        t.put("IsPublic", true);
        t.put("IsSerial", !(target instanceof PsObject));
        t.put("Name", dot >= 0 ? full.substring(dot + 1) : full);
        t.put("BaseType", Values.isCollection(target) ? "System.Array" : target instanceof Number
                || target instanceof Boolean ? "System.ValueType" : "System.Object");
        t.put("FullName", full);
        return t.view(View.table("IsPublic", "IsSerial", "Name", "BaseType"));
    }
}
