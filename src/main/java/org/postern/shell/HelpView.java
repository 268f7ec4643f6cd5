package org.postern.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.postern.shell.format.TextWrap;

/**
 * Prints a command's help in the layouts of Windows PowerShell 5.1's help views (the custom
 * controls of its Help format data): the default view (NAME, SYNOPSIS, SYNTAX, DESCRIPTION,
 * RELATED LINKS, REMARKS), {@code -Detailed}, {@code -Full}, {@code -Examples} and one block per
 * parameter for {@code -Parameter}. Text is indented in frames of four columns and word-wrapped
 * to the console width as the console writer wraps it; an empty line inside a frame keeps the
 * frame's indentation (UNCONFIRMED: from the console writer's code, not from a transcript).
 * The SYNTAX lines come from the binder's parameter sets, never from the help text.
 */
final class HelpView {

    private static final String COMMON_TEXT = "This cmdlet supports the common parameters:"
            + " Verbose, Debug,\nErrorAction, ErrorVariable, WarningAction, WarningVariable,\n"
            + "OutBuffer, PipelineVariable, and OutVariable. For more information, see \n"
            + "about_CommonParameters (https:/go.microsoft.com/fwlink/?LinkID=113216). ";

    private final Cmdlet cmdlet;
    private final CommandHelp help;
    private final int width;
    private final StringBuilder out = new StringBuilder();

    HelpView(Cmdlet cmdlet, CommandHelp help, int width) {
        this.cmdlet = cmdlet;
        this.help = help;
        this.width = width;
    }

    /** The views Get-Help prints. */
    enum Kind { DEFAULT, DETAILED, FULL, EXAMPLES }

    String render(Kind kind) {
        out.append('\n');
        details();
        if (kind != Kind.EXAMPLES) {
            syntax();
            description();
        }
        switch (kind) {
            case DEFAULT:
                relatedLinks();
                out.append('\n');
                remarks();
                break;
            case DETAILED:
                parameters(false);
                examples();
                remarks();
                break;
            case FULL:
                parameters(true);
                line(0, "INPUTS");
                blank(4);
                line(0, "OUTPUTS");
                blank(4);
                examples();
                blank(4);
                relatedLinks();
                break;
            default:
                examples();
                break;
        }
        out.append('\n');
        return out.toString();
    }

    /** The blocks of the parameters whose names match the pattern; "" when none does. */
    String parameterBlocks(String pattern) {
        for (Parameter p : documented()) {
            if (Operators.like(p.name(), pattern, false)) {
                if (out.length() == 0) {
                    out.append('\n');
                }
                fullParameter(p);
            }
        }
        if (out.length() == 0) {
            return "";
        }
        out.append('\n');
        return out.toString();
    }

    // ---------------------------------------------------------------- sections

    private void details() {
        line(0, "NAME");
        line(4, cmdlet.name());
        blank(4);
        line(0, "SYNOPSIS");
        line(4, help.synopsis());
        blank(4);
        blank(4);
    }

    private void syntax() {
        line(0, "SYNTAX");
        for (String s : syntaxLines(cmdlet)) {
            line(4, s);
            blank(4);
        }
        blank(4);
    }

    private void description() {
        line(0, "DESCRIPTION");
        paragraphs(4, help.description());
        blank(4);
        out.append('\n');
    }

    private void relatedLinks() {
        line(0, "RELATED LINKS");
        for (String l : help.links()) {
            line(4, l + " ");
        }
    }

    private void remarks() {
        String n = cmdlet.name();
        line(0, "REMARKS");
        line(4, "To see the examples, type: \"get-help " + n + " -examples\".");
        line(4, "For more information, type: \"get-help " + n + " -detailed\".");
        line(4, "For technical information, type: \"get-help " + n + " -full\".");
        // Postern's help has no online version, so the "-online" line of 5.1 is left out.
    }

    private void parameters(boolean full) {
        line(0, "PARAMETERS");
        for (Parameter p : documented()) {
            if (full) {
                indentedFull(p);
            } else {
                line(4, "-" + p.name() + valueText(p));
                paragraphs(8, parameterHelp(p).description());
                blank(8);
            }
        }
        line(4, "<CommonParameters>");
        for (String l : COMMON_TEXT.split("\n")) {
            line(8, l);
        }
        blank(4);
        blank(4);
    }

    private void examples() {
        int n = 0;
        for (CommandHelp.Example e : help.examples()) {
            n++;
            line(4, "-------------------------- EXAMPLE " + n + " --------------------------");
            blank(4);
            line(4, "PS C:\\>" + e.code());
            blank(4);
            paragraphs(4, e.remarks());
            blank(4);
            blank(4);
        }
    }

    /** The -Parameter block: the name and value, the description, the attribute table. */
    private void fullParameter(Parameter p) {
        line(0, "-" + p.name() + valueText(p));
        attributes(4, p);
    }

    private void indentedFull(Parameter p) {
        line(4, "-" + p.name() + valueText(p));
        attributes(8, p);
    }

