package org.postern.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the syntax tree: statements (each one its own unit for errors: a statement-terminating
 * error is reported and the next statement runs), assignments, if and foreach, and the
 * expressions with PowerShell's semantics. Pipelines go to the {@link PipelineRunner}.
 */
final class Interpreter {

    /** How deep script blocks may call each other before the call-depth error. */
    private static final int MAX_DEPTH = 100;
    /** The most elements a range may produce. */
    private static final int MAX_RANGE = 1_000_000;

    final Session session;

    Interpreter(Session session) {
        this.session = session;
    }

    // ---------------------------------------------------------------- statements

    /** Runs a script's statements; a script-terminating error ends the script. */
    void runScript(Ast.Block script) {
        try {
            executeBlock(script, session.outDefault());
        } catch (TerminatingError e) {
            // already reported where it ended its statement
        } catch (LoopControl e) {
            // break or continue outside a loop ends the script, without a message
        }
    }

    /** Runs statements, each isolated: a terminating error ends only its own statement. */
    void executeBlock(Ast.Block block, Sink out) {
        for (Ast.Statement st : block.statements()) {
            executeSafely(st, out);
        }
    }

    private void executeSafely(Ast.Statement st, Sink out) {
        session.statementStarts();
        try {
            execute(st, out);
        } catch (TerminatingError e) {
            if (session.tryDepth > 0) {
                // inside try: the catch clause gets it (it is still recorded in $Error)
                session.remember(e.record());
                session.markFailed();
                throw e;
            }
            session.reportTerminating(e.record());
            session.markFailed();
            session.setAutomatic("?", false);
            if (e.scriptTerminating()) {
                throw e;
            }
            return;
        }
        session.setAutomatic("?", session.statementOk());
    }

    void execute(Ast.Statement st, Sink out) {
        if (st instanceof Ast.Pipeline) {
            PipelineRunner.run(this, (Ast.Pipeline) st, out);
        } else if (st instanceof Ast.Assignment) {
            assign((Ast.Assignment) st);
        } else if (st instanceof Ast.If) {
            Ast.If s = (Ast.If) st;
            for (Ast.Clause c : s.clauses()) {
                if (Values.isTrue(valueOf(c.condition()))) {
                    executeBlock(c.body(), out);
                    return;
                }
            }
            if (s.otherwise() != null) {
                executeBlock(s.otherwise(), out);
            }
        } else if (st instanceof Ast.Foreach) {
            Ast.Foreach s = (Ast.Foreach) st;
            Object collection = valueOf(s.collection());
            List<Object> items = collection == null ? List.of() : Values.enumerate(collection);
            for (Object item : items) {
                session.setVariable(s.variable(), item);
                try {
                    executeBlock(s.body(), out);
                } catch (LoopControl c) {
                    if (c.isBreak) {
                        break;
                    }
                }
            }
        } else if (st instanceof Ast.Throw) {
            throwStatement((Ast.Throw) st);
        } else if (st instanceof Ast.Loop) {
            loop((Ast.Loop) st, out);
        } else if (st instanceof Ast.LoopControl) {
            throw new LoopControl(((Ast.LoopControl) st).isBreak());
        } else if (st instanceof Ast.Try) {
            tryStatement((Ast.Try) st, out);
        } else {
            throw new IllegalStateException("unknown statement " + st);
        }
    }

    /** {@code break} and {@code continue}: unwind to the innermost loop. */
    static final class LoopControl extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean isBreak;

