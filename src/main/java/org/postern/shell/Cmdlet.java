package org.postern.shell;

import java.util.List;

/** A command the shell can run: its name, its declared parameters, and what it does per input. */
public interface Cmdlet {

    /** The Verb-Noun name. */
    String name();

    /** The parameters, in declaration order (the order ambiguity errors list them in). */
    List<Parameter> parameters();

    /** Called once before the first input object. */
    default void begin(Invocation inv) {
    }

    /**
     * Called once per pipeline input object (with the pipeline-bound parameters bound), or once
     * with no input when the command is first in its pipeline.
     */
    void process(Invocation inv);

    /** Called once after the last input object. */
    default void end(Invocation inv) {
    }
}
