package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postern.config.ReceiveConnectorSchema.AUTH_MECHANISM;
import static org.postern.config.ReceiveConnectorSchema.BINDINGS;
import static org.postern.config.ReceiveConnectorSchema.ENABLED;
import static org.postern.config.ReceiveConnectorSchema.REMOTE_IP_RANGES;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.postern.permission.AccessEntry;
import org.postern.permission.Acl;
import org.postern.permission.ExtendedRight;
import org.postern.permission.PermissionGroup;
import org.postern.permission.Principal;

/** Which connectors make Postern an open relay, and what the explanation says. */
class OpenRelayCheckTest {

    private static final AccessEntry ANONYMOUS_RELAY = new AccessEntry(Principal.ANONYMOUS_LOGON,
            ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT, false, null);

    /** The article's method 1: AnonymousUsers plus Accept-Any-Recipient for ANONYMOUS LOGON. */
    private static ReceiveConnector anonymousRelay(String... ranges) {
        List<IpRange> r = new ArrayList<>();
        for (String s : ranges) {
            r.add(IpRange.parse(s));
        }
        return ReceiveConnector.create("Relay", "EX01", Instant.EPOCH)
                .with(BINDINGS, List.of(Binding.parse("0.0.0.0:25")))
                .with(REMOTE_IP_RANGES, r)
                .withAcl(Acl.empty().withGroups(EnumSet.of(PermissionGroup.AnonymousUsers),
                        "CONTOSO").with(ANONYMOUS_RELAY));
    }

    @ParameterizedTest(name = "{0} -> open relay: {1}")
    @CsvSource(delimiter = ';', value = {
        "0.0.0.0-255.255.255.255; true",
        "0.0.0.0/0; true",
        "192.168.5.10; false",
        "192.168.0.0/16; false",
        "10.0.0.0/8; false",
        "172.16.0.0/12; false",
        "172.16.0.0/11; true",
        "172.15.255.255; true",
        "172.32.0.0; true",
        "127.0.0.0/8; false",
        "127.0.0.1-127.0.0.20; false",
        "169.254.1.1; false",
        "169.253.255.255-169.254.0.5; true",
        "192.0.2.25; true",
        "198.51.100.8; true",
        "10.0.0.0-11.0.0.0; true",
        "::1; false",
        "fc00::/7; false",
        "fd12:3456::1; false",
        "fe80::1; false",
        "fe80::/10; false",
        "2001:db8::/32; true",
        "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff; true",
        "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff; true",
    })
    void rangesOutsideLoopbackPrivateAndLinkLocalArePublic(String range, boolean open) {
        assertThat(OpenRelayCheck.exposure(anonymousRelay(range)) != null).isEqualTo(open);
    }

    @Test
    void privateRangesAroundAPublicHoleReportOnlyTheHole() {
        OpenRelayCheck.Exposure e = OpenRelayCheck.exposure(
                anonymousRelay("10.0.0.0/8", "192.168.1.1", "9.255.255.250-10.0.0.5"));
        assertThat(e.openEntries()).extracting(IpRange::toString)
                .containsExactly("9.255.255.250-10.0.0.5");
        assertThat(e.publicAddresses()).containsExactly("9.255.255.250-9.255.255.255");
    }

    @Test
    void theWholeIpv4SpaceLeavesSixPublicBlocks() {
        OpenRelayCheck.Exposure e = OpenRelayCheck.exposure(
                anonymousRelay("0.0.0.0-255.255.255.255"));
        assertThat(e.publicAddresses()).containsExactly("0.0.0.0-9.255.255.255",
                "11.0.0.0-126.255.255.255", "128.0.0.0-169.253.255.255",
                "169.255.0.0-172.15.255.255", "172.32.0.0-192.167.255.255",
                "192.169.0.0-255.255.255.255");
    }

    @Test
    void explanationNamesConnectorRangesPrincipalAndWhereEachRightComesFrom() {
        OpenRelayCheck.Exposure e = OpenRelayCheck.exposure(
                anonymousRelay("192.168.5.10", "0.0.0.0-255.255.255.255"));
        assertThat(e.explain()).isEqualTo("Receive connector \"EX01\\Relay\" would relay to any"
                + " domain for anyone on the Internet: its RemoteIPRanges"
                + " 0.0.0.0-255.255.255.255 include public addresses (0.0.0.0-9.255.255.255,"
                + " 11.0.0.0-126.255.255.255, 128.0.0.0-169.253.255.255,"
                + " 169.255.0.0-172.15.255.255 and 2 more ranges), and its sessions that don't"
                + " authenticate run as NT AUTHORITY\\ANONYMOUS LOGON, which holds"
                + " ms-Exch-SMTP-Submit (from permission group AnonymousUsers) and holds"
                + " ms-Exch-SMTP-Accept-Any-Recipient (from an explicit Add-ADPermission"
                + " entry).");
    }