        LoopControl(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    /** The most rounds a while, do or for loop makes before it stops with an error. */
    static final int MAX_LOOP_ROUNDS = 1_000_000;

    /** while, do-while, do-until and for; break leaves the loop, continue goes on with it. */
    private void loop(Ast.Loop s, Sink out) {
        if (s.init() != null) {
            executeSafely(s.init(), Sink.NULL);
        }
        boolean first = true;
        for (int round = 0;; round++) {
            if (round == MAX_LOOP_ROUNDS) {
                // Not PowerShell's behaviour: the script runs in the server, and a loop that
                // never ends would hold a thread and a session for good.
                ShellError e = new ShellError("The loop ran " + MAX_LOOP_ROUNDS + " times;"
                        + " Postern's management shell stops a loop there so that a script"
                        + " can't hold the server.", ErrorCategory.LimitsExceeded,
                        "RuntimeException", null, "LoopLimitExceeded");
                throw new TerminatingError(session.languageError(e, s.extent()), true);
            }
            if ((s.conditionFirst() || !first) && s.condition() != null) {
                boolean holds = Values.isTrue(valueOf(s.condition()));
                if (holds == s.until()) {
                    return;
                }
            }
            first = false;
            try {
                executeBlock(s.body(), out);
            } catch (LoopControl c) {
                if (c.isBreak) {
                    return;
                }
            }
            if (s.step() != null) {
                executeSafely(s.step(), Sink.NULL);
            }
        }
    }

    /**
     * try/catch/finally: a terminating error in the try block (a throw, a binding error, an
     * error under -ErrorAction Stop) goes to the first catch whose types match, with the error
     * record in $_, instead of the console; finally runs in every case. Non-terminating errors
     * print as usual and are not caught.
     */
    private void tryStatement(Ast.Try s, Sink out) {
        TerminatingError caught = null;
        session.tryDepth++;
        try {
            executeBlock(s.body(), out);
        } catch (TerminatingError e) {
            caught = e;
        } finally {
            session.tryDepth--;
        }
        try {
            if (caught != null) {
                Ast.Catch handler = handler(s.catches(), caught.record());
                if (handler == null) {
                    throw caught;
                }
                Object saved = session.variable("_");
                session.setAutomatic("_", caught.record());
                try {
                    executeBlock(handler.body(), out);
                } finally {
                    session.setAutomatic("_", saved);
                }
            }
        } finally {
            if (s.finallyBlock() != null) {
                executeBlock(s.finallyBlock(), out);
            }
        }
    }

    /** The catch clause for an error: the first without types, or with a type it is. */
    private static Ast.Catch handler(List<Ast.Catch> catches, ErrorRecord r) {
        String reason = r.error() == null ? "RuntimeException" : r.error().reason();
        for (Ast.Catch c : catches) {
            if (c.types().isEmpty()) {
                return c;
            }
            for (String t : c.types()) {
                String simple = t.substring(t.lastIndexOf('.') + 1);
                if (simple.equalsIgnoreCase(reason) || simple.equalsIgnoreCase("Exception")
                        || simple.equalsIgnoreCase("SystemException")) {
                    return c;
                }
            }
        }
        return null;
    }

    private void throwStatement(Ast.Throw st) {
        Object value = st.value() == null ? null : valueOf(st.value());
        if (value instanceof ErrorRecord) {
            throw new TerminatingError((ErrorRecord) value, true);
        }
        String message = value == null ? "ScriptHalted" : Values.toStr(value);
        ShellError e = new ShellError(message, ErrorCategory.OperationStopped, "RuntimeException",
                message, message);
        throw new TerminatingError(session.languageError(e, st.extent()), true);
    }

    /** The value of a statement used as a value: an expression's value, or the output. */
    Object valueOf(Ast.Statement st) {
        if (st instanceof Ast.Pipeline) {
            Ast.Pipeline p = (Ast.Pipeline) st;
            if (p.elements().size() == 1 && p.elements().get(0) instanceof Ast.ExpressionElement) {
                return eval(((Ast.ExpressionElement) p.elements().get(0)).expression());
            }
        }
        if (st instanceof Ast.Assignment) {
            return assign((Ast.Assignment) st);
        }
        return Values.unwrap(collect(st));
    }

    /** Everything a statement writes to its output. */
    List<Object> collect(Ast.Statement st) {
        List<Object> out = new ArrayList<>();
        execute(st, out::add);
        return out;
    }

    List<Object> collectBlock(Ast.Block b) {
        List<Object> out = new ArrayList<>();
        executeBlock(b, out::add);
        return out;
    }

    /** Runs a script block body with {@code $_} and {@code $args}; returns its output. */
    List<Object> invokeBlock(Ast.Block body, Object dollarUnder, List<Object> args) {
        if (session.depth >= MAX_DEPTH) {
            ShellError e = new ShellError("The script failed due to call depth overflow.",
                    ErrorCategory.InvalidOperation, "ScriptCallDepthException", null,
                    "CallDepthOverflow");
            throw new TerminatingError(session.languageError(e, body.extent()), true);
        }
        Object savedUnder = session.variable("_");
        Object savedArgs = session.variable("args");
        session.depth++;
        try {
            session.setAutomatic("_", dollarUnder);
            session.setAutomatic("args", new ArrayList<>(args));
            return collectBlock(body);
        } finally {
            session.depth--;
            session.setAutomatic("_", savedUnder);
            session.setAutomatic("args", savedArgs);
        }
    }

    // ---------------------------------------------------------------- assignment

    private Object assign(Ast.Assignment a) {
        Object given = valueOf(a.value());
        Object value = given;
        if (!a.operator().equals("=")) {
            Object current = eval(a.target());
            value = wrap(a.target(), () -> combine(a.operator(), current, given));
        }
        Object assigned = value;
        wrap(a.target(), () -> {
            store(a.target(), assigned);
            return null;
        });
        return assigned;
    }

    private static Object combine(String op, Object current, Object value) {
        switch (op) {
            case "+=":
                return Operators.add(current, value);
            case "-=":
                return Operators.subtract(current, value);
            case "*=":
                return Operators.multiply(current, value);
            case "/=":
                return Operators.divide(current, value);
            default:
                return Operators.modulo(current, value);
        }
    }

    private void store(Ast.Expr target, Object value) {
        if (target instanceof Ast.Cast) {
            Ast.Cast c = (Ast.Cast) target;
            store(c.operand(), Types.convert(Types.resolve(c.typeName()), value));
        } else if (target instanceof Ast.Variable) {
            session.setVariable(((Ast.Variable) target).name(), value);
        } else if (target instanceof Ast.Member) {
            Ast.Member m = (Ast.Member) target;
            Members.set(eval(m.target()), memberName(m.member()), value);
        } else {
            Ast.Index ix = (Ast.Index) target;
            Object container = eval(ix.target());
            Object index = eval(ix.index());
            if (container instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) container;
                map.put(index, value);
            } else if (Values.isCollection(container)) {
                List<Object> items = Values.items(container);
                int i = Types.toInt(index);
                if (i < 0) {
                    i += items.size();
                }
                if (i < 0 || i >= items.size()) {
                    throw new ShellError("Index was outside the bounds of the array.",
                            ErrorCategory.InvalidOperation, "RuntimeException", null,
                            "IndexOutOfRange");
                }
                if (container instanceof Object[]) {
                    ((Object[]) container)[i] = value;
                    return;
                }
                try {
                    @SuppressWarnings("unchecked")
                    List<Object> list = (List<Object>) container;
                    list.set(i, value);
                } catch (UnsupportedOperationException | ClassCastException e) {
                    if (!(ix.target() instanceof Ast.Variable)) {
                        throw new ShellError("Collection was of a fixed size.",
                                ErrorCategory.InvalidOperation, "RuntimeException", null,
                                "NotSupported");
                    }
                    // An array read from an object: the variable gets a changed copy.
                    items.set(i, value);
                    store(ix.target(), items);
                }
            } else {
                throw new ShellError("Unable to index into an object of type "
                        + Values.typeName(container) + ".", ErrorCategory.InvalidOperation,
                        "RuntimeException", null, "CannotIndex");
            }
        }
    }

