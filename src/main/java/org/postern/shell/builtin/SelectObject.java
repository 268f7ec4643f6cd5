package org.postern.shell.builtin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Members;
import org.postern.shell.Operators;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;
import org.postern.shell.Values;

/**
 * Select-Object: new objects with the chosen properties (type {@code Selected.<type>}, which
 * no Exchange view matches), the value of one property (-ExpandProperty), and -First, -Last,
 * -Skip, -SkipLast, -Index, -Unique. With -First alone it stops the commands before it once
 * it has enough.
 */
final class SelectObject extends Builtin {

    private static final List<String> KEYS = List.of("Name", "Label", "Expression");

    /** What one pipeline's Select-Object has seen. */
    private static final class State {
        List<Calculated> properties;
        int seen;
        int emitted;
        final List<Object> buffered = new ArrayList<>();
        final Set<String> unique = new HashSet<>();
    }

    SelectObject() {
        super("Select-Object", UTILITY, inputObject(),
                Parameter.named("Property").array().position(0).build(),
                Parameter.named("ExcludeProperty").type(Parameter.Type.STRING).array().build(),
                Parameter.named("ExpandProperty").type(Parameter.Type.STRING).build(),
                sw("Unique"),
                Parameter.named("Last").type(Parameter.Type.INT).build(),
                Parameter.named("First").type(Parameter.Type.INT).build(),
                Parameter.named("Skip").type(Parameter.Type.INT).build(),
                Parameter.named("SkipLast").type(Parameter.Type.INT).build(),
                Parameter.named("Index").type(Parameter.Type.INT).array().build());
    }

    private State state(Invocation inv) {
        return shell(inv).state(() -> {
            State s = new State();
            s.properties = new ArrayList<>();
            for (Object p : inv.params().list("Property")) {
                s.properties.add(Calculated.of(p, "Microsoft.PowerShell.Commands"
                        + ".SelectObjectCommand", KEYS));
            }
            return s;
        });
    }

    /** Whether objects must wait for the end (-Last, -SkipLast, -Index, -Unique). */
    private static boolean buffering(Invocation inv) {
        return inv.params().has("Last") || inv.params().has("SkipLast")
                || inv.params().has("Index") || inv.params().bool("Unique");
    }

    @Override
    public void begin(Invocation inv) {
        state(inv);
    }

    @Override
    public void process(Invocation inv) {
        State s = state(inv);
        Object input = inv.params().get("InputObject");
        if (input == null && inv.input() == null && !inv.params().has("InputObject")) {
            return;
        }
        if (buffering(inv)) {
            s.buffered.add(input);
            return;
        }
        int skip = inv.params().has("Skip") ? (Integer) inv.params().get("Skip") : 0;
        s.seen++;
        if (s.seen <= skip) {
            return;
        }
        select(inv, s, input);
        s.emitted++;
        if (inv.params().has("First") && s.emitted >= (Integer) inv.params().get("First")) {
            shell(inv).stopUpstream();
        }
    }

    @Override
    public void end(Invocation inv) {
        if (!buffering(inv)) {
            return;
        }
        State s = state(inv);
        List<Object> items = new ArrayList<>(s.buffered);
        if (inv.params().has("Index")) {
            List<Object> picked = new ArrayList<>();
            for (Object i : inv.params().list("Index")) {
                int k = (Integer) i;
                if (k >= 0 && k < items.size()) {
                    picked.add(items.get(k));
                }
            }
            items = picked;
        }
        int skip = inv.params().has("Skip") ? (Integer) inv.params().get("Skip") : 0;
        if (inv.params().has("Last")) {
            int last = (Integer) inv.params().get("Last");
            int to = Math.max(0, items.size() - skip);
            items = new ArrayList<>(items.subList(Math.max(0, to - last), to));
        } else if (skip > 0) {
            items = new ArrayList<>(items.subList(Math.min(skip, items.size()), items.size()));
        }
        if (inv.params().has("SkipLast")) {
            int n = (Integer) inv.params().get("SkipLast");
            items = new ArrayList<>(items.subList(0, Math.max(0, items.size() - n)));
        }
        if (inv.params().has("First")) {
            int n = (Integer) inv.params().get("First");
            items = new ArrayList<>(items.subList(0, Math.min(n, items.size())));
        }
        for (Object o : items) {
            select(inv, s, o);
        }
    }

