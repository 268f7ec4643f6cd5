package org.postern.shell;

import java.util.List;
import org.postern.shell.format.Formatter;

/**
 * What the shell's own generic cmdlets (Where-Object, Format-List, Write-Host ...) see beyond
 * {@link Invocation}: the host, the formatter, and control over the pipeline.
 */
public interface ShellInvocation extends Invocation {

    /** The command name as the user typed it (an alias stays an alias). */
    String typedName();

    /** Writes an object to the success output as one object, without enumerating it. */
    void emitWhole(Object value);

    /** Writes a line to the console, as Write-Host does (after pending formatted output). */
    void host(String text);

    /** Writes text to the console, ending the line or not (Write-Host -NoNewline). */
    void host(String text, boolean newline);

    /**
     * State kept for this command of this pipeline from begin to end (a cmdlet object is
     * shared, so a Sort-Object collects into this, not into a field).
     */
    <T> T state(java.util.function.Supplier<T> create);

    /** Sends objects to Out-Default now, as an explicit {@code | Out-Default} does. */
    void outDefault(List<Object> objects);

    /** The formatter for this session's width and {@code $FormatEnumerationLimit}. */
    Formatter formatter();

    /** The width the session lays out in (EMS: 119). */
    int formatterWidth();

    /** The formatter for another width (Out-String -Width). */
    Formatter formatter(int width);

    /** Renders objects as Out-Default would print them, into a string (Out-String). */
    String render(List<Object> objects, int width);

    /** How the session presents itself (server name and FQDN, width). */
    ShellOptions options();

    /** The commands of the session (Get-Command). */
    CommandRegistry registry();

    /**
     * Reports an error the way Write-Error does: the error belongs to the calling script, so
     * its prefix is the command line and its FullyQualifiedErrorId is the error id alone.
     */
    void writeScriptError(ShellError error);

    /**
     * Stops the commands before this one in the pipeline (Select-Object -First has what it
     * needs); this command and the ones after it still end normally. Does not return.
     */
    void stopUpstream();

    /** Whether the common parameter -Verbose was given. */
    boolean verbose();
}
