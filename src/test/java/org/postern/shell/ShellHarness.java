package org.postern.shell;

import static org.assertj.core.api.Assertions.assertThat;

/** A shell with the generic cmdlets and the test cmdlets, on server EX01. */
final class ShellHarness {

    final TestCmdlets.Recorder recorder = new TestCmdlets.Recorder();
    final TestCmdlets.SetThing setThing = new TestCmdlets.SetThing();
    final TestCmdlets.RemoveThing removeThing = new TestCmdlets.RemoveThing();
    final Shell shell;

    ShellHarness() {
        CommandRegistry r = CommandRegistry.withBuiltins();
        r.register(recorder).register(setThing).register(new TestCmdlets.GetThing())
                .register(new TestCmdlets.GetWidget()).register(removeThing)
                .register(new TestCmdlets.BreakThing());
        shell = new Shell(r, ShellOptions.forServer("EX01", "ex01.contoso.com"));
    }

    ExecutionResult run(String script) {
        return shell.run(script);
    }

    /** Runs a script that must succeed and write no error; returns its stdout. */
    String ok(String script) {
        ExecutionResult r = shell.run(script);
        assertThat(r.stderr()).as(script).isEmpty();
        assertThat(r.success()).as(script).isTrue();
        return r.stdout();
    }

    /** Runs a script that must fail; returns its stderr. */
    String fails(String script) {
        ExecutionResult r = shell.run(script);
        assertThat(r.success()).as(script + "\n" + r.stdout()).isFalse();
        return r.stderr();
    }

    /** The value of an expression, as a command argument receives it. */
    Object value(String expression) {
        ok("Record-Value (" + expression + ")");
        return recorder.value();
    }

    /** The arguments as Record-Value receives them in argument mode (first, then the rest). */
    Object argument(String arguments) {
        ok("Record-Value " + arguments);
        return recorder.value();
    }
}
