package org.postern.shell.builtin;

import java.util.ArrayList;
import java.util.List;
import org.postern.shell.FormattedText;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.Values;
import org.postern.shell.format.PropertySpec;
import org.postern.shell.format.TableOptions;

/**
 * Format-List and Format-Table: collect their input and hand it to the formatter; the text
 * goes down the pipeline as one {@link FormattedText}, which Out-Default prints as it is.
 */
final class FormatCmdlets {

    private static final List<String> LIST_KEYS = List.of("Name", "Label", "Expression",
            "FormatString");
    private static final List<String> TABLE_KEYS = List.of("Name", "Label", "Expression",
            "FormatString", "Width", "Alignment");

    private FormatCmdlets() {
    }

    static List<PropertySpec> specs(Invocation inv, String command, List<String> keys) {
        List<PropertySpec> out = new ArrayList<>();
        for (Object p : inv.params().list("Property")) {
            Calculated c = Calculated.of(p, command, keys);
            if (!c.isCalculated()) {
                out.add(PropertySpec.named(c.name));
                continue;
            }
            int width = c.key("Width") == null ? 0 : Values.toNumber(c.key("Width")).intValue();
            String align = c.key("Alignment") == null ? null : Values.toStr(c.key("Alignment"));
            out.add(new PropertySpec(c.name, c.name, c.expression, width, align));
        }
        return out;
    }

    /** Hands the collected input to the formatter; nothing for no input. */
    private static void format(Invocation inv, String command, List<String> keys,
            java.util.function.BiFunction<List<Object>, List<PropertySpec>, String> how) {
        List<Object> all = Builtin.collected(inv);
        if (all.isEmpty()) {
            return;
        }
        List<PropertySpec> specs = specs(inv, command, keys);
        Builtin.shell(inv).emitWhole(new FormattedText(how.apply(all, specs)));
    }

    /** Format-List [-Property] names. */
    static final class FormatList extends Builtin {
        FormatList() {
            super("Format-List", UTILITY, Parameter.named("Property").array().position(0)
                    .build(), sw("Force"), inputObject());
        }

        @Override
        public void process(Invocation inv) {
            collect(inv);
        }

        @Override
        public void end(Invocation inv) {
            format(inv, "Microsoft.PowerShell.Commands.FormatListCommand", LIST_KEYS,
                    (all, specs) -> shell(inv).formatter().formatList(all, specs));
        }
    }

    /** Format-Table [-Property] names [-AutoSize] [-Wrap] [-HideTableHeaders]. */
    static final class FormatTable extends Builtin {
        FormatTable() {
            super("Format-Table", UTILITY, sw("AutoSize"), sw("HideTableHeaders"), sw("Wrap"),
                    Parameter.named("Property").array().position(0).build(), sw("Force"),
                    inputObject());
        }

        @Override
        public void process(Invocation inv) {
            collect(inv);
        }

        @Override
        public void end(Invocation inv) {
            TableOptions options = new TableOptions(inv.params().bool("AutoSize"),
                    inv.params().bool("Wrap"), inv.params().bool("HideTableHeaders"));
            format(inv, "Microsoft.PowerShell.Commands.FormatTableCommand", TABLE_KEYS,
                    (all, specs) -> shell(inv).formatter().formatTable(all, specs, options));
        }
    }
}
