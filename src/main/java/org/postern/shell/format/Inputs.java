package org.postern.shell.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postern.shell.PsObject;
import org.postern.shell.View;

/**
 * What the formatter sees of its input. Only shell objects are formatted by their properties;
 * everything else prints as a bare line, as 5.1 prints its scalar types. A hashtable is shown
 * entry by entry as DictionaryEntry objects (Name, Value), which .NET's format data gives a
 * table view with a 30-wide Name column.
 */
final class Inputs {

    static final String DICTIONARY_ENTRY = "System.Collections.DictionaryEntry";
    private static final View DICTIONARY_ENTRY_VIEW =
            View.table(View.Column.of("Name", 30), View.Column.of("Value"));

    private Inputs() {
    }

    /**
     * The objects to format: lists and arrays enumerated one level, maps as their entries,
     * nulls dropped (an empty pipeline slot prints nothing).
     */
    static List<Object> flatten(List<Object> objects) {
        List<Object> out = new ArrayList<>();
        for (Object o : objects) {
            if (o == null) {
                continue;
            }
            List<Object> items = CellText.isFlags(o) ? null : CellText.items(o);
            for (Object item : items == null ? List.of(o) : items) {
                if (item instanceof Map) {
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) item).entrySet()) {
                        out.add(PsObject.of(DICTIONARY_ENTRY).put("Name", e.getKey())
                                .put("Value", e.getValue()).view(DICTIONARY_ENTRY_VIEW));
                    }
                } else if (item != null) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    /** The property names, as the object spells them, in its order. */
    static List<String> propertyNames(Object o) {
        return o instanceof PsObject ? ((PsObject) o).propertyNames() : List.of();
    }

    /** The value of a property (any case), or null when the object has none of that name. */
    static Object property(Object o, String name) {
        return o instanceof PsObject ? ((PsObject) o).get(name) : null;
    }

    /** The object's own spelling of a property name, or null when it has no such property. */
    static String spelling(Object o, String name) {
        for (String n : propertyNames(o)) {
            if (n.equalsIgnoreCase(name)) {
                return n;
            }
        }
        return null;
    }
}
