package org.postern.smtp;

import java.util.List;
import org.postern.config.PasswordHash;

/**
 * A mailbox as SMTP AUTH sees it: who it is and what it may send as.
 *
 * @param userName the principal name the session runs as, {@code DOMAIN\alias}
 * @param addresses every SMTP address of the mailbox, the primary first; the addresses the
 *     session may send as without ms-Exch-SMTP-Accept-Any-Sender
 * @param password the stored hash, or null when the mailbox has no password (no one can sign in)
 */
public record Account(String userName, List<String> addresses, PasswordHash password) {

    public Account {
        addresses = List.copyOf(addresses);
    }

    /** Whether {@code address} (any case) is one of the account's own addresses. */
    public boolean owns(String address) {
        for (String a : addresses) {
            if (a.equalsIgnoreCase(address)) {
                return true;
            }
        }
        return false;
    }

    /** Never the hash. */
    @Override
    public String toString() {
        return userName;
    }
}
