package org.postern.config;

/**
 * One property of a configuration object, as New-/Set-/Get- cmdlets and the configuration file
 * know it.
 *
 * @param <T> the value's Java type
 */
public final class Property<T> {

    /** Who may change a property. */
    public enum Access {
        /** Set- and New- cmdlets take it as a parameter. */
        SETTABLE,
        /** Only New- takes it. */
        CREATE_ONLY,
        /** Only Set- takes it (Exchange's New- has no such parameter). */
        SET_ONLY,
        /** Shown, never set by a parameter of the same name. */
        READ_ONLY
    }

    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final Access access;

    Property(String name, ValueType<T> type, T defaultValue, Access access) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.access = access;
    }

    public String name() {
        return name;
    }

    public ValueType<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public Access access() {
        return access;
    }

    /** Whether New- ({@code creating}) or Set- takes this property as a parameter. */
    public boolean settable(boolean creating) {
        return access == Access.SETTABLE
                || access == (creating ? Access.CREATE_ONLY : Access.SET_ONLY);
    }

    @Override
    public String toString() {
        return name;
    }
}
