package org.postern.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.postern.permission.ExtendedRight;
import org.postern.permission.Principal;
import org.postern.queue.HeaderFields;

/**
 * The {@code X-MS-Exchange-Organization-*} fields Postern stamps on every message it accepts,
 * after the header firewall (exchange-behaviour.md section j): AuthSource, AuthAs,
 * AuthMechanism (only when the session authenticated with a mechanism that has a code),
 * OriginalClientIPAddress, Network-Message-Id, MessageDirectionality, and {@code SCL: -1} when
 * the session holds ms-Exch-Bypass-Anti-Spam. Pure: every value comes in as a parameter, and
 * none of them can hold a line break (they are names, addresses and numbers Postern made).
 */
public final class AuthStamps {

    private AuthStamps() {
    }

    static final String AUTH_SOURCE = HeaderFields.ORGANIZATION_PREFIX + "AuthSource";
    static final String AUTH_AS = HeaderFields.ORGANIZATION_PREFIX + "AuthAs";
    static final String AUTH_MECHANISM = HeaderFields.ORGANIZATION_PREFIX + "AuthMechanism";
    static final String ORIGINAL_CLIENT_IP =
            HeaderFields.ORGANIZATION_PREFIX + "OriginalClientIPAddress";
    public static final String NETWORK_MESSAGE_ID =
            HeaderFields.ORGANIZATION_PREFIX + "Network-Message-Id";
    static final String DIRECTIONALITY =
            HeaderFields.ORGANIZATION_PREFIX + "MessageDirectionality";
    static final String SCL = HeaderFields.ORGANIZATION_PREFIX + "SCL";

    /** The values of {@code X-MS-Exchange-Organization-AuthAs}. */
    public enum AuthAs {
        /** The session did not authenticate. */
        Anonymous,
        /** Authenticated inside the organisation (SMTP AUTH, or an externally secured link). */
        Internal,
        /**
         * Authenticated, but not as part of the organisation. Exchange documents the value and
         * not its trigger; Postern uses it for an externally secured session whose connector
         * took ms-Exch-SMTP-Accept-Authentication-Flag away.
         */
        External,
        /** A partner server (domain secure). */
        Partner
    }

    /**
     * Who the session is for the stamps.
     *
     * @param authAs the AuthAs value
     * @param mechanismCode the two-digit AuthMechanism code, or null for none (then no
     *     AuthMechanism field is written; Exchange writes none for anonymous mail)
     */
    public record Identity(AuthAs authAs, String mechanismCode) {

        public Identity {
            if (authAs == null) {
                throw new IllegalArgumentException("an identity needs an AuthAs value");
            }
            if (mechanismCode != null && !mechanismCode.matches("[0-9A-Fa-f]{2}")) {
                throw new IllegalArgumentException("the AuthMechanism code \"" + mechanismCode
                        + "\" is not two hexadecimal digits");
            }
        }

        /** Internal mail is Originating, everything else Incoming. */
        public String directionality() {
            return authAs == AuthAs.Internal ? "Originating" : "Incoming";
        }
    }

    /**
     * The identity of a session that has not used SMTP AUTH, from the principal it runs as:
     * ANONYMOUS LOGON is Anonymous; Externally Secured Servers is Internal when it holds
     * ms-Exch-SMTP-Accept-Authentication-Flag (as the ExchangeServers group grants), else
     * External; Partner Servers is Partner; any other principal (Authenticated Users, a user,
     * Exchange servers) is Internal. No mechanism code: Exchange's code table is not public
     * and Exchange shows none for these sessions (section j).
     */
    public static Identity forPrincipal(String principal, Set<ExtendedRight> rights) {
        if (Principal.ANONYMOUS_LOGON.name().equalsIgnoreCase(principal)) {
            return new Identity(AuthAs.Anonymous, null);
        }
        if (Principal.EXTERNALLY_SECURED_SERVERS.name().equalsIgnoreCase(principal)) {
            return new Identity(rights.contains(ExtendedRight.SMTP_ACCEPT_AUTHENTICATION_FLAG)
                    ? AuthAs.Internal : AuthAs.External, null);
        }
        if (Principal.PARTNER_SERVERS.name().equalsIgnoreCase(principal)) {
            return new Identity(AuthAs.Partner, null);
        }
        return new Identity(AuthAs.Internal, null);
    }

    /**
     * The stamp fields, each {@code Name: value} without line end, in the order Exchange writes
     * them.
     *
     * @param authSource the FQDN of the server that accepted the session
     * @param clientIp the client's IP address as text
     * @param networkMessageId the message's GUID (lower-case, dashed)
     * @param bypassAntiSpam whether the session holds ms-Exch-Bypass-Anti-Spam
     */
    static List<String> fields(Identity id, String authSource, String clientIp,
            String networkMessageId, boolean bypassAntiSpam) {
        List<String> out = new ArrayList<>();
        out.add(AUTH_SOURCE + ": " + authSource);
        out.add(AUTH_AS + ": " + id.authAs());
        if (id.mechanismCode() != null) {
            out.add(AUTH_MECHANISM + ": " + id.mechanismCode());
        }
        out.add(ORIGINAL_CLIENT_IP + ": " + clientIp);
        out.add(NETWORK_MESSAGE_ID + ": " + networkMessageId);
        out.add(DIRECTIONALITY + ": " + id.directionality());
        if (bypassAntiSpam) {
            out.add(SCL + ": -1");
        }
        return out;
    }

    /** The field name of a stamp line ({@code Name: value}). */
    static String nameOf(String stamp) {
        return stamp.substring(0, stamp.indexOf(':'));
    }
}
