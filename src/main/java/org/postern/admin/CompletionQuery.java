package org.postern.admin;

import java.util.List;

/**
 * What an interactive shell wants completed. The shell finds the word at the cursor and the
 * words before it in the same pipeline element; the server, which knows the commands and their
 * parameters, decides what the word is for and answers from its configuration.
 *
 * @param kind what the word is
 * @param command the command of the pipeline element (for PARAMETER and ARGUMENT)
 * @param arguments for ARGUMENT: the finished words between the command and the word, as typed
 * @param prefix what has been typed of the word so far (without a leading dash or quote)
 */
public record CompletionQuery(Kind kind, String command, List<String> arguments,
        String prefix) {

    /** The kinds of word a shell completes. */
    public enum Kind {
        /** A command name (the first word of a pipeline element). */
        COMMAND,
        /** A parameter name after a dash. */
        PARAMETER,
        /** The value of a parameter, named or positional. */
        ARGUMENT
    }

    public CompletionQuery {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
        prefix = prefix == null ? "" : prefix;
    }
}
