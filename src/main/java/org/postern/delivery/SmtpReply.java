package org.postern.delivery;

import java.util.List;

/**
 * A reply from a remote SMTP server: the code and the text of its lines (without the code and
 * separator).
 */
public record SmtpReply(int code, List<String> lines) {

    public SmtpReply {
        lines = List.copyOf(lines);
    }

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    /** The reply as one line, {@code 250 2.0.0 Ok} (several lines joined by a space). */
    public String text() {
        return code + (lines.isEmpty() ? "" : " " + String.join(" ", lines));
    }

    /** The enhanced status code (RFC 3463) of the first line, or null. */
    public String enhancedCode() {
        if (lines.isEmpty()) {
            return null;
        }
        String first = lines.get(0);
        int sp = first.indexOf(' ');
        String token = sp < 0 ? first : first.substring(0, sp);
        return token.matches("[245]\\.\\d{1,3}\\.\\d{1,3}") ? token : null;
    }

    /** The enhanced code, or the one the basic code implies (2.0.0, 4.0.0, 5.0.0). */
    public String status() {
        String e = enhancedCode();
        return e != null ? e : (code / 100) + ".0.0";
    }

    @Override
    public String toString() {
        return text();
    }
}
