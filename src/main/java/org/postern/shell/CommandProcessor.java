package org.postern.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postern.log.Kv;
import org.postern.shell.format.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command of a running pipeline: the resolved cmdlet, its command-line parameters, the
 * common parameters (-ErrorAction, -WarningAction, -WhatIf, -Confirm, -ErrorVariable,
 * -OutVariable ...), and the per-object pipeline binding. It gives the cmdlet its
 * {@link Invocation} and turns what the cmdlet reports into error records.
 */
final class CommandProcessor {

    private static final Logger LOG = LoggerFactory.getLogger("postern.shell");

    private final Interpreter in;
    private final Session session;
    private final Cmdlet cmdlet;
    private final Binder binder;
    private final Ast.Command node;
    private final String typedName;
    private final int stage;
    private final BoundValues commandLine;
    private final BoundValues common;
    private final List<Parameter> deferredMandatory;
    private final List<Parameter> pipelineParameters;
    private final List<Object> errorsCollected = new ArrayList<>();
    private final List<Object> warningsCollected = new ArrayList<>();
    private final List<Object> outputCollected = new ArrayList<>();
    private Sink downstream;
    private Object state;

    private CommandProcessor(Interpreter in, Cmdlet cmdlet, Binder binder, Ast.Command node,
            String typedName, int stage, Binder.Result bound) {
        this.in = in;
        this.session = in.session;
        this.cmdlet = cmdlet;
        this.binder = binder;
        this.node = node;
        this.typedName = typedName;
        this.stage = stage;
        this.commandLine = bound.own;
        this.common = bound.common;
        this.deferredMandatory = bound.deferredMandatory;
        this.pipelineParameters = binder.pipelineParameters(bound.own);
    }

    /** Resolves the command and binds its command line; errors end the statement. */
    static CommandProcessor create(Interpreter in, Ast.Command node, int stage, boolean first) {
        Session session = in.session;
        String typed = node.name();
        Cmdlet cmdlet;
        if (node.callee() != null) {
            Object callee = in.eval(node.callee());
            if (callee instanceof ScriptBlock) {
                cmdlet = new ScriptBlockCommand((ScriptBlock) callee);
            } else {
                cmdlet = find(session, Values.toStr(callee), node);
            }
        } else {
            cmdlet = find(session, typed, node);
        }
        List<Binder.Arg> args = arguments(in, node);
        Cmdlet help = session.registry.find("Get-Help").orElse(null);
        if (help != null && args.stream().anyMatch(a -> a.isNamed() && a.name.equals("?"))) {
            // Command -? shows the command's help, whatever else the line holds.
            args = List.of(Binder.Arg.value(cmdlet.name(), node.nameExtent()));
            cmdlet = help;
        }
        Binder binder = new Binder(cmdlet);
        try {
            Binder.Result bound = binder.bind(args, first);
            return new CommandProcessor(in, cmdlet, binder, node, typed, stage, bound);
        } catch (Binder.BindingError e) {
            Ast.Extent at = e.extent == null ? node.extent() : e.extent;
            throw new TerminatingError(session.commandError(e, cmdlet, typed, at, true, null),
                    stopScript(session));
        }
    }

    private static boolean stopScript(Session session) {
        return session.preference("ErrorActionPreference") == Binder.ActionPreference.Stop;
    }

    private static Cmdlet find(Session session, String name, Ast.Command node) {
        Cmdlet c = session.registry.find(name).orElse(null);
        if (c == null && !name.contains("-")) {
            c = session.registry.find("Get-" + name).orElse(null);
        }
        if (c == null) {
            ShellError e = new ShellError("The term '" + name + "' is not recognized as the name"
                    + " of a cmdlet, function, script file, or operable program.\nCheck the"
                    + " spelling of the name, or if a path was included, verify that the path is"
                    + " correct and try again.", ErrorCategory.ObjectNotFound,
                    "CommandNotFoundException", name, "CommandNotFoundException");
            throw new TerminatingError(session.localError(e, name, node.nameExtent(), "", name),
                    stopScript(session));
        }
        return c;
    }

