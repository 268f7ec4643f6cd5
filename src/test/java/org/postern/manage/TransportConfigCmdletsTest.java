package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.postern.config.ByteSize;
import org.postern.config.TransportConfig;

class TransportConfigCmdletsTest extends LiveConfigTest {

    private String shell(String script) {
        return ok(script).stdout();
    }

    @Test
    void getShowsExchangeDefaultsAsEmsPrintsThem() {
        assertThat(shell("Get-TransportConfig")).isEqualTo("\n\n"
                + "MaxReceiveSize            : 10 MB (10,485,760 bytes)\n"
                + "MaxRecipientEnvelopeLimit : 500\n"
                + "MaxSendSize               : 10 MB (10,485,760 bytes)\n"
                + "Name                      : Transport Settings\n"
                + "Identity                  : Transport Settings\n"
                + "IsValid                   : True\n\n\n\n");
    }

    @Test
    void setChangesTheLimitsAndTheyAreKeptInTheFile() throws Exception {
        shell("Set-TransportConfig -MaxReceiveSize 35MB -MaxSendSize Unlimited"
                + " -MaxRecipientEnvelopeLimit 1000");
        TransportConfig t = repo.current().transportConfig();
        assertThat(t.maxReceiveSize().size()).hasValue(ByteSize.ofMegabytes(35));
        assertThat(t.maxSendSize().isUnlimited()).isTrue();
        assertThat(t.maxRecipientEnvelopeLimit().value()).isEqualTo(1000);
        assertThat(new org.postern.config.ConfigFile(dir).read().transportConfig()).isEqualTo(t);
        assertThat(shell("(Get-TransportConfig).MaxRecipientEnvelopeLimit")).isEqualTo("1000\n");
    }

    @Test
    void badValuesAreRefusedByNameAndNothingChanges() {
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-TransportConfig",
                "MaxReceiveSize", "3GB")).hasMessageContaining("MaxReceiveSize")
                .hasMessageContaining("3 GB");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-TransportConfig",
                "MaxRecipientEnvelopeLimit", "lots")).hasMessageContaining("lots");
        assertThat(repo.current().transportConfig()).isEqualTo(TransportConfig.defaults());
    }

    @Test
    void unchangedSettingsWarn() {
        DirectRun r = DirectRun.run(repo, "Set-TransportConfig", "MaxRecipientEnvelopeLimit",
                500);
        assertThat(r.warnings).containsExactly("The command completed successfully but no"
                + " settings of 'Transport Settings' have been modified.");
    }
}
