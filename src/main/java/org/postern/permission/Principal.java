package org.postern.permission;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A security principal that connector permissions are granted to, e.g.
 * {@code NT AUTHORITY\ANONYMOUS LOGON}. Identified by its display name and SID.
 */
public record Principal(String name, String sid) {

    private static final String EXCHANGE_SID = "S-1-9-1419165041-1139599005-3936102811-1022490595-";

    public static final Principal ANONYMOUS_LOGON =
            new Principal("NT AUTHORITY\\ANONYMOUS LOGON", "S-1-5-7");
    public static final Principal AUTHENTICATED_USERS =
            new Principal("NT AUTHORITY\\Authenticated Users", "S-1-5-11");
    public static final Principal PARTNER_SERVERS =
            new Principal("MS Exchange\\Partner Servers", EXCHANGE_SID + "10");
    public static final Principal HUB_TRANSPORT_SERVERS =
            new Principal("MS Exchange\\Hub Transport Servers", EXCHANGE_SID + "21");
    public static final Principal EDGE_TRANSPORT_SERVERS =
            new Principal("MS Exchange\\Edge Transport Servers", EXCHANGE_SID + "22");
    public static final Principal EXTERNALLY_SECURED_SERVERS =
            new Principal("MS Exchange\\Externally Secured Servers", EXCHANGE_SID + "23");
    public static final Principal LEGACY_EXCHANGE_SERVERS =
            new Principal("MS Exchange\\Legacy Exchange Servers", EXCHANGE_SID + "24");

    /** The organisation's {@code <DOMAIN>\Exchange Servers} group. */
    public static Principal exchangeServers(String netbiosDomain) {
        return new Principal(netbiosDomain + "\\Exchange Servers", "S-1-5-21-exchange-servers");
    }

    /** The organisation's {@code <DOMAIN>\ExchangeLegacyInterop} group. */
    public static Principal exchangeLegacyInterop(String netbiosDomain) {
        return new Principal(netbiosDomain + "\\ExchangeLegacyInterop",
                "S-1-5-21-exchange-legacy-interop");
    }

    /** Every principal Postern knows, for the organisation of {@code netbiosDomain}. */
    public static List<Principal> wellKnown(String netbiosDomain) {
        return List.of(ANONYMOUS_LOGON, AUTHENTICATED_USERS, exchangeServers(netbiosDomain),
                exchangeLegacyInterop(netbiosDomain), PARTNER_SERVERS, HUB_TRANSPORT_SERVERS,
                EDGE_TRANSPORT_SERVERS, EXTERNALLY_SECURED_SERVERS, LEGACY_EXCHANGE_SERVERS);
    }

    /**
     * Finds a principal as an administrator types it: the full name, the SID, or the name
     * without its {@code DOMAIN\} part when that is unique; case does not matter.
     */
    public static Optional<Principal> find(String typed, String netbiosDomain) {
        String t = typed.trim().toLowerCase(Locale.ROOT);
        List<Principal> known = wellKnown(netbiosDomain);
        for (Principal p : known) {
            if (p.name.toLowerCase(Locale.ROOT).equals(t)
                    || p.sid.toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(p);
            }
        }
        Principal only = null;
        for (Principal p : known) {
            String shortName = p.name.substring(p.name.indexOf('\\') + 1).toLowerCase(Locale.ROOT);
            if (shortName.equals(t)) {
                if (only != null) {
                    return Optional.empty();
                }
                only = p;
            }
        }
        return Optional.ofNullable(only);
    }

    @Override
    public String toString() {
        return name;
    }
}
