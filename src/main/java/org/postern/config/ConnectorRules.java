package org.postern.config;

import static org.postern.config.AuthMechanism.*;
import static org.postern.config.ReceiveConnectorSchema.*;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.postern.permission.PermissionGroup;
import org.postern.tls.ServerTls;

/**
 * The rules New- and Set-ReceiveConnector enforce (sections (a), (c), (f) and (h) of the
 * Exchange fact sheet): the valid range of every limit, which authentication mechanisms and
 * permission groups go together, which properties depend on others, and which bindings and
 * remote ranges may be shared between connectors. Exchange's exact texts for these failures are
 * UNCONFIRMED; each message names the property, the bad value and what is allowed.
 */
public final class ConnectorRules {

    private ConnectorRules() {
    }

    /**
     * Checks one connector against itself and against the other connectors of the configuration.
     *
     * @throws InvalidConfigurationException naming the bad value or the conflicting connector
     */
    public static void check(ReceiveConnector c, Configuration config) {
        checkOwn(c);
        for (ReceiveConnector other : config.receiveConnectors()) {
            if (!other.guid().equals(c.guid())) {
                checkPair(c, other);
            }
        }
    }

    /** TlsProtocols and TlsCipherSuites (Postern's own) name what the JDK can offer. */
    private static void checkTls(ReceiveConnector c) {
        for (String p : c.get(TLS_PROTOCOLS)) {
            if (ServerTls.protocolName(p) == null) {
                throw new InvalidConfigurationException("The TlsProtocols value \"" + p
                        + "\" isn't valid. Use TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3.");
            }
        }
        for (String suite : c.get(TLS_CIPHER_SUITES)) {
            if (!ServerTls.supportedCipherSuites().contains(suite.trim())) {
                throw new InvalidConfigurationException("The TlsCipherSuites value \"" + suite
                        + "\" isn't a cipher suite this Java runtime supports (use names such as"
                        + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256).");
            }
        }
    }

