package org.postern.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads the header section of spooled content: the few fields delivery shows, and a copy. */
final class Headers {

    /** Most header bytes read when looking for fields; the rest of a huge header is ignored. */
    static final int MAX_SCAN = 256 * 1024;

    private Headers() {
    }

    /**
     * Subject, From and Date of a message (unfolded), each null when absent.
     *
     * @param subject the Subject with RFC 2047 encoded words decoded, as Get-Message and the
     *     tracking log show it
     * @param rawSubject the Subject as it is in the message
     * @param networkMessageId the X-MS-Exchange-Organization-Network-Message-Id the receive
     *     side stamped, when it is a GUID
     * @param authAs the X-MS-Exchange-Organization-AuthAs value (Anonymous, Internal, ...), or
     *     null for a message the receive side did not stamp (a report)
     */
    record Summary(String subject, String rawSubject, String from, String date,
            String networkMessageId, String authAs) {
        static final Summary NONE = new Summary(null, null, null, null, null, null);
    }

    private static final String NETWORK_MESSAGE_ID =
            "x-ms-exchange-organization-network-message-id";
    private static final java.util.regex.Pattern GUID = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    static Summary summary(InputStream in) throws IOException {
        String text = new String(headerBytes(in, MAX_SCAN), StandardCharsets.UTF_8);
        String subject = null;
        String from = null;
        String date = null;
        String networkId = null;
        String authAs = null;
        String unfolded = text.replaceAll("\r?\n[ \t]+", " ");
        for (String line : unfolded.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("subject") && subject == null) {
                subject = value;
            } else if (name.equals("from") && from == null) {
                from = value;
            } else if (name.equals("date") && date == null) {
                date = value;
            } else if (name.equals(NETWORK_MESSAGE_ID) && networkId == null
                    && GUID.matcher(value).matches()) {
                networkId = value.toLowerCase(Locale.ROOT);
            } else if (name.equals("x-ms-exchange-organization-authas") && authAs == null) {
                authAs = value;
            }
        }
        return new Summary(subject == null ? null : decodeWords(subject), subject, from, date,
                networkId, authAs);
    }

    private static final java.util.regex.Pattern ENCODED_WORD = java.util.regex.Pattern.compile(
            "=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");

    /**
     * Decodes RFC 2047 encoded words ({@code =?UTF-8?B?...?=}, {@code =?iso-8859-1?Q?...?=});
     * white space between two encoded words goes. A word that cannot be decoded (unknown
     * charset, bad base64) is kept as it is.
     */
    static String decodeWords(String value) {
        java.util.regex.Matcher m = ENCODED_WORD.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        int last = 0;
        boolean previousWasWord = false;
        while (m.find()) {
            String between = value.substring(last, m.start());
            if (!(previousWasWord && between.isBlank())) {
                out.append(between);
            }
            String decoded = decodeWord(m.group(1), m.group(2), m.group(3));
            out.append(decoded != null ? decoded : m.group());
            previousWasWord = decoded != null;
            last = m.end();
        }
        out.append(value.substring(last));
        return out.toString();
    }

    private static String decodeWord(String charsetName, String encoding, String text) {
        java.nio.charset.Charset charset;
        try {
            int star = charsetName.indexOf('*');  // RFC 2231 language suffix
            charset = java.nio.charset.Charset.forName(star < 0 ? charsetName
                    : charsetName.substring(0, star));
        } catch (IllegalArgumentException e) {
            return null;
        }
        byte[] bytes;
        if (encoding.equalsIgnoreCase("B")) {
            try {
                bytes = java.util.Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '_') {
                    b.write(' ');
                } else if (c == '=' && i + 2 < text.length()) {
                    try {
                        b.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    i += 2;
                } else {
                    b.write(c);
                }
            }
            bytes = b.toByteArray();
        }
        return new String(bytes, charset);
    }

    /** The header section (up to {@code max} bytes), without the blank line that ends it. */
    static byte[] headerBytes(InputStream in, int max) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(4096);
        copyHeader(in, out, max);
        return out.toByteArray();
    }

    /**
     * Copies the header section to {@code out} (CRLF lines, ending with the last header line's
     * CRLF), at most {@code max} bytes.
     */
    static void copyHeader(InputStream in, OutputStream out, int max) throws IOException {
        java.io.BufferedInputStream b = new java.io.BufferedInputStream(in, 8192);
        int written = 0;
        int prev = -1;
        boolean lineStart = true;
        for (int c; (c = b.read()) != -1 && written < max;) {
            if (lineStart && (c == '\r' || c == '\n')) {
                return;  // the blank line
            }
            out.write(c);
            written++;
            lineStart = c == '\n';
            if (c != '\n' && prev == '\r') {
                lineStart = false;
            }
            prev = c;
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
    }
}
