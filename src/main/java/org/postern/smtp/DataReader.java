package org.postern.smtp;

import io.netty.buffer.ByteBuf;

/**
 * Reads the content of one DATA transfer (RFC 5321 section 4.1.1.4 and 4.5.2): removes the
 * stuffing dot and finds the end of data. Framing does not depend on how the bytes were split
 * into reads (case S13).
 *
 * <p>Only {@code <CRLF>.<CRLF>} ends the data; the first CRLF may be the one that ended the DATA
 * command. A line starts "really" only after CRLF: after a bare LF (or a bare CR) neither the
 * end-of-data check nor dot removal applies, so {@code <LF>.<LF>}, {@code <LF>.<CRLF>},
 * {@code <CRLF>.<LF>}, the bare-CR variants and {@code <NUL>.} are all ordinary content
 * (cases S01-S06). Bare LF is written out as CRLF (the stored form has CRLF line ends) and
 * flagged; a bare CR is kept byte for byte and flagged; NUL is kept and flagged.
 */
final class DataReader {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';

    /** At the start of a line that followed a real CRLF (or the DATA command). */
    private boolean realLineStart = true;
    /** A dot was read at a real line start and is not yet known to be stuffing or the end. */
    private boolean dotPending;
    /** A CR was read and the next octet decides whether it is half of a CRLF. */
    private boolean crPending;

    private boolean bareLf;
    private boolean bareCr;
    private boolean nul;

    /**
     * Consumes content from {@code in} and appends the unstuffed content to {@code out}.
     *
     * @return true when the end of data was consumed; bytes after it stay in {@code in}
     */
    boolean read(ByteBuf in, ByteBuf out) {
        while (in.isReadable()) {
            byte b = in.readByte();
            if (crPending) {
                crPending = false;
                if (b == LF) {
                    if (dotPending) {
                        dotPending = false;
                        return true;
                    }
                    out.writeByte(CR).writeByte(LF);
                    realLineStart = true;
                    continue;
                }
                bareCr = true;
                flushDot(out);
                out.writeByte(CR);
                realLineStart = false;
            }
            if (b == CR) {
                crPending = true;
            } else if (b == LF) {
                bareLf = true;
                flushDot(out);
                out.writeByte(CR).writeByte(LF);
                realLineStart = false;
            } else if (b == DOT && realLineStart) {
                dotPending = true;
                realLineStart = false;
            } else {
                // A pending dot followed by content is a stuffing dot: it is dropped.
                dotPending = false;
                realLineStart = false;
                if (b == 0) {
                    nul = true;
                }
                out.writeByte(b);
            }
        }
        return false;
    }

    /** A dot at a line start that is followed by a bare CR or LF is content, not stuffing. */
    private void flushDot(ByteBuf out) {
        if (dotPending) {
            dotPending = false;
            out.writeByte(DOT);
        }
    }

    boolean sawBareLf() {
        return bareLf;
    }

    boolean sawBareCr() {
        return bareCr;
    }

    boolean sawNul() {
        return nul;
    }
}
