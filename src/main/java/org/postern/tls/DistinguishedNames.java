package org.postern.tls;

import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Distinguished names as Exchange (.NET's X500DistinguishedName) prints them: the most specific
 * part first, {@code ", "} between parts, {@code S=} for the state and {@code E=} for an e-mail
 * address, values holding a separator in double quotes, e.g.
 * {@code CN=mail.contoso.com, O="Contoso, Ltd", S=WA, C=US}.
 */
public final class DistinguishedNames {

    private DistinguishedNames() {
    }

    /** The .NET form of a name. */
    public static String format(X500Principal principal) {
        X500Name name = X500Name.getInstance(principal.getEncoded());
        RDN[] rdns = name.getRDNs();
        StringBuilder out = new StringBuilder();
        for (int i = rdns.length - 1; i >= 0; i--) {
            for (AttributeTypeAndValue atv : rdns[i].getTypesAndValues()) {
                if (out.length() > 0) {
                    out.append(", ");
                }
                out.append(label(atv.getType())).append('=')
                        .append(quote(IETFUtils.valueToString(atv.getValue())));
            }
        }
        return out.toString();
    }

    /**
     * The comparison form of a printed name: case and the blanks around separators do not
     * matter, as when Exchange matches a TlsCertificateName.
     */
    public static String normalise(String printed) {
        return printed.trim().replaceAll("\\s*([,=])\\s*", "$1").toLowerCase(Locale.ROOT);
    }

    private static String label(ASN1ObjectIdentifier oid) {
        if (oid.equals(BCStyle.ST)) {
            return "S";
        }
        if (oid.equals(BCStyle.EmailAddress)) {
            return "E";
        }
        String known = BCStyle.INSTANCE.oidToDisplayName(oid);
        return known != null ? known.toUpperCase(Locale.ROOT) : "OID." + oid.getId();
    }

    /** IETFUtils escapes with backslashes; .NET quotes the whole value instead. */
    private static String quote(String escaped) {
        String plain = escaped.replaceAll("\\\\(.)", "$1");
        boolean needs = plain.isEmpty() || plain.startsWith(" ") || plain.endsWith(" ")
                || plain.chars().anyMatch(c -> ",+=\"\n<>#;".indexOf(c) >= 0);
        return needs ? "\"" + plain.replace("\"", "\"\"") + "\"" : plain;
    }
}
