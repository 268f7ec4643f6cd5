package org.postern.manage;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postern.antispam.AntispamAgents;
import org.postern.antispam.Rejection;
import org.postern.config.Binding;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.ReceiveConnector;
import org.postern.config.TimeSpans;
import org.postern.listen.ConnectorSelector;
import org.postern.listen.ConnectorSessionPolicy;
import org.postern.permission.AccessEntry;
import org.postern.permission.Acl;
import org.postern.permission.ExtendedRight;
import org.postern.permission.Principal;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;
import org.postern.shell.View;
import org.postern.smtp.Account;
import org.postern.smtp.EnvelopeRules;
import org.postern.smtp.Reply;
import org.postern.smtp.SessionPolicy;
import org.postern.smtp.StartTls;

/**
 * {@code Test-ReceiveConnectorAccess -RemoteIPAddress IP [-LocalEndPoint IP:PORT] [-Sender ADDR]
 * [-Recipient ADDR] [-User LOGIN]}: Postern's own cmdlet (Exchange has none like it). It answers
 * "what happens when this host connects here and sends this message?" with the code the live
 * server runs:
 * {@link ConnectorSelector} picks the connector, {@link ConnectorSessionPolicy} gives the
 * session's principal and rights, and {@link EnvelopeRules} decides MAIL and RCPT, so the
 * answer is the reply a real session gets.
 *
 * <p>Without -LocalEndPoint it answers for every local endpoint an enabled connector binds in
 * the client's address family (a wildcard binding as {@code 0.0.0.0:port} or {@code [::]:port},
 * standing for any local address not bound specifically).
 *
 * <p>With -User (a login name: a mailbox address or {@code DOMAIN\alias}) it answers for a
 * session that signed in as that mailbox with the right password (no password is asked for):
 * whether the connector lets it sign in, then its principal and rights and the replies, through
 * {@link ConnectorSessionPolicy#authenticatedAs} as the session does after AUTH.
 */
final class TestReceiveConnectorAccess extends ExchangeCmdlet {

    static final String TYPE = "Postern.ReceiveConnectorAccess";

    private static final View VIEW = View.list("RemoteIPAddress", "LocalEndPoint", "Connector",
            "Selection", "OtherCandidates", "Principal", "Rights", "Sender", "MailReply",
            "MailReason", "Recipient", "RcptReply", "RcptReason");
    private static final View USER_VIEW = View.list("RemoteIPAddress", "LocalEndPoint",
            "Connector", "Selection", "OtherCandidates", "User", "Authentication", "Principal",
            "Rights", "Sender", "MailReply", "MailReason", "Recipient", "RcptReply",
            "RcptReason");

    TestReceiveConnectorAccess(ConfigRepository repo) {
        super(repo, "Test-ReceiveConnectorAccess", List.of(
                Parameter.named("RemoteIPAddress").type(Parameter.Type.STRING).position(0)
                        .mandatory().build(),
                Parameter.named("LocalEndPoint").type(Parameter.Type.STRING).build(),
                Parameter.named("Sender").type(Parameter.Type.STRING).build(),
                Parameter.named("Recipient").type(Parameter.Type.STRING).build(),
                Parameter.named("User").type(Parameter.Type.STRING).build()));
    }

    /** It only reads: no -WhatIf, no -Confirm. */
    @Override
    public boolean supportsShouldProcess() {
        return false;
    }

    @Override
    public void process(Invocation inv) {
        Configuration cfg = repo.current();
        InetAddress client = address(inv.params().string("RemoteIPAddress"));
        List<InetSocketAddress> endpoints = new ArrayList<>();
        if (inv.params().has("LocalEndPoint")) {
            endpoints.add(endpoint(inv.params().string("LocalEndPoint")));
        } else {
            endpoints.addAll(boundEndpoints(cfg, client));
            if (endpoints.isEmpty()) {
                throw new ShellError("No enabled Receive connector binds an "
                        + (client.getAddress().length == 4 ? "IPv4" : "IPv6") + " address, so"
                        + " nothing would take a connection from " + text(client) + ".",
                        ErrorCategory.ObjectNotFound, "ManagementObjectNotFoundException",
                        text(client), null);
            }
        }
        for (InetSocketAddress local : endpoints) {
            inv.emit(evaluate(cfg, client, local, inv.params().string("Sender"),
                    inv.params().string("Recipient"), inv.params().string("User")));
        }
    }