    static void checkOwn(ReceiveConnector c) {
        checkName(c.name());
        EnumSet<AuthMechanism> auth = c.authMechanism();
        if (auth.contains(None) && auth.size() > 1) {
            throw new InvalidConfigurationException("The AuthMechanism value \"" + auth(auth)
                    + "\" isn't valid: None can't be combined with other mechanisms.");
        }
        if (auth.contains(BasicAuthRequireTLS)
                && !(auth.contains(BasicAuth) && auth.contains(Tls))) {
            throw new InvalidConfigurationException("The AuthMechanism value \"" + auth(auth)
                    + "\" isn't valid: BasicAuthRequireTLS requires both BasicAuth and Tls.");
        }
        if (auth.contains(ExternalAuthoritative)) {
            EnumSet<AuthMechanism> rest = EnumSet.copyOf(auth);
            rest.remove(ExternalAuthoritative);
            rest.remove(Tls);
            if (!rest.isEmpty()) {
                throw new InvalidConfigurationException("The AuthMechanism value \"" + auth(auth)
                        + "\" isn't valid: ExternalAuthoritative can only be combined with Tls.");
            }
            if (!c.acl().storedGroups().contains(PermissionGroup.ExchangeServers)) {
                throw new InvalidConfigurationException("The AuthMechanism ExternalAuthoritative"
                        + " requires the PermissionGroups value ExchangeServers. Set"
                        + " -PermissionGroups ExchangeServers on \"" + c.identity() + "\".");
            }
        }
        if (c.get(REQUIRE_TLS) && !auth.contains(Tls)) {
            throw new InvalidConfigurationException(
                    "RequireTLS can be $true only when AuthMechanism includes Tls.");
        }
        checkTls(c);
        if (c.get(DOMAIN_SECURE_ENABLED)
                && (!auth.contains(Tls) || auth.contains(ExternalAuthoritative))) {
            throw new InvalidConfigurationException("DomainSecureEnabled can be $true only when"
                    + " AuthMechanism includes Tls and not ExternalAuthoritative.");
        }
        if (c.get(BINARY_MIME_ENABLED) && !c.get(CHUNKING_ENABLED)) {
            throw new InvalidConfigurationException(
                    "BinaryMimeEnabled can be $true only when ChunkingEnabled is $true.");
        }
        if (c.get(LONG_ADDRESSES_ENABLED) && c.transportRole() != TransportRole.HubTransport) {
            throw new InvalidConfigurationException("LongAddressesEnabled can be $true only on a"
                    + " Receive connector of the HubTransport role (the Transport service), not"
                    + " on \"" + c.identity() + "\" of the " + c.transportRole() + " role.");
        }
        range(c, CONNECTION_TIMEOUT, Duration.ofSeconds(1), Duration.ofDays(1));
        range(c, CONNECTION_INACTIVITY_TIMEOUT, Duration.ofSeconds(1), Duration.ofDays(1));
        // The 2016+ reference gives no upper bound for the tarpits (00:00:00 switches them off);
        // ten minutes is the bound of the 2007 reference (UNCONFIRMED for 2016+), and a longer
        // delay would outlast ConnectionInactivityTimeout on the client's side anyway.
        range(c, TARPIT_INTERVAL, Duration.ZERO, Duration.ofMinutes(10));
        range(c, AUTH_TARPIT_INTERVAL, Duration.ZERO, Duration.ofMinutes(10));
        range(c, MAX_ACKNOWLEDGEMENT_DELAY, Duration.ZERO, Duration.ofDays(1));
        if (c.get(CONNECTION_INACTIVITY_TIMEOUT).compareTo(c.get(CONNECTION_TIMEOUT)) >= 0) {
            throw new InvalidConfigurationException("ConnectionInactivityTimeout ("
                    + TimeSpans.format(c.get(CONNECTION_INACTIVITY_TIMEOUT))
                    + ") must be less than ConnectionTimeout ("
                    + TimeSpans.format(c.get(CONNECTION_TIMEOUT)) + ").");
        }
        range(c, MAX_HOP_COUNT, 1, 500);
        range(c, MAX_LOCAL_HOP_COUNT, 0, 50);
        range(c, MAX_LOGON_FAILURES, 0, 10);
        range(c, MAX_RECIPIENTS_PER_MESSAGE, 1, 512000);
        range(c, MAX_INBOUND_CONNECTION_PERCENTAGE_PER_SOURCE, 1, 100);
        range(c, MAX_INBOUND_CONNECTION, 1, Integer.MAX_VALUE);
        range(c, MAX_INBOUND_CONNECTION_PER_SOURCE, 1, 10000);
        range(c, MESSAGE_RATE_LIMIT, 1, Integer.MAX_VALUE);
        range(c, MAX_PROTOCOL_ERRORS, 0, Integer.MAX_VALUE);
        bytes(c, MAX_MESSAGE_SIZE, 65536);
        bytes(c, MAX_HEADER_SIZE, 1);
        if (c.bindings().isEmpty()) {
            throw new InvalidConfigurationException(
                    "The Bindings parameter of \"" + c.identity() + "\" can't be empty.");
        }
        if (c.remoteIpRanges().isEmpty()) {
            throw new InvalidConfigurationException(
                    "The RemoteIPRanges parameter of \"" + c.identity() + "\" can't be empty.");
        }
        domainName(c, FQDN);
        domainName(c, SERVICE_DISCOVERY_FQDN);
        String banner = c.get(BANNER);
        if (banner != null && !banner.startsWith("220")) {
            throw new InvalidConfigurationException(
                    "The Banner value \"" + banner
                            + "\" isn't valid: a banner must start with 220.");
        }
    }

    /** A connector name (receive or send): 1 to 64 characters, no backslash. */
    static void checkName(String name) {
        if (name.isBlank() || name.length() > 64) {
            throw new InvalidConfigurationException("The name \"" + name
                    + "\" isn't valid: a connector name has 1 to 64 characters.");
        }
        if (name.contains("\\")) {
            throw new InvalidConfigurationException("The name \"" + name
                    + "\" isn't valid: a connector name can't contain a backslash (\\).");
        }
    }

