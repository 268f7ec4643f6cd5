package org.postern.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One certificate of the store: its chain (leaf first), its private key if it has one, and what
 * Exchange keeps beside it (the services it is enabled for, whether the key may be exported).
 * Immutable; a change makes a new instance.
 */
public final class ExchangeCertificate {

    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;
    private final Set<CertificateService> services;
    private final boolean privateKeyExportable;
    private final String friendlyName;
    private final String thumbprint;

    public ExchangeCertificate(List<X509Certificate> chain, PrivateKey privateKey,
            Set<CertificateService> services, boolean privateKeyExportable,
            String friendlyName) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs a certificate");
        }
        this.chain = List.copyOf(chain);
        this.privateKey = privateKey;
        this.services = services.isEmpty() ? Set.of()
                : Set.copyOf(EnumSet.copyOf(services));
        this.privateKeyExportable = privateKeyExportable;
        this.friendlyName = friendlyName == null ? "" : friendlyName;
        this.thumbprint = thumbprint(chain.get(0));
    }

    /** The SHA-1 digest of the certificate's DER form, upper-case hex, as Exchange shows it. */
    public static String thumbprint(X509Certificate c) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot digest a certificate: " + e, e);
        }
    }

    public ExchangeCertificate withServices(Set<CertificateService> s) {
        return new ExchangeCertificate(chain, privateKey, s, privateKeyExportable, friendlyName);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    /** The private key, or null for a certificate imported without one. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    public boolean hasPrivateKey() {
        return privateKey != null;
    }

    public Set<CertificateService> services() {
        return services;
    }

    public boolean privateKeyExportable() {
        return privateKeyExportable;
    }

    public String friendlyName() {
        return friendlyName;
    }

    public String thumbprint() {
        return thumbprint;
    }

    public String subject() {
        return DistinguishedNames.format(certificate().getSubjectX500Principal());
    }

    public String issuer() {
        return DistinguishedNames.format(certificate().getIssuerX500Principal());
    }

    /** How a receive connector's TlsCertificateName names this certificate. */
    public String tlsCertificateName() {
        return "<I>" + issuer() + "<S>" + subject();
    }

    public Instant notBefore() {
        return certificate().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    /** Issued by itself: issuer and subject are the same and its own key signed it. */
    public boolean isSelfSigned() {
        X509Certificate c = certificate();
        if (!c.getIssuerX500Principal().equals(c.getSubjectX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The DNS names of the subject alternative names, else the subject's common name. */
    public List<String> certificateDomains() {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate().getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A malformed extension: fall back to the common name below.
        }
        if (out.isEmpty()) {
            String cn = commonName();
            if (cn != null) {
                out.add(cn);
            }
        }
        return out;
    }

    private String commonName() {
        for (String part : subject().split(", ")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                return part.substring(3);
            }
        }
        return null;
    }

    /** Whether one of the certificate's domains covers a host name (one-label wildcards). */
    public boolean covers(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String d : certificateDomains()) {
            String n = d.toLowerCase(Locale.ROOT);
            if (n.equals(h)) {
                return true;
            }
            if (n.startsWith("*.") && h.indexOf('.') > 0
                    && h.substring(h.indexOf('.')).equals(n.substring(1))) {
                return true;
            }
        }
        return false;
    }

    public boolean validAt(Instant now) {
        return !now.isBefore(notBefore()) && !now.isAfter(notAfter());
    }

    /** The key size in bits (RSA modulus, EC field), 0 when the JDK does not say. */
    public int publicKeySize() {
        PublicKey k = certificate().getPublicKey();
        if (k instanceof RSAPublicKey) {
            return ((RSAPublicKey) k).getModulus().bitLength();
        }
        if (k instanceof ECPublicKey) {
            return ((ECPublicKey) k).getParams().getCurve().getField().getFieldSize();
        }
        return 0;
    }

    /** The serial number in upper-case hex, as Exchange shows it. */
    public String serialNumber() {
        return certificate().getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** The services in the short form of Get-ExchangeCertificate's table, e.g. {@code ....S..}. */
    public String servicesStringForm() {
        StringBuilder b = new StringBuilder();
        for (CertificateService s : CertificateService.values()) {
            b.append(services.contains(s) ? s.letter() : '.');
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExchangeCertificate)) {
            return false;
        }
        ExchangeCertificate x = (ExchangeCertificate) o;
        return x.thumbprint.equals(thumbprint) && x.services.equals(services)
                && x.privateKeyExportable == privateKeyExportable
                && x.friendlyName.equals(friendlyName) && x.hasPrivateKey() == hasPrivateKey();
    }

    @Override
    public int hashCode() {
        return thumbprint.hashCode();
    }

    @Override
    public String toString() {
        return thumbprint + " " + subject();
    }
}
