package org.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which certificate a connector's STARTTLS offers. */
class ServerTlsTest {

    @TempDir
    Path dir;

    private static ServerTls.Settings settings(String fqdn, String name) {
        return new ServerTls.Settings(fqdn, name, List.of(), List.of());
    }

    @Test
    void namedThenSmtpDefaultThenOneCoveringTheFqdn() throws Exception {
        CertificateStore store = CertificateStore.open(dir);
        ServerTls tls = new ServerTls(store);
        Instant now = Instant.now();
        assertThat(tls.offer(settings("ex01.contoso.com", null), now)).isEmpty();

        TestPki.Issued ca = TestPki.ca("CN=Contoso CA, O=Contoso");
        TestPki.Issued relay = TestPki.leaf(ca, "CN=relay.contoso.com", "relay.contoso.com");
        ExchangeCertificate r = store.add(new ExchangeCertificate(List.of(relay.certificate(),
                ca.certificate()), relay.key(), EnumSet.noneOf(CertificateService.class), false,
                ""));
        assertThat(tls.choose(settings("relay.contoso.com", null), now)).contains(r);
        assertThat(tls.choose(settings("ex01.contoso.com", null), now)).isEmpty();

        ExchangeCertificate self = store.add(SelfSignedCertificates.create("ex01.contoso.com",
                List.of("EX01"), now, EnumSet.noneOf(CertificateService.class)));
        store.enable(self.thumbprint(), EnumSet.of(CertificateService.SMTP));
        assertThat(tls.choose(settings("relay.contoso.com", null), now).orElseThrow()
                .thumbprint()).isEqualTo(self.thumbprint());
        assertThat(tls.choose(settings("ex01.contoso.com",
                "<I>cn=contoso ca,o=contoso<S>CN=relay.contoso.com"), now)).contains(r);
        assertThat(tls.choose(settings("ex01.contoso.com", "<I>CN=Other<S>CN=x"), now))
                .isEmpty();

        TlsOffer first = tls.offer(settings("ex01.contoso.com", null), now).orElseThrow();
        assertThat(tls.offer(settings("ex01.contoso.com", null), now)).containsSame(first);
        assertThat(first.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        store.enable(r.thumbprint(), EnumSet.of(CertificateService.SMTP));
        assertThat(tls.offer(settings("ex01.contoso.com", null), now).orElseThrow()
                .certificate().thumbprint()).isEqualTo(r.thumbprint());
    }

    @Test
    void protocolNamesInTheFormsAdministratorsType() {
        assertThat(ServerTls.protocolName("TLSv1")).isEqualTo("TLSv1");
        assertThat(ServerTls.protocolName("tls1.0")).isEqualTo("TLSv1");
        assertThat(ServerTls.protocolName("Tls11")).isEqualTo("TLSv1.1");
        assertThat(ServerTls.protocolName("TLS1_2")).isEqualTo("TLSv1.2");
        assertThat(ServerTls.protocolName("TLSv1.3")).isEqualTo("TLSv1.3");
        assertThat(ServerTls.protocolName("SSLv3")).isNull();
    }
}
