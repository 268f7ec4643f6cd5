package org.postern.config;

import static org.postern.config.AuthMechanism.*;
import static org.postern.config.ReceiveConnectorSchema.*;

import java.util.EnumSet;
import java.util.List;
import org.postern.permission.PermissionGroup;

/**
 * The rules New- and Set-ReceiveConnector enforce (sections (c) and (f) of the Exchange fact
 * sheet): which authentication mechanisms and permission groups go together, and which bindings
 * and remote ranges may be shared between connectors.
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
        if (c.get(DOMAIN_SECURE_ENABLED)
                && (!auth.contains(Tls) || auth.contains(ExternalAuthoritative))) {
            throw new InvalidConfigurationException("DomainSecureEnabled can be $true only when"
                    + " AuthMechanism includes Tls and not ExternalAuthoritative.");
        }
        if (c.get(BINARY_MIME_ENABLED) && !c.get(CHUNKING_ENABLED)) {
            throw new InvalidConfigurationException(
                    "BinaryMimeEnabled can be $true only when ChunkingEnabled is $true.");
        }
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
        long size = c.get(MAX_MESSAGE_SIZE).bytes();
        if (size < 65536 || size > 2147483647L) {
            throw new InvalidConfigurationException("The MaxMessageSize value \""
                    + c.get(MAX_MESSAGE_SIZE) + "\" is out of range: use 64 KB to 2 GB.");
        }
        if (c.bindings().isEmpty()) {
            throw new InvalidConfigurationException(
                    "The Bindings parameter of \"" + c.identity() + "\" can't be empty.");
        }
        if (c.remoteIpRanges().isEmpty()) {
            throw new InvalidConfigurationException(
                    "The RemoteIPRanges parameter of \"" + c.identity() + "\" can't be empty.");
        }
        String fqdn = c.get(FQDN);
        if (fqdn != null && !DomainNames.isValid(fqdn.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidConfigurationException(
                    "The Fqdn value \"" + fqdn + "\" isn't a valid domain name.");
        }
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
            throw new InvalidConfigurationException("The " + p.name() + " value \"" + v
                    + "\" is out of range: use " + min + " to " + max + ".");
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
                            + " the other: " + clash[0] + " overlaps " + clash[1] + ".",
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
