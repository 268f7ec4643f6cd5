package org.postern.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.postern.config.Configuration;
import org.postern.config.SendConnector;
import org.postern.config.SmartHost;
import org.postern.config.SmartHostAuthMechanism;
import org.postern.log.Kv;
import org.postern.queue.SpooledMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMTP out through a send connector: finds the next hop's hosts (the smart hosts, or the
 * recipient domain's MX hosts and their addresses from DNS), refuses hosts that are Postern
 * itself (mail would loop), and opens an {@link SmtpConnection} to the first host that answers.
 */
final class SmtpTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(SmtpTransport.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final DnsResolver dns;
    private final Supplier<List<InetSocketAddress>> listening;
    private final SSLSocketFactory tls = OpportunisticTls.socketFactory();

    /**
     * @param listening Postern's own listening sockets, to recognise a next hop that is itself
     */
    SmtpTransport(DnsResolver dns, Supplier<List<InetSocketAddress>> listening) {
        this.dns = dns;
        this.listening = listening;
    }

    @Override
    public Session open(Route route, Configuration cfg) throws ConnectFailure {
        SendConnector c = current(route, cfg);
        if (!c.smartHostAuthMechanism().supportedByPostern()) {
            throw new ConnectFailure("The send connector " + c.name() + " uses "
                    + c.smartHostAuthMechanism() + " authentication, which Postern does not"
                    + " implement", false, null);
        }
        List<SmtpConnection.Target> targets = targets(route, c, cfg);
        boolean auth = c.smartHostAuthMechanism() == SmartHostAuthMechanism.BasicAuth
                || c.smartHostAuthMechanism() == SmartHostAuthMechanism.BasicAuthRequireTLS;
        if (auth && c.authenticationCredential() == null) {
            throw new ConnectFailure("The send connector " + c.name() + " uses "
                    + c.smartHostAuthMechanism() + " but has no AuthenticationCredential", false,
                    null);
        }
        SmtpConnection.Options options = new SmtpConnection.Options(
                c.fqdn() != null ? c.fqdn() : cfg.server().fqdn(), c.requireTls(),
                auth ? c.authenticationCredential().userName() : null,
                auth ? c.authenticationCredential().password() : null,
                c.smartHostAuthMechanism() == SmartHostAuthMechanism.BasicAuthRequireTLS,
                CONNECT_TIMEOUT, c.connectionInactivityTimeOut(), tls);
        List<String> errors = new ArrayList<>();
        for (SmtpConnection.Target t : targets) {
            try {
                SmtpConnection conn = openFallingBackToClearText(t, options, c);
                return new SmtpSession(conn);
            } catch (SmtpConnection.ConnectException e) {
                errors.add(e.getMessage());
                log.info("{}", Kv.of("event", "send-connect-failed", "connector", c.name(),
                        "remote", t, "error", e.getMessage()));
            }
        }
        throw new ConnectFailure(errors.size() == 1 ? errors.get(0)
                : String.join("; ", errors), false, null);
    }

    /**
     * Opens a connection; when the TLS handshake fails and the connector does not require TLS,
     * tries once more in clear text, as opportunistic TLS does (otherwise a host with broken TLS
     * would never get its mail).
     */
    private static SmtpConnection openFallingBackToClearText(SmtpConnection.Target t,
            SmtpConnection.Options options, SendConnector c)
            throws SmtpConnection.ConnectException {
        try {
            return SmtpConnection.open(t, options);
        } catch (SmtpConnection.ConnectException e) {
            if (!e.tlsHandshake || options.requireTls()) {
                throw e;
            }
            log.info("{}", Kv.of("event", "send-tls-fallback", "connector", c.name(),
                    "remote", t, "error", e.getMessage()));
            return SmtpConnection.open(t, options.withoutTls());
        }
    }

    private static SendConnector current(Route route, Configuration cfg) throws ConnectFailure {
        for (SendConnector c : cfg.sendConnectors()) {
            if (c.guid().equals(route.connector().guid())) {
                if (!c.enabled()) {
                    throw new ConnectFailure("The send connector " + c.name()
                            + " is disabled", false, null);
                }
                return c;
            }
        }
        throw new ConnectFailure("The send connector " + route.connector().name()
                + " no longer exists", false, null);
    }

    /** The hosts to try, in order. */
    List<SmtpConnection.Target> targets(Route route, SendConnector c, Configuration cfg)
            throws ConnectFailure {
        int port = c.port();
        List<SmtpConnection.Target> out = new ArrayList<>();
        try {
            if (route.kind() == Route.Kind.SMART_HOST) {
                for (SmartHost h : c.smartHosts()) {
                    if (h.isAddress()) {
                        out.add(new SmtpConnection.Target(null, new InetSocketAddress(
                                DnsResolver.literal(h.host()), port)));
                    } else {
                        for (InetAddress a : dns.addresses(h.host())) {
                            out.add(new SmtpConnection.Target(h.host(),
                                    new InetSocketAddress(a, port)));
                        }
                    }
                }
                List<SmtpConnection.Target> safe = withoutSelf(out, cfg);
                if (safe.isEmpty()) {
                    throw new ConnectFailure(out.isEmpty()
                            ? "No address found for the smart hosts of " + c.name()
                            : "The smart hosts of " + c.name() + " are Postern itself: mail"
                                    + " loops back to me", !out.isEmpty(), "5.4.6");
                }
                return safe;
            }
            String domain = route.nextHopDomain();
            if (domain.startsWith("[")) {
                throw new ConnectFailure("Postern does not deliver to address literals ("
                        + domain + ")", true, "5.1.2");
            }
            List<DnsResolver.Mx> mxs = dns.mx(domain);
            if (mxs.isEmpty()) {
                // RFC 5321 section 5.1: no MX, so the domain itself is the host.
                for (InetAddress a : dns.addresses(domain)) {
                    out.add(new SmtpConnection.Target(domain, new InetSocketAddress(a, port)));
                }
                if (out.isEmpty()) {
                    throw new ConnectFailure("The domain " + domain + " has neither MX nor"
                            + " address records", true, "5.1.2");
                }
                if (isSelfName(domain, cfg)) {
                    out.clear();
                }
                List<SmtpConnection.Target> safe = withoutSelf(out, cfg);
                if (safe.isEmpty()) {
                    throw loop(domain);
                }
                return safe;
            }
            // Drop Postern itself and every MX at its preference or worse (RFC 5321 5.1).
            int selfPreference = Integer.MAX_VALUE;
            List<Integer> prefs = new ArrayList<>();
            String lastError = null;
            for (DnsResolver.Mx mx : mxs) {
                if (mx.preference() >= selfPreference) {
                    break;
                }
                if (isSelfName(mx.host(), cfg)) {
                    selfPreference = mx.preference();
                    break;
                }
                List<InetAddress> addresses;
                try {
                    addresses = dns.addresses(mx.host());
                } catch (DnsResolver.PermanentFailure | DnsResolver.TransientFailure e) {
                    lastError = e.getMessage();
                    continue;  // try the other MX hosts
                }
                for (InetAddress a : addresses) {
                    SmtpConnection.Target t = new SmtpConnection.Target(mx.host(),
                            new InetSocketAddress(a, port));
                    if (isSelf(t.address())) {
                        selfPreference = Math.min(selfPreference, mx.preference());
                    }
                    out.add(t);
                    prefs.add(mx.preference());
                }
            }
            List<SmtpConnection.Target> safe = new ArrayList<>();
            for (int i = 0; i < out.size(); i++) {
                if (prefs.get(i) < selfPreference) {
                    safe.add(out.get(i));
                }
            }
            if (safe.isEmpty()) {
                if (selfPreference != Integer.MAX_VALUE) {
                    throw loop(domain);
                }
                throw new ConnectFailure("No MX host of " + domain + " has an address"
                        + (lastError != null ? ": " + lastError : ""), false, null);
            }
            return safe;
        } catch (DnsResolver.PermanentFailure e) {
            throw new ConnectFailure(e.getMessage(), true,
                    e.getMessage().contains("null MX") ? "5.1.10" : "5.1.2");
        } catch (DnsResolver.TransientFailure e) {
            throw new ConnectFailure(e.getMessage(), false, null);
        } catch (IOException e) {
            throw new ConnectFailure("A smart host address of " + c.name() + " is not valid: "
                    + e.getMessage(), false, null);
        }
    }

    private static ConnectFailure loop(String domain) {
        return new ConnectFailure("The mail exchanger for " + domain + " is Postern itself:"
                + " mail loops back to me", true, "5.4.6");
    }

    private List<SmtpConnection.Target> withoutSelf(List<SmtpConnection.Target> targets,
            Configuration cfg) {
        List<SmtpConnection.Target> out = new ArrayList<>();
        for (SmtpConnection.Target t : targets) {
            if (!isSelf(t.address()) && (t.name() == null || !isSelfName(t.name(), cfg))) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean isSelfName(String host, Configuration cfg) {
        return host.equalsIgnoreCase(cfg.server().fqdn());
    }

    /** Whether Postern listens on this address and port (directly or by a wildcard). */
    boolean isSelf(InetSocketAddress target) {
        for (InetSocketAddress l : listening.get()) {
            if (l.getPort() != target.getPort()) {
                continue;
            }
            InetAddress la = l.getAddress();
            InetAddress ta = target.getAddress();
            if (la == null || ta == null) {
                continue;
            }
            if (la.equals(ta) || la.isAnyLocalAddress() && isLocal(ta)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** A session on one SMTP connection. */
    private static final class SmtpSession implements Session {
        private final SmtpConnection conn;

        SmtpSession(SmtpConnection conn) {
            this.conn = conn;
        }

        @Override
        public List<SmtpConnection.Outcome> deliver(SpooledMessage message,
                List<String> recipients, List<Map<String, String>> parameters)
                throws IOException {
            return conn.send(new SmtpConnection.Transaction(message.envelope().sender(),
                    recipients, parameters, message.envelope().mailParameters(), message.size(),
                    () -> OutboundHeaders.filter(message.openContent())));
        }

        @Override
        public boolean reusable() {
            return conn.usable();
        }

        @Override
        public String remoteName() {
            SmtpConnection.Target t = conn.target();
            return t.name() != null ? t.name() : t.address().getAddress().getHostAddress();
        }

        @Override
        public String remoteIp() {
            return conn.target().address().getAddress().getHostAddress();
        }

        @Override
        public String localIp() {
            return conn.localIp();
        }

        @Override
        public void close() {
            conn.close();
        }
    }
}
