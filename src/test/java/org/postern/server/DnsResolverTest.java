package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.delivery.DnsResolver;

/** Delivery's DNS look-ups against a real DNS server (dnsmasq) on loopback. */
class DnsResolverTest {

    static DnsmasqProcess dns;
    static DnsResolver resolver;

    @BeforeAll
    static void start() throws Exception {
        dns = DnsmasqProcess.start(List.of(
                "--mx-host=eq.test,a.eq.test,10", "--mx-host=eq.test,b.eq.test,10",
                "--mx-host=eq.test,backup.eq.test,20",
                "--host-record=a.eq.test,127.0.0.31", "--host-record=b.eq.test,127.0.0.32",
                "--host-record=dual.test,127.0.0.33,::1",
                "--mx-host=null.test,.,0", "--host-record=nomx.test,127.0.0.34"));
        resolver = new DnsResolver(DnsResolver.parseServer(dns.address()), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void mailExchangersComeByPreferenceWithEqualOnesInRandomOrder() throws Exception {
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            List<DnsResolver.Mx> mx = resolver.mx("eq.test");
            assertThat(mx).extracting(DnsResolver.Mx::preference).containsExactly(10, 10, 20);
            assertThat(mx.get(2).host()).isEqualTo("backup.eq.test");
            firsts.add(mx.get(0).host());
        }
        assertThat(firsts).containsExactlyInAnyOrder("a.eq.test", "b.eq.test");
    }

    @Test
    void addressesAreARecordsThenAaaa() throws Exception {
        assertThat(resolver.addresses("dual.test")).containsExactly(
                InetAddress.getByName("127.0.0.33"), InetAddress.getByName("::1"));
    }

    @Test
    void domainWithoutMxHasAnEmptyListAndNullMxIsPermanent() throws Exception {
        assertThat(resolver.mx("nomx.test")).isEmpty();
        assertThatThrownBy(() -> resolver.mx("null.test"))
                .isInstanceOf(DnsResolver.PermanentFailure.class).hasMessageContaining("null MX");
        assertThatThrownBy(() -> resolver.mx("missing.test"))
                .isInstanceOf(DnsResolver.PermanentFailure.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void serverThatDoesNotAnswerIsATemporaryFailure() throws Exception {
        DnsResolver silent = new DnsResolver(DnsResolver.parseServer("127.0.0.1:9"),
                Duration.ofMillis(300));
        assertThatThrownBy(() -> silent.mx("eq.test"))
                .isInstanceOf(DnsResolver.TransientFailure.class)
                .hasMessageContaining("MX eq.test");
    }

    @Test
    void badServerAddressIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> DnsResolver.parseServer("dns.example:53"))
                .hasMessageContaining("\"dns.example:53\"");
        assertThatThrownBy(() -> DnsResolver.parseServer("127.0.0.1:99999"))
                .hasMessageContaining("99999");
        assertThat(DnsResolver.parseServer("[::1]:5353").getPort()).isEqualTo(5353);
        assertThat(DnsResolver.parseServer("127.0.0.1").getPort()).isEqualTo(53);
    }
}