    /** Evaluates the arguments as written: parameters, values, splatted tables and arrays. */
    private static List<Binder.Arg> arguments(Interpreter in, Ast.Command node) {
        List<Binder.Arg> out = new ArrayList<>();
        for (Ast.Argument a : node.arguments()) {
            if (a instanceof Ast.ParameterArgument) {
                Ast.ParameterArgument p = (Ast.ParameterArgument) a;
                if (p.colon()) {
                    Object v = p.colonValue() == null ? null : in.eval(p.colonValue());
                    out.add(Binder.Arg.namedWithValue(p.name(), p.extent(),
                            p.colonValue() != null, v, p.colonValue() == null ? p.extent()
                                    : p.colonValue().extent()));
                } else {
                    out.add(Binder.Arg.named(p.name(), p.extent()));
                }
            } else if (a instanceof Ast.ValueArgument) {
                Ast.ValueArgument v = (Ast.ValueArgument) a;
                out.add(Binder.Arg.value(in.eval(v.value()), v.extent()));
            } else {
                Ast.SplatArgument s = (Ast.SplatArgument) a;
                Object v = in.session.variable(s.variable());
                if (v instanceof Map) {
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                        out.add(Binder.Arg.namedWithValue(Values.toStr(e.getKey()), s.extent(),
                                true, e.getValue(), s.extent()));
                    }
                } else if (Values.isCollection(v)) {
                    for (Object item : Values.items(v)) {
                        out.add(Binder.Arg.value(item, s.extent()));
                    }
                } else if (v != null) {
                    out.add(Binder.Arg.value(v, s.extent()));
                }
            }
        }
        return out;
    }

    void connect(Sink next) {
        this.downstream = next;
    }

    // ---------------------------------------------------------------- steps

    void begin() {
        runStep(() -> cmdlet.begin(new Call(commandLine, null)));
    }

    void processWithoutInput() {
        runStep(() -> cmdlet.process(new Call(commandLine, null)));
    }

    /** One object from the previous command. */
    void input(Object item) {
        BoundValues bound = binder.bindInput(item, commandLine, pipelineParameters);
        Call call = new Call(bound == null ? commandLine : bound, item);
        if (bound == null) {
            call.writeError(new ShellError("The input object cannot be bound to any parameters"
                    + " for the command either because the command does not take pipeline input"
                    + " or the input and its properties do not match any of the parameters that"
                    + " take pipeline input.", ErrorCategory.InvalidArgument,
                    "ParameterBindingException", Values.toStr(item), "InputObjectNotBound"),
                    true, item);
            return;
        }
        List<String> missing = new ArrayList<>();
        for (Parameter p : deferredMandatory) {
            if (!bound.has(p.name())) {
                missing.add(p.name());
            }
        }
        if (!missing.isEmpty()) {
            call.writeError(new ShellError("The input object cannot be bound because it did not"
                    + " contain the information required to bind all mandatory parameters:  "
                    + String.join(" ", missing), ErrorCategory.InvalidArgument,
                    "ParameterBindingException", Values.toStr(item),
                    "InputObjectMissingMandatory"), true, item);
            return;
        }
        runStep(() -> cmdlet.process(call));
    }

    void end() {
        runStep(() -> cmdlet.end(new Call(commandLine, null)));
        if (common.has("OutVariable")) {
            assignCollected(common.string("OutVariable"), outputCollected);
        }
    }

    /** Runs a cmdlet step; a ShellError it throws is terminating for the statement. */
    private void runStep(Runnable step) {
        try {
            step.run();
        } catch (Binder.BindingError e) {
            Ast.Extent at = e.extent == null ? node.extent() : e.extent;
            throw new TerminatingError(session.commandError(e, cmdlet, typedName, at, true, null),
                    stopScript(session));
        } catch (ShellError e) {
            ErrorRecord r = session.commandError(e, cmdlet, typedName, node.extent(), false,
                    null);
            collectError(r);
            throw new TerminatingError(r, stopScript(session));
        } catch (TerminatingError | StopUpstream e) {
            throw e;
        } catch (RuntimeException e) {
            // A fault in a cmdlet, not the user's error: the user reads one clear record, the
            // operator log keeps the stack.
            LOG.error(Kv.format("event", "cmdlet-failed", "command", cmdlet.name(),
                    "exception", e.getClass().getName(), "message", e.getMessage()), e);
            ShellError fault = new ShellError("The command " + cmdlet.name() + " failed"
                    + " inside Postern (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). Nothing more"
                    + " was done; the operator log has the details.", ErrorCategory.NotSpecified,
                    e.getClass().getSimpleName(), null, "InternalError");
            ErrorRecord r = session.commandError(fault, cmdlet, typedName, node.extent(), false,
                    null);
            throw new TerminatingError(r, stopScript(session));
        }
    }

    private void collectError(ErrorRecord r) {
        if (common.has("ErrorVariable")) {
            errorsCollected.add(r);
            assignCollected(common.string("ErrorVariable"), errorsCollected);
        }
    }

    /** {@code -ErrorVariable e} replaces $e; {@code +e} appends to it. */
    private void assignCollected(String name, List<Object> values) {
        if (name.startsWith("+")) {
            String n = name.substring(1);
            Object current = session.variable(n);
            List<Object> all = current == null ? new ArrayList<>() : Values.items(current);
            for (Object v : values) {
                if (!all.contains(v)) {
                    all.add(v);
                }
            }
            session.setVariable(n, all);
        } else {
            session.setVariable(name, new ArrayList<>(values));
        }
    }

    private Binder.ActionPreference errorAction() {
        Object v = common.get("ErrorAction");
        return v instanceof Binder.ActionPreference ? (Binder.ActionPreference) v
                : session.preference("ErrorActionPreference");
    }

    // ---------------------------------------------------------------- the invocation

    /** What the cmdlet sees for one step. */
    private final class Call implements ShellInvocation {
        private final BoundValues params;
        private final Object input;

        Call(BoundValues params, Object input) {
            this.params = params;
            this.input = input;
        }

        @Override
        public BoundParameters params() {
            return params;
        }

        @Override
        public Object input() {
            return input;
        }

        @Override
        public void emit(Object value) {
            for (Object item : Values.enumerate(value)) {
                emitWhole(item);
            }
        }

        @Override
        public void emitWhole(Object value) {
            if (common.has("OutVariable")) {
                outputCollected.add(value);
            }
            downstream.write(value);
        }

        @Override
        public void writeError(ShellError error) {
            writeError(error, false, null);
        }

        void writeError(ShellError error, boolean proxyBinding, Object target) {
            ErrorRecord r = session.commandError(error, cmdlet, typedName, node.extent(),
                    proxyBinding, target);
            report(r);
        }

        private void report(ErrorRecord r) {
            collectError(r);
            Binder.ActionPreference action = errorAction();
            switch (action) {
                case Ignore:
                    session.markFailed();
                    return;
                case SilentlyContinue:
                    session.remember(r);
                    return;
                case Stop:
                    if (common.get("ErrorAction") instanceof Binder.ActionPreference) {
                        throw new TerminatingError(r, false);
                    }
                    throw new TerminatingError(r.withMessage("The running command stopped because"
                            + " the preference variable \"ErrorActionPreference\" or common"
                            + " parameter is set to Stop: " + r.message()), true);
                default:
                    session.report(r);
                    return;
            }
        }

        @Override
        public void writeScriptError(ShellError error) {
            String line = session.source().lineText(session.source().line(node.extent().start()));
            ErrorRecord r = session.localError(error, line.trim(), node.extent(), cmdlet.name(),
                    null);
            report(r);
        }

        @Override
        public void writeWarning(String text) {
            Object v = common.get("WarningAction");
            Binder.ActionPreference action = v instanceof Binder.ActionPreference
                    ? (Binder.ActionPreference) v : session.preference("WarningPreference");
            if (common.has("WarningVariable")) {
                warningsCollected.add(text);
                assignCollected(common.string("WarningVariable"), warningsCollected);
            }
            switch (action) {
                case SilentlyContinue:
                case Ignore:
                    return;
                case Stop: {
                    ShellError e = new ShellError("The running command stopped because the"
                            + " preference variable \"WarningPreference\" or common parameter is"
                            + " set to Stop: " + text, ErrorCategory.OperationStopped,
                            "ParentContainsErrorRecordException", null, "ActionPreferenceStop");
                    throw new TerminatingError(session.localError(e, typedName, node.extent(),
                            cmdlet.name(), null), false);
                }
                default:
                    session.host("WARNING: " + text);
            }
        }

        /**
         * -WhatIf prints the action and declines. Confirmation: 'postern exec' has no console,
         * so nobody can answer a prompt. The confirmation that Exchange asks by default
         * ({@link Cmdlet#confirmsByDefault}: Remove-, Disable- ...) is taken as answered Yes, as
         * the admin who sent the command expects (the README and the article tests run
         * {@code Remove-ReceiveConnector "X"} that way); -WhatIf previews it and
         * -Confirm:$false is accepted as in EMS. An explicit -Confirm asks for a prompt that
         * cannot be shown: the action is not performed and an error says why.
         */
        @Override
        public boolean shouldProcess(String action) {
            boolean whatIf = common.has("WhatIf") ? common.bool("WhatIf")
                    : Values.isTrue(session.variable("WhatIfPreference"));
            if (whatIf) {
                session.host("What if: " + action);
                return false;
            }
            if (!common.has("Confirm")) {
                // EMS would ask here when cmdlet.confirmsByDefault(); without a console the
                // answer is Yes (see above).
                return true;
            }
            if (common.bool("Confirm")) {
                writeError(new ShellError("Confirmation was requested with -Confirm, but this"
                        + " session has no console to ask on, so the action was not performed: "
                        + action + " Run the command without -Confirm to perform it, or with"
                        + " -WhatIf to see what it would do.", ErrorCategory.InvalidOperation,
                        "HostException", null, "ConfirmationNotPossible"), true, null);
                return false;
            }
            return true;
        }

        @Override
        public String typedName() {
            return typedName;
        }

        @Override
        public void host(String text) {
            session.host(text);
        }

        @Override
        public void host(String text, boolean newline) {
            if (newline) {
                session.host(text);
            } else {
                session.hostPartial(text);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T state(java.util.function.Supplier<T> create) {
            if (state == null) {
                state = create.get();
            }
            return (T) state;
        }

        @Override
        public void outDefault(List<Object> objects) {
            for (Object o : objects) {
                session.outDefault().write(o);
            }
        }

        @Override
        public Formatter formatter() {
            return session.formatter(session.options.width());
        }

        @Override
        public int formatterWidth() {
            return session.options.width();
        }

        @Override
        public Formatter formatter(int width) {
            return session.formatter(width);
        }

        @Override
        public String render(List<Object> objects, int width) {
            return OutDefault.render(session, objects, width);
        }

        @Override
        public ShellOptions options() {
            return session.options;
        }

        @Override
        public CommandRegistry registry() {
            return session.registry;
        }

        @Override
        public void stopUpstream() {
            throw new StopUpstream(stage);
        }

        @Override
        public boolean verbose() {
            return common.bool("Verbose")
                    || "Continue".equalsIgnoreCase(Values.toStr(session.variable(
                            "VerbosePreference")));
        }
    }

    /** {@code & $block args}: runs a script block as a command. */
    private static final class ScriptBlockCommand implements Cmdlet {
        private final ScriptBlock block;

        ScriptBlockCommand(ScriptBlock block) {
            this.block = block;
        }

        @Override
        public String name() {
            return block.toString();
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.named("Arguments").remainingArguments().build());
        }

        @Override
        public void process(Invocation inv) {
            for (Object o : block.invoke(inv.input(), inv.params().list("Arguments"))) {
                inv.emit(o);
            }
        }
    }
}
