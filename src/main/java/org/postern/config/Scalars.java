package org.postern.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small helpers for turning shell and file values into configuration values. */
final class Scalars {

    private Scalars() {
    }

    /** The items of an array or list value; a single value is one item; null is none. */
    static List<Object> items(Object raw) {
        List<Object> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        if (raw instanceof Collection) {
            for (Object o : (Collection<?>) raw) {
                out.addAll(items(o));
            }
        } else if (raw instanceof Object[]) {
            for (Object o : (Object[]) raw) {
                out.addAll(items(o));
            }
        } else {
            out.add(raw);
        }
        return out;
    }

    /** The enum constant named {@code name} (ignoring case and spaces), or a clear error. */
    static <E extends Enum<E>> E enumConstant(Class<E> type, String name) {
        String wanted = name.trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(wanted)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name());
        }
        throw new IllegalArgumentException("Cannot convert value \"" + name + "\" to type \""
                + type.getSimpleName() + "\". Specify one of the following enumerator names and"
                + " try again: " + String.join(", ", names));
    }

    /** How a value is named in an error message. */
    static String describe(Object raw) {
        if (raw == null) {
            return "$null";
        }
        if (raw instanceof Collection) {
            List<String> parts = new ArrayList<>();
            for (Object o : (Collection<?>) raw) {
                parts.add(String.valueOf(o));
            }
            return String.join(" ", parts);
        }
        return raw.toString();
    }
}
