package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressParserTest {

    private static MailAddress rcpt(String path) throws Exception {
        return AddressParser.parsePath(path, false, true);
    }

    @Test
    void domainIsLowerCasedOnceAndLocalPartKeptAsSent() throws Exception {
        MailAddress a = rcpt("Bob@EXAMPLE.ORG");
        assertThat(a.localPart()).isEqualTo("Bob");
        assertThat(a.domain()).isEqualTo("example.org");
        assertThat(a).hasToString("Bob@example.org");
    }

    @Test
    void percentAndBangAreOrdinaryLocalPartCharacters() throws Exception {
        assertThat(rcpt("carol%example.net@example.org").domain()).isEqualTo("example.org");
        assertThat(rcpt("carol%example.net@example.org").localPart())
                .isEqualTo("carol%example.net");
        assertThat(rcpt("example.net!carol@example.org").localPart())
                .isEqualTo("example.net!carol");
    }

    @Test
    void sourceRouteIsCheckedAndDropped() throws Exception {
        assertThat(rcpt("@example.org:carol@example.net")).hasToString("carol@example.net");
        assertThat(rcpt("@example.com,@example.net:bob@example.org"))
                .hasToString("bob@example.org");
        assertThat(rcpt("@[192.0.2.1]:carol@example.net")).hasToString("carol@example.net");
    }

    @Test
    void unqualifiedPostmasterIsAcceptedInAnyCaseOnlyWhereAllowed() throws Exception {
        assertThat(rcpt("Postmaster").isPostmaster()).isTrue();
        assertThat(rcpt("POSTMASTER")).isEqualTo(MailAddress.POSTMASTER);
        assertThatThrownBy(() -> AddressParser.parsePath("postmaster", false, false))
                .isInstanceOf(AddressParser.InvalidAddressException.class);
    }

    @Test
    void quotedLocalPartsAreKeptWithTheirQuotes() throws Exception {
        assertThat(rcpt("\"bob.\"@example.org").localPart()).isEqualTo("\"bob.\"");
        assertThat(rcpt("\"a b\"@example.org")).hasToString("\"a b\"@example.org");
        assertThat(rcpt("\"a\\\"b\"@example.org").localPart()).isEqualTo("\"a\\\"b\"");
    }

    @Test
    void addressLiteralsAreParsedStrictlyAndFlagged() throws Exception {
        MailAddress v4 = rcpt("carol@[198.51.100.20]");
        assertThat(v4.literal()).isTrue();
        assertThat(v4.domain()).isEqualTo("[198.51.100.20]");
        assertThat(rcpt("carol@[IPv6:2001:DB8:ffff::20]").domain())
                .isEqualTo("[IPv6:2001:db8:ffff::20]");
        assertThat(rcpt("bob@[IPv6:::ffff:127.0.0.1]").literal()).isTrue();
        assertThat(rcpt("bob@[IPv6:1:2:3:4:5:6:7:8]").literal()).isTrue();
        assertThat(rcpt("bob@[IPv6:1:2:3:4:5:6:1.2.3.4]").literal()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "carol@example.net@example.org", // two unquoted @ (R06)
        "\"carol@example.net\"", // quoted, no domain outside the quotes (R05)
        "\"carol%example.net\"",
        "example.net!carol", // bang path without domain (R09)
        "bob", // unqualified (R15)
        "bob.@example.org", ".bob@example.org", "b..ob@example.org", // R11
        "bob@example.org.", "bob@example.org..", "bob@example..org", "bob@.example.org", // R12
        "bob@[192.0.2.300]", "bob@[2001:db8::1]", "bob@[IPv6:fe80::1%25eth0]",
        "bob@[010.0.2.1]", "bob@[IPv6:1::2::3]", "bob@[IPv6:1:2:3:4:5:6:7]",
        "bob@[tag:content]", // R14
        "@example.org:@example.net", "x:@example.org", // R08
        "a;id@example.com", ";sleep 10;", // P17
        "bob@-example.org", "bob@example-.org", "bob@exa_mple.org", "bob@",
        "\"a\rb\"@example.org", "\"unterminated@example.org", "\"\"@example.org",
    })
    void malformedAddressesAreRefused(String path) {
        assertThatThrownBy(() -> rcpt(path))
                .isInstanceOf(AddressParser.InvalidAddressException.class);
    }

    @Test
    void expansionSyntaxIsJustAnAtom() throws Exception {
        assertThat(rcpt("${run{/bin/true}}@example.org").localPart())
                .isEqualTo("${run{/bin/true}}");
    }

    @Test
    void overlongPartsAreRefused() {
        String local = "a".repeat(65);
        assertThatThrownBy(() -> rcpt(local + "@example.org"))
                .isInstanceOf(AddressParser.InvalidAddressException.class);
        String label = "b".repeat(64);
        assertThatThrownBy(() -> rcpt("a@" + label + ".org"))
                .isInstanceOf(AddressParser.InvalidAddressException.class);
    }

    /** Found by CommandParserFuzzTest: 250 octets as sent, 276 in the envelope. */
    static final String GROWS_PAST_THE_PATH_LIMIT = "a".repeat(40) + "@"
            + String.join(".", java.util.Collections.nCopies(4, "c".repeat(50) + "é"));

    @Test
    void aPathThatOutgrowsTheLimitOnceItsDomainIsInALabelsIsRefused() throws Exception {
        String path = GROWS_PAST_THE_PATH_LIMIT;
        assertThat(path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(AddressParser.MAX_PATH);
        assertThat(AddressParser.parseMailbox(path, true).toString().length())
                .isGreaterThan(AddressParser.MAX_PATH);
        assertThatThrownBy(() -> AddressParser.parsePath(path, true, false))
                .isInstanceOf(AddressParser.InvalidAddressException.class)
                .hasMessage("path longer than 256 octets once its domain is in A-labels");
        // one label less is within the limit in both forms
        String shorter = path.substring(0, path.lastIndexOf('.'));
        assertThat(AddressParser.parsePath(shorter, true, false).toString().length())
                .isLessThanOrEqualTo(AddressParser.MAX_PATH);
    }

    @Test
    void ipv6LiteralsTakeOnlyAsciiHexDigits() throws Exception {
        // found by CommandParserFuzzTest: an NKo digit passed as a hex digit
        assertThatThrownBy(() -> AddressParser.parsePath("a@[IPv6:e::2\u07c0]", true, false))
                .isInstanceOf(AddressParser.InvalidAddressException.class);
        assertThatThrownBy(() -> AddressParser.parseHeloName("[IPv6:e::2\u0663]"))
                .isInstanceOf(AddressParser.InvalidAddressException.class);
        assertThat(AddressParser.parseHeloName("[IPv6:E::2F]")).isEqualTo("[IPv6:e::2f]");
    }

    @Test
    void utf8NeedsPermissionAndDomainsBecomeALabels() throws Exception {
        assertThatThrownBy(() -> AddressParser.parsePath("ålice@example.com", false, false))
                .isInstanceOf(AddressParser.InvalidAddressException.class);
        MailAddress a = AddressParser.parsePath("ålice@bücher.example", true, false);
        assertThat(a.utf8()).isTrue();
        assertThat(a.domain()).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void heloNamesAcceptDomainsLiteralsAndUnderscores() throws Exception {
        assertThat(AddressParser.parseHeloName("Client.Example.NET"))
                .isEqualTo("client.example.net");
        assertThat(AddressParser.parseHeloName("[198.51.100.7]")).isEqualTo("[198.51.100.7]");
        assertThat(AddressParser.parseHeloName("my_pc")).isEqualTo("my_pc");
        assertThatThrownBy(() -> AddressParser.parseHeloName("@#$%^&*()"))
                .isInstanceOf(AddressParser.InvalidAddressException.class);
        assertThatThrownBy(() -> AddressParser.parseHeloName("[999.1.1.1]"))
                .isInstanceOf(AddressParser.InvalidAddressException.class);
    }
}
