package org.postern.delivery;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client context for outbound STARTTLS. It accepts any certificate: opportunistic TLS
 * protects against passive eavesdropping only, the way Exchange and most MTAs use it towards MX
 * hosts. See {@link SmtpConnection} for what verification would need.
 */
final class OpportunisticTls {

    private OpportunisticTls() {
    }

    static SSLSocketFactory socketFactory() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AcceptAny()}, null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS client: " + e.getMessage(), e);
        }
    }

    /** Trusts every server certificate (opportunistic TLS does not authenticate the peer). */
    private static final class AcceptAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Not a server.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Deliberately no check; see the class comment.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
