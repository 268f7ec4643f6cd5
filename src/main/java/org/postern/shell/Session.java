package org.postern.shell;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import org.postern.shell.format.Formatter;

/**
 * The state of one shell session: variables (case-insensitive, one scope), the command
 * registry, the output being collected for the current script (success output through
 * Out-Default, warnings and host lines on stdout, error records on stderr), and the factory of
 * error records.
 */
final class Session {

    private static final DateTimeFormatter EN_US =
            DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    final CommandRegistry registry;
    final ShellOptions options;
    private final Map<String, Object> variables = new HashMap<>();
    private final List<Object> errorList = new ArrayList<>();
    private final ErrorView errorView;

    private StringBuilder stdout = new StringBuilder();
    private StringBuilder stderr = new StringBuilder();
    /** Both streams in the order they were written, as a console shows them. */
    private StringBuilder console = new StringBuilder();
    private OutDefault outDefault;
    private Source source;
    /** False once the current statement wrote an error or was terminated ($?). */
    private boolean statementOk = true;
    /** False once any error was shown or any statement terminated in the current script. */
    private boolean scriptOk = true;
    int depth;
    /** How many try blocks are running: terminating errors go to their catch clauses. */
    int tryDepth;

    Session(CommandRegistry registry, ShellOptions options) {
        this.registry = registry;
        this.options = options;
        this.errorView = new ErrorView(options.width());
        variables.put("error", errorList);
        variables.put("erroractionpreference", "Continue");
        variables.put("warningpreference", "Continue");
        variables.put("verbosepreference", "SilentlyContinue");
        variables.put("debugpreference", "SilentlyContinue");
        variables.put("confirmpreference", "High");
        variables.put("whatifpreference", false);
        variables.put("formatenumerationlimit", options.enumerationLimit());
        variables.put("?", true);
    }

    /** Starts a script: fresh output buffers, its source for positions. */
    void begin(Source script) {
        this.source = script;
        this.stdout = new StringBuilder();
        this.stderr = new StringBuilder();
        this.console = new StringBuilder();
        this.outDefault = new OutDefault(this);
        this.scriptOk = true;
        this.statementOk = true;
    }

    ExecutionResult finish() {
        outDefault.flush();
        return new ExecutionResult(stdout.toString(), stderr.toString(), scriptOk,
                console.toString());
    }

    Source source() {
        return source;
    }

    OutDefault outDefault() {
        return outDefault;
    }