    private void select(Invocation inv, State s, Object input) {
        String expand = inv.params().string("ExpandProperty");
        if (expand != null) {
            expand(inv, s, input, expand);
            return;
        }
        Object out = s.properties.isEmpty() ? input : project(inv, s, input);
        if (inv.params().bool("Unique") && !s.unique.add(key(out))) {
            return;
        }
        shell(inv).emitWhole(out);
    }

    private static String key(Object o) {
        if (o instanceof PsObject) {
            StringBuilder sb = new StringBuilder();
            for (String n : ((PsObject) o).propertyNames()) {
                sb.append(n).append('=').append(Values.toStr(((PsObject) o).get(n)))
                        .append('\u0000');
            }
            return sb.toString().toLowerCase(java.util.Locale.ROOT);
        }
        return Values.typeName(o) + ":" + Values.toStr(o);
    }

    private PsObject project(Invocation inv, State s, Object input) {
        String type = input instanceof PsObject ? ((PsObject) input).typeName()
                : Values.typeName(input);
        PsObject out = PsObject.of(List.of("Selected." + type,
                "System.Management.Automation.PSCustomObject", "System.Object"));
        List<String> excluded = new ArrayList<>();
        for (Object e : inv.params().list("ExcludeProperty")) {
            excluded.add(Values.toStr(e));
        }
        for (Calculated c : s.properties) {
            if (c.isCalculated()) {
                out.put(c.name, c.valueOf(input));
            } else if (c.isWildcard()) {
                for (String n : Members.names(input)) {
                    if (Operators.like(n, c.name, false) && !isExcluded(n, excluded)) {
                        out.put(n, Members.get(input, n));
                    }
                }
            } else if (!isExcluded(c.name, excluded)) {
                out.put(spelling(input, c.name), Members.get(input, c.name));
            }
        }
        return out;
    }

    private static boolean isExcluded(String name, List<String> excluded) {
        for (String e : excluded) {
            if (Operators.like(name, e, false)) {
                return true;
            }
        }
        return false;
    }

    /** The object's own spelling of a property name, else the name as typed. */
    private static String spelling(Object input, String name) {
        for (String n : Members.names(input)) {
            if (n.equalsIgnoreCase(name)) {
                return n;
            }
        }
        return name;
    }

    private void expand(Invocation inv, State s, Object input, String name) {
        List<String> matches = new ArrayList<>();
        for (String n : Members.names(input)) {
            if (Operators.like(n, name, false)) {
                matches.add(n);
            }
        }
        if (matches.size() > 1) {
            inv.writeError(new ShellError("Multiple properties cannot be expanded.",
                    ErrorCategory.InvalidArgument, "PSArgumentException", name,
                    "MutlipleExpandProperties"));
            return;
        }
        boolean present = !matches.isEmpty() || (!(input instanceof PsObject)
                && !(input instanceof java.util.Map) && Members.get(input, name) != null);
        if (!present) {
            inv.writeError(new ShellError("Property \"" + name + "\" cannot be found.",
                    ErrorCategory.InvalidArgument, "PSArgumentException", null,
                    "ExpandPropertyNotFound"));
            return;
        }
        Object value = Members.get(input, matches.isEmpty() ? name : matches.get(0));
        for (Object item : Values.enumerate(value)) {
            if (item == null) {
                continue;
            }
            if (!s.properties.isEmpty() && item instanceof PsObject) {
                PsObject copy = ((PsObject) item).copy();
                PsObject extra = project(inv, s, input);
                for (String n : extra.propertyNames()) {
                    if (copy.has(n)) {
                        inv.writeError(new ShellError("The property cannot be processed because"
                                + " the property \"" + n + "\" already exists.",
                                ErrorCategory.InvalidOperation, "PSArgumentException", null,
                                "AlreadyExistingUserSpecifiedPropertyExpand"));
                        return;
                    }
                    copy.put(n, extra.get(n));
                }
                item = copy;
            }
            if (inv.params().bool("Unique") && !s.unique.add(key(item))) {
                continue;
            }
            shell(inv).emitWhole(item);
        }
    }
}
