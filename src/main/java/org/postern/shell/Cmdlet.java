package org.postern.shell;

import java.util.ArrayList;
import java.util.List;

/** A command the shell can run: its name, its declared parameters, and what it does per input. */
public interface Cmdlet {

    /** The Verb-Noun name. */
    String name();

    /** The parameters, in declaration order (the order ambiguity errors list them in). */
    List<Parameter> parameters();

    /** Called once before the first input object. */
    default void begin(Invocation inv) {
    }

    /**
     * Called once per pipeline input object (with the pipeline-bound parameters bound), or once
     * with no input when the command is first in its pipeline.
     */
    void process(Invocation inv);

    /** Called once after the last input object. */
    default void end(Invocation inv) {
    }

    /**
     * Whether the command runs on the Exchange server, as the Exchange cmdlets do in EMS
     * (implicit remoting): its errors print as remote error records, without the
     * {@code At line:} block and with {@code PSComputerName} (section 4.3), and errors of the
     * local proxy (parameter binding) name the command itself in their FullyQualifiedErrorId.
     */
    default boolean remote() {
        return false;
    }

    /** The full name of the .NET class behind the command, as FullyQualifiedErrorIds end. */
    default String implementingType() {
        return "Microsoft.PowerShell.Commands." + name().replace("-", "") + "Command";
    }

    /**
     * The parameter sets of the command, in order (the first is the default): the sets its
     * parameters name. Empty when no parameter names one (the command has one set).
     */
    default List<String> parameterSets() {
        List<String> out = new ArrayList<>();
        for (Parameter p : parameters()) {
            for (String s : p.sets()) {
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The set the binder takes when the arguments fit several (null: the first set). */
    default String defaultParameterSet() {
        List<String> sets = parameterSets();
        return sets.isEmpty() ? null : sets.get(0);
    }

    /** The module Get-Command shows the command in ("" when none). */
    default String moduleName() {
        return "";
    }

    /** The module's version Get-Command shows ("" when none). */
    default String moduleVersion() {
        return "";
    }

    /** Whether the command takes -WhatIf and -Confirm (SupportsShouldProcess). */
    default boolean supportsShouldProcess() {
        return false;
    }

    /**
     * Whether the command asks for confirmation unless {@code -Confirm:$false} is given, as
     * Exchange's Remove-, Disable-, Clear- (and a few other) cmdlets do.
     */
    default boolean confirmsByDefault() {
        return false;
    }
}
