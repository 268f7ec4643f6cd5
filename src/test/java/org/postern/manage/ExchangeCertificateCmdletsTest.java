package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.shell.ExecutionResult;
import org.postern.tls.ExchangeCertificate;
import org.postern.tls.TestPki;

/** Import-, Get-, Enable- and Remove-ExchangeCertificate as an administrator types them. */
class ExchangeCertificateCmdletsTest extends LiveConfigTest {

    ExchangeCertificate self;

    @BeforeEach
    void setUpCertificate() {
        self = repo.certificates().setUp("ex01.contoso.com", "EX01", Instant.now())
                .orElseThrow();
    }

    @Test
    void theSetupCertificateInEmsTable() {
        ExecutionResult r = ok("Get-ExchangeCertificate");
        assertThat(r.stdout()).contains(
                "Thumbprint                                Services   Subject",
                "----------                                --------   -------",
                self.thumbprint() + "  ....S..    CN=ex01.contoso.com");
    }

    @Test
    void formatListShowsExchangesProperties() {
        ExecutionResult r = ok("Get-ExchangeCertificate -Thumbprint " + self.thumbprint()
                + " | Format-List");
        assertThat(r.stdout()).contains("CertificateDomains : {EX01, ex01.contoso.com}")
                .contains("HasPrivateKey      : True").contains("IsSelfSigned       : True")
                .contains("Issuer             : CN=ex01.contoso.com")
                .contains("PublicKeySize      : 2048").contains("RootCAType         : Registry")
                .contains("Services           : SMTP").contains("Status             : Valid")
                .contains("Subject            : CN=ex01.contoso.com")
                .contains("Thumbprint         : " + self.thumbprint()).contains("NotAfter")
                .contains("NotBefore").contains("SerialNumber");
    }

    @Test
    void aPkcs12WithASecureStringPasswordImportsAndBecomesTheSmtpDefault() throws Exception {
        Path pfx = dir.resolve("mail.pfx");
        String thumb = pfx(pfx, "P@ssw0rd1");

        ExecutionResult r = ok("Import-ExchangeCertificate -FileData"
                + " ([System.IO.File]::ReadAllBytes('" + pfx + "')) -Password"
                + " (ConvertTo-SecureString -String 'P@ssw0rd1' -AsPlainText -Force)");
        assertThat(r.stdout()).contains(thumb + "  .......    CN=mail.contoso.com");

        ok("Enable-ExchangeCertificate -Thumbprint " + thumb + " -Services SMTP");
        assertThat(repo.certificates().smtpDefault().orElseThrow().thumbprint())
                .isEqualTo(thumb);
        assertThat(ok("Get-ExchangeCertificate " + thumb + " | fl Services,Issuer,Status")
                .stdout()).contains("Services : SMTP").contains("Issuer   : CN=Contoso CA,"
                + " O=Contoso").contains("Status   : Untrusted");
    }

    /** Writes a PKCS#12 file for mail.contoso.com issued by Contoso CA; returns its thumbprint. */
    private static String pfx(Path file, String password) throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=Contoso CA, O=Contoso");
        TestPki.Issued leaf = TestPki.leaf(ca, "CN=mail.contoso.com", "mail.contoso.com");
        Files.write(file, TestPki.pkcs12(leaf.key(), password.toCharArray(),
                leaf.certificate(), ca.certificate()));
        return ExchangeCertificate.thumbprint(leaf.certificate());
    }

    @Test
    void pemTextByFileName() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=CA");
        TestPki.Issued leaf = TestPki.leaf(ca, "CN=relay.contoso.com", "relay.contoso.com");
        Path pem = dir.resolve("relay.pem");
        Files.writeString(pem, TestPki.pem(leaf.key(), leaf.certificate(), ca.certificate()));
        ok("Import-ExchangeCertificate -FileName '" + pem + "' -PrivateKeyExportable $true");
        assertThat(repo.certificates().all()).hasSize(2);
        assertThat(ok("Get-ExchangeCertificate -DomainName relay.contoso.com").stdout())
                .contains("CN=relay.contoso.com").doesNotContain("CN=ex01.contoso.com");
    }

    @Test
    void errorsNameTheProblem() throws Exception {
        Path pfx = dir.resolve("mail.pfx");
        pfx(pfx, "right");

        assertThat(fails("Import-ExchangeCertificate -FileName '" + pfx + "' -Password"
                + " (ConvertTo-SecureString -String 'wrong' -AsPlainText -Force)").stderr())
                .contains("The password isn't correct");
        assertThat(fails("Import-ExchangeCertificate -FileName '" + dir.resolve("none.pfx")
                + "'").stderr()).contains("doesn't exist");
        assertThat(fails("Get-ExchangeCertificate -Thumbprint AB0123").stderr())
                .contains("The certificate with thumbprint AB0123 was not found.");
        assertThat(fails("Enable-ExchangeCertificate -Thumbprint " + self.thumbprint()
                + " -Services IIS").stderr()).contains("Postern serves SMTP only");
        assertThat(fails("ConvertTo-SecureString -String 'x' -AsPlainText").stderr())
                .contains("Force parameter");
        assertThat(fails("Import-ExchangeCertificate -FileData ([System.IO.File]::"
                + "ReadAllBytes('" + pfx + "'))").stderr()).contains("-Password");
    }

    @Test
    void removingTheSmtpDefaultWarns() {
        ExecutionResult r = ok("Remove-ExchangeCertificate -Thumbprint " + self.thumbprint()
                + " -Confirm:$false");
        assertThat(r.stdout()).contains("WARNING: The certificate " + self.thumbprint()
                + " was the SMTP default certificate.");
        assertThat(repo.certificates().all()).isEmpty();
        assertThat(ok("Get-ExchangeCertificate").stdout()).isEmpty();
    }
}
