package org.postern.shell;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The commands and aliases a shell resolves names against (case-insensitive). */
public final class CommandRegistry {

    private final Map<String, Cmdlet> commands = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final Map<String, String> aliasSpelling = new LinkedHashMap<>();

    /** An empty registry. */
    public CommandRegistry() {
    }

    /** A registry with the generic PowerShell cmdlets and EMS aliases. */
    public static CommandRegistry withBuiltins() {
        CommandRegistry r = new CommandRegistry();
        org.postern.shell.builtin.Builtins.registerAll(r);
        // 5.1's help is a function that pages Get-Help's output; without a pager it is the same.
        r.register(new GetHelp()).alias("help", "Get-Help");
        return r;
    }

    public CommandRegistry register(Cmdlet cmdlet) {
        commands.put(cmdlet.name().toLowerCase(Locale.ROOT), cmdlet);
        return this;
    }

    public CommandRegistry alias(String alias, String command) {
        aliases.put(alias.toLowerCase(Locale.ROOT), command);
        aliasSpelling.put(alias.toLowerCase(Locale.ROOT), alias);
        return this;
    }

    /** The aliases (as registered) and the command names they stand for. */
    public Map<String, String> aliases() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            out.put(aliasSpelling.get(e.getKey()), e.getValue());
        }
        return out;
    }

    /** The command a name (or alias) resolves to. */
    public Optional<Cmdlet> find(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        String target = aliases.get(key);
        if (target != null) {
            key = target.toLowerCase(Locale.ROOT);
        }
        return Optional.ofNullable(commands.get(key));
    }

    public Collection<Cmdlet> all() {
        return commands.values();
    }
}
