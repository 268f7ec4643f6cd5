package org.postern.shell;

import java.util.ArrayList;
import java.util.List;

/** A declared parameter of a cmdlet. */
public final class Parameter {

    /** The parameter's declared type, which decides binding and argument transformation. */
    public enum Type {
        /** Any value, passed as given; the cmdlet converts it. */
        OBJECT,
        /** A string (scalars are converted by their string form). */
        STRING,
        /** A [bool]: accepts $true, $false and numbers; refuses strings. */
        BOOLEAN,
        /** A [switch]: present means true; an explicit value needs the colon form. */
        SWITCH,
        /** An int. */
        INT,
        /** A script block. */
        SCRIPT_BLOCK
    }

    private final String name;
    private final Type type;
    private final int position;
    private final boolean mandatory;
    private final boolean array;
    private final String byValueType;
    private final boolean byPropertyName;
    private final List<String> aliases;
    private final boolean remainingArguments;
    private final List<String> sets;

    private Parameter(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.position = b.position;
        this.mandatory = b.mandatory;
        this.array = b.array;
        this.byValueType = b.byValueType;
        this.byPropertyName = b.byPropertyName;
        this.aliases = List.copyOf(b.aliases);
        this.remainingArguments = b.remainingArguments;
        this.sets = List.copyOf(b.sets);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** A switch parameter. */
    public static Parameter switchNamed(String name) {
        return new Builder(name).type(Type.SWITCH).build();
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** The position (0 = first positional argument), or -1 when named only. */
    public int position() {
        return position;
    }

    public boolean mandatory() {
        return mandatory;
    }

    /** Whether the parameter takes several values (a single one becomes a one-element list). */
    public boolean array() {
        return array;
    }

    /**
     * The type name of objects bound from the pipeline by value; "*" for any object; null when
     * the parameter does not take pipeline input by value.
     */
    public String byValueType() {
        return byValueType;
    }

    public boolean byPropertyName() {
        return byPropertyName;
    }

    public List<String> aliases() {
        return aliases;
    }

    /**
     * Whether the parameter collects the positional arguments no other parameter takes
     * (ValueFromRemainingArguments): {@code Write-Output a b c}.
     */
    public boolean remainingArguments() {
        return remainingArguments;
    }

    /**
     * The parameter sets the parameter belongs to; empty when it belongs to every set of its
     * command. A mandatory parameter is mandatory in each of its sets.
     */
    public List<String> sets() {
        return sets;
    }

    /** Whether the parameter belongs to the named parameter set. */
    public boolean inSet(String set) {
        return sets.isEmpty() || sets.contains(set);
    }

    /** The .NET type name error messages use for the parameter ({@code System.String}). */
    public String typeName() {
        String t;
        switch (type) {
            case STRING:
                t = "System.String";
                break;
            case BOOLEAN:
                t = "System.Boolean";
                break;
            case SWITCH:
                return "System.Management.Automation.SwitchParameter";
            case INT:
                t = "System.Int32";
                break;
            case SCRIPT_BLOCK:
                t = "System.Management.Automation.ScriptBlock";
                break;
            default:
                t = "System.Object";
                break;
        }
        return array ? t + "[]" : t;
    }

    @Override
    public String toString() {
        return "-" + name;
    }

    /** Builds a {@link Parameter}. */
    public static final class Builder {
        private final String name;
        private Type type = Type.OBJECT;
        private int position = -1;
        private boolean mandatory;
        private boolean array;
        private String byValueType;
        private boolean byPropertyName;
        private final List<String> aliases = new ArrayList<>();
        private boolean remainingArguments;
        private final List<String> sets = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder type(Type type) {
            this.type = type;
            return this;
        }

        public Builder position(int position) {
            this.position = position;
            return this;
        }

        public Builder mandatory() {
            this.mandatory = true;
            return this;
        }

        public Builder array() {
            this.array = true;
            return this;
        }

        public Builder byValue(String typeName) {
            this.byValueType = typeName;
            return this;
        }

        public Builder byPropertyName() {
            this.byPropertyName = true;
            return this;
        }

        public Builder alias(String alias) {
            this.aliases.add(alias);
            return this;
        }

        public Builder remainingArguments() {
            this.remainingArguments = true;
            return this;
        }

        /** Puts the parameter in these parameter sets only (default: in every set). */
        public Builder inSets(String... names) {
            this.sets.addAll(List.of(names));
            return this;
        }

        public Parameter build() {
            return new Parameter(this);
        }
    }
}