    private static void range(ReceiveConnector c, Property<Integer> p, int min, int max) {
        int v = c.get(p);
        if (v < min || v > max) {
            throw outOfRange(p, String.valueOf(v), min + " to " + max);
        }
    }

    /** A limit that may also be Unlimited. */
    private static void range(ReceiveConnector c, Property<Unlimited> p, long min, long max) {
        Unlimited v = c.get(p);
        if (!v.isUnlimited() && (v.value() < min || v.value() > max)) {
            throw outOfRange(p, v.toString(), min + " to " + max + " or Unlimited");
        }
    }

    private static void range(ReceiveConnector c, Property<Duration> p, Duration min,
            Duration max) {
        Duration v = c.get(p);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw outOfRange(p, TimeSpans.format(v),
                    TimeSpans.format(min) + " to " + TimeSpans.format(max));
        }
    }

    /** A size of at least {@code minBytes} and at most 2,147,483,647 bytes. */
    private static void bytes(ReceiveConnector c, Property<ByteSize> p, long minBytes) {
        ByteSize v = c.get(p);
        if (v.bytes() < minBytes || v.bytes() > Integer.MAX_VALUE) {
            // Not "2 GB (2,147,483,647 bytes)": 2GB itself is one byte too many.
            throw outOfRange(p, v.toString(), ByteSize.ofBytes(minBytes) + " to 2,147,483,647"
                    + " bytes (one byte less than 2 GB)");
        }
    }

    private static InvalidConfigurationException outOfRange(Property<?> p, String value,
            String range) {
        return new InvalidConfigurationException("The " + p.name() + " value \"" + value
                + "\" is out of range: use " + range + ".");
    }

    private static void domainName(ReceiveConnector c, Property<String> p) {
        String name = c.get(p);
        if (name != null && !DomainNames.isValid(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidConfigurationException(
                    "The " + p.name() + " value \"" + name + "\" isn't a valid domain name.");
        }
    }

    private static void checkPair(ReceiveConnector c, ReceiveConnector other) {
        for (Binding b : c.bindings()) {
            for (Binding ob : other.bindings()) {
                if (!b.overlaps(ob)) {
                    continue;
                }
                if (c.transportRole() != other.transportRole()) {
                    throw new InvalidConfigurationException("The values that you specified for"
                            + " the Bindings and RemoteIPRanges parameters conflict with the"
                            + " settings on Receive connector \"" + other.identity() + "\"."
                            + " Receive connectors assigned to different Transport roles on a"
                            + " single server must listen on unique local IP address & port"
                            + " bindings. Conflicting binding: " + b + " and " + ob + ".",
                            "ReceiveConnectorRoleConflictException");
                }
                IpRange[] clash = rangeClash(c.remoteIpRanges(), other.remoteIpRanges());
                if (clash != null) {
                    throw new InvalidConfigurationException("The values that you specified for"
                            + " the Bindings and RemoteIPRanges parameters conflict with the"
                            + " settings on Receive connector \"" + other.identity() + "\"."
                            + " Connectors of the same Transport role that share the binding "
                            + b + " need remote IP ranges that differ, or of which one contains"
                            + " the other: " + clash[0] + (clash[0].sameAddresses(clash[1])
                                    ? " and " + clash[1] + " are the same addresses."
                                    : " overlaps " + clash[1] + "."),
                            "ReceiveConnectorRemoteIPRangeConflictException");
                }
            }
        }
    }

    /** A pair of ranges that are identical or overlap without one containing the other. */
    private static IpRange[] rangeClash(List<IpRange> mine, List<IpRange> theirs) {
        for (IpRange a : mine) {
            for (IpRange b : theirs) {
                if (!a.overlaps(b)) {
                    continue;
                }
                boolean nested = a.encloses(b) || b.encloses(a);
                if (a.sameAddresses(b) || !nested) {
                    return new IpRange[] {a, b};
                }
            }
        }
        return null;
    }

    private static String auth(EnumSet<AuthMechanism> auth) {
        StringBuilder sb = new StringBuilder();
        for (AuthMechanism a : auth) {
            sb.append(sb.length() == 0 ? "" : ", ").append(a);
        }
        return sb.toString();
    }
}
