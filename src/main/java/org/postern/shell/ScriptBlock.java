package org.postern.shell;

import java.util.List;

/**
 * A script block value ({@code { ... }}): statements that Where-Object, ForEach-Object and
 * calculated properties run once per object, with the object in {@code $_}. Blocks run in the
 * session's scope, so variables they assign stay visible, as with ForEach-Object in
 * PowerShell. Its string form is its source text.
 */
public final class ScriptBlock {

    private final Ast.Block body;
    private final String text;
    private final Interpreter owner;

    ScriptBlock(Ast.Block body, String text, Interpreter owner) {
        this.body = body;
        this.text = text;
        this.owner = owner;
    }

    /** Runs the block with {@code $_} set to {@code input}; returns everything it output. */
    public List<Object> invoke(Object input) {
        return owner.invokeBlock(body, input, List.of());
    }

    /** Runs the block with {@code $_} and {@code $args}; returns everything it output. */
    public List<Object> invoke(Object input, List<Object> args) {
        return owner.invokeBlock(body, input, args);
    }

    /**
     * Runs the block and returns its output as one value: null for none, the object for one, a
     * list for more (what Where-Object tests for truth).
     */
    public Object invokeReturnAsIs(Object input) {
        return Values.unwrap(invoke(input));
    }

    @Override
    public String toString() {
        return text;
    }
}
