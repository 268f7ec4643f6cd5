package org.postern.shell.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Members;
import org.postern.shell.Operators;
import org.postern.shell.Parameter;
import org.postern.shell.ScriptBlock;
import org.postern.shell.ShellError;
import org.postern.shell.Values;

/**
 * Where-Object: passes the objects for which the script block is true, or (simplified syntax)
 * whose property compares true: {@code ? Name -like 'Def*'}, {@code where Enabled}.
 */
final class WhereObject extends Builtin {

    /** The operator switches, in 5.1's order; the case-insensitive ones have I aliases. */
    private static final String[] OPERATORS = {"EQ", "CEQ", "NE", "CNE", "GT", "CGT", "LT",
        "CLT", "GE", "CGE", "LE", "CLE", "Like", "CLike", "NotLike", "CNotLike", "Match",
        "CMatch", "NotMatch", "CNotMatch", "Contains", "CContains", "NotContains",
        "CNotContains", "In", "CIn", "NotIn", "CNotIn", "Is", "IsNot"};

    WhereObject() {
        super("Where-Object", CORE, declared());
    }

    private static Parameter[] declared() {
        List<Parameter> p = new ArrayList<>();
        p.add(inputObject());
        p.add(Parameter.named("FilterScript").type(Parameter.Type.SCRIPT_BLOCK).position(0)
                .build());
        p.add(Parameter.named("Property").type(Parameter.Type.STRING).position(0).build());
        p.add(Parameter.named("Value").position(1).build());
        for (String op : OPERATORS) {
            Parameter.Builder b = Parameter.named(op).type(Parameter.Type.SWITCH);
            if (!op.startsWith("C") || op.equals("Contains")) {
                if (!op.startsWith("Is")) {
                    b.alias("I" + op);
                }
            }
            p.add(b.build());
        }
        return p.toArray(new Parameter[0]);
    }

    @Override
    public void process(Invocation inv) {
        Object input = inv.params().get("InputObject");
        if (inv.params().has("FilterScript")) {
            ScriptBlock filter = (ScriptBlock) inv.params().get("FilterScript");
            if (Values.isTrue(filter.invokeReturnAsIs(input))) {
                shell(inv).emitWhole(input);
            }
            return;
        }
        String property = inv.params().string("Property");
        if (property == null) {
            throw new ShellError("Cannot process command because of one or more missing"
                    + " mandatory parameters: FilterScript.", ErrorCategory.InvalidArgument,
                    "ParameterBindingException", null, "MissingMandatoryParameter");
        }
        String op = null;
        for (String o : OPERATORS) {
            if (inv.params().bool(o)) {
                if (op != null) {
                    throw new ShellError("Parameter set cannot be resolved using the specified"
                            + " named parameters.", ErrorCategory.InvalidArgument,
                            "ParameterBindingException", null, "AmbiguousParameterSet");
                }
                op = o;
            }
        }
        Object value = Members.get(input, property);
        boolean pass;
        if (op == null) {
            pass = Values.isTrue(value);
        } else {
            Object right = inv.params().get("Value");
            pass = Values.isTrue(Operators.apply(op.toLowerCase(Locale.ROOT), value, right));
        }
        if (pass) {
            shell(inv).emitWhole(input);
        }
    }
}
