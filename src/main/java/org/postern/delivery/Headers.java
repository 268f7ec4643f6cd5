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

    /** Subject, From and Date of a message (unfolded), each null when absent. */
    record Summary(String subject, String from, String date) {
        static final Summary NONE = new Summary(null, null, null);
    }

    static Summary summary(InputStream in) throws IOException {
        String text = new String(headerBytes(in, MAX_SCAN), StandardCharsets.UTF_8);
        String subject = null;
        String from = null;
        String date = null;
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
            }
        }
        return new Summary(subject, from, date);
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
