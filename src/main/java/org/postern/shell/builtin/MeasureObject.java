package org.postern.shell.builtin;

import java.util.List;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Members;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;
import org.postern.shell.Values;

/**
 * Measure-Object as in 5.1: a GenericMeasureInfo (Count, Average, Sum, Maximum, Minimum,
 * Property; the statistics not asked for are null), or with -Line/-Word/-Character a
 * TextMeasureInfo. With -Property, Count counts the objects that have the property.
 */
final class MeasureObject extends Builtin {

    static final String GENERIC = "Microsoft.PowerShell.Commands.GenericMeasureInfo";
    static final String TEXT = "Microsoft.PowerShell.Commands.TextMeasureInfo";

    MeasureObject() {
        super("Measure-Object", UTILITY, inputObject(),
                Parameter.named("Property").type(Parameter.Type.STRING).array().position(0)
                        .build(),
                sw("Sum"), sw("Average"), sw("Maximum"), sw("Minimum"), sw("Line"), sw("Word"),
                sw("Character"), sw("IgnoreWhiteSpace"));
    }

    @Override
    public void process(Invocation inv) {
        collect(inv);
    }

    @Override
    public void end(Invocation inv) {
        List<Object> all = collected(inv);
        boolean text = inv.params().bool("Line") || inv.params().bool("Word")
                || inv.params().bool("Character");
        List<Object> properties = inv.params().list("Property");
        if (properties.isEmpty()) {
            inv.emit(text ? measureText(inv, all, null) : measure(inv, all, null));
            return;
        }
        for (Object p : properties) {
            String name = Values.toStr(p);
            boolean found = false;
            for (Object o : all) {
                found |= Members.has(o, name) || (!(o instanceof PsObject)
                        && Members.get(o, name) != null);
            }
            if (!found) {
                inv.writeError(new ShellError("The property \"" + name + "\" cannot be found in"
                        + " the input for any objects.", ErrorCategory.InvalidArgument,
                        "PSArgumentException", null, "GenericMeasurePropertyNotFound"));
                continue;
            }
            inv.emit(text ? measureText(inv, all, name) : measure(inv, all, name));
        }
    }

    private static PsObject measure(Invocation inv, List<Object> all, String property) {
        boolean sum = inv.params().bool("Sum");
        boolean avg = inv.params().bool("Average");
        boolean max = inv.params().bool("Maximum");
        boolean min = inv.params().bool("Minimum");
        int count = 0;
        double total = 0;
        Double hi = null;
        Double lo = null;
        for (Object o : all) {
            Object v = o;
            if (property != null) {
                if (!Members.has(o, property) && (o instanceof PsObject
                        || Members.get(o, property) == null)) {
                    continue;
                }
                v = Members.get(o, property);
            }
            count++;
            if (sum || avg || max || min) {
                double d = number(v);
                total += d;
                hi = hi == null || d > hi ? d : hi;
                lo = lo == null || d < lo ? d : lo;
            }
        }
        PsObject m = PsObject.of(GENERIC);
        m.put("Count", count);
        m.put("Average", avg ? (Object) (count == 0 ? 0.0 : total / count) : null);
        m.put("Sum", sum ? (Object) total : null);
        m.put("Maximum", max ? hi : null);
        m.put("Minimum", min ? lo : null);
        m.put("Property", property);
        return m;
    }

    private static double number(Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        Number n = v instanceof String ? Values.parseNumber((String) v) : null;
        if (n == null) {
            throw new ShellError("Input object \"" + Values.toStr(v) + "\" is not numeric.",
                    ErrorCategory.InvalidType, "PSInvalidOperationException", Values.toStr(v),
                    "NonNumericInputObject");
        }
        return n.doubleValue();
    }

    private static PsObject measureText(Invocation inv, List<Object> all, String property) {
        boolean ignoreSpace = inv.params().bool("IgnoreWhiteSpace");
        int lines = 0;
        int words = 0;
        int chars = 0;
        for (Object o : all) {
            Object v = property == null ? o : Members.get(o, property);
            if (v == null) {
                continue;
            }
            String s = Values.toStr(v);
            lines += s.isEmpty() ? 0 : s.split("\r\n|\n", -1).length;
            for (String w : s.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    words++;
                }
            }
            chars += ignoreSpace ? s.replaceAll("\\s", "").length() : s.length();
        }
        PsObject m = PsObject.of(TEXT);
        m.put("Lines", inv.params().bool("Line") ? (Object) lines : null);
        m.put("Words", inv.params().bool("Word") ? (Object) words : null);
        m.put("Characters", inv.params().bool("Character") ? (Object) chars : null);
        m.put("Property", property);
        return m;
    }
}
