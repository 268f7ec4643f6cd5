package org.postern.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes message content as the body of DATA (RFC 5321 section 4.5.2): every line ends in CRLF
 * and every line starting with "." gets a second ".", then the terminating {@code .CRLF}.
 *
 * <p>Spooled content already has CRLF lines, but a BDAT client may have sent bare CR or LF; each
 * of those becomes a CRLF here before the dot-stuffing looks at the line, so nothing the next hop
 * receives can read as an early end of data ({@code <LF>.<LF>}, {@code <CR>.<CR>} and friends
 * turn into a stuffed ".." line). A line whose first octet other than NUL is "." is stuffed as
 * well, so that {@code <NUL>.} stays content for a next hop that drops NUL octets. Works on
 * buffers, not bytes one by one.
 */
final class DataEncoder {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final byte NUL = 0;

    private final OutputStream out;
    private final byte[] buf = new byte[32 * 1024];
    private final byte[] chunk = new byte[32 * 1024];
    private int len;
    private boolean lineStart = true;
    private boolean pendingCr;
    /** NUL octets at the start of the current line, not yet written. */
    private long leadingNuls;
    private long written;

    /** An encoder for one connection; {@link #encode} may be called for message after message. */
    DataEncoder(OutputStream out) {
        this.out = out;
    }

    /** Encodes everything {@code in} holds and ends the data; does not close either stream. */
    static long copy(InputStream in, OutputStream out) throws IOException {
        return new DataEncoder(out).encode(in);
    }

    /** Encodes one message's content and ends its data; returns the bytes written. */
    long encode(InputStream in) throws IOException {
        len = 0;
        lineStart = true;
        pendingCr = false;
        leadingNuls = 0;
        written = 0;
        for (int n; (n = in.read(chunk)) != -1;) {
            write(chunk, 0, n);
        }
        finish();
        return written;
    }

    /**
     * Whether {@code in} goes through DATA unchanged but for the dot-stuffing: every line ends
     * in CRLF (the last one too) and no octet is NUL. Content that is not is changed by
     * {@link #encode}, which is right for text but would corrupt a BINARYMIME body.
     */
    static boolean passesUnchanged(InputStream in) throws IOException {
        byte[] b = new byte[32 * 1024];
        int prev = LF;
        for (int n; (n = in.read(b)) != -1;) {
            for (int i = 0; i < n; i++) {
                byte c = b[i];
                if (c == NUL || (c == LF) != (prev == CR)) {
                    return false;
                }
                prev = c;
            }
        }
        return prev == LF;
    }

    void write(byte[] b, int off, int n) throws IOException {
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            if (pendingCr) {
                pendingCr = false;
                crlf();
                if (c == LF) {
                    continue;  // CRLF
                }
                // A bare CR ended a line; c starts the next one.
            }
            if (lineStart && c == NUL) {
                leadingNuls++;  // held back until the line's first other octet is known
                continue;
            }
            if (lineStart) {
                // A line whose first octet other than NUL is "." is stuffed: a next hop that
                // drops NUL octets would otherwise read "<NUL>." as a lone dot (case S06,
                // outbound). A receiver that keeps them removes the added dot, as it removes
                // every leading one.
                if (c == DOT) {
                    put(DOT);
                }
                flushLeadingNuls();
            }
            if (c == CR) {
                pendingCr = true;
                continue;
            }
            if (c == LF) {
                crlf();  // a bare LF
                continue;
            }
            put(c);
            lineStart = false;
        }
    }

    void finish() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            crlf();
        }
        flushLeadingNuls();
        if (!lineStart) {
            crlf();
        }
        put(DOT);
        put(CR);
        put(LF);
        drain();
        out.flush();
    }

    private void flushLeadingNuls() throws IOException {
        if (leadingNuls > 0) {
            for (; leadingNuls > 0; leadingNuls--) {
                put(NUL);
            }
            lineStart = false;
        }
    }

    private void crlf() throws IOException {
        put(CR);
        put(LF);
        lineStart = true;
    }

    private void put(byte c) throws IOException {
        if (len == buf.length) {
            drain();
        }
        buf[len++] = c;
    }

    private void drain() throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
            written += len;
            len = 0;
        }
    }
}
