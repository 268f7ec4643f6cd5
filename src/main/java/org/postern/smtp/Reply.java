package org.postern.smtp;

import java.util.ArrayList;
import java.util.List;

/**
 * One SMTP reply: a three-digit code, an RFC 3463 enhanced status code and one or more lines of
 * text. The enhanced code is only put on the wire when the connector advertises
 * ENHANCEDSTATUSCODES; {@link #lines(boolean)} renders it either way.
 *
 * @param code the basic reply code (RFC 5321 section 4.2)
 * @param status the enhanced status code such as {@code 5.7.1}, or empty when the reply has none
 *     (banner, EHLO, HELP, 354)
 * @param texts the text of each line, at least one
 */
public record Reply(int code, String status, List<String> texts) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        texts = List.copyOf(texts);
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
    }

    /** A one-line reply. */
    public static Reply of(int code, String status, String text) {
        return new Reply(code, status, List.of(text));
    }

    /** A one-line reply without an enhanced status code. */
    public static Reply plain(int code, String text) {
        return new Reply(code, "", List.of(text));
    }

    /** True for 4xx and 5xx replies. */
    public boolean isError() {
        return code >= 400;
    }

    /** The same code and status with another text, e.g. to name the address in VRFY. */
    public Reply withText(String text) {
        return new Reply(code, status, List.of(text));
    }

    /** The reply lines as sent, without CRLF: {@code 250-first}, ..., {@code 250 last}. */
    public List<String> lines(boolean enhancedStatusCodes) {
        List<String> out = new ArrayList<>(texts.size());
        String prefix = enhancedStatusCodes && !status.isEmpty() ? status + " " : "";
        for (int i = 0; i < texts.size(); i++) {
            char sep = i == texts.size() - 1 ? ' ' : '-';
            // The enhanced code goes on every line of a multi-line reply (RFC 2034 section 4).
            out.add(code + String.valueOf(sep) + prefix + texts.get(i));
        }
        return out;
    }
}
