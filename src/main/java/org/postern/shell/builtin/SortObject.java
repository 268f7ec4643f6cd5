package org.postern.shell.builtin;

import java.util.ArrayList;
import java.util.List;
import org.postern.shell.Invocation;
import org.postern.shell.Operators;
import org.postern.shell.Parameter;
import org.postern.shell.Values;

/**
 * Sort-Object: sorts all input at the end, by properties, script blocks or hashtables with a
 * direction per key; ascending unless -Descending; objects without the property last.
 */
final class SortObject extends Builtin {

    private static final List<String> KEYS = List.of("Expression", "Ascending", "Descending");

    SortObject() {
        super("Sort-Object", UTILITY, sw("Descending"), sw("Unique"), inputObject(),
                Parameter.named("Property").array().position(0).build(),
                Parameter.named("Culture").type(Parameter.Type.STRING).build(),
                sw("CaseSensitive"));
    }

    /** One sort key: how to get it and its direction. */
    private static final class Key {
        final Calculated how;
        final boolean descending;

        Key(Calculated how, boolean descending) {
            this.how = how;
            this.descending = descending;
        }
    }

    @Override
    public void process(Invocation inv) {
        collect(inv);
    }

    @Override
    public void end(Invocation inv) {
        List<Object> all = collected(inv);
        boolean descending = inv.params().bool("Descending");
        boolean cs = inv.params().bool("CaseSensitive");
        List<Key> keys = new ArrayList<>();
        for (Object p : inv.params().list("Property")) {
            Calculated c = Calculated.of(p, "Microsoft.PowerShell.Commands.SortObjectCommand",
                    KEYS);
            boolean d = descending;
            if (c.key("Descending") != null) {
                d = Values.isTrue(c.key("Descending"));
            } else if (c.key("Ascending") != null) {
                d = !Values.isTrue(c.key("Ascending"));
            }
            keys.add(new Key(c, d));
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object o : all) {
            Object[] row = new Object[keys.size() + 1];
            row[0] = o;
            for (int i = 0; i < keys.size(); i++) {
                row[i + 1] = keys.get(i).how.valueOf(o);
            }
            rows.add(row);
        }
        rows.sort((a, b) -> {
            if (keys.isEmpty()) {
                int c = Operators.sortCompare(a[0], b[0], cs);
                return descending && a[0] != null && b[0] != null ? -c : c;
            }
            for (int i = 0; i < keys.size(); i++) {
                Object x = a[i + 1];
                Object y = b[i + 1];
                int c = Operators.sortCompare(x, y, cs);
                if (c != 0) {
                    return keys.get(i).descending && x != null && y != null ? -c : c;
                }
            }
            return 0;
        });
        Object[] previous = null;
        for (Object[] row : rows) {
            if (inv.params().bool("Unique") && previous != null && same(previous, row, cs)) {
                continue;
            }
            previous = row;
            shell(inv).emitWhole(row[0]);
        }
    }

    private static boolean same(Object[] a, Object[] b, boolean cs) {
        if (a.length == 1) {
            return Operators.sortCompare(a[0], b[0], cs) == 0;
        }
        for (int i = 1; i < a.length; i++) {
            if (Operators.sortCompare(a[i], b[i], cs) != 0) {
                return false;
            }
        }
        return true;
    }
}
