package org.postern.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Get-Help: a command's help from its help file ({@link CommandHelp}) and its parameters as the
 * binder sees them, in 5.1's layouts ({@link HelpView}). A name with wildcards that matches
 * several commands gives 5.1's short table (Name, Category, Module, Synopsis).
 *
 * <p>Known shortcoming: the help is printed text, not a help object, so
 * {@code (Get-Help X).Synopsis} has nothing to read; conceptual topics (about_*), -Online and
 * -ShowWindow are not there.
 */
public final class GetHelp implements Cmdlet {

    private static final View SHORT = View.table(View.Column.of("Name", 33),
            View.Column.of("Category", 9), View.Column.of("Module", 25),
            View.Column.of("Synopsis"));

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.named("Name").type(Parameter.Type.STRING).position(0).byPropertyName()
                    .build(),
            Parameter.named("Full").type(Parameter.Type.SWITCH).inSets("AllUsersView").build(),
            Parameter.named("Detailed").type(Parameter.Type.SWITCH).mandatory()
                    .inSets("DetailedView").build(),
            Parameter.named("Examples").type(Parameter.Type.SWITCH).mandatory()
                    .inSets("Examples").build(),
            Parameter.named("Parameter").type(Parameter.Type.STRING).mandatory()
                    .inSets("Parameters").build());

    @Override
    public String name() {
        return "Get-Help";
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }

    @Override
    public String moduleName() {
        return "Microsoft.PowerShell.Core";
    }

    @Override
    public String moduleVersion() {
        return "3.0.0.0";
    }

    @Override
    public void process(Invocation inv) {
        ShellInvocation shell = (ShellInvocation) inv;
        CommandRegistry registry = shell.registry();
        String name = inv.params().string("Name");
        if (name == null || name.isEmpty()) {
            name = name();
        }
        List<Cmdlet> found = new ArrayList<>();
        if (name.contains("*") || name.contains("?")) {
            for (Cmdlet c : registry.all()) {
                if (Operators.like(c.name(), name, false) && CommandHelp.of(c.name()) != null) {
                    found.add(c);
                }
            }
            found.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        } else {
            registry.find(name).filter(c -> CommandHelp.of(c.name()) != null)
                    .ifPresent(found::add);
        }
        if (found.isEmpty()) {
            throw new ShellError("Get-Help could not find " + name + " in a help file in this"
                    + " session. To download updated help topics type: \"Update-Help\". To get"
                    + " help online, search for the help topic in the TechNet library at"
                    + " https:/go.microsoft.com/fwlink/?LinkID=107116.",
                    ErrorCategory.ResourceUnavailable, "HelpNotFoundException", null,
                    "HelpNotFound");
        }
        if (found.size() > 1) {
            for (Cmdlet c : found) {
                PsObject o = PsObject.of("HelpInfoShort");
                o.put("Name", c.name());
                o.put("Category", c.remote() ? "Function" : "Cmdlet");
                o.put("Module", c.remote() ? shell.options().serverFqdn() : c.moduleName());
                o.put("Synopsis", CommandHelp.of(c.name()).synopsis());
                shell.emitWhole(o.view(SHORT));
            }
            return;
        }
        Cmdlet c = found.get(0);
        HelpView view = new HelpView(c, CommandHelp.of(c.name()), shell.formatterWidth());
        String text;
        if (inv.params().has("Parameter")) {
            String pattern = inv.params().string("Parameter");
            text = view.parameterBlocks(pattern);
            if (text.isEmpty()) {
                throw new ShellError("No parameter matches criteria " + pattern + ".",
                        ErrorCategory.InvalidArgument, "ArgumentException", null,
                        "NoParmsFound");
            }
        } else if (inv.params().bool("Full")) {
            text = view.render(HelpView.Kind.FULL);
        } else if (inv.params().bool("Detailed")) {
            text = view.render(HelpView.Kind.DETAILED);
        } else if (inv.params().bool("Examples")) {
            text = view.render(HelpView.Kind.EXAMPLES);
        } else {
            text = view.render(HelpView.Kind.DEFAULT);
        }
        shell.emitWhole(new FormattedText(text));
    }

    /** Completion of {@code -Parameter}: the names of the command's documented parameters. */
    public static List<String> parameterNames(Cmdlet c) {
        List<String> out = new ArrayList<>();
        for (Parameter p : c.parameters()) {
            out.add(p.name());
        }
        if (c.supportsShouldProcess()) {
            for (Parameter p : Binder.RISK) {
                out.add(p.name());
            }
        }
        return out;
    }

}
