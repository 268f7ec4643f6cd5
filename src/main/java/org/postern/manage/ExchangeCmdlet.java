package org.postern.manage;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.InvalidConfigurationException;
import org.postern.config.ValueType;
import org.postern.shell.Cmdlet;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Parameter;
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

    /** Applies a change to the configuration; rule violations become Exchange errors. */
    protected Configuration change(UnaryOperator<Configuration> change) {
        try {
            return repo.update(change);
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

    /** Converts a parameter's value; a bad value becomes an error naming parameter and value. */
    static <T> T convert(String parameter, ValueType<T> type, Object raw, T current) {
        try {
            return type.convert(raw, current);
        } catch (IllegalArgumentException e) {
            throw new ShellError("Cannot process argument transformation on parameter '"
                    + parameter + "'. " + e.getMessage(), ErrorCategory.InvalidData,
                    "ParameterBindingArgumentTransformationException", null, null);
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
                null, null);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
