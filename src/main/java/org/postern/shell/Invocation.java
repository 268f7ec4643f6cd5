package org.postern.shell;

/** What a running cmdlet sees: its bound parameters, the input, and its output streams. */
public interface Invocation {

    /** The parameters bound for this input object (command line and pipeline). */
    BoundParameters params();

    /** The current pipeline input object, or null when the command is first in its pipeline. */
    Object input();

    /** Writes an object to the success output. */
    void emit(Object value);

    /** Reports a non-terminating error; the command goes on. */
    void writeError(ShellError error);

    /** Writes {@code WARNING: text}. */
    void writeWarning(String text);

    /**
     * Whether the cmdlet should make the change: false under -WhatIf (after printing
     * {@code What if: action}) or when a confirmation was declined.
     */
    boolean shouldProcess(String action);

    /** Exchange's warning for a Set- that changed nothing. */
    default void warnNothingModified(String identity) {
        writeWarning("The command completed successfully but no settings of '" + identity
                + "' have been modified.");
    }
}
