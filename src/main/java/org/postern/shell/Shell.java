package org.postern.shell;

/** One shell session: runs scripts against a command registry and prints what EMS prints. */
public final class Shell {

    private final CommandRegistry registry;
    private final ShellOptions options;

    public Shell(CommandRegistry registry, ShellOptions options) {
        this.registry = registry;
        this.options = options;
    }

    public CommandRegistry registry() {
        return registry;
    }

    public ShellOptions options() {
        return options;
    }

    /** Runs a script (statements separated by newlines or ';') and returns what it printed. */
    public ExecutionResult run(String script) {
        // TODO(shell): the language engine is being written; until then nothing runs.
        return new ExecutionResult("", "The shell language engine is not built yet.\n", false);
    }
}