    // ---------------------------------------------------------------- variables

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String scope : new String[] {"global:", "script:", "local:", "private:",
                "variable:"}) {
            if (n.startsWith(scope)) {
                return n.substring(scope.length());
            }
        }
        return n.equals("psitem") ? "_" : n;
    }

    Object variable(String name) {
        String k = key(name);
        switch (k) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                break;
        }
        if (k.startsWith("env:")) {
            return environment(k.substring(4));
        }
        return variables.get(k);
    }

    /** The few environment variables a session shows: the server's name, nothing private. */
    private Object environment(String name) {
        switch (name) {
            case "computername":
                return options.serverName();
            default:
                return null;
        }
    }

    void setVariable(String name, Object value) {
        String k = key(name);
        if (k.equals("null")) {
            return;
        }
        if (k.equals("true") || k.equals("false") || k.equals("?") || k.equals("error")) {
            throw new ShellError("Cannot overwrite variable " + name + " because it is read-only"
                    + " or constant.", ErrorCategory.WriteError,
                    "SessionStateUnauthorizedAccessException", name, "VariableNotWritable");
        }
        if (k.startsWith("env:")) {
            throw new ShellError("Postern's management shell does not change environment"
                    + " variables ($" + name + ").", ErrorCategory.InvalidOperation,
                    "RuntimeException", name, "EnvironmentNotWritable");
        }
        variables.put(k, value);
    }

    /** Sets an automatic variable the user cannot assign ($?, $_). */
    void setAutomatic(String name, Object value) {
        variables.put(key(name), value);
    }

    Binder.ActionPreference preference(String variable) {
        return Binder.preference(variables.get(key(variable)));
    }

    // ---------------------------------------------------------------- output

    void statementStarts() {
        statementOk = true;
    }

    boolean statementOk() {
        return statementOk;
    }

    void markFailed() {
        statementOk = false;
    }

    /** A line on stdout (warnings, what-if, Write-Host), after pending formatted output. */
    void host(String text) {
        outDefault.flush();
        out(text + "\n");
    }

    /** Text on stdout without ending the line (Write-Host -NoNewline). */
    void hostPartial(String text) {
        outDefault.flush();
        out(text);
    }

    void appendStdout(String text) {
        out(text);
    }

    private void out(String text) {
        stdout.append(text);
        console.append(text);
    }

    /** Records an error in $Error (newest first). */
    void remember(ErrorRecord r) {
        errorList.add(0, r);
        statementOk = false;
    }

    /** Records and prints an error. */
    void report(ErrorRecord r) {
        remember(r);
        // The console shows what the pipeline printed before the error first: the error
        // record ends the table or list in progress, as one merged into Out-Default does.
        if (outDefault != null) {
            outDefault.flush();
        }
        String text = errorView.render(r);
        stderr.append(text);
        console.append(text);
        scriptOk = false;
    }

    /** A terminating error reached its statement: recorded, and printed unless silenced. */
    void reportTerminating(ErrorRecord r) {
        Binder.ActionPreference p = preference("ErrorActionPreference");
        if (p == Binder.ActionPreference.SilentlyContinue
                || p == Binder.ActionPreference.Ignore) {
            remember(r);
            scriptOk = false;
            return;
        }
        report(r);
    }

    String render(ErrorRecord r) {
        return errorView.render(r);
    }

    Formatter formatter(int width) {
        int limit = options.enumerationLimit();
        Object v = variable("FormatEnumerationLimit");
        if (v != null) {
            try {
                limit = Types.toInt(v);
            } catch (ShellError e) {
                // keep the session's limit
            }
        }
        return new Formatter(width, limit);
    }

    // ---------------------------------------------------------------- error records

    /** An error of the language itself (no command): no prefix, marks under the expression. */
    ErrorRecord languageError(ShellError e, Ast.Extent at) {
        return new ErrorRecord(e, ErrorRecord.Kind.LOCAL, e.getMessage(), null, at, "",
                e.errorId(), null, null, source);
    }

    /** An error not tied to a cmdlet class: the FullyQualifiedErrorId is the id alone. */
    ErrorRecord localError(ShellError e, String prefix, Ast.Extent at, String activity,
            Object target) {
        return new ErrorRecord(e, ErrorRecord.Kind.LOCAL, e.getMessage(), prefix, at, activity,
                e.errorId(), null, target, source);
    }

    /**
     * An error a command reported. Local commands name their class in the
     * FullyQualifiedErrorId. Exchange commands: binding errors of the local proxy are local and
     * name the command; errors from the server are remote records, with Exchange's diagnostic
     * prefix unless they are the server's own parameter binding errors.
     */
    ErrorRecord commandError(ShellError e, Cmdlet cmdlet, String typedName, Ast.Extent at,
            boolean proxyBinding, Object target) {
        if (!cmdlet.remote()) {
            return new ErrorRecord(e, ErrorRecord.Kind.LOCAL, e.getMessage(), typedName, at,
                    cmdlet.name(), e.errorId() + "," + cmdlet.implementingType(), null, target,
                    source);
        }
        if (proxyBinding) {
            return new ErrorRecord(e, ErrorRecord.Kind.LOCAL, e.getMessage(), typedName, at,
                    cmdlet.name(), e.errorId() + "," + cmdlet.name(), null, target, source);
        }
        String fqid;
        if (e.reason().startsWith("ParameterBinding")) {
            fqid = e.errorId() + "," + cmdlet.name();
        } else {
            fqid = "[Server=" + options.serverName() + ",RequestId="
                    + options.requestIds().get()
                    + ",TimeStamp=" + EN_US.format(ZonedDateTime.now(options.clock()))
                    + "] [FailureCategory=Cmdlet-"
                    + e.reason() + "] " + failureSite(cmdlet, e) + "," + cmdlet.implementingType();
        }
        return new ErrorRecord(e, ErrorRecord.Kind.REMOTE, e.getMessage(), null, null,
                cmdlet.name(), fqid, options.serverFqdn(), target, source);
    }

    /** Exchange's 8-hex-digit token names the failure site; derived from command and error. */
    private static String failureSite(Cmdlet cmdlet, ShellError e) {
        CRC32 crc = new CRC32();
        crc.update((cmdlet.implementingType() + "|" + e.reason() + "|" + e.errorId())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.format("%08X", crc.getValue());
    }
}
