package org.postern.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Get-ExchangeCertificate's Status and RootCAType. Windows checks a chain against the
 * computer's trusted roots; Postern checks it against the JDK's trusted roots (cacerts), without
 * revocation checks (Postern fetches no CRL or OCSP answer). A self-signed certificate counts as
 * Valid with RootCAType Registry, as Exchange's own self-signed certificate does.
 */
public final class CertificateTrust {

    private static volatile Set<TrustAnchor> anchors;

    private CertificateTrust() {
    }

    /** Valid, DateInvalid (outside NotBefore-NotAfter) or Untrusted. */
    public static String status(ExchangeCertificate c, Instant now) {
        if (!c.validAt(now)) {
            return "DateInvalid";
        }
        return c.isSelfSigned() || chainsToTrustedRoot(c, now) ? "Valid" : "Untrusted";
    }

    /** Registry (self-signed), ThirdParty (a root the JDK trusts) or Unknown. */
    public static String rootCaType(ExchangeCertificate c, Instant now) {
        if (c.isSelfSigned()) {
            return "Registry";
        }
        return chainsToTrustedRoot(c, now) ? "ThirdParty" : "Unknown";
    }

    private static boolean chainsToTrustedRoot(ExchangeCertificate c, Instant now) {
        try {
            Set<TrustAnchor> roots = anchors();
            if (roots.isEmpty()) {
                return false;
            }
            PKIXParameters p = new PKIXParameters(roots);
            p.setRevocationEnabled(false);
            p.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(c.chain()), p);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static Set<TrustAnchor> anchors() throws GeneralSecurityException {
        Set<TrustAnchor> a = anchors;
        if (a == null) {
            TrustManagerFactory f =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            a = new HashSet<>();
            for (var tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    for (X509Certificate root : ((X509TrustManager) tm).getAcceptedIssuers()) {
                        a.add(new TrustAnchor(root, null));
                    }
                }
            }
            anchors = a;
        }
        return a;
    }
}
