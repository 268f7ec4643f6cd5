package org.postern.shell;

import java.util.List;

/**
 * Get-Date [[-Date] value] [-Format netFormat]: the current time in the server's zone, or the
 * given date (a DateTime, or text in the forms {@link ShellDateTime#parse} reads); with
 * -Format the text of a .NET format string. What admins pass to date parameters:
 * {@code -Start (Get-Date).AddHours(-1)}.
 *
 * <p>Registered by whoever builds the session's registry (the engine's built-in list stays as
 * it is). Known shortcoming: a DateTime alone at the end of a pipeline prints its cell text
 * ({@code 12/3/2026 8:30:00 PM}), where 5.1 shows the long form between empty lines
 * ({@code Thursday, December 3, 2026 8:30:00 PM}), because the formatter prints every value that
 * is not an object by its string form. -UFormat, -DisplayHint and the -Year ... -Second parts
 * are not there.
 */
public final class GetDate implements Cmdlet {

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.named("Date").position(0).alias("LastWriteTime").build(),
            Parameter.named("Format").type(Parameter.Type.STRING).build());

    @Override
    public String name() {
        return "Get-Date";
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }

    @Override
    public String moduleName() {
        return "Microsoft.PowerShell.Utility";
    }

    @Override
    public String moduleVersion() {
        return "3.1.0.0";
    }

    @Override
    public void process(Invocation inv) {
        ShellDateTime date = inv.params().has("Date")
                ? toDate("Date", inv.params().get("Date")) : ShellDateTime.now();
        String format = inv.params().string("Format");
        inv.emit(format == null ? date : date.format(format));
    }

    /**
     * A parameter value as a DateTime: a DateTime as it is, text parsed; anything else, or text
     * that is no date, is PowerShell's argument-transformation error naming the value.
     */
    public static ShellDateTime toDate(String parameter, Object value) {
        if (value instanceof ShellDateTime) {
            return (ShellDateTime) value;
        }
        if (value instanceof String) {
            try {
                return ShellDateTime.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw transformation(parameter, value, e.getMessage());
            }
        }
        throw transformation(parameter, value, null);
    }

    private static ShellError transformation(String parameter, Object value, String detail) {
        String shown = value instanceof String || value instanceof Number
                ? Values.toStr(value) : Values.typeName(value);
        String why = detail == null
                ? "Cannot convert the \"" + shown + "\" value of type \"" + Values.typeName(value)
                        + "\" to type \"System.DateTime\"."
                : "Cannot convert value \"" + shown + "\" to type \"System.DateTime\". Error: \""
                        + detail + "\"";
        return new ShellError("Cannot process argument transformation on parameter '"
                + parameter + "'. " + why, ErrorCategory.InvalidData,
                "ParameterBindingArgumentTransformationException", null,
                "ParameterArgumentTransformationError");
    }
}