    /** The answer for one local endpoint, for a session that did not authenticate. */
    static PsObject evaluate(Configuration cfg, InetAddress client, InetSocketAddress local,
            String sender, String recipient) {
        return evaluate(cfg, client, local, sender, recipient, null);
    }

    /** The answer for one local endpoint; {@code user} null: without authentication. */
    static PsObject evaluate(Configuration cfg, InetAddress client, InetSocketAddress local,
            String sender, String recipient, String user) {
        PsObject o = PsObject.of(TYPE);
        View view = user == null ? VIEW : USER_VIEW;
        if (user != null) {
            o.put("User", user);
            o.put("Authentication", null);
        }
        o.put("RemoteIPAddress", text(client));
        o.put("LocalEndPoint", new Binding(local.getAddress(), local.getPort()).toString());
        Optional<ConnectorSelector.Selection> chosen = ConnectorSelector.select(cfg, local,
                client);
        if (chosen.isEmpty()) {
            o.put("Connector", null);
            o.put("Selection", noConnector(cfg, client, local));
            o.put("OtherCandidates", List.of());
            o.put("Principal", null);
            o.put("Rights", List.of());
            o.put("Sender", sender);
            o.put("MailReply", null);
            o.put("MailReason", sender == null ? null : "no session");
            o.put("Recipient", recipient);
            o.put("RcptReply", null);
            o.put("RcptReason", recipient == null ? null : "no session");
            return o.view(view);
        }
        ConnectorSelector.Selection s = chosen.get();
        ReceiveConnector c = s.connector();
        SessionPolicy policy = new ConnectorSessionPolicy(c, cfg);
        List<Principal> token = List.of(c.sessionPrincipal());
        if (user != null) {
            SignIn signIn = signIn((ConnectorSessionPolicy) policy, user);
            o.put("Authentication", signIn.text());
            if (signIn.policy() != null) {
                policy = signIn.policy();
                token = List.of(Principal.AUTHENTICATED_USERS, new Principal(policy.principal(),
                        ""));
            }
        }
        o.put("Connector", c.identity());
        o.put("Selection", "binding " + s.binding() + " covers " + o.get("LocalEndPoint")
                + "; RemoteIPRanges entry " + s.range() + " holds " + text(client) + " ("
                + count(s.range().size()) + ")" + (s.beaten().isEmpty() ? ""
                        : "; the most specific of " + (s.beaten().size() + 1) + " candidates"));
        List<String> others = new ArrayList<>();
        for (ConnectorSelector.Candidate other : s.beaten()) {
            others.add(other.connector().identity() + ": " + other.range() + " ("
                    + count(other.range().size()) + ", binding " + other.binding() + ")");
        }
        o.put("OtherCandidates", others);
        o.put("Principal", policy.principal());
        o.put("Rights", rights(c, token));
        String mailPath = sender == null && recipient != null ? "" : sender;
        o.put("Sender", sender == null && recipient != null ? "<>" : sender);
        EnvelopeRules.Verdict mail = null;
        boolean agents = !policy.rights().contains(ExtendedRight.BYPASS_ANTI_SPAM);
        if (mailPath != null) {
            mail = EnvelopeRules.mailFrom(policy, mailPath);
            if (mail.accepted() && agents) {
                mail = agent(AntispamAgents.mailDecision(cfg.antispam(),
                        mailPath.isEmpty() ? null : mailPath)).orElse(mail);
            }
            o.put("MailReply", String.join("\n", mail.lines(policy)));
            o.put("MailReason", reason(mail, policy) + (policy.requireTls()
                    ? "; RequireTLS: before STARTTLS every MAIL gets " + StartTls.REQUIRED.code()
                            + " " + StartTls.REQUIRED.status() + " "
                            + StartTls.REQUIRED.texts().get(0)
                    : ""));
        } else {
            o.put("MailReply", null);
            o.put("MailReason", null);
        }
        o.put("Recipient", recipient);
        if (recipient != null) {
            EnvelopeRules.Verdict rcpt = mail.accepted() ? EnvelopeRules.rcptTo(policy, recipient)
                    : EnvelopeRules.rcptWithoutMail(mail);
            if (rcpt.accepted() && agents) {
                // The block list providers are DNS look-ups the live session makes at connect;
                // this cmdlet does not query them (their listing is taken as none).
                rcpt = agent(AntispamAgents.rcptDecision(cfg.antispam(), client,
                        Instant.now(), Optional.empty(), recipient,
                        policy.acceptedDomain(domainOf(recipient)),
                        policy.mailboxDisplayName(recipient).isPresent())).orElse(rcpt);
            }
            o.put("RcptReply", String.join("\n", rcpt.lines(policy)));
            o.put("RcptReason", reason(rcpt, policy));
        } else {
            o.put("RcptReply", null);
            o.put("RcptReason", null);
        }
        return o.view(view);
    }

