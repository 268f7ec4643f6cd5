package org.postern.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for tests: a private CA and leaves it signs, in the file forms admins import. */
public final class TestPki {

    private TestPki() {
    }

    /** A key pair with the certificate for it. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
    }

    public static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    public static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    /** A CA certificate named {@code dn}, valid for a year. */
    public static Issued ca(String dn) throws Exception {
        KeyPair k = rsa();
        X500Principal name = new X500Principal(dn);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(365))), name, k.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new Issued(sign(b, k.getPrivate()), k.getPrivate());
    }

    /** A server certificate the CA signs, for the DNS names given, from {@code from}. */
    public static Issued leaf(Issued ca, String dn, KeyPair k, Instant from, Duration valid,
            String... dnsNames) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                ca.certificate().getSubjectX500Principal(), BigInteger.valueOf(System.nanoTime()),
                Date.from(from), Date.from(from.plus(valid)), new X500Principal(dn),
                k.getPublic());
        GeneralName[] names = new GeneralName[dnsNames.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        if (names.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return new Issued(sign(b, ca.key()), k.getPrivate());
    }

    public static Issued leaf(Issued ca, String dn, String... dnsNames) throws Exception {
        return leaf(ca, dn, rsa(), Instant.now().minusSeconds(60), Duration.ofDays(90),
                dnsNames);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
            throws Exception {
        String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg).build(key)));
    }

    /** A PKCS#12 file with the key and the chain. */
    public static byte[] pkcs12(PrivateKey key, char[] password, X509Certificate... chain)
            throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, password, (Certificate[]) chain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password);
        return out.toByteArray();
    }

    /** A TLS client context that takes any server certificate (the tests check it themselves). */
    public static javax.net.ssl.SSLContext trustingClient() throws Exception {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    /** A PEM file: the certificates in the order given, then the key (PKCS#8). */
    public static String pem(PrivateKey key, X509Certificate... certs) throws Exception {
        return CertificateFiles.toPem(List.of(certs), key);
    }
}
