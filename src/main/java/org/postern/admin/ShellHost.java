package org.postern.admin;

import java.util.List;

/**
 * What the management endpoint runs scripts on: shell sessions of the running server, and the
 * completion data an interactive shell asks for.
 */
public interface ShellHost {

    /** A new shell session: the scripts it runs share variables, one after another. */
    ScriptRunner open();

    /** The NetBIOS name of the server, for the interactive prompt. */
    String serverName();

    /** The completions for what is being typed, best first; empty when there are none. */
    List<String> complete(CompletionQuery query);
}
