package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.config.Configuration;
import org.postern.config.OpenRelayCheck;
import org.postern.shell.ShellError;

/** The open-relay guard in New-/Set-ReceiveConnector and Add-/Remove-ADPermission. */
class RelayGuardTest extends LiveConfigTest {

    private static final String RELAY_RIGHT = "ms-Exch-SMTP-Accept-Any-Recipient";
    private static final String ANONYMOUS = "NT AUTHORITY\\ANONYMOUS LOGON";

    @BeforeEach
    void articleConnector() {
        DirectRun.run(repo, "New-ReceiveConnector", "Name", "Relay", "Custom", true,
                "TransportRole", "FrontendTransport", "Bindings", "0.0.0.0:2526",
                "RemoteIPRanges", List.of("192.168.5.10", "192.168.5.11"),
                "PermissionGroups", "AnonymousUsers");
        DirectRun.run(repo, "Add-ADPermission", "Identity", "Relay", "User", ANONYMOUS,
                "ExtendedRights", RELAY_RIGHT);
        assertThat(OpenRelayCheck.exposures(repo.current())).isEmpty();
    }

    @Test
    void wideningTheRelayConnectorToEveryAddressIsRefusedWithWhoCouldRelay() {
        Configuration before = repo.current();
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-ReceiveConnector", "Identity", "Relay",
                "RemoteIPRanges", "0.0.0.0-255.255.255.255"))
                .isInstanceOf(ShellError.class)
                .hasMessageContaining("would make this server an open relay")
                .hasMessageContaining("\"EX01\\Relay\"")
                .hasMessageContaining("0.0.0.0-255.255.255.255")
                .hasMessageContaining(ANONYMOUS)
                .hasMessageContaining(RELAY_RIGHT + " (from an explicit Add-ADPermission entry)")
                .hasMessageContaining("-Force")
                .extracting(e -> ((ShellError) e).reason()).isEqualTo("OpenRelayException");
        assertThat(repo.current()).isEqualTo(before);
    }

    @Test
    void forceMakesTheChangeAndWarns() {
        DirectRun r = DirectRun.run(repo, "Set-ReceiveConnector", "Identity", "Relay",
                "RemoteIPRanges", "0.0.0.0-255.255.255.255", "Force", true);
        assertThat(r.warnings).singleElement().asString().startsWith("-Force: Receive connector"
                + " \"EX01\\Relay\" would relay to any domain");
        assertThat(OpenRelayCheck.exposures(repo.current())).hasSize(1);
        // An unrelated change to the already-open connector does not need -Force again.
        DirectRun again = DirectRun.run(repo, "Set-ReceiveConnector", "Identity", "Relay",
                "Banner", "220 relay");
        assertThat(again.warnings).isEmpty();
    }

    @Test
    void grantingRelayToAnonymousOnTheInternetConnectorIsRefused() {
        assertThatThrownBy(() -> DirectRun.run(repo, "Add-ADPermission",
                "Identity", "Default Frontend EX01", "User", ANONYMOUS,
                "ExtendedRights", RELAY_RIGHT))
                .hasMessageContaining("\"EX01\\Default Frontend EX01\"")
                .hasMessageContaining("ms-Exch-SMTP-Submit (from permission group"
                        + " AnonymousUsers)");
        DirectRun.run(repo, "Add-ADPermission", "Identity", "Default Frontend EX01",
                "User", ANONYMOUS, "ExtendedRights", RELAY_RIGHT, "Force", true);
        assertThat(OpenRelayCheck.exposures(repo.current())).extracting(e -> e.connector().name())
                .containsExactly("Default Frontend EX01");
    }

    @Test
    void externalAuthoritativeOnAPublicCustomConnectorIsRefused() {
        assertThatThrownBy(() -> DirectRun.run(repo, "New-ReceiveConnector", "Name", "Secured",
                "Custom", true, "TransportRole", "FrontendTransport", "Bindings", "0.0.0.0:2527",
                "RemoteIPRanges", "0.0.0.0/0", "AuthMechanism", "ExternalAuthoritative",
                "PermissionGroups", "ExchangeServers"))
                .hasMessageContaining("MS Exchange\\Externally Secured Servers")
                .hasMessageContaining("permission group ExchangeServers");
        assertThat(repo.current().receiveConnector("Secured")).isEmpty();
        DirectRun.run(repo, "New-ReceiveConnector", "Name", "Secured", "Custom", true,
                "TransportRole", "FrontendTransport", "Bindings", "0.0.0.0:2527",
                "RemoteIPRanges", "10.1.0.0/16", "AuthMechanism", "ExternalAuthoritative",
                "PermissionGroups", "ExchangeServers");
        assertThat(repo.current().receiveConnector("Secured")).isPresent();
    }

    @Test
    void removingADenyThatKeptThePublicConnectorClosedIsRefused() {
        DirectRun.run(repo, "Add-ADPermission", "Identity", "Default Frontend EX01", "User",
                ANONYMOUS, "ExtendedRights", RELAY_RIGHT, "Deny", true);
        DirectRun.run(repo, "Add-ADPermission", "Identity", "Default Frontend EX01", "User",
                ANONYMOUS, "ExtendedRights", RELAY_RIGHT);
        assertThat(OpenRelayCheck.exposures(repo.current())).isEmpty();
        assertThatThrownBy(() -> DirectRun.run(repo, "Remove-ADPermission", "Identity",
                "Default Frontend EX01", "User", ANONYMOUS, "ExtendedRights", RELAY_RIGHT,
                "Deny", true)).hasMessageContaining("open relay");
    }
}
