package org.postern.manage;

import static org.postern.config.ReceiveConnectorSchema.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.postern.config.AuthMechanism;
import org.postern.config.Binding;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.IpRange;
import org.postern.config.Property;
import org.postern.config.ReceiveConnector;
import org.postern.config.ReceiveConnectorSchema;
import org.postern.config.TransportRole;
import org.postern.config.ValueType;
import org.postern.permission.Acl;
import org.postern.permission.PermissionGroup;
import org.postern.shell.BoundParameters;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.ShellError;

/** Get-, New-, Set- and Remove-ReceiveConnector. */
final class ReceiveConnectorCmdlets {

    private static final String TYPE = ExchangeObjects.RECEIVE_CONNECTOR_TYPE;
    private static final ValueType<EnumSet<PermissionGroup>> GROUPS =
            ValueType.flags(PermissionGroup.class);

    /** The usage types of New-ReceiveConnector (section (a.5) of the fact sheet). */
    enum Usage { Custom, Internet, Internal, Client, Partner }

    private ReceiveConnectorCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(new Get(repo), new New(repo), new Set(repo), new Remove(repo));
    }

    /** One parameter per property the cmdlet may set, in schema order. */
    private static List<Parameter> propertyParameters(boolean creating) {
        List<Parameter> out = new ArrayList<>();
        for (Property<?> p : ReceiveConnectorSchema.all()) {
            boolean allowed = p.access() == Property.Access.SETTABLE
                    || (creating && p.access() == Property.Access.CREATE_ONLY);
            if (allowed) {
                out.add(p.type() == ValueType.BOOLEAN
                        ? ExchangeCmdlet.bool(p.name()) : ExchangeCmdlet.value(p.name()));
            }
        }
        return out;
    }

    /** Applies every bound property parameter to the connector. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ReceiveConnector applyProperties(ReceiveConnector c, BoundParameters params,
            boolean creating, String netbiosDomain) {
        for (Property<?> p : ReceiveConnectorSchema.all()) {
            boolean allowed = p.access() == Property.Access.SETTABLE
                    || (creating && p.access() == Property.Access.CREATE_ONLY);
            if (allowed && params.has(p.name())) {
                Object value = ExchangeCmdlet.convert(p.name(), (ValueType) p.type(),
                        params.get(p.name()), c.get(p));
                c = c.with((Property) p, value);
            }
        }
        if (params.has("PermissionGroups")) {
            EnumSet<PermissionGroup> groups = ExchangeCmdlet.convert("PermissionGroups", GROUPS,
                    params.get("PermissionGroups"), EnumSet.noneOf(PermissionGroup.class));
            c = c.withAcl(c.acl().withGroups(groups, netbiosDomain));
        }
        return c;
    }

    /** Get-ReceiveConnector [[-Identity] id] [-Server name]. */
    static final class Get extends ExchangeCmdlet {
        Get(ConfigRepository repo) {
            super(repo, "Get-ReceiveConnector", List.of(identityParameter(TYPE, false),
                    Parameter.named("Server").type(Parameter.Type.STRING).build()));
        }

        @Override
        public void process(Invocation inv) {
            Configuration cfg = repo.current();
            List<ReceiveConnector> found;
            Object id = inv.params().get("Identity");
            if (id == null) {
                found = cfg.receiveConnectors();
            } else {
                found = Identities.receiveConnectors(cfg, id);
                if (found.isEmpty()) {
                    inv.writeError(Identities.notFound(id, cfg));
                    return;
                }
            }
            String server = inv.params().string("Server");
            for (ReceiveConnector c : found) {
                if (server == null || Identities.wildcard(server, c.server())) {
                    inv.emit(ExchangeObjects.receiveConnector(c, cfg));
                }
            }
        }
    }

    /** New-ReceiveConnector -Name ... with a usage type. */
    static final class New extends ExchangeCmdlet {
        New(ConfigRepository repo) {
            super(repo, "New-ReceiveConnector", declared());
        }

        private static List<Parameter> declared() {
            List<Parameter> p = new ArrayList<>();
            p.add(Parameter.named("Name").type(Parameter.Type.STRING).position(0).mandatory()
                    .build());
            p.add(ExchangeCmdlet.value("Usage"));
            for (Usage u : Usage.values()) {
                p.add(Parameter.switchNamed(u.name()));
            }
            p.add(Parameter.named("Server").type(Parameter.Type.STRING).build());
            p.add(ExchangeCmdlet.value("PermissionGroups"));
            p.add(RelayGuard.force());
            p.addAll(propertyParameters(true));
            return p;
        }

        @Override
        public void process(Invocation inv) {
            BoundParameters params = inv.params();
            String name = params.string("Name");
            Usage usage = usage(params);
            Configuration cfg = repo.current();
            String server = params.has("Server") ? params.string("Server") : cfg.server().name();
            if (!server.equalsIgnoreCase(cfg.server().name())
                    && !server.equalsIgnoreCase(cfg.server().fqdn())) {
                throw Identities.notFound(server, cfg);
            }
            if (!inv.shouldProcess("Creating Receive connector \"" + cfg.server().name() + "\\"
                    + name + "\".")) {
                return;
            }
            RelayGuard guard = new RelayGuard(inv);
            Configuration after = change(inv, before -> {
                if (before.receiveConnector(name).isPresent()) {
                    throw new ShellError("A Receive connector named \"" + name
                            + "\" already exists on server \"" + before.server().name()
                            + "\". Choose another name.", ErrorCategory.NotSpecified,
                            "ADObjectAlreadyExistsException", null, null);
                }
                ReceiveConnector c = create(name, usage, params, before);
                return guard.check(before, before.withReceiveConnector(c));
            });
            guard.warn();
            inv.emit(ExchangeObjects.receiveConnector(after.receiveConnector(name).orElseThrow(),
                    after));
        }

        private static Usage usage(BoundParameters params) {
            Usage chosen = null;
            int count = 0;
            for (Usage u : Usage.values()) {
                if (params.bool(u.name())) {
                    chosen = u;
                    count++;
                }
            }
            if (params.has("Usage")) {
                chosen = ExchangeCmdlet.convert("Usage", ValueType.enumeration(Usage.class),
                        params.get("Usage"), null);
                count++;
            }
            if (count == 0) {
                throw new ShellError("Specify the usage type of the new Receive connector with"
                        + " one of -Custom, -Internet, -Internal, -Client or -Partner.",
                        ErrorCategory.InvalidArgument, "ParameterBindingException", null,
                        "MissingUsageType");
            }
            if (count > 1) {
                throw new ShellError("Parameter set cannot be resolved using the specified named"
                        + " parameters: give only one usage type.", ErrorCategory.InvalidArgument,
                        "ParameterBindingException", null, "AmbiguousParameterSet");
            }
            return chosen;
        }

        private static ReceiveConnector create(String name, Usage usage, BoundParameters params,
                Configuration cfg) {
            boolean bindingsGiven = params.has("Bindings");
            boolean rangesGiven = params.has("RemoteIPRanges");
            ReceiveConnector c = ReceiveConnector.create(name, cfg.server().name(), Instant.now())
                    .with(FQDN, cfg.server().fqdn());
            EnumSet<AuthMechanism> auth;
            EnumSet<PermissionGroup> groups;
            switch (usage) {
                case Internet:
                    if (rangesGiven) {
                        throw notAllowed("RemoteIPRanges", usage);
                    }
                    requireGiven(bindingsGiven, "Bindings", usage);
                    auth = EnumSet.of(AuthMechanism.Tls);
                    groups = EnumSet.of(PermissionGroup.AnonymousUsers);
                    c = c.with(REMOTE_IP_RANGES, List.of(IpRange.ALL_IPV4));
                    break;
                case Internal:
                    if (bindingsGiven) {
                        throw notAllowed("Bindings", usage);
                    }
                    requireGiven(rangesGiven, "RemoteIPRanges", usage);
                    auth = EnumSet.of(AuthMechanism.Tls, AuthMechanism.ExchangeServer);
                    groups = EnumSet.of(PermissionGroup.ExchangeLegacyServers,
                            PermissionGroup.ExchangeServers);
                    c = c.with(BINDINGS, List.of(Binding.parse("0.0.0.0:25")));
                    break;
                case Client:
                    if (bindingsGiven) {
                        throw notAllowed("Bindings", usage);
                    }
                    requireGiven(rangesGiven, "RemoteIPRanges", usage);
                    auth = EnumSet.of(AuthMechanism.Tls, AuthMechanism.BasicAuth,
                            AuthMechanism.BasicAuthRequireTLS, AuthMechanism.Integrated);
                    groups = EnumSet.of(PermissionGroup.ExchangeUsers);
                    c = c.with(BINDINGS, List.of(Binding.parse("0.0.0.0:587")));
                    break;
                case Partner:
                    requireGiven(bindingsGiven, "Bindings", usage);
                    requireGiven(rangesGiven, "RemoteIPRanges", usage);
                    auth = EnumSet.of(AuthMechanism.Tls);
                    groups = EnumSet.of(PermissionGroup.Partners);
                    break;
                default:
                    requireGiven(bindingsGiven, "Bindings", usage);
                    requireGiven(rangesGiven, "RemoteIPRanges", usage);
                    auth = EnumSet.of(AuthMechanism.Tls);
                    groups = EnumSet.noneOf(PermissionGroup.class);
                    break;
            }
            c = c.with(AUTH_MECHANISM, auth)
                    .withAcl(Acl.empty().withGroups(groups, cfg.server().netbiosDomain()));
            if (!params.has("TransportRole")) {
                c = c.with(TRANSPORT_ROLE, TransportRole.HubTransport);
            }
            return applyProperties(c, params, true, cfg.server().netbiosDomain());
        }

        private static void requireGiven(boolean given, String parameter, Usage usage) {
            if (!given) {
                throw new ShellError("The " + parameter + " parameter is required when you"
                        + " create a Receive connector of the " + usage + " usage type.",
                        ErrorCategory.InvalidArgument, "ParameterBindingException", null,
                        "MissingMandatoryParameter");
            }
        }

        private static ShellError notAllowed(String parameter, Usage usage) {
            return new ShellError("The " + parameter + " parameter can't be used with the "
                    + usage + " usage type; it sets " + parameter + " itself.",
                    ErrorCategory.InvalidArgument, "ParameterBindingException", null,
                    "ParameterNotAllowed");
        }
    }

    /** Set-ReceiveConnector [-Identity] id -Property value ... */
    static final class Set extends ExchangeCmdlet {
        Set(ConfigRepository repo) {
            super(repo, "Set-ReceiveConnector", declared());
        }

        private static List<Parameter> declared() {
            List<Parameter> p = new ArrayList<>();
            p.add(identityParameter(TYPE, true));
            p.add(Parameter.named("Name").type(Parameter.Type.STRING).build());
            p.add(ExchangeCmdlet.value("PermissionGroups"));
            p.add(RelayGuard.force());
            p.addAll(propertyParameters(false));
            return p;
        }

        @Override
        public void process(Invocation inv) {
            Object id = inv.params().get("Identity");
            Configuration now = repo.current();
            ReceiveConnector target = Identities.oneReceiveConnector(now, id);
            if (!inv.shouldProcess("Configuring Receive connector \"" + target.identity()
                    + "\".")) {
                return;
            }
            boolean[] modified = {false};
            RelayGuard guard = new RelayGuard(inv);
            change(inv, before -> {
                ReceiveConnector c = Identities.oneReceiveConnector(before, id);
                ReceiveConnector updated = applyProperties(c, inv.params(), false,
                        before.server().netbiosDomain());
                if (inv.params().has("Name")) {
                    String newName = inv.params().string("Name");
                    if (before.receiveConnector(newName).filter(o -> o != c).isPresent()) {
                        throw new ShellError("A Receive connector named \"" + newName
                                + "\" already exists.", ErrorCategory.NotSpecified,
                                "ADObjectAlreadyExistsException", null, null);
                    }
                    updated = updated.withName(newName);
                }
                if (updated.equals(c)) {
                    return before;
                }
                modified[0] = true;
                return guard.check(before,
                        before.withReceiveConnector(updated.changedAt(Instant.now())));
            });
            guard.warn();
            if (!modified[0]) {
                inv.warnNothingModified(target.identity());
            }
        }
    }

    /** Remove-ReceiveConnector [-Identity] id. */
    static final class Remove extends ExchangeCmdlet {
        Remove(ConfigRepository repo) {
            super(repo, "Remove-ReceiveConnector", List.of(identityParameter(TYPE, true)));
        }

        @Override
        public void process(Invocation inv) {
            removeOne(inv, "Receive connector", Identities::oneReceiveConnector,
                    ReceiveConnector::identity, Configuration::withoutReceiveConnector);
        }
    }

}
