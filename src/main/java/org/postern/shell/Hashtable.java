package org.postern.shell;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A PowerShell hashtable: string keys compare case-insensitively and keep their first
 * spelling. Entries keep insertion order (a plain PowerShell hashtable's order is arbitrary;
 * insertion order is one of the orders it may show, and the one {@code [ordered]} promises).
 */
public final class Hashtable extends AbstractMap<Object, Object> {

    private final Map<Object, Map.Entry<Object, Object>> entries = new LinkedHashMap<>();
    private final boolean ordered;

    public Hashtable() {
        this(false);
    }

    public Hashtable(boolean ordered) {
        this.ordered = ordered;
    }

    /** Whether the table came from {@code [ordered]} (an OrderedDictionary). */
    public boolean ordered() {
        return ordered;
    }

    private static Object normal(Object key) {
        return key instanceof String ? ((String) key).toLowerCase(Locale.ROOT) : key;
    }

    @Override
    public Object get(Object key) {
        Map.Entry<Object, Object> e = entries.get(normal(key));
        return e == null ? null : e.getValue();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(normal(key));
    }

    @Override
    public Object put(Object key, Object value) {
        Object k = normal(key);
        Map.Entry<Object, Object> e = entries.get(k);
        if (e != null) {
            return e.setValue(value);
        }
        entries.put(k, new SimpleEntry<>(key, value));
        return null;
    }

    @Override
    public Object remove(Object key) {
        Map.Entry<Object, Object> e = entries.remove(normal(key));
        return e == null ? null : e.getValue();
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Object, Object>> iterator() {
                return entries.values().iterator();
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }

    /** PowerShell prints a hashtable object as its type name. */
    @Override
    public String toString() {
        return ordered ? "System.Collections.Specialized.OrderedDictionary"
                : "System.Collections.Hashtable";
    }
}
