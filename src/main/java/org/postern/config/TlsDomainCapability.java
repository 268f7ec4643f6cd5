package org.postern.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of a receive connector's TlsDomainCapabilities: {@code domain:Cap1,Cap2}, the
 * capabilities offered to a remote host whose certificate is for that domain, or with the domain
 * {@code NO-TLS} to hosts that did not use TLS. Exchange documents two capabilities for hybrid
 * deployments, AcceptCloudServicesMail and AcceptOorgProtocol; Postern takes those two only.
 * Printed as {@code contoso.com:AcceptCloudServicesMail}.
 */
public final class TlsDomainCapability {

    /** The capability names Exchange documents, in their spelling. */
    private static final List<String> CAPABILITIES =
            List.of("AcceptCloudServicesMail", "AcceptOorgProtocol");

    private final String domain;
    private final List<String> capabilities;

    private TlsDomainCapability(String domain, List<String> capabilities) {
        this.domain = domain;
        this.capabilities = List.copyOf(capabilities);
    }

    /**
     * Parses {@code domain:Cap1,Cap2}; the domain is a domain name, {@code *.domain} or
     * {@code NO-TLS}.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static TlsDomainCapability parse(String value) {
        String text = value.trim();
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw invalid(value, "use domain:Capability1,Capability2, for example"
                    + " contoso.com:AcceptCloudServicesMail");
        }
        String domain = text.substring(0, colon).trim();
        String bare = domain.startsWith("*.") ? domain.substring(2) : domain;
        if (!domain.equalsIgnoreCase("NO-TLS")
                && !DomainNames.isValid(bare.toLowerCase(Locale.ROOT))) {
            throw invalid(value, "\"" + domain + "\" is neither a domain name nor NO-TLS");
        }
        List<String> caps = new ArrayList<>();
        for (String part : text.substring(colon + 1).split(",")) {
            String cap = canonical(part.trim());
            if (cap == null) {
                throw invalid(value, "\"" + part.trim() + "\" isn't a capability; use "
                        + String.join(" or ", CAPABILITIES));
            }
            if (!caps.contains(cap)) {
                caps.add(cap);
            }
        }
        return new TlsDomainCapability(
                domain.equalsIgnoreCase("NO-TLS") ? "NO-TLS" : domain.toLowerCase(Locale.ROOT),
                caps);
    }

    private static String canonical(String name) {
        for (String c : CAPABILITIES) {
            if (c.equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("The value \"" + value
                + "\" isn't a valid TLS domain capability: " + why + ".");
    }

    public String domain() {
        return domain;
    }

    public List<String> capabilities() {
        return capabilities;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsDomainCapability && o.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return domain + ":" + String.join(",", capabilities);
    }
}
