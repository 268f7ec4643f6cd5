package org.postern.shell;

/**
 * An error record: what a cmdlet or the language reports. Thrown, it is terminating for the
 * statement; passed to {@link Invocation#writeError}, it is non-terminating.
 */
public class ShellError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;
    private final String reason;
    private final String targetName;
    private final String errorId;

    /**
     * @param message the text the user reads
     * @param category the CategoryInfo category
     * @param reason the CategoryInfo reason: the exception's short type name
     * @param targetName the CategoryInfo target, or null
     * @param errorId the error id that starts the FullyQualifiedErrorId, or null for the reason
     */
    public ShellError(String message, ErrorCategory category, String reason, String targetName,
            String errorId) {
        super(message);
        this.category = category;
        this.reason = reason;
        this.targetName = targetName;
        this.errorId = errorId;
    }

    public ErrorCategory category() {
        return category;
    }

    public String reason() {
        return reason;
    }

    public String targetName() {
        return targetName;
    }

    public String errorId() {
        return errorId == null ? reason : errorId;
    }

    /** Exchange's not-found error (ManagementObjectNotFoundException). */
    public static ShellError notFound(String message) {
        return new ShellError(message, ErrorCategory.NotSpecified,
                "ManagementObjectNotFoundException", null, null);
    }

    /**
     * PowerShell's "Parameter set cannot be resolved" binding error, for parameters that belong
     * to different parameter sets. EMS raises it in the local proxy, so it prints as a local
     * binding error (prefix and position), not as a record from the server.
     */
    public static ShellError ambiguousParameterSet() {
        return new Binder.BindingError("Parameter set cannot be resolved using the specified"
                + " named parameters.", "AmbiguousParameterSet", null);
    }

    /** Exchange's several-matches error (ManagementObjectAmbiguousException). */
    public static ShellError ambiguous(String message) {
        return new ShellError(message, ErrorCategory.NotSpecified,
                "ManagementObjectAmbiguousException", null, null);
    }
}
