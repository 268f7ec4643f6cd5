package org.postern.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parameter values bound for one invocation, by declared name (case-insensitive). */
final class BoundValues implements BoundParameters {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();

    BoundValues() {
    }

    BoundValues(BoundValues from) {
        values.putAll(from.values);
        names.putAll(from.names);
    }

    void put(String name, Object value) {
        String k = name.toLowerCase(Locale.ROOT);
        values.put(k, value);
        names.putIfAbsent(k, name);
    }

    @Override
    public boolean has(String name) {
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public Object get(String name) {
        return values.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String string(String name) {
        Object v = get(name);
        return v == null ? null : Values.toStr(v);
    }

    @Override
    public boolean bool(String name) {
        Object v = get(name);
        return v instanceof Boolean ? (Boolean) v : v != null && Values.isTrue(v);
    }

    @Override
    public List<Object> list(String name) {
        return Values.items(get(name));
    }

    /** The declared names of the bound parameters, in binding order. */
    Iterable<String> names() {
        return names.values();
    }
}
