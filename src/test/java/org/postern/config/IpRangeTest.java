package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RemoteIPRanges entries (relay-cases A03, A04; documentation addresses in a parser test). */
class IpRangeTest {

    private static boolean holds(String range, String ip) throws Exception {
        return IpRange.parse(range).contains(InetAddress.getByName(ip));
    }

    @Test
    @DisplayName("the three forms the article names: single address, a-b range, CIDR")
    void threeForms() throws Exception {
        assertThat(IpRange.parse("192.168.5.10").size()).isEqualTo(BigInteger.ONE);
        assertThat(IpRange.parse("192.168.5.10-192.168.5.20").size())
                .isEqualTo(BigInteger.valueOf(11));
        assertThat(IpRange.parse("192.168.5.1/24").size()).isEqualTo(BigInteger.valueOf(256));
        assertThat(holds("192.168.5.10-192.168.5.20", "192.168.5.20")).isTrue();
        assertThat(holds("192.168.5.10-192.168.5.20", "192.168.5.21")).isFalse();
        assertThat(IpRange.parse("192.168.5.1/24")).hasToString("192.168.5.1/24");
    }

    @Test
    @DisplayName("A03 CIDR with host bits set means the whole block, never /32 and never wider")
    void hostBitsMeanTheBlock() throws Exception {
        assertThat(holds("192.0.2.77/26", "192.0.2.70")).isTrue();
        assertThat(holds("192.0.2.77/26", "192.0.2.77")).isTrue();
        assertThat(holds("192.0.2.77/26", "192.0.2.130")).isFalse();
        assertThat(holds("192.0.2.77/26", "192.0.2.63")).isFalse();
        assertThat(holds("2001:db8:1::cd3/60", "2001:db8:1:f::1")).isTrue();
        assertThat(holds("2001:db8:1::cd3/60", "2001:db8:1:10::1")).isFalse();
    }

    @ParameterizedTest(name = "A04 \"{0}\" is refused with a message naming it")
    @ValueSource(strings = {"192.0.2.127-192.0.2.64", "192.0.2.1-2001:db8::1", "192.0.2.0/33",
        "192.0.2.0/-1", "::/129", "192.0.2.0/", "", "192.0.2", "10.1", "010.0.2.1", "0x7f.0.0.1",
        "192.0.*.1", "192.0.2.1-5", "300.1.1.1", "host.example"})
    void badEntries(String value) {
        assertThatThrownBy(() -> IpRange.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + value + "\"");
    }

    @ParameterizedTest(name = "\"{0}\": the message names the bad prefix length, not the address")
    @ValueSource(strings = {"10.0.0.0/99", "192.0.2.0/33", "2001:db8::/129"})
    void aBadPrefixLengthIsNamedAsSuch(String value) {
        String bits = value.contains(":") ? "128 for an IPv6" : "32 for an IPv4";
        assertThatThrownBy(() -> IpRange.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The value \"" + value + "\" isn't a valid IP range: the prefix"
                        + " length \"" + value.substring(value.indexOf('/') + 1) + "\" is not"
                        + " one of 0 to " + bits + " address.");
    }

    @Test
    @DisplayName("A04 a degenerate range is one host; an IPv4-mapped client matches IPv4 ranges")
    void degenerateAndMapped() throws Exception {
        assertThat(IpRange.parse("192.0.2.10-192.0.2.10").size()).isEqualTo(BigInteger.ONE);
        assertThat(holds("127.0.0.10", "::ffff:127.0.0.10")).isTrue();
        assertThat(holds("::ffff:127.0.0.0/104", "127.0.0.10")).isFalse();
        assertThat(holds("::/0", "127.0.0.10")).isFalse();
        assertThat(holds("0.0.0.0-255.255.255.255", "::1")).isFalse();
        assertThat(holds("fe80::39bd:88f7:6969:d223%11", "fe80::39bd:88f7:6969:d223")).isTrue();
        assertThat(holds("2001:0DB8::CD3/60", "2001:db8::1")).isTrue();
    }
}
