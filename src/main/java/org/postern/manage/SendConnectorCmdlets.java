package org.postern.manage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postern.config.AddressSpace;
import org.postern.config.ByteLimit;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.SendConnector;
import org.postern.config.SendConnectorUsage;
import org.postern.config.SmartHost;
import org.postern.config.SmartHostAuthMechanism;
import org.postern.config.ValueType;
import org.postern.shell.BoundParameters;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.ShellError;

/**
 * New-, Get-, Set- and Remove-SendConnector: how Postern routes mail that leaves it. The rules
 * (smart hosts only with DNS routing off, Basic authentication only with a credential, valid
 * address spaces) are {@link org.postern.config.SendConnectorRules}, applied to the connector as
 * the whole command leaves it.
 */
final class SendConnectorCmdlets {

    private static final String TYPE = ExchangeObjects.SEND_CONNECTOR_TYPE;
    private static final ValueType<List<AddressSpace>> ADDRESS_SPACES =
            ValueType.list(AddressSpace::parse, AddressSpace.class);
    private static final ValueType<List<SmartHost>> SMART_HOSTS =
            ValueType.list(SmartHost::parse, SmartHost.class);
    private static final ValueType<List<String>> SERVERS = ValueType.STRINGS;
    private static final ValueType<ByteLimit> BYTE_LIMIT = ValueType.BYTE_LIMIT;

    /** The settable parameters New- and Set- share, in Exchange's order. */
    private static final List<String> SETTINGS = List.of("AddressSpaces", "SmartHosts", "Port",
            "DNSRoutingEnabled", "SmartHostAuthMechanism", "AuthenticationCredential",
            "RequireTLS", "MaxMessageSize", "Fqdn", "Enabled", "ConnectionInactivityTimeOut",
            "SmtpMaxMessagesPerConnection", "SourceTransportServers", "Comment");

    private SendConnectorCmdlets() {
    }

    static List<ExchangeCmdlet> all(ConfigRepository repo) {
        return List.of(new New(repo), new Get(repo), new Set(repo), new Remove(repo));
    }

    private static List<Parameter> settingParameters() {
        List<Parameter> out = new ArrayList<>();
        for (String name : SETTINGS) {
            boolean bool = name.equals("DNSRoutingEnabled") || name.equals("RequireTLS")
                    || name.equals("Enabled");
            out.add(bool ? ExchangeCmdlet.bool(name) : ExchangeCmdlet.value(name));
        }
        return out;
    }

    /** Applies every bound setting to the connector being built. */
    private static SendConnector apply(SendConnector c, BoundParameters p, Configuration cfg) {
        SendConnector.Builder b = c.toBuilder();
        if (p.has("AddressSpaces")) {
            b.addressSpaces(ExchangeCmdlet.convert("AddressSpaces", ADDRESS_SPACES,
                    p.get("AddressSpaces"), c.addressSpaces()));
        }
        if (p.has("SmartHosts")) {
            b.smartHosts(ExchangeCmdlet.convert("SmartHosts", SMART_HOSTS, p.get("SmartHosts"),
                    c.smartHosts()));
        }
        if (p.has("Port")) {
            b.port(ExchangeCmdlet.convert("Port", ValueType.integer(), p.get("Port"), c.port()));
        }
        if (p.has("DNSRoutingEnabled")) {
            b.dnsRoutingEnabled(p.bool("DNSRoutingEnabled"));
        }
        if (p.has("SmartHostAuthMechanism")) {
            b.smartHostAuthMechanism(ExchangeCmdlet.convert("SmartHostAuthMechanism",
                    ValueType.enumeration(SmartHostAuthMechanism.class),
                    p.get("SmartHostAuthMechanism"), c.smartHostAuthMechanism()));
        }
        if (p.has("AuthenticationCredential")) {
            b.authenticationCredential(CredentialArgument.convert(
                    p.get("AuthenticationCredential")));
        }
        if (p.has("RequireTLS")) {
            b.requireTls(p.bool("RequireTLS"));
        }
        if (p.has("MaxMessageSize")) {
            b.maxMessageSize(ExchangeCmdlet.convert("MaxMessageSize", BYTE_LIMIT,
                    p.get("MaxMessageSize"), c.maxMessageSize()));
        }
        if (p.has("Fqdn")) {
            b.fqdn(ExchangeCmdlet.convert("Fqdn", ValueType.STRING, p.get("Fqdn"), c.fqdn()));
        }
        if (p.has("Enabled")) {
            b.enabled(p.bool("Enabled"));
        }
        if (p.has("ConnectionInactivityTimeOut")) {
            b.connectionInactivityTimeOut(ExchangeCmdlet.convert("ConnectionInactivityTimeOut",
                    ValueType.TIMESPAN, p.get("ConnectionInactivityTimeOut"),
                    c.connectionInactivityTimeOut()));
        }
        if (p.has("SmtpMaxMessagesPerConnection")) {
            b.smtpMaxMessagesPerConnection(ExchangeCmdlet.convert("SmtpMaxMessagesPerConnection",
                    ValueType.integer(), p.get("SmtpMaxMessagesPerConnection"),
                    c.smtpMaxMessagesPerConnection()));
        }
        if (p.has("SourceTransportServers")) {
            List<String> servers = ExchangeCmdlet.convert("SourceTransportServers", SERVERS,
                    p.get("SourceTransportServers"), c.sourceTransportServers());
            for (String s : servers) {
                if (!s.equalsIgnoreCase(cfg.server().name())
                        && !s.equalsIgnoreCase(cfg.server().fqdn())) {
                    throw new ShellError("The SourceTransportServers value \"" + s + "\" isn't"
                            + " valid: the only transport server is " + cfg.server().name()
                            + ".", ErrorCategory.InvalidArgument, "DataValidationException",
                            null, null);
                }
            }
            if (servers.isEmpty()) {
                throw new ShellError("The SourceTransportServers parameter can't be empty.",
                        ErrorCategory.InvalidArgument, "DataValidationException", null, null);
            }
            b.sourceTransportServers(List.of(cfg.server().name()));
        }
        if (p.has("Comment")) {
            b.comment(ExchangeCmdlet.convert("Comment", ValueType.STRING, p.get("Comment"),
                    c.comment()));
        }
        return b.build(c.whenChanged());
    }

