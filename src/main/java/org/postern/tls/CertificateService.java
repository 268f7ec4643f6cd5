package org.postern.tls;

/**
 * The services Exchange assigns a certificate to (Enable-ExchangeCertificate -Services), in the
 * order of the short form Get-ExchangeCertificate prints ({@code IP.WS..}: IMAP, POP, UM, IIS,
 * SMTP, Federation, UMCallRouter). Postern serves SMTP only; the other names are known so that
 * an Exchange script naming them gets a clear refusal instead of a parse error.
 */
public enum CertificateService {
    IMAP('I'), POP('P'), UM('U'), IIS('W'), SMTP('S'), Federation('F'), UMCallRouter('C');

    private final char letter;

    CertificateService(char letter) {
        this.letter = letter;
    }

    /** The letter of the short form, e.g. {@code S} for SMTP. */
    public char letter() {
        return letter;
    }
}
