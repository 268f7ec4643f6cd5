package org.postern.shell.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.ShellError;
import org.postern.shell.Values;

/** Write-Output, Write-Host, Write-Warning, Write-Error and Write-Verbose. */
final class WriteCmdlets {

    private WriteCmdlets() {
    }

    /** Write-Output: sends its arguments (or input) down the pipeline, enumerating arrays. */
    static final class Output extends Builtin {
        Output() {
            super("Write-Output", UTILITY, Parameter.named("InputObject").position(0)
                    .byValue("*").remainingArguments().build(), sw("NoEnumerate"));
        }

        @Override
        public void process(Invocation inv) {
            if (!inv.params().has("InputObject")) {
                return;
            }
            Object v = inv.params().get("InputObject");
            if (inv.params().bool("NoEnumerate")) {
                shell(inv).emitWhole(v);
            } else {
                inv.emit(v);
            }
        }
    }

    /** Write-Host: writes text to the console; colours are accepted and not shown. */
    static final class Host extends Builtin {
        Host() {
            super("Write-Host", UTILITY, Parameter.named("Object").position(0).byValue("*")
                    .remainingArguments().build(), sw("NoNewline"),
                    Parameter.named("Separator").build(),
                    Parameter.named("ForegroundColor").type(Parameter.Type.STRING).build(),
                    Parameter.named("BackgroundColor").type(Parameter.Type.STRING).build());
        }

        @Override
        public void process(Invocation inv) {
            String sep = inv.params().has("Separator") ? inv.params().string("Separator") : " ";
            List<String> parts = new ArrayList<>();
            Object o = inv.params().get("Object");
            if (inv.params().has("Object")) {
                for (Object item : Values.isCollection(o) ? Values.items(o) : List.of(
                        o == null ? "" : o)) {
                    parts.add(Values.isCollection(item) ? Values.toStr(item, sep)
                            : Values.toStr(item));
                }
            }
            shell(inv).host(String.join(sep, parts), !inv.params().bool("NoNewline"));
        }
    }

    /** Write-Warning: {@code WARNING: text}. */
    static final class Warning extends Builtin {
        Warning() {
            super("Write-Warning", UTILITY, Parameter.named("Message").type(Parameter.Type.STRING)
                    .position(0).mandatory().byValue("*").alias("Msg").build());
        }

        @Override
        public void process(Invocation inv) {
            inv.writeWarning(inv.params().string("Message"));
        }
    }

    /** Write-Verbose: {@code VERBOSE: text} when -Verbose or $VerbosePreference asks. */
    static final class Verbose extends Builtin {
        Verbose() {
            super("Write-Verbose", UTILITY, Parameter.named("Message").type(Parameter.Type.STRING)
                    .position(0).mandatory().byValue("*").alias("Msg").build());
        }

        @Override
        public void process(Invocation inv) {
            if (shell(inv).verbose()) {
                shell(inv).host("VERBOSE: " + inv.params().string("Message"));
            }
        }
    }

    /** Write-Error: a non-terminating error of the calling script. */
    static final class Error extends Builtin {
        Error() {
            super("Write-Error", UTILITY, Parameter.named("Message").type(Parameter.Type.STRING)
                    .position(0).byValue("*").alias("Msg").build(),
                    Parameter.named("Category").build(),
                    Parameter.named("ErrorId").type(Parameter.Type.STRING).build(),
                    Parameter.named("TargetObject").build(),
                    Parameter.named("CategoryReason").type(Parameter.Type.STRING).build(),
                    Parameter.named("CategoryTargetName").type(Parameter.Type.STRING).build());
        }

        @Override
        public void process(Invocation inv) {
            String message = inv.params().string("Message");
            ErrorCategory category = ErrorCategory.NotSpecified;
            if (inv.params().has("Category")) {
                String c = Values.toStr(inv.params().get("Category")).trim();
                category = null;
                for (ErrorCategory e : ErrorCategory.values()) {
                    if (e.name().toLowerCase(Locale.ROOT).equals(c.toLowerCase(Locale.ROOT))) {
                        category = e;
                    }
                }
                if (category == null) {
                    throw new ShellError("Cannot bind parameter 'Category'. Cannot convert value"
                            + " \"" + c + "\" to type \"System.Management.Automation"
                            + ".ErrorCategory\".", ErrorCategory.InvalidArgument,
                            "ParameterBindingException", null, "CannotConvertArgumentNoMessage");
                }
            }
            String reason = inv.params().has("CategoryReason")
                    ? inv.params().string("CategoryReason") : "WriteErrorException";
            String target = inv.params().has("CategoryTargetName")
                    ? inv.params().string("CategoryTargetName")
                    : inv.params().has("TargetObject") ? Values.toStr(inv.params()
                            .get("TargetObject")) : null;
            String id = inv.params().has("ErrorId") ? inv.params().string("ErrorId")
                    : "Microsoft.PowerShell.Commands.WriteErrorException";
            shell(inv).writeScriptError(new ShellError(message == null ? "" : message, category,
                    reason, target, id));
        }
    }
}
