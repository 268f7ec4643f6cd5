package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the first start records as the server's name when none is given. */
class HostNamesTest {

    @Test
    @DisplayName("a host whose address resolves back to localhost keeps its own name")
    void loopbackAliasIsNotTheServerName() {
        assertThat(HostNames.choose("vm", "localhost", null)).isEqualTo("vm");
        assertThat(HostNames.serverName(HostNames.choose("vm", "localhost", null)))
                .isEqualTo("VM");
        assertThat(HostNames.choose("vm", "127.0.0.1", null)).isEqualTo("vm");
    }

    @Test
    @DisplayName("the reverse name is taken when it extends the host name")
    void reverseNameExtendsTheHostName() {
        assertThat(HostNames.choose("ex01", "EX01.contoso.com", null))
                .isEqualTo("ex01.contoso.com");
        assertThat(HostNames.domain("ex01.contoso.com")).isEqualTo("contoso.com");
        assertThat(HostNames.choose("ex01", "other.contoso.com", null)).isEqualTo("ex01");
        assertThat(HostNames.choose("mail.contoso.com", "mail", null))
                .isEqualTo("mail.contoso.com");
    }

    @Test
    @DisplayName("without a usable host name the environment, then localhost")
    void fallbacks() {
        assertThat(HostNames.choose(null, null, "Relay1")).isEqualTo("relay1");
        assertThat(HostNames.choose("localhost", "localhost", null)).isEqualTo("localhost");
        assertThat(HostNames.choose(null, "mx.contoso.com", null)).isEqualTo("mx.contoso.com");
    }
}
