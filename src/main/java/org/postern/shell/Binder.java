package org.postern.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parameter binding (sections 1.7 and 1.8): names and unique prefixes of parameters and their
 * aliases, switches and Boolean parameters, positional arguments, splatting, the common
 * parameters, mandatory parameters, and per input object the pipeline binding in PowerShell's
 * fixed order (by value, by property name, by value with conversion). Errors carry
 * PowerShell's texts and ids.
 */
final class Binder {

    /** The preference values of -ErrorAction and -WarningAction, in .NET's numeric order. */
    enum ActionPreference { SilentlyContinue, Stop, Continue, Inquire, Ignore, Suspend }

    /** The common parameters of 5.1, in the order ambiguity messages list them. */
    static final List<Parameter> COMMON = List.of(
            Parameter.named("Verbose").type(Parameter.Type.SWITCH).alias("vb").build(),
            Parameter.named("Debug").type(Parameter.Type.SWITCH).alias("db").build(),
            Parameter.named("ErrorAction").alias("ea").build(),
            Parameter.named("WarningAction").alias("wa").build(),
            Parameter.named("InformationAction").alias("infa").build(),
            Parameter.named("ErrorVariable").type(Parameter.Type.STRING).alias("ev").build(),
            Parameter.named("WarningVariable").type(Parameter.Type.STRING).alias("wv").build(),
            Parameter.named("InformationVariable").type(Parameter.Type.STRING).alias("iv")
                    .build(),
            Parameter.named("OutVariable").type(Parameter.Type.STRING).alias("ov").build(),
            Parameter.named("OutBuffer").type(Parameter.Type.INT).alias("ob").build(),
            Parameter.named("PipelineVariable").type(Parameter.Type.STRING).alias("pv").build());

    /** -WhatIf and -Confirm, for commands that support ShouldProcess. */
    static final List<Parameter> RISK = List.of(
            Parameter.named("WhatIf").type(Parameter.Type.SWITCH).alias("wi").build(),
            Parameter.named("Confirm").type(Parameter.Type.SWITCH).alias("cf").build());

    /** An evaluated command argument: a parameter token (with its value) or a value. */
    static final class Arg {
        final String name;
        final Ast.Extent extent;
        final boolean colon;
        final boolean hasValue;
        final Object value;
        /** Where the value is written (conversion errors point at it). */
        final Ast.Extent valueExtent;

        private Arg(String name, Ast.Extent extent, boolean colon, boolean hasValue,
                Object value, Ast.Extent valueExtent) {
            this.name = name;
            this.extent = extent;
            this.colon = colon;
            this.hasValue = hasValue;
            this.value = value;
            this.valueExtent = valueExtent;
        }

        static Arg named(String name, Ast.Extent extent) {
            return new Arg(name, extent, false, false, null, extent);
        }

        static Arg namedWithValue(String name, Ast.Extent extent, boolean hasValue,
                Object value, Ast.Extent valueExtent) {
            return new Arg(name, extent, true, hasValue, value, valueExtent);
        }

        static Arg value(Object value, Ast.Extent extent) {
            return new Arg(null, extent, false, true, value, extent);
        }

        boolean isNamed() {
            return name != null;
        }
    }

    /** A binding error, terminating for the statement; the extent is what the marks point at. */
    static final class BindingError extends ShellError {
        private static final long serialVersionUID = 1L;
        final transient Ast.Extent extent;

        BindingError(String message, String errorId, Ast.Extent extent) {
            this(message, ErrorCategory.InvalidArgument, "ParameterBindingException", errorId,
                    extent);
        }

        BindingError(String message, ErrorCategory category, String reason, String errorId,
                Ast.Extent extent) {
            super(message, category, reason, null, errorId);
            this.extent = extent;
        }
    }

    /** The outcome of command-line binding. */
    static final class Result {
        final BoundValues own = new BoundValues();
        final BoundValues common = new BoundValues();
        final List<Parameter> deferredMandatory = new ArrayList<>();
        /** The parameter set the command line resolved to; null when the command has none. */
        String parameterSet;
    }

    private final Cmdlet cmdlet;
    private final List<Parameter> all = new ArrayList<>();
    private final List<Parameter> own;

    Binder(Cmdlet cmdlet) {
        this.cmdlet = cmdlet;
        this.own = cmdlet.parameters();
        all.addAll(own);
        all.addAll(COMMON);
        if (cmdlet.supportsShouldProcess()) {
            all.addAll(RISK);
        }
    }

    private boolean isCommon(Parameter p) {
        return !own.contains(p);
    }

