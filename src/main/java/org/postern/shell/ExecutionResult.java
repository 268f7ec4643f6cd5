package org.postern.shell;

/**
 * What running a script produced.
 *
 * @param stdout the formatted success output, warnings and what-if lines
 * @param stderr the formatted error records
 * @param success false when any error was reported or a statement was terminated
 */
public record ExecutionResult(String stdout, String stderr, boolean success) {
}
