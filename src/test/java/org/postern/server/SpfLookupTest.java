package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.antispam.Spf;

/** jSPF's checks through Postern's resolver, against SPF records served by dnsmasq. */
class SpfLookupTest {

    static DnsmasqProcess dns;
    static Spf spf;

    @BeforeAll
    static void start() throws Exception {
        dns = DnsmasqProcess.start(List.of(
                "--txt-record=strict.spf.test,v=spf1 ip4:127.0.0.10 -all",
                "--txt-record=soft.spf.test,v=spf1 ip4:127.0.0.10 ~all",
                "--txt-record=broken.spf.test,v=spf1 ip4:not-an-address -all",
                "--txt-record=other.spf.test,some other text"));
        String[] hp = dns.address().split(":");
        spf = new Spf(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])),
                Duration.ofSeconds(2), 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    private static Spf.Outcome check(String client, String sender) throws Exception {
        return spf.check(InetAddress.getByName(client), sender, "client.test")
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPermittedAddressPassesAndAnotherFails() throws Exception {
        Spf.Outcome pass = check("127.0.0.10", "a@strict.spf.test");
        assertThat(pass.result()).isEqualTo(Spf.Result.Pass);
        assertThat(pass.receivedSpf()).startsWith("pass").contains("127.0.0.10");
        Spf.Outcome fail = check("127.0.0.11", "a@strict.spf.test");
        assertThat(fail.result()).isEqualTo(Spf.Result.Fail);
        assertThat(fail.receivedSpf()).startsWith("fail").doesNotContain("\r", "\n");
    }

    @Test
    void softFailNoneAndPermErrorAreTold() throws Exception {
        assertThat(check("127.0.0.11", "a@soft.spf.test").result())
                .isEqualTo(Spf.Result.SoftFail);
        assertThat(check("127.0.0.11", "a@other.spf.test").result())
                .isEqualTo(Spf.Result.None);
        assertThat(check("127.0.0.11", "a@missing.spf.test").result())
                .isEqualTo(Spf.Result.None);
        assertThat(check("127.0.0.11", "a@broken.spf.test").result())
                .isEqualTo(Spf.Result.PermError);
    }

    @Test
    void aDnsServerThatDoesNotAnswerIsATempErrorWithinTheTimeOut() throws Exception {
        Spf silent;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0,
                InetAddress.getByName("127.0.0.1"))) {
            // A socket that reads nothing: queries go unanswered.
            silent = new Spf(new InetSocketAddress("127.0.0.1", s.getLocalPort()),
                    Duration.ofMillis(300), 1);
            long start = System.nanoTime();
            Spf.Outcome o = silent.check(InetAddress.getByName("127.0.0.10"),
                    "a@strict.spf.test", "client.test").get(10, TimeUnit.SECONDS);
            assertThat(o.result()).isEqualTo(Spf.Result.TempError);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(
                    Duration.ofSeconds(5));
        }
    }
}
