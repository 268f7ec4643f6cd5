package org.postern.manage;

import static org.postern.config.ReceiveConnectorSchema.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.ConnectorRules;
import org.postern.config.Property;
import org.postern.config.ReceiveConnector;
import org.postern.config.ReceiveConnectorSchema;
import org.postern.config.ReceiveConnectorUsage;
import org.postern.config.TransportRole;
import org.postern.config.ValueType;
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

    private ReceiveConnectorCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(new Get(repo), new New(repo), new Set(repo), new Remove(repo));
    }

    /** One parameter per property the cmdlet may set, in schema order. */
    private static List<Parameter> propertyParameters(boolean creating) {
        List<Parameter> out = new ArrayList<>();
        for (Property<?> p : ReceiveConnectorSchema.all()) {
            if (p.settable(creating)) {
                out.add(p.type() == ValueType.BOOLEAN
                        ? ExchangeCmdlet.bool(p.name()) : ExchangeCmdlet.value(p.name()));
            }
        }
        return out;
    }

    /**
     * Applies every bound property parameter to the connector. DefaultDomain names an accepted
     * domain of the configuration, which it must exist in.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ReceiveConnector applyProperties(ReceiveConnector c, BoundParameters params,
            boolean creating, Configuration cfg) {
        for (Property<?> p : ReceiveConnectorSchema.all()) {
            if (p.settable(creating) && params.has(p.name())) {
                Object value = ExchangeCmdlet.convert(p.name(), (ValueType) p.type(),
                        params.get(p.name()), c.get(p));
                if (p == DEFAULT_DOMAIN && value != null) {
                    value = Identities.oneAcceptedDomain(cfg, value).name();
                }
                c = c.with((Property) p, value);
            }
        }
        if (params.has("PermissionGroups")) {
            EnumSet<PermissionGroup> groups = ExchangeCmdlet.convert("PermissionGroups", GROUPS,
                    params.get("PermissionGroups"), EnumSet.noneOf(PermissionGroup.class));
            c = c.withAcl(c.acl().withGroups(groups, cfg.server().netbiosDomain()));
        }
        return c;
    }

    /**
     * Get-ReceiveConnector [[-Identity] id[,id...]] | [-Server name]. Each identity may match
     * several connectors (wildcards); one that matches none is a non-terminating error and the
     * others still print. A $null identity means all. -Server takes this server's name or FQDN
     * and cannot go with -Identity (two parameter sets in Exchange).
     */
    static final class Get extends ExchangeCmdlet {
        Get(ConfigRepository repo) {
            super(repo, "Get-ReceiveConnector", List.of(identityParameter(TYPE, false),
                    Parameter.named("Server").type(Parameter.Type.STRING).build()));
        }

        @Override
        public void process(Invocation inv) {
            Configuration cfg = repo.current();
            Object id = inv.params().get("Identity");
            if (inv.params().has("Server")) {
                if (id != null) {
                    throw ShellError.ambiguousParameterSet();
                }
                Identities.thisServer(cfg, inv.params().string("Server"));
            }
            if (id == null) {
                emitAll(inv, cfg.receiveConnectors(), cfg);
                return;
            }
            for (Object one : Identities.each(id)) {
                List<ReceiveConnector> found = Identities.receiveConnectors(cfg, one);
                if (found.isEmpty()) {
                    inv.writeError(Identities.notFound(one, cfg));
                }
                emitAll(inv, found, cfg);
            }
        }

        private static void emitAll(Invocation inv, List<ReceiveConnector> found,
                Configuration cfg) {
            for (ReceiveConnector c : found) {
                inv.emit(ExchangeObjects.receiveConnector(c, cfg));
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
            for (ReceiveConnectorUsage u : ReceiveConnectorUsage.values()) {
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
            ReceiveConnectorUsage usage = usage(params);
            Configuration cfg = repo.current();
            if (params.has("Server")) {
                Identities.thisServer(cfg, params.string("Server"));
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
                Configuration with = before.withReceiveConnector(c);
                // A connector that breaks a rule is refused for that, before the relay guard.
                ConnectorRules.check(c, with);
                return guard.check(before, with);
            });
            guard.warn();
            inv.emit(ExchangeObjects.receiveConnector(after.receiveConnector(name).orElseThrow(),
                    after));
        }

        private static ReceiveConnectorUsage usage(BoundParameters params) {
            ReceiveConnectorUsage chosen = null;
            int count = 0;
            for (ReceiveConnectorUsage u : ReceiveConnectorUsage.values()) {
                if (params.bool(u.name())) {
                    chosen = u;
                    count++;
                }
            }
            if (params.has("Usage")) {
                chosen = ExchangeCmdlet.convert("Usage",
                        ValueType.enumeration(ReceiveConnectorUsage.class), params.get("Usage"),
                        null);
                count++;
            }
            if (count == 0) {
                throw new ShellError("Specify the usage type of the new Receive connector with"
                        + " one of -Custom, -Internet, -Internal, -Client or -Partner.",
                        ErrorCategory.InvalidArgument, "ParameterBindingException", null,
                        "MissingUsageType");
            }
            if (count > 1) {
                throw ShellError.ambiguousParameterSet();
            }
            return chosen;
        }

        private static ReceiveConnector create(String name, ReceiveConnectorUsage usage,
                BoundParameters params, Configuration cfg) {
            given(usage, params, "Bindings", usage.suppliesBindings());
            given(usage, params, "RemoteIPRanges", usage.suppliesRemoteIpRanges());
            ReceiveConnector c = ReceiveConnector.create(name, cfg.server().name(), Instant.now())
                    .with(FQDN, cfg.server().fqdn())
                    .with(TRANSPORT_ROLE, TransportRole.HubTransport);
            c = usage.seed(c, cfg.server().netbiosDomain());
            return applyProperties(c, params, true, cfg);
        }

        /** -Bindings or -RemoteIPRanges: refused when the usage supplies it, else required. */
        private static void given(ReceiveConnectorUsage usage, BoundParameters params,
                String parameter, boolean supplied) {
            if (supplied && params.has(parameter)) {
                throw notAllowed(parameter, usage);
            }
            requireGiven(supplied || params.has(parameter), parameter, usage);
        }

        private static void requireGiven(boolean given, String parameter,
                ReceiveConnectorUsage usage) {
            if (!given) {
                throw new ShellError("The " + parameter + " parameter is required when you"
                        + " create a Receive connector of the " + usage + " usage type.",
                        ErrorCategory.InvalidArgument, "ParameterBindingException", null,
                        "MissingMandatoryParameter");
            }
        }

        private static ShellError notAllowed(String parameter, ReceiveConnectorUsage usage) {
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
            ReceiveConnector target = Identities.oneReceiveConnector(inv, repo.current(), id);
            if (target == null || !inv.shouldProcess("Configuring Receive connector \""
                    + target.identity() + "\".")) {
                return;
            }
            boolean[] modified = {false};
            RelayGuard guard = new RelayGuard(inv);
            change(inv, before -> {
                ReceiveConnector c = Identities.oneReceiveConnector(before, id);
                ReceiveConnector updated = applyProperties(c, inv.params(), false, before);
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
                Configuration after = before.withReceiveConnector(updated.changedAt(Instant.now()));
                ConnectorRules.check(updated, after);
                return guard.check(before, after);
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
            Object id = inv.params().get("Identity");
            ReceiveConnector target = Identities.oneReceiveConnector(inv, repo.current(), id);
            if (target == null || !inv.shouldProcess("Removing Receive connector \""
                    + target.identity() + "\".")) {
                return;
            }
            change(inv, before -> before.withoutReceiveConnector(
                    Identities.oneReceiveConnector(before, id)));
        }
    }

}
