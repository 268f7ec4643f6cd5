package org.postern.permission;

import static org.postern.permission.ExtendedRight.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A receive connector permission group: a fixed bundle of access entries written for well-known
 * principals (section (b) of the Exchange fact sheet). Printed in declaration order, e.g.
 * {@code AnonymousUsers, ExchangeServers, ExchangeLegacyServers, Custom}.
 */
public enum PermissionGroup {
    None,
    AnonymousUsers,
    ExchangeUsers,
    ExchangeServers,
    ExchangeLegacyServers,
    Partners,
    /** Not a bundle: shown when the connector's entries were edited directly. */
    Custom;

    private static final Set<ExtendedRight> SERVER_RIGHTS = EnumSet.of(SMTP_SUBMIT,
            SMTP_ACCEPT_ANY_RECIPIENT, SMTP_ACCEPT_ANY_SENDER,
            SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER, SMTP_ACCEPT_AUTHENTICATION_FLAG,
            SMTP_ACCEPT_EXCH50, BYPASS_ANTI_SPAM, BYPASS_MESSAGE_SIZE_LIMIT,
            ACCEPT_HEADERS_ROUTING);

    /** The entries this group writes on a connector of the organisation {@code netbiosDomain}. */
    public List<AccessEntry> entries(String netbiosDomain) {
        List<AccessEntry> out = new ArrayList<>();
        switch (this) {
            case AnonymousUsers:
                allow(out, Principal.ANONYMOUS_LOGON, EnumSet.of(SMTP_SUBMIT,
                        SMTP_ACCEPT_ANY_SENDER, SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER,
                        ACCEPT_HEADERS_ROUTING));
                break;
            case ExchangeUsers:
                allow(out, Principal.AUTHENTICATED_USERS, EnumSet.of(SMTP_SUBMIT,
                        SMTP_ACCEPT_ANY_RECIPIENT, BYPASS_ANTI_SPAM, ACCEPT_HEADERS_ROUTING));
                break;
            case ExchangeServers:
                Set<ExtendedRight> full = EnumSet.copyOf(SERVER_RIGHTS);
                full.addAll(EnumSet.of(ACCEPT_HEADERS_ORGANIZATION, ACCEPT_HEADERS_FOREST,
                        SMTP_ACCEPT_XSHADOW, SMTP_ACCEPT_XATTR, SMTP_ACCEPT_XPROXYFROM,
                        SMTP_ACCEPT_XSESSIONPARAMS, SMTP_ACCEPT_XSYSPROBE,
                        SMTP_SEND_XMESSAGECONTEXT_ADRECIPIENTCACHE,
                        SMTP_SEND_XMESSAGECONTEXT_EXTENDEDPROPERTIES,
                        SMTP_SEND_XMESSAGECONTEXT_FASTINDEX));
                allow(out, Principal.exchangeServers(netbiosDomain), full);
                allow(out, Principal.HUB_TRANSPORT_SERVERS, full);
                allow(out, Principal.EDGE_TRANSPORT_SERVERS, full);
                allow(out, Principal.EXTERNALLY_SECURED_SERVERS, SERVER_RIGHTS);
                break;
            case ExchangeLegacyServers:
                Principal legacy = Principal.exchangeLegacyInterop(netbiosDomain);
                allow(out, legacy, SERVER_RIGHTS);
                out.add(new AccessEntry(legacy, ACCEPT_HEADERS_ORGANIZATION, true, this));
                out.add(new AccessEntry(legacy, ACCEPT_HEADERS_FOREST, true, this));
                break;
            case Partners:
                allow(out, Principal.PARTNER_SERVERS,
                        EnumSet.of(SMTP_SUBMIT, ACCEPT_HEADERS_ROUTING));
                break;
            default:
                break;
        }
        return out;
    }

    private void allow(List<AccessEntry> out, Principal p, Set<ExtendedRight> rights) {
        for (ExtendedRight r : rights) {
            out.add(new AccessEntry(p, r, false, this));
        }
    }
}