    /** New-SendConnector -Name name [-Usage u | -Custom | -Internet | ...] -AddressSpaces ... */
    static final class New extends ExchangeCmdlet {
        New(ConfigRepository repo) {
            super(repo, "New-SendConnector", declared());
        }

        private static List<Parameter> declared() {
            List<Parameter> p = new ArrayList<>();
            p.add(Parameter.named("Name").type(Parameter.Type.STRING).position(0).mandatory()
                    .build());
            p.add(ExchangeCmdlet.value("Usage"));
            for (SendConnectorUsage u : SendConnectorUsage.values()) {
                p.add(Parameter.switchNamed(u.name()));
            }
            p.addAll(settingParameters());
            return p;
        }

        @Override
        public void process(Invocation inv) {
            BoundParameters params = inv.params();
            String name = params.string("Name");
            if (!params.has("AddressSpaces")) {
                throw missing("AddressSpaces");
            }
            SendConnectorUsage usage = usage(params);
            if (!inv.shouldProcess("Creating Send connector \"" + name + "\".")) {
                return;
            }
            Configuration after = change(inv, before -> {
                Instant now = Instant.now();
                SendConnector c = SendConnector.create(name, usage, List.of(),
                        before.server().name(), now);
                return before.withSendConnector(apply(c, params, before));
            });
            inv.emit(ExchangeObjects.sendConnector(after.sendConnector(name).orElseThrow(),
                    after));
        }

        /** The usage type: a switch, -Usage, or Custom when neither is given. */
        private static SendConnectorUsage usage(BoundParameters params) {
            SendConnectorUsage chosen = SendConnectorUsage.Custom;
            int count = 0;
            for (SendConnectorUsage u : SendConnectorUsage.values()) {
                if (params.bool(u.name())) {
                    chosen = u;
                    count++;
                }
            }
            if (params.has("Usage")) {
                chosen = ExchangeCmdlet.convert("Usage",
                        ValueType.enumeration(SendConnectorUsage.class), params.get("Usage"),
                        null);
                count++;
            }
            if (count > 1) {
                throw new ShellError("Parameter set cannot be resolved using the specified named"
                        + " parameters: give only one usage type.", ErrorCategory.InvalidArgument,
                        "ParameterBindingException", null, null);
            }
            return chosen;
        }
    }

    /** Get-SendConnector [[-Identity] name]. */
    static final class Get extends ExchangeCmdlet {
        Get(ConfigRepository repo) {
            super(repo, "Get-SendConnector", List.of(identityParameter(TYPE, false)));
        }

        @Override
        public void process(Invocation inv) {
            emitFound(inv, repo.current().sendConnectors(), Identities::sendConnectors,
                    ExchangeObjects::sendConnector);
        }
    }

    /** Set-SendConnector [-Identity] name -Setting value ... */
    static final class Set extends ExchangeCmdlet {
        Set(ConfigRepository repo) {
            super(repo, "Set-SendConnector", declared());
        }

        private static List<Parameter> declared() {
            List<Parameter> p = new ArrayList<>();
            p.add(identityParameter(TYPE, true));
            p.add(Parameter.named("Name").type(Parameter.Type.STRING).build());
            p.addAll(settingParameters());
            return p;
        }

        @Override
        public void process(Invocation inv) {
            Object id = inv.params().get("Identity");
            SendConnector target = Identities.oneSendConnector(repo.current(), id);
            if (!inv.shouldProcess("Configuring Send connector \"" + target.identity()
                    + "\".")) {
                return;
            }
            boolean[] modified = {false};
            change(inv, before -> {
                SendConnector c = Identities.oneSendConnector(before, id);
                SendConnector updated = apply(c, inv.params(), before);
                if (inv.params().has("Name")) {
                    updated = updated.toBuilder().name(inv.params().string("Name"))
                            .build(updated.whenChanged());
                }
                if (updated.equals(c)) {
                    return before;
                }
                modified[0] = true;
                return before.withSendConnector(updated.toBuilder().build(Instant.now()));
            });
            if (!modified[0]) {
                inv.warnNothingModified(target.identity());
            }
        }
    }

    /** Remove-SendConnector [-Identity] name. */
    static final class Remove extends ExchangeCmdlet {
        Remove(ConfigRepository repo) {
            super(repo, "Remove-SendConnector", List.of(identityParameter(TYPE, true)));
        }

        @Override
        public void process(Invocation inv) {
            removeOne(inv, "Send connector", Identities::oneSendConnector,
                    SendConnector::identity, Configuration::withoutSendConnector);
        }
    }
}
