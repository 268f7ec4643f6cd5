package org.postern.antispam;

import java.util.Locale;
import java.util.Optional;
import org.postern.config.AntispamConfig.RecipientFilter;
import org.postern.config.DomainType;

/**
 * Exchange's Recipient Filter agent: for a recipient in an Authoritative accepted domain, a
 * blocked recipient (with BlockListEnabled) and, with RecipientValidationEnabled, a recipient
 * that is no mailbox's address get {@code 550 5.1.1 User unknown} at RCPT. Recipients of other
 * domains are not the agent's business.
 */
public final class RecipientFilterAgent {

    public static final String NAME = "Recipient Filter Agent";

    static final String TEXT = "User unknown";

    private RecipientFilterAgent() {
    }

    /**
     * @param domainType the accepted-domain type of the recipient's domain, or empty
     * @param isMailbox whether a mailbox has this address
     */
    public static Optional<Rejection> check(RecipientFilter f, String recipient,
            Optional<DomainType> domainType, boolean isMailbox) {
        if (!f.enabled() || domainType.orElse(null) != DomainType.Authoritative) {
            return Optional.empty();
        }
        String r = recipient.toLowerCase(Locale.ROOT);
        if (f.blockListEnabled() && f.blockedRecipients().contains(r)) {
            return Optional.of(new Rejection(NAME, 550, "5.1.1", TEXT, "blocked-recipient", r));
        }
        if (f.recipientValidationEnabled() && !isMailbox) {
            return Optional.of(new Rejection(NAME, 550, "5.1.1", TEXT, "unknown-recipient", r));
        }
        return Optional.empty();
    }
}