    // ---------------------------------------------------------------- expressions

    /** Wraps a language error raised while doing something for a node into its record. */
    private <T> T wrap(Ast.Node node, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ShellError e) {
            throw new TerminatingError(session.languageError(e, node.extent()),
                    session.preference("ErrorActionPreference") == Binder.ActionPreference.Stop);
        } catch (TerminatingError | StopUpstream e) {
            throw e;
        } catch (RuntimeException e) {
            // A slip of the engine on an odd value: reported like a runtime error, with the
            // Java type so it can be fixed.
            ShellError fault = new ShellError("The expression could not be evaluated ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()) + ").", ErrorCategory.NotSpecified,
                    "RuntimeException", null, "InternalError");
            throw new TerminatingError(session.languageError(fault, node.extent()), false);
        }
    }

    Object eval(Ast.Expr e) {
        return wrap(e, () -> evaluate(e));
    }

    private String memberName(Ast.Expr member) {
        if (member instanceof Ast.Constant) {
            return Values.toStr(((Ast.Constant) member).value());
        }
        return Values.toStr(eval(member));
    }

    private Object evaluate(Ast.Expr e) {
        if (e instanceof Ast.Constant) {
            return ((Ast.Constant) e).value();
        }
        if (e instanceof Ast.Variable) {
            return session.variable(((Ast.Variable) e).name());
        }
        if (e instanceof Ast.Expandable) {
            return expand((Ast.Expandable) e);
        }
        if (e instanceof Ast.Binary) {
            return binary((Ast.Binary) e);
        }
        if (e instanceof Ast.Unary) {
            return unary((Ast.Unary) e);
        }
        if (e instanceof Ast.Member) {
            Ast.Member m = (Ast.Member) e;
            if (m.isStatic()) {
                return Statics.get(typeName(m.target()), memberName(m.member()));
            }
            return Members.get(eval(m.target()), memberName(m.member()));
        }
        if (e instanceof Ast.MethodCall) {
            Ast.MethodCall m = (Ast.MethodCall) e;
            List<Object> args = new ArrayList<>();
            if (m.isStatic()) {
                for (Ast.Expr a : m.arguments()) {
                    args.add(eval(a));
                }
                return Statics.call(typeName(m.target()), memberName(m.member()), args);
            }
            Object target = eval(m.target());
            String name = memberName(m.member());
            for (Ast.Expr a : m.arguments()) {
                args.add(eval(a));
            }
            return Members.call(target, name, args);
        }
        if (e instanceof Ast.Index) {
            Ast.Index ix = (Ast.Index) e;
            return index(eval(ix.target()), eval(ix.index()));
        }
        if (e instanceof Ast.ArrayLiteral) {
            List<Object> out = new ArrayList<>();
            for (Ast.Expr x : ((Ast.ArrayLiteral) e).elements()) {
                out.add(eval(x));
            }
            return out;
        }
        if (e instanceof Ast.ArraySubexpression) {
            return new ArrayList<>(collectBlock(((Ast.ArraySubexpression) e).body()));
        }
        if (e instanceof Ast.Subexpression) {
            return Values.unwrap(collectBlock(((Ast.Subexpression) e).body()));
        }
        if (e instanceof Ast.Paren) {
            return valueOf(((Ast.Paren) e).pipeline());
        }
        if (e instanceof Ast.HashLiteral) {
            return hash((Ast.HashLiteral) e);
        }
        if (e instanceof Ast.ScriptBlockLiteral) {
            Ast.ScriptBlockLiteral s = (Ast.ScriptBlockLiteral) e;
            return new ScriptBlock(s.body(), s.text(), this);
        }
        if (e instanceof Ast.TypeLiteral) {
            return Types.resolve(((Ast.TypeLiteral) e).typeName());
        }
        if (e instanceof Ast.Cast) {
            Ast.Cast c = (Ast.Cast) e;
            return Types.convert(Types.resolve(c.typeName()), eval(c.operand()));
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private static String typeName(Ast.Expr target) {
        if (target instanceof Ast.TypeLiteral) {
            return ((Ast.TypeLiteral) target).typeName();
        }
        throw new ShellError("Static members need a type: [TypeName]::Member.",
                ErrorCategory.InvalidOperation, "RuntimeException", null, "StaticNeedsType");
    }

    private String ofs() {
        Object ofs = session.variable("OFS");
        return ofs == null ? " " : Values.toStr(ofs);
    }

    private Object expand(Ast.Expandable e) {
        StringBuilder sb = new StringBuilder();
        String ofs = ofs();
        for (Object part : e.parts()) {
            if (part instanceof String) {
                sb.append((String) part);
            } else {
                sb.append(Values.toStr(eval((Ast.Expr) part), ofs));
            }
        }
        return sb.toString();
    }

    private Object hash(Ast.HashLiteral h) {
        Hashtable t = new Hashtable(h.ordered());
        for (Ast.HashEntry entry : h.entries()) {
            Object key = eval(entry.key());
            if (t.containsKey(key)) {
                throw new ShellError("Duplicate keys '" + Values.toStr(key) + "' are not allowed"
                        + " in hash literals.", ErrorCategory.InvalidOperation,
                        "RuntimeException", null, "DuplicateKeyInHashLiteral");
            }
            t.put(key, valueOf(entry.value()));
        }
        return t;
    }

    /** {@code ++$x}, {@code $x++} (and --): stores the new value; the value is old or new. */
    private Object increment(Ast.Unary u) {
        Object old = eval(u.operand());
        Object updated = u.operator().endsWith("++") ? Operators.add(old == null ? 0 : old, 1)
                : Operators.subtract(old, 1);
        store(u.operand(), updated);
        return u.operator().startsWith("pre") ? updated : old;
    }

    /** Whether an expression statement prints nothing (an increment, as in PowerShell). */
    static boolean isSilent(Ast.Expr e) {
        return e instanceof Ast.Unary && (((Ast.Unary) e).operator().startsWith("pre")
                || ((Ast.Unary) e).operator().startsWith("post"));
    }

    private Object unary(Ast.Unary u) {
        if (isSilent(u)) {
            return increment(u);
        }
        Object v = eval(u.operand());
        switch (u.operator()) {
            case "!":
            case "not":
                return !Values.isTrue(v);
            case "-":
                return Operators.negate(Values.toNumber(v));
            case "+":
                return Values.toNumber(v);
            case ",": {
                List<Object> one = new ArrayList<>();
                one.add(v);
                return one;
            }
            case "split":
                return Operators.splitWhitespace(v);
            case "join":
                return Values.toStr(v, "");
            default:
                throw new IllegalStateException("unknown unary operator " + u.operator());
        }
    }

    private Object binary(Ast.Binary b) {
        String op = b.operator();
        switch (op) {
            case "and":
                return Values.isTrue(eval(b.left())) && Values.isTrue(eval(b.right()));
            case "or":
                return Values.isTrue(eval(b.left())) || Values.isTrue(eval(b.right()));
            case "xor":
                return Values.isTrue(eval(b.left())) ^ Values.isTrue(eval(b.right()));
            default:
                break;
        }
        Object l = eval(b.left());
        Object r = eval(b.right());
        switch (op) {
            case "+":
                return Operators.add(l, r);
            case "-":
                return Operators.subtract(l, r);
            case "*":
                return Operators.multiply(l, r);
            case "/":
                return Operators.divide(l, r);
            case "%":
                return Operators.modulo(l, r);
            case "..":
                return range(Types.toInt(l), Types.toInt(r));
            case "f":
                return CompositeFormat.format(Values.toStr(l), Values.items(r));
            case "is":
            case "isnot":
                return Types.isInstance(type(r), l) == op.equals("is");
            case "as":
                try {
                    return Types.convert(type(r), l);
                } catch (ShellError e) {
                    return null;
                }
            default:
                return Operators.comparison(op, l, r, m -> session.setAutomatic("Matches", m));
        }
    }

    private static Types.PsType type(Object r) {
        if (r instanceof Types.PsType) {
            return (Types.PsType) r;
        }
        return Types.resolve(Values.toStr(r));
    }

    private static List<Object> range(int from, int to) {
        long size = Math.abs((long) to - from) + 1;
        if (size > MAX_RANGE) {
            throw new ShellError("The range " + from + ".." + to + " has " + size + " elements;"
                    + " Postern's management shell allows at most " + MAX_RANGE + ".",
                    ErrorCategory.InvalidOperation, "RuntimeException", null, "RangeTooBig");
        }
        List<Object> out = new ArrayList<>();
        int step = to >= from ? 1 : -1;
        for (long i = from; step > 0 ? i <= to : i >= to; i += step) {
            out.add((int) i);
        }
        return out;
    }

    private static Object index(Object target, Object index) {
        if (target == null) {
            throw new ShellError("Cannot index into a null array.", ErrorCategory.InvalidOperation,
                    "RuntimeException", null, "NullArray");
        }
        if (target instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) target;
            if (Values.isCollection(index)) {
                List<Object> out = new ArrayList<>();
                for (Object k : Values.items(index)) {
                    out.add(m.get(k));
                }
                return out;
            }
            return m.get(index);
        }
        if (Values.isCollection(index)) {
            List<Object> out = new ArrayList<>();
            for (Object i : Values.items(index)) {
                Object v = index(target, i);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        int i = Types.toInt(index);
        if (Values.isCollection(target)) {
            List<Object> items = Values.items(target);
            if (i < 0) {
                i += items.size();
            }
            return i >= 0 && i < items.size() ? items.get(i) : null;
        }
        if (target instanceof String) {
            String s = (String) target;
            if (i < 0) {
                i += s.length();
            }
            return i >= 0 && i < s.length() ? String.valueOf(s.charAt(i)) : null;
        }
        return i == 0 || i == -1 ? target : null;
    }
}
