package org.postern.config;

import static org.postern.config.AuthMechanism.*;

import java.util.EnumSet;
import java.util.List;
import org.postern.permission.Acl;
import org.postern.permission.PermissionGroup;

/**
 * The usage types of New-ReceiveConnector (section (a.5) of the fact sheet): what each one
 * writes at creation (permission groups, authentication mechanisms, and the bindings or remote
 * ranges it supplies itself), and which of -Bindings and -RemoteIPRanges it requires or refuses.
 * A connector does not remember its usage type: Get-ReceiveConnector shows only the result.
 */
public enum ReceiveConnectorUsage {
    Custom(EnumSet.noneOf(PermissionGroup.class), EnumSet.of(Tls), null, null),
    Internet(EnumSet.of(PermissionGroup.AnonymousUsers), EnumSet.of(Tls), null,
            List.of(IpRange.ALL_IPV4)),
    Internal(EnumSet.of(PermissionGroup.ExchangeLegacyServers, PermissionGroup.ExchangeServers),
            EnumSet.of(Tls, ExchangeServer), List.of(Binding.parse("0.0.0.0:25")), null),
    Client(EnumSet.of(PermissionGroup.ExchangeUsers),
            EnumSet.of(Tls, BasicAuth, BasicAuthRequireTLS, Integrated),
            List.of(Binding.parse("0.0.0.0:587")), null),
    Partner(EnumSet.of(PermissionGroup.Partners), EnumSet.of(Tls), null, null);

    private final EnumSet<PermissionGroup> groups;
    private final EnumSet<AuthMechanism> auth;
    private final List<Binding> ownBindings;
    private final List<IpRange> ownRanges;

    ReceiveConnectorUsage(EnumSet<PermissionGroup> groups, EnumSet<AuthMechanism> auth,
            List<Binding> ownBindings, List<IpRange> ownRanges) {
        this.groups = groups;
        this.auth = auth;
        this.ownBindings = ownBindings;
        this.ownRanges = ownRanges;
    }

    /** The permission groups this usage writes. */
    public EnumSet<PermissionGroup> permissionGroups() {
        return EnumSet.copyOf(groups.isEmpty() ? EnumSet.of(PermissionGroup.None) : groups);
    }

    /** The authentication mechanisms this usage sets. */
    public EnumSet<AuthMechanism> authMechanism() {
        return EnumSet.copyOf(auth);
    }

    /**
     * Whether this usage supplies the bindings itself; then -Bindings is refused, else it is
     * required.
     */
    public boolean suppliesBindings() {
        return ownBindings != null;
    }

    /**
     * Whether this usage supplies the remote ranges itself; then -RemoteIPRanges is refused,
     * else it is required.
     */
    public boolean suppliesRemoteIpRanges() {
        return ownRanges != null;
    }

    /**
     * A connector of this usage before the administrator's parameters apply: the groups'
     * access entries, the mechanisms, and the bindings or ranges the usage supplies.
     */
    public ReceiveConnector seed(ReceiveConnector c, String netbiosDomain) {
        ReceiveConnector out = c.with(ReceiveConnectorSchema.AUTH_MECHANISM, authMechanism())
                .withAcl(Acl.empty().withGroups(groups, netbiosDomain));
        if (ownBindings != null) {
            out = out.with(ReceiveConnectorSchema.BINDINGS, ownBindings);
        }
        if (ownRanges != null) {
            out = out.with(ReceiveConnectorSchema.REMOTE_IP_RANGES, ownRanges);
        }
        return out;
    }
}
