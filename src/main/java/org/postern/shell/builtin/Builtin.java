package org.postern.shell.builtin;

import java.util.List;
import org.postern.shell.Cmdlet;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.ShellInvocation;

/** What the shell's generic cmdlets share: name, module, parameters. */
abstract class Builtin implements Cmdlet {

    static final String CORE = "Microsoft.PowerShell.Core";
    static final String UTILITY = "Microsoft.PowerShell.Utility";
    static final String SECURITY = "Microsoft.PowerShell.Security";

    private final String name;
    private final String module;
    private final List<Parameter> parameters;

    Builtin(String name, String module, Parameter... parameters) {
        this.name = name;
        this.module = module;
        this.parameters = List.of(parameters);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    /** The PowerShell module the cmdlet belongs to (Get-Command's Source). */
    @Override
    public String moduleName() {
        return module;
    }

    /** The module version Get-Command shows. */
    @Override
    public String moduleVersion() {
        return module.equals(UTILITY) ? "3.1.0.0" : "3.0.0.0";
    }

    static Parameter inputObject() {
        return Parameter.named("InputObject").byValue("*").build();
    }

    static Parameter sw(String name) {
        return Parameter.switchNamed(name);
    }

    static ShellInvocation shell(Invocation inv) {
        return (ShellInvocation) inv;
    }

    /**
     * For cmdlets that need all their input before they answer (Sort-Object, Format-List ...):
     * keeps this input object. Nothing is kept when the command has no input at all.
     */
    static void collect(Invocation inv) {
        if (inv.input() == null && !inv.params().has("InputObject")) {
            return;
        }
        collected(inv).add(inv.params().get("InputObject"));
    }

    /** The input objects {@link #collect} kept for this command of this pipeline. */
    static List<Object> collected(Invocation inv) {
        return shell(inv).state(java.util.ArrayList::new);
    }
}
