package org.postern.tls;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses each connector's certificate from the store and keeps the TLS contexts made for them.
 * A connector with a TlsCertificateName takes the certificate of that issuer and subject; any
 * other takes the SMTP default certificate, else one whose names cover the connector's FQDN
 * (issued by a CA before self-signed, then the newest). The choice is made for every new
 * session, so a certificate imported or enabled now serves the next session.
 */
public final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger("postern.tls");

    /** The protocols of a connector whose TlsProtocols is empty. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** The protocol names a receive connector may list, oldest first. */
    public static final List<String> KNOWN_PROTOCOLS =
            List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private final CertificateStore store;
    private final Map<String, TlsOffer> contexts = new HashMap<>();
    private long generation = -1;

    public ServerTls(CertificateStore store) {
        LegacyProtocols.allow();
        this.store = store;
    }

    public CertificateStore store() {
        return store;
    }

    /** A connector's TLS settings. */
    public record Settings(String fqdn, String certificateName, List<String> protocols,
            List<String> cipherSuites) {
    }

    /** The certificate a connector would use now, if any. */
    public Optional<ExchangeCertificate> choose(Settings s, Instant now) {
        List<ExchangeCertificate> all = store.all();
        if (s.certificateName() != null && !s.certificateName().isBlank()) {
            String wanted = DistinguishedNames.normalise(s.certificateName());
            return all.stream()
                    .filter(ExchangeCertificate::hasPrivateKey)
                    .filter(c -> DistinguishedNames.normalise(c.tlsCertificateName())
                            .equals(wanted))
                    .max(Comparator.comparing((ExchangeCertificate c) -> c.validAt(now))
                            .thenComparing(ExchangeCertificate::notBefore));
        }
        Optional<ExchangeCertificate> def = store.smtpDefault()
                .filter(ExchangeCertificate::hasPrivateKey);
        if (def.isPresent()) {
            return def;
        }
        return all.stream()
                .filter(ExchangeCertificate::hasPrivateKey)
                .filter(c -> c.validAt(now) && c.covers(s.fqdn()))
                .max(Comparator.comparing((ExchangeCertificate c) -> !c.isSelfSigned())
                        .thenComparing(ExchangeCertificate::notBefore));
    }

    /** What a connector offers with STARTTLS now, or empty when it has no certificate. */
    public synchronized Optional<TlsOffer> offer(Settings s, Instant now) {
        Optional<ExchangeCertificate> cert = choose(s, now);
        if (cert.isEmpty()) {
            return Optional.empty();
        }
        if (generation != store.generation()) {
            contexts.clear();
            generation = store.generation();
        }
        List<String> protocols = s.protocols().isEmpty() ? DEFAULT_PROTOCOLS : s.protocols();
        String key = cert.get().thumbprint() + "|" + protocols + "|" + s.cipherSuites();
        TlsOffer offer = contexts.get(key);
        if (offer == null) {
            try {
                offer = TlsOffer.of(cert.get(), protocols, s.cipherSuites());
            } catch (IllegalArgumentException e) {
                LOG.warn(Kv.format("event", "tls-context-failed", "thumbprint",
                        cert.get().thumbprint(), "error", e.getMessage()));
                return Optional.empty();
            }
            contexts.put(key, offer);
        }
        return Optional.of(offer);
    }

    /**
     * The JDK name of a protocol as a connector lists it ({@code TLSv1.2}, also {@code TLS1.2},
     * {@code Tls12}, {@code TLS1_2}), or null when it is not one Postern can offer.
     */
    public static String protocolName(String typed) {
        String t = typed.trim().toLowerCase(Locale.ROOT).replace("_", ".")
                .replaceFirst("^tlsv?", "");
        switch (t) {
            case "1", "1.0", "10":
                return "TLSv1";
            case "1.1", "11":
                return "TLSv1.1";
            case "1.2", "12":
                return "TLSv1.2";
            case "1.3", "13":
                return "TLSv1.3";
            default:
                return null;
        }
    }

    private static volatile Set<String> supportedSuites;

    /** The cipher suites the JDK can use, for checking a connector's TlsCipherSuites. */
    public static Set<String> supportedCipherSuites() {
        Set<String> s = supportedSuites;
        if (s == null) {
            LegacyProtocols.allow();
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, null, null);
                s = new TreeSet<>(List.of(ctx.getSupportedSSLParameters().getCipherSuites()));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no TLS: " + e.getMessage(), e);
            }
            supportedSuites = s;
        }
        return s;
    }
}
