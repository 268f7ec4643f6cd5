package org.postern.tls;

import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes TLS 1.0 and 1.1 possible for the connectors that ask for them. The JDK disables both
 * for every TLS engine in the process through the security property
 * {@code jdk.tls.disabledAlgorithms}, read once when JSSE first checks a protocol; no per-engine
 * setting can enable them again. So Postern removes exactly the two entries {@code TLSv1} and
 * {@code TLSv1.1} from that property before any TLS engine exists (the rest of the list, such
 * as RC4, 3DES, NULL and small DH keys, stays), and in exchange never relies on the JDK's
 * default protocols: every engine Postern makes names its protocols, TLS 1.2 and 1.3 unless a
 * receive connector's TlsProtocols lists older ones.
 */
public final class LegacyProtocols {

    private static final Logger LOG = LoggerFactory.getLogger("postern.tls");
    private static final String PROPERTY = "jdk.tls.disabledAlgorithms";
    private static boolean done;

    private LegacyProtocols() {
    }

    /** Removes TLSv1 and TLSv1.1 from the disabled algorithms, once per process. */
    public static synchronized void allow() {
        if (done) {
            return;
        }
        done = true;
        String value = Security.getProperty(PROPERTY);
        if (value == null) {
            return;
        }
        List<String> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String entry : value.split(",")) {
            String e = entry.trim();
            if (e.equalsIgnoreCase("TLSv1") || e.equalsIgnoreCase("TLSv1.1")) {
                removed.add(e);
            } else if (!e.isEmpty()) {
                kept.add(e);
            }
        }
        if (!removed.isEmpty()) {
            Security.setProperty(PROPERTY, String.join(", ", kept));
            LOG.debug(Kv.format("event", "tls-legacy-protocols-allowed", "removed",
                    String.join(",", removed), "reason", "receive connectors choose their own"
                            + " protocols; engines never use the JDK defaults"));
        }
    }
}
