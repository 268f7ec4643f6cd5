package org.postern.antispam;

import java.util.List;
import java.util.Optional;
import org.postern.config.AntispamConfig.SenderId;
import org.postern.config.AntispamConfig.SenderIdAction;

/**
 * Exchange's Sender ID agent. Exchange checks the purported responsible address (PRA, RFC
 * 4407) taken from the header; Postern checks the MAIL FROM domain with SPF (RFC 7208) at
 * MAIL, so a spoofed domain is refused before any data is sent. A Fail with
 * SpoofedDomainAction Reject and a TempError with TempErrorAction Reject refuse the MAIL
 * command; every other outcome is accepted and the result is stamped into the message
 * ({@code Received-SPF} and {@code X-MS-Exchange-Organization-SenderIdResult}). The null sender
 * is not checked: RFC 7208 would check the HELO name instead, and Exchange's PRA check has no
 * address to check for it either.
 */
public final class SenderIdAgent {

    public static final String NAME = "Sender Id Agent";

    /** Exchange's stamp of the result. */
    public static final String RESULT_FIELD = "X-MS-Exchange-Organization-SenderIdResult";

    // Exchange's reply to a spoofed domain with SpoofedDomainAction Reject, as Exchange servers
    // are seen to send it; the public documentation does not give the text (UNCONFIRMED).
    static final String FAIL_TEXT = "Sender ID (PRA) Not Permitted";

    // The reply to a TempError with TempErrorAction Reject (UNCONFIRMED wording).
    static final String TEMP_ERROR_TEXT = "Sender ID (PRA) temporary error, try again later";

    private SenderIdAgent() {
    }

    /**
     * The agent's decision on an SPF outcome.
     *
     * @param fields the fields to stamp into the message when it is accepted ({@code Name:
     *     value}, one line each)
     */
    public record Decision(Optional<Rejection> rejection, List<String> fields) {
    }

    /** Whether the agent checks this sender at all ({@code sender} null for the null one). */
    public static boolean checks(SenderId c, String sender) {
        if (!c.enabled() || sender == null) {
            return false;
        }
        int at = sender.lastIndexOf('@');
        return at > 0 && !c.bypassed(sender.substring(at + 1));
    }

    public static Decision decide(SenderId c, Spf.Outcome outcome, String sender) {
        String domain = sender.substring(sender.lastIndexOf('@') + 1);
        if (outcome.result() == Spf.Result.Fail
                && c.spoofedDomainAction() == SenderIdAction.Reject) {
            return rejected(550, "5.7.1", FAIL_TEXT, "spf-fail", domain);
        }
        if (outcome.result() == Spf.Result.TempError
                && c.tempErrorAction() == SenderIdAction.Reject) {
            return rejected(451, "4.7.0", TEMP_ERROR_TEXT, "spf-temperror", domain);
        }
        return new Decision(Optional.empty(), List.of("Received-SPF: " + outcome.receivedSpf(),
                RESULT_FIELD + ": " + outcome.result().name()));
    }

    private static Decision rejected(int code, String status, String text, String reason,
            String domain) {
        return new Decision(Optional.of(new Rejection(NAME, code, status, text, reason, domain)),
                List.of());
    }
}
