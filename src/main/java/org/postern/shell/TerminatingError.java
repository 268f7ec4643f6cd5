package org.postern.shell;

/**
 * A terminating error on its way up: it ends the current statement, or with
 * {@code scriptTerminating} (throw, $ErrorActionPreference = 'Stop') the whole script.
 */
final class TerminatingError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorRecord record;
    private final boolean scriptTerminating;

    TerminatingError(ErrorRecord record, boolean scriptTerminating) {
        super(record.message(), null, false, false);
        this.record = record;
        this.scriptTerminating = scriptTerminating;
    }

    ErrorRecord record() {
        return record;
    }

    boolean scriptTerminating() {
        return scriptTerminating;
    }
}
