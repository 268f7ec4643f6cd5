package org.postern.antispam;

/**
 * An antispam agent's refusal of a command: the reply the client gets and, for the operator
 * log, which agent refused and why.
 *
 * @param agent the agent's name as Get-TransportAgent shows it
 * @param code the SMTP reply code
 * @param status the enhanced status code
 * @param text the reply text
 * @param reason a stable word for the log (blocked-sender, unknown-recipient, ...)
 * @param detail what matched (the entry, the domain, the provider), or empty
 */
public record Rejection(String agent, int code, String status, String text, String reason,
        String detail) {
}
