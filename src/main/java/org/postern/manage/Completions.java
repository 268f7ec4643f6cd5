package org.postern.manage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.postern.admin.CompletionQuery;
import org.postern.config.AcceptedDomain;
import org.postern.config.Binding;
import org.postern.config.Configuration;
import org.postern.config.Mailbox;
import org.postern.config.Property;
import org.postern.config.ReceiveConnector;
import org.postern.config.ReceiveConnectorSchema;
import org.postern.config.SendConnector;
import org.postern.permission.ExtendedRight;
import org.postern.permission.PermissionGroup;
import org.postern.permission.Principal;
import org.postern.shell.Cmdlet;
import org.postern.shell.CommandRegistry;
import org.postern.shell.GetHelp;
import org.postern.shell.Parameter;

/**
 * Tab completion for {@code postern shell}, from the server's commands and configuration:
 * command names, the parameters of the command being typed, and the values of its parameters
 * (the identities of receive and send connectors, accepted domains and mailboxes, principals,
 * extended rights, permission groups, enumeration values, bindings). Matching is by prefix,
 * ignoring case, as PowerShell's completion does.
 */
final class Completions {

    /**
     * PowerShell 5.1's common parameters, offered after a command's own, with the types that
     * tell whether they take a value.
     */
    private static final List<Parameter> COMMON = List.of(
            Parameter.switchNamed("Verbose"), Parameter.switchNamed("Debug"),
            Parameter.named("ErrorAction").build(), Parameter.named("WarningAction").build(),
            Parameter.named("InformationAction").build(),
            Parameter.named("ErrorVariable").build(), Parameter.named("WarningVariable").build(),
            Parameter.named("InformationVariable").build(),
            Parameter.named("OutVariable").build(), Parameter.named("OutBuffer").build(),
            Parameter.named("PipelineVariable").build());
    /** -WhatIf and -Confirm, for commands that support ShouldProcess. */
    private static final List<Parameter> RISK = List.of(Parameter.switchNamed("WhatIf"),
            Parameter.switchNamed("Confirm"));
    /** The values of -ErrorAction and -WarningAction. */
    private static final List<String> ACTIONS = List.of("SilentlyContinue", "Stop", "Continue",
            "Inquire", "Ignore");

    private final CommandRegistry registry;
    private final Configuration cfg;

    Completions(CommandRegistry registry, Configuration cfg) {
        this.registry = registry;
        this.cfg = cfg;
    }

    List<String> complete(CompletionQuery q) {
        switch (q.kind()) {
            case COMMAND:
                List<String> names = new ArrayList<>();
                for (Cmdlet c : registry.all()) {
                    names.add(c.name());
                }
                names.sort(String.CASE_INSENSITIVE_ORDER);
                return matching(names, q.prefix());
            case PARAMETER:
                return registry.find(q.command()).map(c -> parameters(c, q.prefix()))
                        .orElse(List.of());
            default:
                return registry.find(q.command()).map(c -> arguments(c, q)).orElse(List.of());
        }
    }

    /** The command's parameters, then the common ones, as the binder knows them. */
    private static List<Parameter> all(Cmdlet c) {
        List<Parameter> out = new ArrayList<>(c.parameters());
        out.addAll(COMMON);
        if (c.supportsShouldProcess()) {
            out.addAll(RISK);
        }
        return out;
    }

    private static List<String> parameters(Cmdlet c, String prefix) {
        List<String> names = new ArrayList<>();
        for (Parameter p : all(c)) {
            names.add(p.name());
        }
        List<String> out = new ArrayList<>();
        for (String n : matching(names, prefix)) {
            out.add("-" + n);
        }
        return out;
    }

    /** The parameter the value being typed is for, from the words before it; may be empty. */
    private static Optional<Parameter> target(Cmdlet c, List<String> words) {
        Parameter pending = null;
        int positional = 0;
        boolean arrayGoesOn = false;
        Parameter arrayOf = null;
        for (String w : words) {
            if (arrayGoesOn) {
                arrayGoesOn = w.endsWith(",");
                continue;
            }
            if (pending != null) {
                arrayOf = pending;
                arrayGoesOn = w.endsWith(",");
                pending = null;
                continue;
            }
            if (isParameterToken(w)) {
                String name = w.substring(1);
                int colon = name.indexOf(':');
                Parameter p = find(c, colon >= 0 ? name.substring(0, colon) : name);
                if (p != null && colon < 0 && p.type() != Parameter.Type.SWITCH) {
                    pending = p;
                }
                arrayOf = null;
                continue;
            }
            arrayOf = positional(c, positional++);
            arrayGoesOn = w.endsWith(",");
        }
        if (pending != null) {
            return Optional.of(pending);
        }
        if (arrayGoesOn && arrayOf != null) {
            return Optional.of(arrayOf);
        }
        return Optional.ofNullable(positional(c, positional));
    }

    private static boolean isParameterToken(String w) {
        return w.length() > 1 && "-\u2013\u2014\u2015".indexOf(w.charAt(0)) >= 0
                && Character.isLetter(w.charAt(1));
    }

    /** The parameter a typed name binds: exact name or alias, else the only prefix match. */
    private static Parameter find(Cmdlet c, String typed) {
        String t = typed.toLowerCase(Locale.ROOT);
        List<Parameter> prefixed = new ArrayList<>();
        for (Parameter p : all(c)) {
            if (p.name().equalsIgnoreCase(t)
                    || p.aliases().stream().anyMatch(t::equalsIgnoreCase)) {
                return p;
            }
            if (p.name().toLowerCase(Locale.ROOT).startsWith(t)) {
                prefixed.add(p);
            }
        }
        return prefixed.size() == 1 ? prefixed.get(0) : null;
    }