    /** The parameter a typed name (without the dash) stands for. */
    Parameter resolve(String typed, Ast.Extent at) {
        String lower = typed.toLowerCase(Locale.ROOT);
        for (Parameter p : all) {
            if (p.name().equalsIgnoreCase(lower)) {
                return p;
            }
            for (String a : p.aliases()) {
                if (a.equalsIgnoreCase(lower)) {
                    return p;
                }
            }
        }
        List<Parameter> matches = new ArrayList<>();
        for (Parameter p : all) {
            boolean match = p.name().toLowerCase(Locale.ROOT).startsWith(lower);
            for (String a : p.aliases()) {
                match |= a.toLowerCase(Locale.ROOT).startsWith(lower);
            }
            if (match) {
                matches.add(p);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            List<Parameter> ownMatches = new ArrayList<>();
            for (Parameter p : matches) {
                if (!isCommon(p)) {
                    ownMatches.add(p);
                }
            }
            if (ownMatches.size() == 1) {
                return ownMatches.get(0);
            }
            StringBuilder list = new StringBuilder();
            for (Parameter p : matches) {
                list.append(" -").append(p.name());
            }
            throw new BindingError("Parameter cannot be processed because the parameter name '"
                    + typed + "' is ambiguous. Possible matches include:" + list + ".",
                    "AmbiguousParameter", at);
        }
        throw new BindingError("A parameter cannot be found that matches parameter name '"
                + typed + "'.", "NamedParameterNotFound", at);
    }

    /** Binds the command line. {@code first}: the command has no pipeline input. */
    Result bind(List<Arg> args, boolean first) {
        Map<Parameter, Object> bound = new LinkedHashMap<>();
        List<Arg> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            if (!a.isNamed()) {
                positional.add(a);
                continue;
            }
            Parameter p = resolve(a.name, a.extent);
            if (bound.containsKey(p)) {
                throw new BindingError("Cannot bind parameter because parameter '" + p.name()
                        + "' is specified more than once. To provide multiple values to"
                        + " parameters that can accept multiple values, use the array syntax."
                        + " For example, \"-parameter value1,value2,value3\".",
                        "ParameterAlreadyBound", a.extent);
            }
            Object value;
            Ast.Extent valueAt = a.valueExtent;
            if (p.type() == Parameter.Type.SWITCH) {
                if (a.colon && !a.hasValue) {
                    throw missingArgument(p, a.extent);
                }
                value = a.colon ? a.value : Boolean.TRUE;
            } else if (a.colon) {
                if (!a.hasValue) {
                    throw missingArgument(p, a.extent);
                }
                value = a.value;
            } else if (i + 1 < args.size() && !args.get(i + 1).isNamed()) {
                Arg v = args.get(++i);
                value = v.value;
                valueAt = v.extent;
            } else {
                throw missingArgument(p, a.extent);
            }
            bound.put(p, transform(p, value, valueAt));
        }
        bindPositional(bound, positional);
        Result r = new Result();
        for (Map.Entry<Parameter, Object> e : bound.entrySet()) {
            (isCommon(e.getKey()) ? r.common : r.own).put(e.getKey().name(), e.getValue());
        }
        String set = parameterSet(bound, first);
        r.parameterSet = set;
        List<String> missing = new ArrayList<>();
        for (Parameter p : own) {
            if (p.mandatory() && !bound.containsKey(p) && (set == null || p.inSet(set))) {
                if (!first && (p.byValueType() != null || p.byPropertyName())) {
                    r.deferredMandatory.add(p);
                } else {
                    missing.add(p.name());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new BindingError("Cannot process command because of one or more missing"
                    + " mandatory parameters: " + String.join(" ", missing) + ".",
                    "MissingMandatoryParameter", null);
        }
        return r;
    }

    /**
     * The parameter set the bound parameters resolve to: the one set that holds them all, else
     * among several the one whose mandatory parameters are all given, else the default set;
     * null when the command declares no sets, or (with pipeline input still to come) when the
     * choice waits for it. None holding them all, or several with no way to choose, is
     * PowerShell's AmbiguousParameterSet error.
     */
    private String parameterSet(Map<Parameter, Object> bound, boolean first) {
        List<String> candidates = new ArrayList<>(cmdlet.parameterSets());
        if (candidates.isEmpty()) {
            return null;
        }
        for (Parameter p : bound.keySet()) {
            candidates.removeIf(set -> !p.inSet(set));
        }
        if (candidates.size() > 1) {
            List<String> complete = new ArrayList<>();
            for (String set : candidates) {
                boolean all = true;
                for (Parameter p : own) {
                    all &= !(p.mandatory() && p.inSet(set) && !p.sets().isEmpty()
                            && !bound.containsKey(p));
                }
                if (all) {
                    complete.add(set);
                }
            }
            if (complete.size() == 1) {
                return complete.get(0);
            }
            if (!complete.isEmpty()) {
                candidates = complete;
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String preferred = cmdlet.defaultParameterSet();
        if (candidates.contains(preferred)) {
            return preferred;
        }
        if (!candidates.isEmpty() && !first) {
            return null;
        }
        throw new BindingError("Parameter set cannot be resolved using the specified named"
                + " parameters.", "AmbiguousParameterSet", null);
    }

    private static BindingError missingArgument(Parameter p, Ast.Extent at) {
        return new BindingError("Missing an argument for parameter '" + p.name() + "'. Specify"
                + " a parameter of type '" + p.typeName() + "' and try again.",
                "MissingArgument", at);
    }

    private void bindPositional(Map<Parameter, Object> bound, List<Arg> positional) {
        List<List<Parameter>> groups = new ArrayList<>();
        List<Parameter> slots = new ArrayList<>();
        for (Parameter p : own) {
            if (p.position() >= 0) {
                slots.add(p);
            }
        }
        slots.sort((a, b) -> Integer.compare(a.position(), b.position()));
        for (Parameter p : slots) {
            if (groups.isEmpty() || groups.get(groups.size() - 1).get(0).position()
                    != p.position()) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(p);
        }
        Parameter remaining = null;
        for (Parameter p : own) {
            if (p.remainingArguments()) {
                remaining = p;
                break;
            }
        }
        List<Object> extras = new ArrayList<>();
        int g = 0;
        for (Arg a : positional) {
            while (g < groups.size() && anyBound(groups.get(g), bound)) {
                g++;
            }
            if (g < groups.size()) {
                Parameter p = choose(groups.get(g), a.value);
                bound.put(p, transform(p, a.value, a.extent));
                g++;
            } else if (remaining != null) {
                extras.add(a.value);
            } else {
                throw new BindingError("A positional parameter cannot be found that accepts"
                        + " argument '" + (a.value == null ? "$null" : Values.toStr(a.value))
                        + "'.", "PositionalParameterNotFound", null);
            }
        }
        if (remaining != null && !extras.isEmpty()) {
            List<Object> values = new ArrayList<>();
            if (bound.containsKey(remaining)) {
                Object first = bound.get(remaining);
                if (remaining.array() && Values.isCollection(first)) {
                    values.addAll(Values.items(first));
                } else {
                    values.add(first);
                }
            }
            for (Object x : extras) {
                values.add(remaining.array() ? transformOne(remaining, x, null) : x);
            }
            bound.put(remaining, values);
        }
    }

    private static boolean anyBound(List<Parameter> group, Map<Parameter, Object> bound) {
        for (Parameter p : group) {
            if (bound.containsKey(p)) {
                return true;
            }
        }
        return false;
    }

    /** Among parameters sharing a position, the one the argument's type suits. */
    private static Parameter choose(List<Parameter> group, Object value) {
        boolean block = value instanceof ScriptBlock;
        for (Parameter p : group) {
            if ((p.type() == Parameter.Type.SCRIPT_BLOCK) == block) {
                return p;
            }
        }
        return group.get(0);
    }

    // ---------------------------------------------------------------- argument transformation

    /** Converts a value to what the parameter's type takes, or raises the binding error. */
    Object transform(Parameter p, Object value, Ast.Extent at) {
        if (p.name().equals("ErrorAction") || p.name().equals("WarningAction")
                || p.name().equals("InformationAction")) {
            return preference(p, value, at);
        }
        if (!p.array()) {
            return transformOne(p, value, at);
        }
        if (value == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Object o : Values.items(value)) {
            out.add(transformOne(p, o, at));
        }
        return out;
    }

    private Object transformOne(Parameter p, Object value, Ast.Extent at) {
        switch (p.type()) {
            case SWITCH:
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                if (value instanceof Number) {
                    return ((Number) value).doubleValue() != 0;
                }
                throw new BindingError("Cannot process argument transformation on parameter '"
                        + p.name() + "'. Cannot convert value \"" + Values.typeName(value)
                        + "\" to type \"System.Boolean\". Boolean parameters accept only Boolean"
                        + " values and numbers, such as $True, $False, 1 or 0.",
                        ErrorCategory.InvalidData,
                        "ParameterBindingArgumentTransformationException",
                        "ParameterArgumentTransformationError", at);
            case INT:
                try {
                    return Types.toInt(value);
                } catch (ShellError e) {
                    throw new BindingError("Cannot bind parameter '" + p.name() + "'. "
                            + e.getMessage(), "CannotConvertArgumentNoMessage", at);
                }
            case STRING:
                return value == null ? null : Values.toStr(value);
            case SCRIPT_BLOCK:
                if (value instanceof ScriptBlock) {
                    return value;
                }
                throw new BindingError("Cannot bind parameter '" + p.name() + "'. Cannot convert"
                        + " the \"" + Values.toStr(value) + "\" value of type \""
                        + Values.typeName(value) + "\" to type"
                        + " \"System.Management.Automation.ScriptBlock\".",
                        "CannotConvertArgument", at);
            default:
                return value;
        }
    }

    private static ActionPreference preference(Parameter p, Object value, Ast.Extent at) {
        if (value instanceof ActionPreference) {
            return (ActionPreference) value;
        }
        if (value instanceof Number) {
            int i = ((Number) value).intValue();
            if (i >= 0 && i < ActionPreference.values().length) {
                return ActionPreference.values()[i];
            }
        } else if (value != null) {
            for (ActionPreference a : ActionPreference.values()) {
                if (a.name().equalsIgnoreCase(Values.toStr(value).trim())) {
                    return a;
                }
            }
        }
        throw new BindingError("Cannot bind parameter '" + p.name() + "'. Cannot convert value \""
                + Values.toStr(value) + "\" to type"
                + " \"System.Management.Automation.ActionPreference\". Error: \"Unable to match"
                + " the identifier name " + Values.toStr(value) + " to a valid enumerator name."
                + " Specify one of the following enumerator names and try again:\n"
                + "SilentlyContinue, Stop, Continue, Inquire, Ignore, Suspend\"",
                "CannotConvertArgumentNoMessage", at);
    }

    /** A preference variable's value ($ErrorActionPreference), Continue when unreadable. */
    static ActionPreference preference(Object value) {
        try {
            return preference(COMMON.get(2), value, null);
        } catch (BindingError e) {
            return ActionPreference.Continue;
        }
    }

    // ---------------------------------------------------------------- pipeline binding

    /** The parameters that take pipeline input and are not bound on the command line. */
    List<Parameter> pipelineParameters(BoundValues commandLine) {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : own) {
            if ((p.byValueType() != null || p.byPropertyName()) && !commandLine.has(p.name())) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Binds one input object: first by value without conversion, then by property name, then
     * by value with conversion. Returns null when nothing bound.
     */
    BoundValues bindInput(Object input, BoundValues commandLine, List<Parameter> candidates) {
        BoundValues out = new BoundValues(commandLine);
        boolean any = false;
        boolean byValue = false;
        for (Parameter p : candidates) {
            if (p.byValueType() != null && matchesType(input, p.byValueType())) {
                out.put(p.name(), p.array() ? Values.items(input) : input);
                any = byValue = true;
                break;
            }
        }
        if (input instanceof PsObject) {
            PsObject o = (PsObject) input;
            for (Parameter p : candidates) {
                if (!p.byPropertyName() || out.has(p.name())) {
                    continue;
                }
                String prop = o.has(p.name()) ? p.name() : null;
                for (String a : p.aliases()) {
                    if (prop == null && o.has(a)) {
                        prop = a;
                    }
                }
                if (prop != null) {
                    try {
                        out.put(p.name(), transform(p, o.get(prop), null));
                        any = true;
                    } catch (BindingError e) {
                        // the property does not convert: the parameter stays unbound
                    }
                }
            }
        }
        if (!byValue) {
            for (Parameter p : candidates) {
                if (p.byValueType() != null && !out.has(p.name()) && convertible(input, p)) {
                    out.put(p.name(), transform(p, input, null));
                    any = true;
                    break;
                }
            }
        }
        return any ? out : null;
    }

    private static boolean matchesType(Object input, String typeName) {
        if (typeName.equals("*")) {
            return true;
        }
        if (input instanceof PsObject) {
            for (String n : ((PsObject) input).typeNames()) {
                if (n.equalsIgnoreCase(typeName)
                        || n.equalsIgnoreCase("Deserialized." + typeName)) {
                    return true;
                }
            }
            return false;
        }
        return input != null && Values.typeName(input).equalsIgnoreCase(typeName);
    }

    private static boolean convertible(Object input, Parameter p) {
        if (input instanceof PsObject || input == null) {
            return false;
        }
        switch (p.type()) {
            case OBJECT:
            case STRING:
                return !(input instanceof ScriptBlock);
            case INT:
                return input instanceof Number || (input instanceof String
                        && Values.parseNumber((String) input) != null);
            case BOOLEAN:
                return input instanceof Boolean || input instanceof Number;
            case SCRIPT_BLOCK:
                return input instanceof ScriptBlock;
            default:
                return false;
        }
    }

    Cmdlet cmdlet() {
        return cmdlet;
    }

    static Set<String> commonNames() {
        Set<String> s = new java.util.HashSet<>();
        for (Parameter p : COMMON) {
            s.add(p.name());
        }
        for (Parameter p : RISK) {
            s.add(p.name());
        }
        return s;
    }
}
