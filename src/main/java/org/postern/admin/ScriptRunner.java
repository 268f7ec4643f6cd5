package org.postern.admin;

/** Runs one management script (a pipeline or several statements) inside the server. */
public interface ScriptRunner {

    /** The outcome: what the script printed, its errors, and whether it succeeded. */
    record Outcome(String stdout, String stderr, boolean success) {
    }

    Outcome run(String script);
}
