package org.postern.shell.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.Values;
import org.postern.shell.View;

/**
 * Group-Object: one GroupInfo (Count, Name, Group, Values) per distinct value of the
 * properties, in order of first appearance; names compare ignoring case unless asked.
 */
final class GroupObject extends Builtin {

    static final String TYPE = "Microsoft.PowerShell.Commands.GroupInfo";
    /** PowerShell's GroupInfo table; its column widths are UNCONFIRMED and left to sizing. */
    private static final View VIEW = View.table("Count", "Name", "Group");
    private static final List<String> KEYS = List.of("Expression");

    GroupObject() {
        super("Group-Object", UTILITY, sw("NoElement"), inputObject(),
                Parameter.named("Property").array().position(0).build(), sw("CaseSensitive"));
    }

    @Override
    public void process(Invocation inv) {
        collect(inv);
    }

    @Override
    public void end(Invocation inv) {
        List<Object> all = collected(inv);
        List<Calculated> keys = new ArrayList<>();
        for (Object p : inv.params().list("Property")) {
            keys.add(Calculated.of(p, "Microsoft.PowerShell.Commands.GroupObjectCommand", KEYS));
        }
        boolean cs = inv.params().bool("CaseSensitive");
        Map<String, PsObject> groups = new LinkedHashMap<>();
        for (Object o : all) {
            List<Object> values = new ArrayList<>();
            List<String> names = new ArrayList<>();
            if (keys.isEmpty()) {
                values.add(o);
                names.add(Values.toStr(o));
            }
            for (Calculated k : keys) {
                Object v = k.valueOf(o);
                values.add(v);
                names.add(Values.toStr(v));
            }
            String name = String.join(", ", names);
            String id = cs ? name : name.toLowerCase(Locale.ROOT);
            PsObject g = groups.get(id);
            if (g == null) {
                g = PsObject.of(TYPE);
                g.put("Count", 0);
                g.put("Name", name);
                g.put("Group", new ArrayList<>());
                g.put("Values", values);
                g.view(VIEW);
                groups.put(id, g);
            }
            g.put("Count", (Integer) g.get("Count") + 1);
            @SuppressWarnings("unchecked")
            List<Object> members = (List<Object>) g.get("Group");
            members.add(o);
        }
        for (PsObject g : groups.values()) {
            if (inv.params().bool("NoElement")) {
                PsObject lean = PsObject.of(TYPE);
                lean.put("Count", g.get("Count"));
                lean.put("Name", g.get("Name"));
                lean.put("Values", g.get("Values"));
                g = lean.view(View.table("Count", "Name"));
            }
            shell(inv).emitWhole(g);
        }
    }
}