    private void attributes(int indent, Parameter p) {
        CommandHelp.ParameterHelp h = parameterHelp(p);
        paragraphs(indent, h.description());
        blank(indent);
        line(indent, "Required?                    " + (p.mandatory() ? "true" : "false"));
        line(indent, "Position?                    "
                + (p.position() >= 0 ? String.valueOf(p.position() + 1) : "named"));
        line(indent, "Default value                " + h.defaultValue());
        line(indent, "Accept pipeline input?       " + pipelineInput(p));
        line(indent, "Accept wildcard characters?  " + (h.wildcards() ? "true" : "false"));
        blank(indent);
    }

    private String pipelineInput(Parameter p) {
        boolean byValue = p.byValueType() != null;
        if (!byValue && !p.byPropertyName()) {
            return "False";
        }
        if (cmdlet.remote()) {
            return "True"; // Exchange's help says only True, without how (section 1.8)
        }
        return "True (" + (byValue ? "ByValue" : "") + (byValue && p.byPropertyName() ? ", " : "")
                + (p.byPropertyName() ? "ByPropertyName" : "") + ")";
    }

    // ---------------------------------------------------------------- the binder's view

    /** The parameters help describes: the command's own, then -WhatIf and -Confirm. */
    private List<Parameter> documented() {
        List<Parameter> all = new ArrayList<>(cmdlet.parameters());
        if (cmdlet.supportsShouldProcess()) {
            all.addAll(Binder.RISK);
        }
        return all;
    }

    private CommandHelp.ParameterHelp parameterHelp(Parameter p) {
        CommandHelp.ParameterHelp h = help.parameter(p.name());
        if (h == null) {
            throw new IllegalStateException("no help for " + cmdlet.name() + " -" + p.name());
        }
        return h;
    }

    /** One SYNTAX line per parameter set of the command, from its declared parameters. */
    static List<String> syntaxLines(Cmdlet cmdlet) {
        List<String> sets = cmdlet.parameterSets();
        List<String> lines = new ArrayList<>();
        for (String set : sets.isEmpty() ? java.util.Collections.<String>singletonList(null)
                : sets) {
            List<Parameter> in = new ArrayList<>();
            for (Parameter p : cmdlet.parameters()) {
                if (set == null || p.inSet(set)) {
                    in.add(p);
                }
            }
            if (cmdlet.supportsShouldProcess()) {
                in.addAll(Binder.RISK);
            }
            Comparator<Parameter> byName = Comparator.comparing(
                    p -> p.name().toLowerCase(Locale.ROOT));
            List<Parameter> positional = new ArrayList<>();
            List<Parameter> mandatory = new ArrayList<>();
            List<Parameter> optional = new ArrayList<>();
            for (Parameter p : in) {
                (p.position() >= 0 ? positional : p.mandatory() ? mandatory : optional).add(p);
            }
            positional.sort(Comparator.comparingInt(Parameter::position));
            mandatory.sort(byName);
            optional.sort(byName);
            StringBuilder sb = new StringBuilder(cmdlet.name()).append(' ');
            for (List<Parameter> group : List.of(positional, mandatory, optional)) {
                for (Parameter p : group) {
                    sb.append(token(cmdlet, p)).append(' ');
                }
            }
            lines.add(sb.append("[<CommonParameters>]").toString());
        }
        return lines;
    }

    private static String token(Cmdlet cmdlet, Parameter p) {
        String value = p.type() == Parameter.Type.SWITCH ? ""
                : " <" + typeName(cmdlet, p) + ">";
        if (p.position() >= 0) {
            return p.mandatory() ? "[-" + p.name() + "]" + value
                    : "[[-" + p.name() + "]" + value + "]";
        }
        return p.mandatory() ? "-" + p.name() + value : "[-" + p.name() + value + "]";
    }

    private String valueText(Parameter p) {
        String t = typeName(cmdlet, p);
        return p.type() == Parameter.Type.SWITCH ? " [<" + t + ">]" : " <" + t + ">";
    }

    /** The type help shows: the help file's, else the short .NET name of the binder's type. */
    static String typeName(Cmdlet cmdlet, Parameter p) {
        CommandHelp h = CommandHelp.of(cmdlet.name());
        CommandHelp.ParameterHelp ph = h == null ? null : h.parameter(p.name());
        if (ph != null && ph.typeName() != null) {
            return ph.typeName();
        }
        String full = p.typeName();
        return full.substring(full.lastIndexOf('.') + 1);
    }

    // ---------------------------------------------------------------- frames

    private void line(int indent, String text) {
        String pad = " ".repeat(indent);
        for (String l : TextWrap.wrap(text, width - indent)) {
            out.append(pad).append(l).append('\n');
        }
    }

    private void blank(int indent) {
        out.append(" ".repeat(indent)).append('\n');
    }

    private void paragraphs(int indent, List<String> paragraphs) {
        for (int i = 0; i < paragraphs.size(); i++) {
            if (i > 0) {
                blank(indent);
            }
            line(indent, paragraphs.get(i));
        }
    }
}
