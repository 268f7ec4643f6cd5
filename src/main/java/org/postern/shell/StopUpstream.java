package org.postern.shell;

/** Thrown by a command that needs no more input; the runner stops the commands before it. */
final class StopUpstream extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int stage;

    StopUpstream(int stage) {
        super(null, null, false, false);
        this.stage = stage;
    }

    int stage() {
        return stage;
    }
}
