package org.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateStoreTest {

    @TempDir
    Path dir;

    @Test
    void firstStartMakesASelfSignedSmtpCertificateForTheFqdnValidFiveYears() throws Exception {
        CertificateStore store = CertificateStore.open(dir);
        Instant now = Instant.parse("2026-12-04T00:00:00Z");
        ExchangeCertificate c = store.setUp("ex01.contoso.com", "EX01", now).orElseThrow();

        assertThat(c.subject()).isEqualTo("CN=ex01.contoso.com");
        assertThat(c.issuer()).isEqualTo(c.subject());
        assertThat(c.isSelfSigned()).isTrue();
        assertThat(c.certificateDomains()).containsExactly("EX01", "ex01.contoso.com");
        assertThat(c.notAfter()).isEqualTo(Instant.parse("2031-12-03T23:00:00Z"));
        assertThat(c.publicKeySize()).isEqualTo(2048);
        assertThat(c.services()).containsExactly(CertificateService.SMTP);
        assertThat(c.servicesStringForm()).isEqualTo("....S..");
        assertThat(c.friendlyName()).isEqualTo("Microsoft Exchange");
        assertThat(store.smtpDefault()).contains(c);
        assertThat(c.thumbprint()).matches("[0-9A-F]{40}");
        assertThat(CertificateTrust.status(c, now)).isEqualTo("Valid");
        assertThat(CertificateTrust.rootCaType(c, now)).isEqualTo("Registry");

        assertThat(store.setUp("ex01.contoso.com", "EX01", now)).isEmpty();
        assertThat(store.all()).hasSize(1);
    }

    @Test
    void keysAndIndexAreOwnerOnlyAndSurviveAReopen() throws Exception {
        CertificateStore store = CertificateStore.open(dir);
        ExchangeCertificate c = store.setUp("mail.contoso.com", "MAIL", Instant.now())
                .orElseThrow();
        Path certs = dir.resolve("certificates");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs)))
                .isEqualTo("rwx------");
        for (Path f : List.of(certs.resolve(c.thumbprint() + ".pem"),
                certs.resolve("certificates.json"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .as(f.toString()).isEqualTo("rw-------");
        }
        assertThat(Files.readString(certs.resolve(c.thumbprint() + ".pem")))
                .contains("BEGIN CERTIFICATE").contains("BEGIN PRIVATE KEY");

        CertificateStore again = CertificateStore.open(dir);
        ExchangeCertificate back = again.find(c.thumbprint()).orElseThrow();
        assertThat(back).isEqualTo(c);
        assertThat(back.privateKey()).isEqualTo(c.privateKey());
        assertThat(again.smtpDefault()).contains(back);
    }

    @Test
    void pemWithChainInAnyOrderPutsTheKeysCertificateFirst() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=Contoso Issuing CA, O=Contoso, C=US");
        TestPki.Issued leaf = TestPki.leaf(ca, "CN=mail.contoso.com, O=\"Contoso, Ltd\", ST=WA,"
                + " C=US", "mail.contoso.com", "autodiscover.contoso.com");
        String pem = TestPki.pem(leaf.key(), ca.certificate(), leaf.certificate());

        CertificateFiles.Loaded l = CertificateFiles.read(pem.getBytes(StandardCharsets.UTF_8),
                null);
        ExchangeCertificate c = new ExchangeCertificate(l.chain(), l.key(),
                EnumSet.noneOf(CertificateService.class), false, null);

        assertThat(c.certificate()).isEqualTo(leaf.certificate());
        assertThat(c.chain()).hasSize(2);
        assertThat(c.subject()).isEqualTo("CN=mail.contoso.com, O=\"Contoso, Ltd\", S=WA, C=US");
        assertThat(c.issuer()).isEqualTo("CN=Contoso Issuing CA, O=Contoso, C=US");
        assertThat(c.tlsCertificateName()).isEqualTo("<I>CN=Contoso Issuing CA, O=Contoso,"
                + " C=US<S>CN=mail.contoso.com, O=\"Contoso, Ltd\", S=WA, C=US");
        assertThat(c.isSelfSigned()).isFalse();
        assertThat(c.certificateDomains())
                .containsExactly("mail.contoso.com", "autodiscover.contoso.com");
        assertThat(CertificateTrust.status(c, Instant.now())).isEqualTo("Untrusted");
        assertThat(CertificateTrust.rootCaType(c, Instant.now())).isEqualTo("Unknown");
    }

    @Test
    void aKeyThatBelongsToNoCertificateIsRefused() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=CA");
        TestPki.Issued leaf = TestPki.leaf(ca, "CN=mail.contoso.com", "mail.contoso.com");
        String pem = TestPki.pem(TestPki.rsa().getPrivate(), leaf.certificate());
        assertThatThrownBy(() -> CertificateFiles.read(pem.getBytes(StandardCharsets.UTF_8),
                null)).hasMessageContaining("doesn't belong to any certificate");
    }

    @Test
    void pkcs12NeedsItsPassword() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=CA");
        TestPki.Issued leaf = TestPki.leaf(ca, "CN=mail.contoso.com", TestPki.ec(),
                Instant.now().minusSeconds(60), Duration.ofDays(30), "mail.contoso.com");
        byte[] p12 = TestPki.pkcs12(leaf.key(), "P@ssw0rd1".toCharArray(), leaf.certificate(),
                ca.certificate());

        CertificateFiles.Loaded l = CertificateFiles.read(p12, "P@ssw0rd1".toCharArray());
        assertThat(l.chain()).containsExactly(leaf.certificate(), ca.certificate());
        assertThat(l.key().getAlgorithm()).isEqualTo("EC");
        assertThatThrownBy(() -> CertificateFiles.read(p12, "wrong".toCharArray()))
                .hasMessageContaining("password isn't correct");
        assertThatThrownBy(() -> CertificateFiles.read(p12, null))
                .hasMessageContaining("-Password");
        assertThatThrownBy(() -> CertificateFiles.read("hello".getBytes(), null))
                .hasMessageContaining("neither PKCS #12, PEM nor a DER");
    }

    @Test
    void importEnableAndRemove() throws Exception {
        CertificateStore store = CertificateStore.open(dir);
        ExchangeCertificate self = store.setUp("ex01.contoso.com", "EX01", Instant.now())
                .orElseThrow();
        TestPki.Issued ca = TestPki.ca("CN=CA");
        TestPki.Issued leaf = TestPki.leaf(ca, "CN=mail.contoso.com", "mail.contoso.com");
        ExchangeCertificate c = store.add(new ExchangeCertificate(
                List.of(leaf.certificate()), leaf.key(), EnumSet.noneOf(CertificateService.class),
                false, ""));
        assertThatThrownBy(() -> store.add(c)).hasMessageContaining("already exists");
        long before = store.generation();

        store.enable(c.thumbprint().toLowerCase(), EnumSet.of(CertificateService.SMTP));
        assertThat(store.generation()).isGreaterThan(before);
        assertThat(store.smtpDefault().orElseThrow().thumbprint()).isEqualTo(c.thumbprint());
        assertThat(CertificateStore.open(dir).smtpDefault().orElseThrow().thumbprint())
                .isEqualTo(c.thumbprint());

        store.remove(c.thumbprint());
        assertThat(store.smtpDefault()).isEmpty();
        assertThat(store.all()).containsExactly(self);
        assertThat(dir.resolve("certificates").resolve(c.thumbprint() + ".pem")).doesNotExist();
        assertThatThrownBy(() -> store.remove(c.thumbprint())).hasMessageContaining(
                "was not found");
    }
}
