package org.postern.smtp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.postern.log.ProtocolLogSession;
import org.postern.tls.ExchangeCertificate;
import org.postern.tls.TlsOffer;

/**
 * The TLS state of one SMTP session and the switch STARTTLS makes (RFC 3207). The session asks
 * it whether to advertise STARTTLS, starts the handshake through it, and tells it when the
 * handshake completes; others (AUTH, the Received header) ask whether the session is under TLS
 * and with which protocol and cipher suite.
 *
 * <p>The SslHandler goes in front of the session in start-TLS mode before the 220 is written,
 * so the 220 leaves in clear text and every later byte, both ways, is TLS. What the client sent
 * behind STARTTLS before the 220 was plaintext that a man in the middle may have added
 * (CVE-2011-0411): the session drops it before the handshake starts.
 */
public final class StartTls {

    static final Reply READY = Reply.of(220, "2.0.0", "SMTP server ready");
    static final Reply NOT_AVAILABLE =
            Reply.of(454, "4.7.0", "TLS not available due to temporary reason");
    /** RequireTLS: the connector takes no mail in clear text. */
    public static final Reply REQUIRED =
            Reply.of(530, "5.7.0", "Must issue a STARTTLS command first");

    private final TlsOffer offer;
    private boolean active;
    private boolean started;
    private String protocol;
    private String cipherSuite;

    StartTls(TlsOffer offer) {
        this.offer = offer;
    }

    /** Whether a certificate is there to offer. */
    boolean available() {
        return offer != null;
    }

    /** STARTTLS is listed in EHLO before TLS only. */
    boolean advertised() {
        return offer != null && !started;
    }

    /** Whether the handshake has completed: everything since is encrypted. */
    public boolean active() {
        return active;
    }

    /** Whether STARTTLS was accepted (the handshake may still be running). */
    boolean started() {
        return started;
    }

    /** The negotiated protocol, e.g. TLSv1.3, or null before the handshake. */
    public String protocol() {
        return protocol;
    }

    /** The negotiated cipher suite, e.g. TLS_AES_256_GCM_SHA384, or null before it. */
    public String cipherSuite() {
        return cipherSuite;
    }

    /** The certificate offered, or null when there is none. */
    public ExchangeCertificate certificate() {
        return offer == null ? null : offer.certificate();
    }

    /** Puts the TLS handler in front of the session; the 220 written next goes in clear. */
    void begin(ChannelHandlerContext ctx) {
        started = true;
        SSLEngine engine = offer.newEngine(ctx.alloc());
        engine.setUseClientMode(false);
        ctx.pipeline().addFirst("smtp-tls", new SslHandler(engine, true));
    }

    /** After a successful handshake: what was negotiated, with the protocol-log rows. */
    void completed(ChannelHandlerContext ctx, ProtocolLogSession log) {
        SslHandler h = ctx.pipeline().get(SslHandler.class);
        SSLSession s = h.engine().getSession();
        protocol = s.getProtocol();
        cipherSuite = s.getCipherSuite();
        active = true;
        ExchangeCertificate c = offer.certificate();
        log.info("", "Sending certificate");
        log.info(c.subject(), "Certificate subject");
        log.info(c.issuer(), "Certificate issuer name");
        log.info(c.serialNumber(), "Certificate serial number");
        log.info(c.thumbprint(), "Certificate thumbprint");
        log.info(String.join(";", c.certificateDomains()), "Certificate alternate names");
        log.info("", "TLS protocol SP_PROT_" + exchangeVersion() + "_SERVER negotiation succeeded"
                + " using cipher suite " + cipherSuite);
    }

    /** Exchange's spelling of the protocol in Received headers and logs: TLS1_2. */
    String exchangeVersion() {
        if (protocol == null) {
            return "";
        }
        String v = protocol.toUpperCase(Locale.ROOT).replace("V", "").replace('.', '_');
        return v.equals("TLS1") ? "TLS1_0" : v;
    }

    /** The Received header's TLS comment, Exchange's form: version=TLS1_2, cipher=... */
    String receivedComment() {
        return "version=" + exchangeVersion() + ", cipher=" + cipherSuite;
    }

    /** The JDK's protocols this session may negotiate. */
    List<String> protocols() {
        return offer == null ? List.of() : offer.protocols();
    }
}
