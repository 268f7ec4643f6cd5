package org.postern.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An object in the shell: a type name (with its parents, most specific first), properties in
 * display order with case-insensitive lookup, and the default view its type registers.
 */
public final class PsObject {

    private final List<String> typeNames;
    private final Map<String, String> spelling = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private View view;
    private String text;

    private PsObject(List<String> typeNames) {
        this.typeNames = List.copyOf(typeNames);
    }

    /** A new object of the given type. */
    public static PsObject of(String typeName) {
        return new PsObject(List.of(typeName));
    }

    /** A new object with several type names, most specific first. */
    public static PsObject of(List<String> typeNames) {
        return new PsObject(typeNames);
    }

    /** The type names, most specific first. */
    public List<String> typeNames() {
        return typeNames;
    }

    /** The most specific type name. */
    public String typeName() {
        return typeNames.isEmpty() ? "System.Management.Automation.PSCustomObject"
                : typeNames.get(0);
    }

    /**
     * Sets a property. A new name is added at the end; an existing one (any case) keeps its place
     * and first spelling.
     */
    public PsObject put(String name, Object value) {
        String key = key(name);
        spelling.putIfAbsent(key, name);
        values.put(key, value);
        return this;
    }

    /** The value of a property (case-insensitive), or null when absent. */
    public Object get(String name) {
        return values.get(key(name));
    }

    public boolean has(String name) {
        return values.containsKey(key(name));
    }

    /** The property names as the object spells them, in order. */
    public List<String> propertyNames() {
        return Collections.unmodifiableList(new ArrayList<>(spelling.values()));
    }

    /** Attaches the default view of the object's type. */
    public PsObject view(View view) {
        this.view = view;
        return this;
    }

    /** The default view, or null when the type registers none. */
    public View view() {
        return view;
    }

    /**
     * Sets the object's string form, what its original .NET object's ToString() gave: Exchange
     * objects give their identity ({@code "$rc"} is {@code EX01\Relay}).
     */
    public PsObject text(String text) {
        this.text = text;
        return this;
    }

    /** A copy with the same type names, properties, view and string form. */
    public PsObject copy() {
        PsObject o = new PsObject(typeNames);
        for (String n : propertyNames()) {
            o.put(n, get(n));
        }
        o.view = view;
        o.text = text;
        return o;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * The string form: the one set with {@link #text}; for a custom object (Select-Object's
     * output) {@code @{Name=x; Count=2}} as PowerShell expands it; otherwise the type name, as
     * .NET objects print without a ToString override.
     */
    @Override
    public String toString() {
        if (text != null) {
            return text;
        }
        if (typeNames.contains("System.Management.Automation.PSCustomObject")) {
            StringBuilder sb = new StringBuilder("@{");
            for (String n : propertyNames()) {
                if (sb.length() > 2) {
                    sb.append("; ");
                }
                Object v = get(n);
                sb.append(n).append('=').append(v instanceof java.util.Collection
                        && !(v instanceof java.util.Set) ? "System.Object[]"
                        : org.postern.shell.Values.toStr(v));
            }
            return sb.append('}').toString();
        }
        return typeName();
    }
}
