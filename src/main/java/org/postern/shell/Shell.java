package org.postern.shell;

/**
 * One shell session: runs scripts against a command registry and prints what EMS prints.
 * Variables persist from one {@link #run} to the next; each run collects its own output. A
 * session runs one script at a time.
 */
public final class Shell {

    private final CommandRegistry registry;
    private final ShellOptions options;
    private final Session session;

    public Shell(CommandRegistry registry, ShellOptions options) {
        this.registry = registry;
        this.options = options;
        this.session = new Session(registry, options);
    }

    public CommandRegistry registry() {
        return registry;
    }

    public ShellOptions options() {
        return options;
    }

    /** Runs a script (statements separated by newlines or ';') and returns what it printed. */
    public synchronized ExecutionResult run(String script) {
        Source source = new Source(script);
        session.begin(source);
        Ast.Block program;
        try {
            program = Parser.parse(script);
        } catch (StackOverflowError e) {
            session.report(ErrorRecord.parse(java.util.List.of(new ParseError("ScriptTooDeep",
                    "The script is nested too deeply to parse.", new Ast.Extent(0, 0))),
                    "The script is nested too deeply to parse."));
            return session.finish();
        } catch (ParseException e) {
            String message = ErrorView.parseMessage(source, e.errors());
            session.report(ErrorRecord.parse(e.errors(), message));
            return session.finish();
        }
        try {
            new Interpreter(session).runScript(program);
        } catch (StackOverflowError e) {
            session.report(session.localError(new ShellError("The script failed due to call"
                    + " depth overflow.", ErrorCategory.InvalidOperation,
                    "ScriptCallDepthException", null, "CallDepthOverflow"), null, null, "",
                    null));
        }
        return session.finish();
    }
}
