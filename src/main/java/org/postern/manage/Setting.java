package org.postern.manage;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.postern.config.ValueType;
import org.postern.shell.BoundParameters;

/**
 * One parameter of a Set- cmdlet on a settings record (Set-TransportService,
 * Set-TransportConfig): its name, its type, and how it reads and changes the record.
 *
 * @param <S> the settings record
 * @param <T> the parameter's value type
 */
record Setting<S, T>(String name, ValueType<T> type, Function<S, T> read,
        BiFunction<S, T, S> write) {

    /** The settings with this parameter's value when it was given, else as they are. */
    S apply(S settings, BoundParameters p) {
        if (!p.has(name)) {
            return settings;
        }
        T value = ExchangeCmdlet.convert(name, type, p.get(name), read.apply(settings));
        if (value == null) {
            throw ExchangeCmdlet.missing(name);
        }
        return write.apply(settings, value);
    }
}
