package org.postern.manage;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.InvalidConfigurationException;
import org.postern.config.ValueType;
import org.postern.shell.Cmdlet;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;

/**
 * What every Exchange cmdlet of Postern shares: its name and parameters, the live configuration
 * it reads and changes, and the translation of configuration errors into Exchange's error
 * records.
 */
abstract class ExchangeCmdlet implements Cmdlet {

    protected final ConfigRepository repo;
    private final String name;
    private final List<Parameter> parameters;

    ExchangeCmdlet(ConfigRepository repo, String name, List<Parameter> parameters) {
        this.repo = repo;
        this.name = name;
        this.parameters = List.copyOf(parameters);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    /** Exchange cmdlets run on the server in EMS: their errors print as remote records. */
    @Override
    public final boolean remote() {
        return true;
    }

    /**
     * Exchange's task class, e.g.
     * Microsoft.Exchange.Management.SystemConfigurationTasks.GetReceiveConnector.
     */
    @Override
    public String implementingType() {
        return "Microsoft.Exchange.Management." + taskArea() + "." + name.replace("-", "");
    }

    /** The namespace area of the task class. */
    protected String taskArea() {
        return "SystemConfigurationTasks";
    }

    /** Every Exchange cmdlet but the Get- ones takes -WhatIf and -Confirm. */
    @Override
    public boolean supportsShouldProcess() {
        return !name.startsWith("Get-");
    }

    /** Exchange asks for confirmation by default for these verbs (-Confirm:$false skips it). */
    @Override
    public boolean confirmsByDefault() {
        String verb = name.substring(0, name.indexOf('-'));
        return List.of("Clear", "Disable", "Dismount", "Move", "Remove", "Stop", "Suspend",
                "Uninstall").contains(verb);
    }

    /**
     * Applies a change to the configuration; rule violations become Exchange errors, and what
     * the change could not put into effect (a binding that could not open) becomes a warning.
     */
    protected Configuration change(Invocation inv, UnaryOperator<Configuration> change) {
        try {
            ConfigRepository.Updated updated = repo.updateReporting(change);
            updated.warnings().forEach(inv::writeWarning);
            return updated.configuration();
        } catch (InvalidConfigurationException e) {
            throw new ShellError(e.getMessage(), ErrorCategory.NotSpecified, e.exchangeType(),
                    null, null);
        } catch (IllegalArgumentException e) {
            throw new ShellError(e.getMessage(), ErrorCategory.NotSpecified,
                    "DataValidationException", null, null);
        } catch (UncheckedIOException e) {
            throw new ShellError(e.getMessage(), ErrorCategory.WriteError, "IOException", null,
                    null);
        }
    }

    /**
     * What a Get- cmdlet does: every object without -Identity, else those each identity names
     * ({@code Get-Mailbox A,B}), with the not-found error (non-terminating) for one that names
     * none; {@code show} may return null
     * for an object the cmdlet's other parameters leave out.
     */
    protected <T> void emitFound(Invocation inv, List<T> all,
            BiFunction<Configuration, Object, List<T>> find,
            BiFunction<T, Configuration, PsObject> show) {
        Configuration cfg = repo.current();
        Object id = inv.params().get("Identity");
        for (Object one : id == null ? java.util.Collections.singletonList(null)
                : Identities.each(id)) {
            List<T> found = one == null ? all : find.apply(cfg, one);
            if (one != null && found.isEmpty()) {
                inv.writeError(Identities.notFound(one, cfg));
                continue;
            }
            for (T t : found) {
                PsObject shown = show.apply(t, cfg);
                if (shown != null) {
                    inv.emit(shown);
                }
            }
        }
    }

    /**
     * What a Remove- cmdlet does: finds the one object -Identity names, asks (-WhatIf,
     * -Confirm) with {@code Removing <kind> "<identity>".}, and removes it.
     */
    protected <T> void removeOne(Invocation inv, String kind,
            BiFunction<Configuration, Object, T> one, Function<T, String> identity,
            BiFunction<Configuration, T, Configuration> without) {
        Object id = inv.params().get("Identity");
        T target = one.apply(repo.current(), id);
        if (!inv.shouldProcess("Removing " + kind + " \"" + identity.apply(target) + "\".")) {
            return;
        }
        change(inv, before -> without.apply(before, one.apply(before, id)));
    }

    /** The -Identity parameter: first position, from the pipeline by value and property name. */
    static Parameter identityParameter(String typeName, boolean mandatory) {
        Parameter.Builder b = Parameter.named("Identity").position(0).byValue(typeName)
                .byPropertyName();
        return (mandatory ? b.mandatory() : b).build();
    }

    /** Converts a parameter's value; a bad value becomes an error naming parameter and value. */
    static <T> T convert(String parameter, ValueType<T> type, Object raw, T current) {
        try {
            return type.convert(raw, current);
        } catch (IllegalArgumentException e) {
            throw new ShellError("Cannot process argument transformation on parameter '"
                    + parameter + "'. " + e.getMessage(), ErrorCategory.InvalidData,
                    "ParameterBindingArgumentTransformationException", null,
                    "ParameterArgumentTransformationError");
        }
    }

    /** A parameter whose value the cmdlet converts itself, by its schema type. */
    static Parameter value(String name) {
        return Parameter.named(name).build();
    }

    /** A Boolean parameter (accepts $true, $false, 1, 0). */
    static Parameter bool(String name) {
        return Parameter.named(name).type(Parameter.Type.BOOLEAN).build();
    }

    /** The mandatory-parameter error, as Exchange's parameter sets report it. */
    static ShellError missing(String parameter) {
        return new ShellError("The parameter '" + parameter + "' is required here but wasn't"
                + " specified.", ErrorCategory.InvalidArgument, "ParameterBindingException",
                null, "MissingMandatoryParameter");
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
