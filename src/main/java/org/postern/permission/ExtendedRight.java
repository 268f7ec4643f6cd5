package org.postern.permission;

import java.util.Locale;
import java.util.Optional;

/**
 * The extended rights a receive connector grants to a security principal. Declaration order
 * is the order Exchange lists a session's permissions in the SMTP protocol log.
 */
public enum ExtendedRight {
    SMTP_SUBMIT("ms-Exch-SMTP-Submit", "SMTPSubmit"),
    SMTP_ACCEPT_ANY_RECIPIENT("ms-Exch-SMTP-Accept-Any-Recipient", "SMTPAcceptAnyRecipient"),
    SMTP_ACCEPT_AUTHENTICATION_FLAG("ms-Exch-SMTP-Accept-Authentication-Flag",
            "SMTPAcceptAuthenticationFlag"),
    SMTP_ACCEPT_ANY_SENDER("ms-Exch-SMTP-Accept-Any-Sender", "SMTPAcceptAnySender"),
    SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER("ms-Exch-SMTP-Accept-Authoritative-Domain-Sender",
            "SMTPAcceptAuthoritativeDomainSender"),
    BYPASS_ANTI_SPAM("ms-Exch-Bypass-Anti-Spam", "BypassAntiSpam"),
    BYPASS_MESSAGE_SIZE_LIMIT("ms-Exch-Bypass-Message-Size-Limit", "BypassMessageSizeLimit"),
    SMTP_SEND_EXCH50("ms-Exch-SMTP-Send-Exch50", "SMTPSendEXCH50"),
    SMTP_ACCEPT_EXCH50("ms-Exch-SMTP-Accept-Exch50", "SMTPAcceptEXCH50"),
    ACCEPT_HEADERS_ROUTING("ms-Exch-Accept-Headers-Routing", "AcceptRoutingHeaders"),
    ACCEPT_HEADERS_FOREST("ms-Exch-Accept-Headers-Forest", "AcceptForestHeaders"),
    ACCEPT_HEADERS_ORGANIZATION("ms-Exch-Accept-Headers-Organization",
            "AcceptOrganizationHeaders"),
    SEND_HEADERS_ROUTING("ms-Exch-Send-Headers-Routing", "SendRoutingHeaders"),
    SEND_HEADERS_FOREST("ms-Exch-Send-Headers-Forest", "SendForestHeaders"),
    SEND_HEADERS_ORGANIZATION("ms-Exch-Send-Headers-Organization", "SendOrganizationHeaders"),
    SMTP_SEND_XSHADOW("ms-Exch-SMTP-Send-XShadow", "SMTPSendXShadow"),
    SMTP_ACCEPT_XSHADOW("ms-Exch-SMTP-Accept-XShadow", "SMTPAcceptXShadow"),
    // Exchange-internal verbs, granted to Exchange server principals. Postern implements none of
    // these verbs; the rights exist so ACLs copied from Exchange round-trip. Exchange's protocol
    // log names for them are not public, so they are left out of the session-permission line.
    SMTP_ACCEPT_XATTR("ms-Exch-SMTP-Accept-Xattr", null),
    SMTP_ACCEPT_XPROXYFROM("ms-Exch-SMTP-Accept-XProxyFrom", null),
    SMTP_ACCEPT_XSESSIONPARAMS("ms-Exch-SMTP-Accept-XSessionParams", null),
    SMTP_ACCEPT_XSYSPROBE("ms-Exch-SMTP-Accept-XSysProbe", null),
    SMTP_SEND_XMESSAGECONTEXT_ADRECIPIENTCACHE(
            "ms-Exch-SMTP-Send-XMessageContext-ADRecipientCache", null),
    SMTP_SEND_XMESSAGECONTEXT_EXTENDEDPROPERTIES(
            "ms-Exch-SMTP-Send-XMessageContext-ExtendedProperties", null),
    SMTP_SEND_XMESSAGECONTEXT_FASTINDEX("ms-Exch-SMTP-Send-XMessageContext-FastIndex", null);

    private final String adsName;
    private final String logName;

    ExtendedRight(String adsName, String logName) {
        this.adsName = adsName;
        this.logName = logName;
    }

    /** The right's directory name, as Add-ADPermission takes and Get-ADPermission shows it. */
    public String adsName() {
        return adsName;
    }

    /** The name in the protocol log's "Set Session Permissions" line, or null if not logged. */
    public String logName() {
        return logName;
    }

    /** Finds a right by its directory name, ignoring case ("Ms-Exch-SMTP-Submit" works). */
    public static Optional<ExtendedRight> byAdsName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ExtendedRight r : values()) {
            if (r.adsName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return adsName;
    }
}