    /** An antispam agent's refusal as the verdict the client sees. */
    private static Optional<EnvelopeRules.Verdict> agent(Optional<Rejection> r) {
        return r.map(x -> new EnvelopeRules.Verdict(Reply.of(x.code(), x.status(), x.text()),
                x.agent() + ": " + x.reason() + (x.detail().isEmpty() ? "" : " (" + x.detail()
                        + ")")));
    }

    private static String domainOf(String address) {
        String a = address.startsWith("<") && address.endsWith(">")
                ? address.substring(1, address.length() - 1) : address;
        int at = a.lastIndexOf('@');
        return a.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** What signing in as {@code login} gives: the user's policy (null when it fails) and why. */
    private record SignIn(SessionPolicy policy, String text) {
    }

    private static SignIn signIn(ConnectorSessionPolicy policy, String login) {
        Optional<Account> account = policy.account(login);
        if (!policy.basicAuth()) {
            return new SignIn(null, "the connector's AuthMechanism has no BasicAuth, so AUTH is"
                    + " refused (504 5.7.4); the session stays " + policy.principal());
        }
        if (account.isEmpty()) {
            return new SignIn(null, "no mailbox signs in as \"" + login + "\" (give one of its"
                    + " addresses or DOMAIN\\alias): AUTH fails (535 5.7.3)");
        }
        if (account.get().password() == null) {
            return new SignIn(null, "the mailbox " + account.get().userName() + " has no"
                    + " password (Set-Mailbox -Password): AUTH fails (535 5.7.3)");
        }
        SessionPolicy user = policy.authenticatedAs(account.get(), "LOGIN");
        if (!user.rights().contains(ExtendedRight.SMTP_SUBMIT)) {
            return new SignIn(null, user.principal() + " does not hold "
                    + ExtendedRight.SMTP_SUBMIT + " on this connector: AUTH fails (535 5.7.3)"
                    + " even with the right password");
        }
        String tls = policy.basicAuthRequireTls() ? " after STARTTLS (BasicAuthRequireTLS)" : "";
        return new SignIn(user, "AUTH LOGIN or PLAIN with the right password succeeds" + tls
                + " (235 2.7.0): the session runs as " + user.principal());
    }

    private static String reason(EnvelopeRules.Verdict v, SessionPolicy policy) {
        java.time.Duration delay = v.delay(policy);
        return delay.isZero() ? v.reason() : v.reason() + "; sent after the TarpitInterval of "
                + TimeSpans.format(delay);
    }

    /** Every right an entry speaks of for the session's principal, with where it comes from. */
    static List<String> rights(ReceiveConnector c) {
        return rights(c, List.of(c.sessionPrincipal()));
    }

    /** Every right an entry speaks of for these principals, with where it comes from. */
    static List<String> rights(ReceiveConnector c, List<Principal> token) {
        List<String> out = new ArrayList<>();
        Map<ExtendedRight, Acl.Decision> explained = c.acl().explain(token);
        for (Map.Entry<ExtendedRight, Acl.Decision> e : explained.entrySet()) {
            Acl.Decision d = e.getValue();
            StringBuilder b = new StringBuilder(e.getKey().adsName());
            if (d.granted()) {
                b.append(": Allow (").append(sources(d.allowedBy())).append(')');
            } else {
                b.append(": Deny (").append(sources(d.deniedBy())).append(')');
                if (!d.allowedBy().isEmpty()) {
                    b.append(", overrides Allow (").append(sources(d.allowedBy())).append(')');
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    private static String sources(List<AccessEntry> entries) {
        Set<String> out = new LinkedHashSet<>();
        for (AccessEntry e : entries) {
            out.add(e.isExplicit() ? "explicit entry" : "permission group " + e.group());
        }
        return String.join(", ", out);
    }

    /** Why no connector takes the connection. */
    private static String noConnector(Configuration cfg, InetAddress client,
            InetSocketAddress local) {
        List<String> bound = new ArrayList<>();
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            for (Binding b : c.bindings()) {
                if (c.enabled() && b.covers(local.getAddress(), local.getPort())) {
                    bound.add(c.identity() + " " + c.remoteIpRanges());
                }
            }
        }
        String endpoint = new Binding(local.getAddress(), local.getPort()).toString();
        if (bound.isEmpty()) {
            return "no enabled Receive connector binds " + endpoint
                    + ", so the connection is refused";
        }
        return "none of the connectors that bind " + endpoint + " (" + String.join("; ", bound)
                + ") lists " + text(client) + " in RemoteIPRanges, so Postern closes the"
                + " connection without a banner";
    }

    /**
     * The local endpoints the enabled connectors bind in the client's family: each specific
     * address, and each wildcard binding as the wildcard (any other local address).
     */
    static List<InetSocketAddress> boundEndpoints(Configuration cfg, InetAddress client) {
        boolean v4 = client.getAddress().length == 4;
        Set<Binding> seen = new LinkedHashSet<>();
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            if (!c.enabled()) {
                continue;
            }
            for (Binding b : c.bindings()) {
                if (b.isIPv4() == v4) {
                    seen.add(b);
                }
            }
        }
        List<Binding> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> a.port() != b.port() ? Integer.compare(a.port(), b.port())
                : Boolean.compare(a.isWildcard(), b.isWildcard()));
        List<InetSocketAddress> out = new ArrayList<>();
        for (Binding b : sorted) {
            out.add(new InetSocketAddress(b.address(), b.port()));
        }
        return out;
    }

    private static InetAddress address(String typed) {
        IPAddress a = new IPAddressString(typed == null ? "" : typed.trim()).getAddress();
        if (a == null || a.getCount().intValue() != 1 || a.getNetworkPrefixLength() != null) {
            throw new ShellError("Cannot process argument transformation on parameter"
                    + " 'RemoteIPAddress'. The value \"" + typed + "\" isn't an IP address.",
                    ErrorCategory.InvalidData, "ParameterBindingArgumentTransformationException",
                    typed, null);
        }
        return a.toInetAddress();
    }

    private static InetSocketAddress endpoint(String typed) {
        try {
            Binding b = Binding.parse(typed);
            return new InetSocketAddress(b.address(), b.port());
        } catch (IllegalArgumentException e) {
            throw new ShellError("Cannot process argument transformation on parameter"
                    + " 'LocalEndPoint'. " + e.getMessage().replace("binding", "local end point"),
                    ErrorCategory.InvalidData, "ParameterBindingArgumentTransformationException",
                    typed, null);
        }
    }

    private static String text(InetAddress a) {
        return new IPAddressString(a.getHostAddress()).getAddress().toCanonicalString();
    }

    private static String count(java.math.BigInteger n) {
        return n.equals(java.math.BigInteger.ONE) ? "1 address" : n + " addresses";
    }
}
