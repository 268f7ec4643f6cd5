package org.postern.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate Exchange setup makes for a server (friendly name "Microsoft
 * Exchange", five years, RSA 2048 with SHA-256), built with Bouncy Castle's certificate builder
 * on the JDK's own key and signature providers (no Bouncy Castle provider is registered).
 *
 * <p>Exchange puts the NetBIOS host name in the subject; Postern puts the FQDN there (clients
 * that still check the common name then find the name they connected to) and lists the host
 * name and the FQDN as DNS names.
 */
public final class SelfSignedCertificates {

    /** Exchange's friendly name for the certificate setup creates. */
    public static final String FRIENDLY_NAME = "Microsoft Exchange";

    private static final int YEARS = 5;

    private SelfSignedCertificates() {
    }

    /**
     * Makes a certificate for {@code fqdn} and the other names, valid from an hour before
     * {@code now} (clock skew) for five years.
     */
    public static ExchangeCertificate create(String fqdn, List<String> otherNames, Instant now,
            Set<CertificateService> services) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, new SecureRandom());
            KeyPair pair = gen.generateKeyPair();
            X500Principal subject = new X500Principal("CN=" + fqdn);
            Instant from = now.minus(1, ChronoUnit.HOURS);
            Instant to = from.atZone(ZoneOffset.UTC).plusYears(YEARS).toInstant();
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            serial[0] &= 0x7f;
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(1, serial).max(BigInteger.ONE), Date.from(from), Date.from(to),
                    subject, pair.getPublic());
            Set<String> names = new LinkedHashSet<>(otherNames);
            names.add(fqdn);
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                sans.add(new GeneralName(GeneralName.dNSName, n));
            }
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(new GeneralName[0])));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA")
                            .build(pair.getPrivate())));
            return new ExchangeCertificate(List.of(cert), pair.getPrivate(), services, false,
                    FRIENDLY_NAME);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("The self-signed certificate for " + fqdn
                    + " could not be made: " + e.getMessage(), e);
        }
    }
}