    @Test
    void anonymousUsersAloneDoesNotRelay() {
        ReceiveConnector c = anonymousRelay("0.0.0.0-255.255.255.255");
        c = c.withAcl(c.acl().without(ANONYMOUS_RELAY));
        assertThat(OpenRelayCheck.exposure(c)).isNull();
    }

    @Test
    void relayWithoutSubmitIsNoRelay() {
        ReceiveConnector c = ReceiveConnector.create("R", "EX01", Instant.EPOCH)
                .with(REMOTE_IP_RANGES, List.of(IpRange.ALL_IPV4))
                .withAcl(Acl.empty().with(ANONYMOUS_RELAY));
        assertThat(OpenRelayCheck.exposure(c)).isNull();
    }

    @Test
    void anExplicitDenyClosesTheRelay() {
        ReceiveConnector c = anonymousRelay("0.0.0.0/0");
        c = c.withAcl(c.acl().with(new AccessEntry(Principal.ANONYMOUS_LOGON,
                ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT, true, null)));
        assertThat(OpenRelayCheck.exposure(c)).isNull();
    }

    @Test
    void externalAuthoritativeWithExchangeServersOnPublicRangesIsAnOpenRelay() {
        ReceiveConnector c = ReceiveConnector.create("Secured", "EX01", Instant.EPOCH)
                .with(REMOTE_IP_RANGES, List.of(IpRange.ALL_IPV4))
                .with(AUTH_MECHANISM, EnumSet.of(AuthMechanism.ExternalAuthoritative))
                .withAcl(Acl.empty().withGroups(EnumSet.of(PermissionGroup.ExchangeServers),
                        "CONTOSO"));
        OpenRelayCheck.Exposure e = OpenRelayCheck.exposure(c);
        assertThat(e.principal()).isEqualTo(Principal.EXTERNALLY_SECURED_SERVERS);
        assertThat(e.explain()).contains("permission group ExchangeServers");
        assertThat(OpenRelayCheck.exposure(c.with(REMOTE_IP_RANGES,
                List.of(IpRange.parse("192.168.5.0/24"))))).isNull();
    }

    @Test
    void aDisabledConnectorRelaysForNobody() {
        assertThat(OpenRelayCheck.exposure(anonymousRelay("0.0.0.0/0").with(ENABLED, false)))
                .isNull();
    }

    @Test
    void defaultConnectorsAreNotOpenRelays() {
        Configuration cfg = Setup.initial(new ServerIdentity("EX01", "ex01.contoso.com",
                "CONTOSO"), "contoso.com", 0, Instant.EPOCH);
        assertThat(OpenRelayCheck.exposures(cfg)).isEmpty();
    }

    @Test
    void aChangeIsReportedOnlyWhenItOpensOrWidensTheRelay() {
        Configuration base = Setup.initial(new ServerIdentity("EX01", "ex01.contoso.com",
                "CONTOSO"), "contoso.com", 0, Instant.EPOCH);
        ReceiveConnector narrow = anonymousRelay("192.168.5.10");
        Configuration safe = base.withReceiveConnector(narrow);
        assertThat(OpenRelayCheck.opened(base, safe)).isEmpty();

        ReceiveConnector wide = narrow.with(REMOTE_IP_RANGES,
                List.of(IpRange.parse("198.51.100.0/24")));
        Configuration open = safe.withReceiveConnector(wide);
        assertThat(OpenRelayCheck.opened(safe, open)).hasSize(1);

        ReceiveConnector unchangedRanges = wide.with(ReceiveConnectorSchema.BANNER, "220 hi");
        assertThat(OpenRelayCheck.opened(open, open.withReceiveConnector(unchangedRanges)))
                .isEmpty();
        ReceiveConnector narrower = wide.with(REMOTE_IP_RANGES,
                List.of(IpRange.parse("198.51.100.8")));
        assertThat(OpenRelayCheck.opened(open, open.withReceiveConnector(narrower))).isEmpty();
        ReceiveConnector wider = wide.with(REMOTE_IP_RANGES,
                List.of(IpRange.parse("198.51.0.0/16")));
        assertThat(OpenRelayCheck.opened(open, open.withReceiveConnector(wider))).hasSize(1);
    }
}