    private static Parameter positional(Cmdlet c, int position) {
        for (Parameter p : c.parameters()) {
            if (p.position() == position) {
                return p;
            }
        }
        return null;
    }

    private List<String> arguments(Cmdlet c, CompletionQuery q) {
        Optional<Parameter> p = target(c, q.arguments());
        if (p.isEmpty()) {
            return List.of();
        }
        if (c.name().equals("Get-Help")) {
            return matching(helpValues(p.get(), q.arguments()), q.prefix());
        }
        return matching(values(c, p.get()), q.prefix());
    }

    /**
     * Get-Help's values: command names for -Name, and for -Parameter the parameters of the
     * command named before it ({@code Get-Help Set-ReceiveConnector -Parameter Rem}).
     */
    private List<String> helpValues(Parameter p, List<String> words) {
        if (p.name().equals("Name")) {
            return complete(new CompletionQuery(CompletionQuery.Kind.COMMAND, "", List.of(),
                    ""));
        }
        if (!p.name().equals("Parameter")) {
            return List.of();
        }
        String command = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (isParameterToken(w)) {
                if (w.substring(1).equalsIgnoreCase("Name") && i + 1 < words.size()) {
                    command = words.get(++i);
                } else if (!w.contains(":") && takesValue(w)) {
                    i++;
                }
            } else if (command == null) {
                command = w;
            }
        }
        return command == null ? List.of() : registry.find(unquote(command))
                .map(GetHelp::parameterNames).orElse(List.of());
    }

    /** Whether a parameter token of Get-Help takes a value (the word after it is that). */
    private boolean takesValue(String token) {
        Parameter p = registry.find("Get-Help").map(h -> find(h, token.substring(1)))
                .orElse(null);
        return p != null && p.type() != Parameter.Type.SWITCH;
    }

    private static String unquote(String w) {
        return w.length() >= 2 && (w.startsWith("'") || w.startsWith("\""))
                ? w.substring(1, w.length() - 1) : w;
    }

    /** The values a parameter of a command takes, as far as the server knows them. */
    private List<String> values(Cmdlet c, Parameter p) {
        String name = p.name().toLowerCase(Locale.ROOT);
        String noun = c.name().substring(c.name().indexOf('-') + 1).toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        switch (name) {
            case "identity":
                return identities(noun);
            case "user":
                for (Principal pr : Principal.wellKnown(cfg.server().netbiosDomain())) {
                    out.add(pr.name());
                }
                return out;
            case "extendedrights":
                for (ExtendedRight r : ExtendedRight.values()) {
                    out.add(r.adsName());
                }
                return out;
            case "permissiongroups":
                for (PermissionGroup g : EnumSet.complementOf(EnumSet.of(PermissionGroup.Custom))) {
                    out.add(g.name());
                }
                return out;
            case "server":
                return List.of(cfg.server().name());
            case "erroraction":
            case "warningaction":
                return ACTIONS;
            case "localendpoint":
                Set<String> bound = new LinkedHashSet<>();
                for (ReceiveConnector rc : cfg.receiveConnectors()) {
                    for (Binding b : rc.bindings()) {
                        bound.add(b.toString());
                    }
                }
                return new ArrayList<>(bound);
            default:
                break;
        }
        if (p.type() == Parameter.Type.BOOLEAN) {
            return List.of("$true", "$false");
        }
        if (noun.equals("receiveconnector")) {
            Optional<Property<?>> prop = ReceiveConnectorSchema.byName(p.name());
            if (prop.isPresent()) {
                return enumValues(prop.get().defaultValue());
            }
        }
        return List.of();
    }

    /** The names of an enumeration, from a property's default value (an enum or an EnumSet). */
    private static List<String> enumValues(Object defaultValue) {
        Class<?> type = null;
        if (defaultValue instanceof Enum) {
            type = ((Enum<?>) defaultValue).getDeclaringClass();
        } else if (defaultValue instanceof EnumSet && !((EnumSet<?>) defaultValue).isEmpty()) {
            type = ((Enum<?>) ((EnumSet<?>) defaultValue).iterator().next()).getDeclaringClass();
        }
        List<String> out = new ArrayList<>();
        if (type != null) {
            for (Object e : type.getEnumConstants()) {
                out.add(((Enum<?>) e).name());
            }
        }
        return out;
    }

    private List<String> identities(String noun) {
        List<String> out = new ArrayList<>();
        switch (noun) {
            case "receiveconnector":
            case "adpermission":
                for (ReceiveConnector c : cfg.receiveConnectors()) {
                    out.add(c.name());
                }
                break;
            case "accepteddomain":
                for (AcceptedDomain d : cfg.acceptedDomains()) {
                    out.add(d.name());
                }
                break;
            case "sendconnector":
                for (SendConnector c : cfg.sendConnectors()) {
                    out.add(c.name());
                }
                break;
            case "mailbox":
                for (Mailbox m : cfg.mailboxes()) {
                    out.add(m.name());
                }
                break;
            case "transportservice":
                out.add(cfg.server().name());
                break;
            default:
                break;
        }
        out.sort(String.CASE_INSENSITIVE_ORDER);
        return out;
    }

    private static List<String> matching(List<String> all, String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String s : all) {
            if (s.toLowerCase(Locale.ROOT).startsWith(p) && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
