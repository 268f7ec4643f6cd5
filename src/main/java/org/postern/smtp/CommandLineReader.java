package org.postern.smtp;

import io.netty.buffer.ByteBuf;

/**
 * Frames SMTP command lines. CRLF is the only line end: a bare CR or bare LF stays inside the
 * line (and the session answers that line with a syntax error), so {@code EHLO x<LF>MAIL ...}
 * is one bad line, never two commands.
 *
 * <p>Lines are bounded. Once a line passes {@link #MAX_LINE} octets without CRLF the reader
 * drops what it holds and discards everything up to the next CRLF, then reports one overlong line.
 * The discarded tail is never parsed as a command, and an endless line costs no memory.
 */
final class CommandLineReader {

    /**
     * The longest line kept, CRLF excluded. RFC 5321 allows 512 octets with CRLF; MAIL and RCPT
     * may be longer with DSN and SMTPUTF8 parameters, so the framing keeps up to this and the
     * session applies the per-command limit.
     */
    static final int MAX_LINE = 2048;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** A framed line: its bytes without CRLF, or the report of an overlong, discarded line. */
    record Line(byte[] bytes, long discarded) {
        boolean tooLong() {
            return bytes == null;
        }
    }

    private final int maxLine;
    /** Octets of the pending line already searched for CRLF, from the reader index. */
    private int scanned;
    private boolean discarding;
    private boolean discardLastWasCr;
    private long discardedOctets;

    CommandLineReader() {
        this(MAX_LINE);
    }

    CommandLineReader(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Reads the next line, or returns null when more input is needed. */
    Line read(ByteBuf in) {
        if (discarding) {
            return discard(in);
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        int from = start + scanned;
        while (from < end) {
            int lf = in.indexOf(from, end, LF);
            if (lf < 0) {
                break;
            }
            if (lf > start && in.getByte(lf - 1) == CR) {
                int length = lf - 1 - start;
                scanned = 0;
                if (length > maxLine) {
                    in.skipBytes(length + 2);
                    return new Line(null, length);
                }
                byte[] bytes = new byte[length];
                in.readBytes(bytes);
                in.skipBytes(2);
                return new Line(bytes, 0);
            }
            from = lf + 1;
        }
        scanned = end - start;
        if (scanned > maxLine + 1) {
            // Too long already: drop it and skip to the next CRLF, keeping only whether the last
            // octet was CR (it may be half of the CRLF that ends the line).
            discarding = true;
            discardLastWasCr = in.getByte(end - 1) == CR;
            discardedOctets = scanned;
            in.skipBytes(scanned);
            scanned = 0;
        }
        return null;
    }

    private Line discard(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.readByte();
            discardedOctets++;
            if (b == LF && discardLastWasCr) {
                discarding = false;
                return new Line(null, discardedOctets - 2);
            }
            discardLastWasCr = b == CR;
        }
        return null;
    }

    /** Forgets a partial line (its bytes were dropped from the buffer by the caller). */
    void reset() {
        scanned = 0;
        discarding = false;
        discardLastWasCr = false;
        discardedOctets = 0;
    }

    /** True while the reader holds part of a line or is discarding one. */
    boolean midLine() {
        return discarding || scanned > 0;
    }
}
