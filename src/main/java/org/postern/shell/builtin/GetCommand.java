package org.postern.shell.builtin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.postern.shell.Cmdlet;
import org.postern.shell.CommandRegistry;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Operators;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;
import org.postern.shell.Values;
import org.postern.shell.View;

/**
 * Get-Command: the session's commands and aliases, matched by name (wildcards), verb or
 * noun. Exchange cmdlets show as functions, as EMS's implicit-remoting proxies do.
 */
final class GetCommand extends Builtin {

    private static final View VIEW = View.table(View.Column.of("CommandType", 15),
            View.Column.of("Name", 50), View.Column.of("Version", 10), View.Column.of("Source"));

    GetCommand() {
        super("Get-Command", CORE, Parameter.named("Name").type(Parameter.Type.STRING).array()
                .position(0).build(),
                Parameter.named("Verb").type(Parameter.Type.STRING).array().build(),
                Parameter.named("Noun").type(Parameter.Type.STRING).array().build());
    }

    @Override
    public void process(Invocation inv) {
        CommandRegistry registry = shell(inv).registry();
        List<PsObject> all = new ArrayList<>();
        for (Map.Entry<String, String> a : registry.aliases().entrySet()) {
            PsObject o = info("Alias", a.getKey(), a.getKey() + " -> " + a.getValue(), "", "");
            all.add(o);
        }
        // EMS imports the Exchange cmdlets from its remote session into a module named after
        // the server it connected to, version 1.0 (recalled from EMS's Get-Module and
        // Get-Command output; no public transcript found).
        String remoteModule = shell(inv).options().serverFqdn();
        for (Cmdlet c : registry.all()) {
            all.add(info(c.remote() ? "Function" : "Cmdlet", c.name(), c.name(),
                    c.remote() ? "1.0" : c.moduleVersion(),
                    c.remote() ? remoteModule : c.moduleName()));
        }
        all.sort(Comparator.comparingInt(GetCommand::typeOrder)
                .thenComparing(o -> Values.toStr(o.get("Name")), String.CASE_INSENSITIVE_ORDER));
        List<Object> names = inv.params().list("Name");
        List<Object> verbs = inv.params().list("Verb");
        List<Object> nouns = inv.params().list("Noun");
        for (Object n : names.isEmpty() ? List.<Object>of("*") : names) {
            String pattern = Values.toStr(n);
            boolean any = false;
            for (PsObject o : all) {
                String name = Values.toStr(o.get("Key"));
                if (!Operators.like(name, pattern, false) || !part(name, verbs, true)
                        || !part(name, nouns, false)) {
                    continue;
                }
                any = true;
                o.put("Key", null);
                PsObject shown = PsObject.of(Values.toStr(o.get("Type")));
                for (String p : List.of("CommandType", "Name", "Version", "Source")) {
                    shown.put(p, o.get(p));
                }
                shell(inv).emitWhole(shown.view(VIEW));
            }
            if (!any && !pattern.contains("*") && !pattern.contains("?")) {
                inv.writeError(new ShellError("The term '" + pattern + "' is not recognized as"
                        + " the name of a cmdlet, function, script file, or operable program.\n"
                        + "Check the spelling of the name, or if a path was included, verify"
                        + " that the path is correct and try again.", ErrorCategory.ObjectNotFound,
                        "CommandNotFoundException", pattern, "CommandNotFoundException"));
            }
        }
    }

    private static PsObject info(String type, String key, String name, String version,
            String source) {
        PsObject o = PsObject.of("x");
        o.put("Type", type.equals("Alias") ? "System.Management.Automation.AliasInfo"
                : type.equals("Function") ? "System.Management.Automation.FunctionInfo"
                : "System.Management.Automation.CmdletInfo");
        o.put("Key", key);
        o.put("CommandType", type);
        o.put("Name", name);
        o.put("Version", version);
        o.put("Source", source);
        return o;
    }

    private static int typeOrder(PsObject o) {
        switch (Values.toStr(o.get("CommandType"))) {
            case "Alias":
                return 0;
            case "Function":
                return 1;
            default:
                return 2;
        }
    }

    private static boolean part(String name, List<Object> patterns, boolean verb) {
        if (patterns.isEmpty()) {
            return true;
        }
        int dash = name.indexOf('-');
        if (dash < 0) {
            return false;
        }
        String part = verb ? name.substring(0, dash) : name.substring(dash + 1);
        for (Object p : patterns) {
            if (Operators.like(part, Values.toStr(p), false)) {
                return true;
            }
        }
        return false;
    }
}
