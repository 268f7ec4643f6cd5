package org.postern.antispam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.config.AntispamConfig.SenderId;
import org.postern.config.AntispamConfig.SenderIdAction;

class SenderIdDecisionTest {

    private static final Spf.Outcome FAIL = new Spf.Outcome(Spf.Result.Fail,
            "fail (not permitted) client-ip=127.0.0.11;");
    private static final Spf.Outcome TEMP = new Spf.Outcome(Spf.Result.TempError,
            "temperror (time-out)");

    private static SenderId config(SenderIdAction spoofed, SenderIdAction temp) {
        return new SenderId(true, spoofed, temp, List.of());
    }

    @Test
    void aFailWithSpoofedDomainActionRejectIsRefusedWithExchangesReply() {
        SenderIdAgent.Decision d = SenderIdAgent.decide(
                config(SenderIdAction.Reject, SenderIdAction.StampStatus), FAIL, "a@spf.test");
        assertThat(d.rejection()).get().satisfies(r -> {
            assertThat(r.code()).isEqualTo(550);
            assertThat(r.status()).isEqualTo("5.7.1");
            assertThat(r.text()).isEqualTo("Sender ID (PRA) Not Permitted");
            assertThat(r.agent()).isEqualTo("Sender Id Agent");
            assertThat(r.reason()).isEqualTo("spf-fail");
            assertThat(r.detail()).isEqualTo("spf.test");
        });
        assertThat(d.fields()).isEmpty();
    }

    @Test
    void aFailWithStampStatusIsAcceptedAndStampedWithTheResult() {
        SenderIdAgent.Decision d = SenderIdAgent.decide(SenderId.defaults(), FAIL, "a@spf.test");
        assertThat(d.rejection()).isEmpty();
        assertThat(d.fields()).containsExactly(
                "Received-SPF: fail (not permitted) client-ip=127.0.0.11;",
                "X-MS-Exchange-Organization-SenderIdResult: Fail");
    }

    @Test
    void aTempErrorIsRefusedWith451OnlyWhenTempErrorActionIsReject() {
        assertThat(SenderIdAgent.decide(config(SenderIdAction.StampStatus,
                SenderIdAction.Reject), TEMP, "a@spf.test").rejection()).get()
                .satisfies(r -> assertThat(r.code() + " " + r.status()).isEqualTo("451 4.7.0"));
        assertThat(SenderIdAgent.decide(config(SenderIdAction.Reject,
                SenderIdAction.StampStatus), TEMP, "a@spf.test").rejection()).isEmpty();
    }

    @Test
    void otherResultsAreAcceptedEvenWithBothActionsReject() {
        SenderId strict = config(SenderIdAction.Reject, SenderIdAction.Reject);
        for (Spf.Result r : List.of(Spf.Result.Pass, Spf.Result.SoftFail, Spf.Result.Neutral,
                Spf.Result.None, Spf.Result.PermError)) {
            SenderIdAgent.Decision d = SenderIdAgent.decide(strict, new Spf.Outcome(r, "x"),
                    "a@spf.test");
            assertThat(d.rejection()).as(r.name()).isEmpty();
            assertThat(d.fields()).contains(SenderIdAgent.RESULT_FIELD + ": " + r.name());
        }
    }

    @Test
    void theNullSenderBypassedDomainsAndADisabledAgentAreNotChecked() {
        SenderId c = new SenderId(true, SenderIdAction.Reject, SenderIdAction.Reject,
                List.of("Partner.Test"));
        assertThat(SenderIdAgent.checks(c, null)).isFalse();
        assertThat(SenderIdAgent.checks(c, "a@partner.test")).isFalse();
        assertThat(SenderIdAgent.checks(c, "a@sub.partner.test")).isTrue();
        assertThat(SenderIdAgent.checks(c.withEnabled(false), "a@spf.test")).isFalse();
    }

    @Test
    void deleteIsRefusedWithAMessageNamingTheParameter() {
        assertThatThrownBy(() -> SenderId.defaults().withSpoofedDomainAction(
                SenderIdAction.Delete)).hasMessageContaining("SpoofedDomainAction")
                .hasMessageContaining("Delete");
    }
}
