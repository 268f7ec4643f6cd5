package org.postern.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/** What one connector offers with STARTTLS: its certificate, protocols and cipher suites. */
public final class TlsOffer {

    private final ExchangeCertificate certificate;
    private final List<String> protocols;
    private final SslContext context;

    private TlsOffer(ExchangeCertificate certificate, List<String> protocols,
            SslContext context) {
        this.certificate = certificate;
        this.protocols = protocols;
        this.context = context;
    }

    /**
     * Builds the server context.
     *
     * @param protocols JDK protocol names, e.g. TLSv1.2 (never empty)
     * @param ciphers JDK cipher suite names, or empty for Netty's default list
     * @throws IllegalArgumentException when the JDK cannot make such a context
     */
    public static TlsOffer of(ExchangeCertificate certificate, List<String> protocols,
            List<String> ciphers) {
        LegacyProtocols.allow();
        if (!certificate.hasPrivateKey()) {
            throw new IllegalArgumentException("The certificate " + certificate.thumbprint()
                    + " has no private key.");
        }
        try {
            SslContext ctx = SslContextBuilder.forServer(certificate.privateKey(),
                            certificate.chain().toArray(new java.security.cert.X509Certificate[0]))
                    .sslProvider(SslProvider.JDK)
                    .protocols(protocols)
                    .ciphers(ciphers.isEmpty() ? null : ciphers,
                            SupportedCipherSuiteFilter.INSTANCE)
                    .build();
            return new TlsOffer(certificate, List.copyOf(protocols), ctx);
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("The TLS context for certificate "
                    + certificate.thumbprint() + " could not be made: " + e.getMessage(), e);
        }
    }

    public ExchangeCertificate certificate() {
        return certificate;
    }

    public List<String> protocols() {
        return protocols;
    }

    /** A server engine for one session. */
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        return context.newEngine(alloc);
    }
}
