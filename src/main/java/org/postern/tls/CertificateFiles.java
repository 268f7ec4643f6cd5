package org.postern.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads what administrators import (PKCS#12 files, PEM with certificates and a private key, a
 * single DER certificate, or any of these in Base64) and writes the store's own PEM files.
 */
public final class CertificateFiles {

    private CertificateFiles() {
    }

    /** A certificate chain (leaf first) with its private key, or none. */
    public record Loaded(List<X509Certificate> chain, PrivateKey key) {
    }

    /** Why a file could not be read, in words for the administrator. */
    public static final class BadCertificateFileException extends Exception {
        public BadCertificateFileException(String message) {
            super(message);
        }
    }

    /**
     * Reads a certificate file.
     *
     * @param password the PKCS#12 password or the PEM key's passphrase, or null
     */
    public static Loaded read(byte[] data, char[] password) throws BadCertificateFileException {
        if (data == null || data.length == 0) {
            throw new BadCertificateFileException("The file is empty.");
        }
        if ((data[0] & 0xff) == 0x30) {
            return readBinary(data, password);
        }
        String text = new String(data, StandardCharsets.UTF_8);
        if (text.contains("-----BEGIN ")) {
            return readPem(text, password);
        }
        byte[] decoded;
        try {
            decoded = Base64.getMimeDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new BadCertificateFileException("The file is neither PKCS #12, PEM nor a DER"
                    + " certificate.");
        }
        if (decoded.length == 0 || (decoded[0] & 0xff) != 0x30) {
            throw new BadCertificateFileException("The file is neither PKCS #12, PEM nor a DER"
                    + " certificate.");
        }
        return readBinary(decoded, password);
    }

    private static Loaded readBinary(byte[] der, char[] password)
            throws BadCertificateFileException {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new Loaded(List.of(c), null);
        } catch (CertificateException | ClassCastException notACertificate) {
            return readPkcs12(der, password);
        }
    }

    private static Loaded readPkcs12(byte[] der, char[] password)
            throws BadCertificateFileException {
        KeyStore ks;
        try {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(der), password == null ? new char[0] : password);
        } catch (IOException | GeneralSecurityException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase().contains("password")) {
                throw new BadCertificateFileException(password == null
                        ? "The PKCS #12 file needs a password; give it with -Password."
                        : "The password isn't correct for this PKCS #12 file.");
            }
            throw new BadCertificateFileException("The file isn't a PKCS #12 file or a DER"
                    + " certificate Postern can read: " + e.getMessage());
        }
        try {
            List<X509Certificate> certsOnly = new ArrayList<>();
            for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
                String alias = e.nextElement();
                if (ks.isKeyEntry(alias)) {
                    Key k = ks.getKey(alias, password == null ? new char[0] : password);
                    Certificate[] chain = ks.getCertificateChain(alias);
                    if (k instanceof PrivateKey && chain != null && chain.length > 0) {
                        List<X509Certificate> out = new ArrayList<>();
                        for (Certificate c : chain) {
                            out.add((X509Certificate) c);
                        }
                        return new Loaded(out, (PrivateKey) k);
                    }
                } else if (ks.getCertificate(alias) instanceof X509Certificate) {
                    certsOnly.add((X509Certificate) ks.getCertificate(alias));
                }
            }
            if (!certsOnly.isEmpty()) {
                return new Loaded(certsOnly, null);
            }
        } catch (GeneralSecurityException e) {
            throw new BadCertificateFileException("The private key in the PKCS #12 file can't"
                    + " be read: " + e.getMessage());
        }
        throw new BadCertificateFileException("The PKCS #12 file holds no certificate.");
    }

    private static Loaded readPem(String text, char[] password)
            throws BadCertificateFileException {
        List<X509Certificate> certs = new ArrayList<>();
        PrivateKey key = null;
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        JcaX509CertificateConverter certConverter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder) {
                    certs.add(certConverter.getCertificate((X509CertificateHolder) o));
                    continue;
                }
                PrivateKey k = null;
                if (o instanceof PrivateKeyInfo) {
                    k = keys.getPrivateKey((PrivateKeyInfo) o);
                } else if (o instanceof PEMKeyPair) {
                    k = keys.getKeyPair((PEMKeyPair) o).getPrivate();
                } else if (o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    needPassword(password);
                    k = keys.getPrivateKey(((PKCS8EncryptedPrivateKeyInfo) o).decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password)));
                } else if (o instanceof PEMEncryptedKeyPair) {
                    needPassword(password);
                    k = keys.getKeyPair(((PEMEncryptedKeyPair) o).decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().build(password))).getPrivate();
                }
                if (k != null) {
                    if (key != null) {
                        throw new BadCertificateFileException("The PEM file holds more than one"
                                + " private key.");
                    }
                    key = k;
                }
            }
        } catch (PKCSException | PEMException e) {
            throw new BadCertificateFileException("The private key can't be decrypted; check"
                    + " -Password (" + e.getMessage() + ").");
        } catch (IOException | CertificateException | OperatorCreationException e) {
            throw new BadCertificateFileException("The PEM file can't be read: "
                    + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new BadCertificateFileException("The PEM file holds no certificate.");
        }
        return new Loaded(leafFirst(certs, key), key);
    }

    private static void needPassword(char[] password) throws BadCertificateFileException {
        if (password == null) {
            throw new BadCertificateFileException("The private key is encrypted; give its"
                    + " passphrase with -Password.");
        }
    }

    /** Puts the certificate that belongs to the key first; the key must belong to one. */
    private static List<X509Certificate> leafFirst(List<X509Certificate> certs, PrivateKey key)
            throws BadCertificateFileException {
        if (key == null) {
            return certs;
        }
        for (X509Certificate c : certs) {
            if (matches(key, c.getPublicKey())) {
                List<X509Certificate> out = new ArrayList<>();
                out.add(c);
                for (X509Certificate other : certs) {
                    if (other != c) {
                        out.add(other);
                    }
                }
                return out;
            }
        }
        throw new BadCertificateFileException("The private key doesn't belong to any"
                + " certificate in the file.");
    }

    /** Whether a private key and a public key are one pair: sign, then verify. */
    public static boolean matches(PrivateKey key, PublicKey pub) {
        String alg;
        switch (key.getAlgorithm()) {
            case "RSA" -> alg = "SHA256withRSA";
            case "EC" -> alg = "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> alg = "Ed25519";
            default -> {
                return false;
            }
        }
        if (!key.getAlgorithm().equals(pub.getAlgorithm())
                && !(alg.equals("Ed25519") && pub.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        try {
            byte[] probe = "postern key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The store's file form: the chain, then the key unencrypted (the file is owner-only). */
    public static String toPem(List<X509Certificate> chain, PrivateKey key) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            for (X509Certificate c : chain) {
                pem.writeObject(c);
            }
            if (key != null) {
                pem.writeObject(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY",
                        key.getEncoded()));
            }
        }
        return w.toString();
    }
}
