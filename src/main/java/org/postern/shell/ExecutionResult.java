package org.postern.shell;

/**
 * What running a script produced.
 *
 * @param stdout the formatted success output, warnings and what-if lines
 * @param stderr the formatted error records
 * @param success false when any error was reported or a statement was terminated
 * @param console both streams in the order a console shows them
 */
public record ExecutionResult(String stdout, String stderr, boolean success, String console) {

    /** A result whose console shows stdout, then stderr. */
    public ExecutionResult(String stdout, String stderr, boolean success) {
        this(stdout, stderr, success, stdout + stderr);
    }
}
