package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postern.config.TransportService;
import org.postern.shell.PsObject;
import org.postern.shell.View;

class TransportServiceCmdletsTest extends LiveConfigTest {

    @Test
    void getShowsExchangeDefaultsInAListView() {
        PsObject o = (PsObject) DirectRun.run(repo, "Get-TransportService").output.get(0);
        assertThat(o.view().shape()).isEqualTo(View.Shape.LIST);
        assertThat(o.get("Name")).isEqualTo("EX01");
        assertThat(o.get("TransientFailureRetryCount")).isEqualTo(6);
        assertThat(o.get("MessageExpirationTimeout")).isEqualTo(Duration.ofDays(2));
        assertThat(o.get("MaxPerDomainOutboundConnections").toString()).isEqualTo("20");
        assertThat(o.get("MaxConnectionRatePerMinute").toString()).isEqualTo("1200");
        assertThat(DirectRun.run(repo, "Get-TransportService", "Identity", "ex01.contoso.com")
                .output).hasSize(1);
        assertThat(DirectRun.run(repo, "Get-TransportService", "Identity", "EX02").errors)
                .singleElement().extracting(Throwable::getMessage).asString()
                .contains("'EX02' couldn't be found");
    }

    @Test
    void setChangesRetryAndExpirySettings() {
        DirectRun.run(repo, "Set-TransportService", "Identity", "EX01",
                "TransientFailureRetryCount", 3, "TransientFailureRetryInterval", "00:00:30",
                "OutboundConnectionFailureRetryInterval", "00:05:00",
                "MessageExpirationTimeout", "1.00:00:00", "DelayNotificationTimeout", "02:00:00",
                "MaxOutboundConnections", "unlimited", "MaxPerDomainOutboundConnections", 5,
                "MessageRetryInterval", "00:01:00", "MaxConnectionRatePerMinute", 30);
        TransportService t = repo.current().transportService();
        assertThat(t.transientFailureRetryCount()).isEqualTo(3);
        assertThat(t.transientFailureRetryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.outboundConnectionFailureRetryInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(t.messageExpirationTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(t.delayNotificationTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(t.maxOutboundConnections().isUnlimited()).isTrue();
        assertThat(t.maxPerDomainOutboundConnections().value()).isEqualTo(5);
        assertThat(t.messageRetryInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(t.maxConnectionRatePerMinute().value()).isEqualTo(30);
    }

    @Test
    void outOfRangeAndMalformedValuesAreRefusedByName() {
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-TransportService", "Identity", "EX01",
                "MessageExpirationTimeout", "100.00:00:00"))
                .hasMessageContaining("MessageExpirationTimeout")
                .hasMessageContaining("100.00:00:00");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-TransportService", "Identity", "EX01",
                "TransientFailureRetryInterval", "five minutes"))
                .hasMessageContaining("'TransientFailureRetryInterval'")
                .hasMessageContaining("\"five minutes\"");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-TransportService", "Identity", "EX01",
                "MaxConnectionRatePerMinute", 0))
                .hasMessageContaining("MaxConnectionRatePerMinute value \"0\"");
        assertThat(repo.current().transportService())
                .isEqualTo(TransportService.defaults("EX01"));
    }

    @Test
    void unchangedSettingsWarnAndOtherServersAreNotFound() {
        DirectRun r = DirectRun.run(repo, "Set-TransportService", "Identity", "EX01",
                "TransientFailureRetryCount", 6);
        assertThat(r.warnings).containsExactly("The command completed successfully but no"
                + " settings of 'EX01' have been modified.");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-TransportService", "Identity", "EX02",
                "TransientFailureRetryCount", 1)).hasMessageContaining("'EX02'");
    }
}
