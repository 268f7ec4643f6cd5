package org.postern.shell;

import java.util.List;

/**
 * An error as the shell records it in {@code $Error} and prints it: the error itself, where it
 * happened (the command as typed and its extent in the script) and how it is shown.
 *
 * <ul>
 *   <li>{@link Kind#LOCAL}: raised in the shell (language, binding, generic cmdlets), printed
 *       with the command prefix and the {@code At line:} block (section 4.1).</li>
 *   <li>{@link Kind#REMOTE}: raised by an Exchange cmdlet, which in EMS runs on the server;
 *       printed without prefix or position, with {@code PSComputerName} (section 4.3).</li>
 *   <li>{@link Kind#PARSE}: the script did not parse; the message carries the positions.</li>
 * </ul>
 */
public final class ErrorRecord {

    /** How the record is laid out. */
    public enum Kind { LOCAL, REMOTE, PARSE }

    private final ShellError error;
    private final Kind kind;
    private final String message;
    private final String prefix;
    private final Ast.Extent extent;
    private final String activity;
    private final String fullyQualifiedId;
    private final String computerName;
    private final Object targetObject;
    private final Source source;

    ErrorRecord(ShellError error, Kind kind, String message, String prefix, Ast.Extent extent,
            String activity, String fullyQualifiedId, String computerName, Object targetObject,
            Source source) {
        this.error = error;
        this.kind = kind;
        this.message = message;
        this.prefix = prefix;
        this.extent = extent;
        this.activity = activity;
        this.fullyQualifiedId = fullyQualifiedId;
        this.computerName = computerName;
        this.targetObject = targetObject;
        this.source = source;
    }

    /** A syntax error record (several parse errors make one record). */
    static ErrorRecord parse(List<ParseError> errors, String message) {
        ShellError e = new ShellError(message, ErrorCategory.ParserError,
                "ParentContainsErrorRecordException", null, errors.get(0).id());
        return new ErrorRecord(e, Kind.PARSE, message, null, null, null, errors.get(0).id(),
                null, null, null);
    }

    public ShellError error() {
        return error;
    }

    public Kind kind() {
        return kind;
    }

    /** The message the user reads. */
    public String message() {
        return message;
    }

    /** The command name as typed, which prefixes a local error ({@code Get-Foo : ...}). */
    String prefix() {
        return prefix;
    }

    /** The failing part of the script, or null. */
    Ast.Extent extent() {
        return extent;
    }

    /** The CategoryInfo activity: the command's name, or empty. */
    String activity() {
        return activity;
    }

    public String fullyQualifiedErrorId() {
        return fullyQualifiedId;
    }

    String computerName() {
        return computerName;
    }

    public Object targetObject() {
        return targetObject;
    }

    /** The script the extent refers to. */
    Source source() {
        return source;
    }

    /** The same record with another message (the Stop escalation prefixes one). */
    ErrorRecord withMessage(String text) {
        return new ErrorRecord(error, kind, text, prefix, extent, activity, fullyQualifiedId,
                computerName, targetObject, source);
    }

    /** An error record's string form is its message, as in PowerShell. */
    @Override
    public String toString() {
        return message;
    }
}
