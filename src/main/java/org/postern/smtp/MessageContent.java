package org.postern.smtp;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.postern.queue.IncomingMessage;

/**
 * Assembles the stored form of one message while it streams in: Postern's {@code Received:}
 * header first, then the client's header block (buffered, at most MaxHeaderSize octets, and
 * passed through a {@link Rewriter}: hop counts, header firewall, sender resolution, stamps; a
 * Message-ID is added when it has none), then the body, written straight through to the
 * {@link IncomingMessage}. When the rewriter refuses the message nothing more is written.
 *
 * <p>Size is counted on the client's content (after dot removal, before Postern's headers).
 * Past the limit, or past MaxHeaderSize, nothing more is written; the session refuses the message
 * at its end. An I/O failure of the store is kept and reported the same way.
 *
 * <p>The header block ends at the first empty line, or at the first line that is neither a header
 * field nor a continuation; in the second case an empty line is inserted before it so that our
 * added headers cannot swallow body text.
 *
 * <p>In the header block a bare CR and a bare LF end a line, as they do when the message is sent
 * on (delivery writes them as CRLF), and the block is stored with CRLF line ends: so a field
 * hidden behind a bare line end is a field to the header firewall too, and cannot reach the next
 * hop as one that the firewall never saw. The body is stored as it came.
 */
final class MessageContent {

    /** Turns the client's header block (CRLF lines, no empty line) into the stored one. */
    interface Rewriter {
        MessageHeaders.Outcome rewrite(byte[] block, int length);
    }

    private final IncomingMessage message;
    private final Rewriter rewriter;
    private final String receivedHeader;
    private final long maxHeaderSize;
    /** Negative: no limit (the session has ms-Exch-Bypass-Message-Size-Limit). */
    private final long maxMessageSize;
    private final Supplier<String> messageIdFactory;

    /** The header block so far; null once it has been written out (or given up). */
    private byte[] header = new byte[1024];
    private int headerLength;
    /** Offset in {@link #header} where the first unfinished line starts. */
    private int lineStart;
    /** Offset in {@link #header} where the search for the next line end goes on. */
    private int scanFrom;
    private long size;
    private boolean tooBig;
    private boolean headerTooBig;
    private IOException failure;
    private String messageId;
    private MessageHeaders.Outcome headers;
    private String headerBlock = "";

    MessageContent(IncomingMessage message, String receivedHeader, Rewriter rewriter,
            long maxHeaderSize, long maxMessageSize, Supplier<String> messageIdFactory) {
        this.message = message;
        this.rewriter = rewriter;
        this.receivedHeader = receivedHeader;
        this.maxHeaderSize = maxHeaderSize;
        this.maxMessageSize = maxMessageSize;
        this.messageIdFactory = messageIdFactory;
    }

    /** Appends client content; does not take ownership of {@code data}. */
    void append(ByteBuf data) {
        int n = data.readableBytes();
        size += n;
        if (maxMessageSize >= 0 && size > maxMessageSize) {
            tooBig = true;
        }
        if (!writable() || n == 0) {
            return;
        }
        if (header == null) {
            write(data);
            return;
        }
        int before = headerLength;
        if ((long) before + n > maxHeaderSize) {
            headerTooBig = true;
            header = null;
            return;
        }
        if (before + n > header.length) {
            header = Arrays.copyOf(header, Math.max(before + n, header.length * 2));
        }
        data.getBytes(data.readerIndex(), header, before, n);
        headerLength = before + n;
        scanHeaderLines(false);
    }

    /** Ends the content: a header block still buffered (no body) is written out now. */
    void finish() {
        if (header != null && writable()) {
            scanHeaderLines(true);
        }
        if (header != null && writable()) {
            byte[] all = header;
            header = null;
            endHeader(all, headerLength, false);
        }
    }

    private boolean writable() {
        return !tooBig && !headerTooBig && failure == null && refusal() == null;
    }

    /**
     * Looks at every line completed since the last call for the end of the header block. A line
     * ends at LF, or at a bare CR; a CR that is the last octet so far is decided by the next one
     * (or, at the {@code end} of the content, is a line end).
     */
    private void scanHeaderLines(boolean end) {
        byte[] buf = header;
        int length = headerLength;
        for (int i = scanFrom; i < length; i++) {
            byte c = buf[i];
            int next;  // where the next line starts
            if (c == '\n') {
                next = i + 1;
            } else if (c == '\r' && i + 1 == length && !end) {
                scanFrom = i;  // CR or CRLF? known with the next octet
                return;
            } else if (c == '\r' && (i + 1 == length || buf[i + 1] != '\n')) {
                next = i + 1;  // a bare CR
            } else {
                continue;
            }
            int start = lineStart;
            lineStart = next;
            if (!isHeaderLine(buf, start, i)) {
                header = null;
                endHeader(buf, start, !isBlank(buf, start, i));
                writeBytes(buf, start, length - start);
                return;
            }
        }
        scanFrom = length;
    }

    /** A header field ("name:") or a continuation (starts with WSP); not an empty line. */
    private static boolean isHeaderLine(byte[] b, int start, int lf) {
        if (isBlank(b, start, lf)) {
            return false;
        }
        if (b[start] == ' ' || b[start] == '\t') {
            return true;
        }
        for (int i = start; i < lf; i++) {
            byte c = b[i];
            if (c == ':') {
                return i > start;
            }
            if (c <= ' ' || c >= 127) {
                return false;
            }
        }
        return false;
    }

    private static boolean isBlank(byte[] b, int start, int lf) {
        return lf == start || (lf == start + 1 && b[start] == '\r' && b[lf] == '\n');
    }

    /**
     * The header block {@code buf[0, end)} with every line ending in CRLF: a bare CR or LF
     * becomes CRLF, and a last line without a line end (BDAT only) gets one.
     */
    static byte[] crlfLines(byte[] buf, int end) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(end + 16);
        for (int i = 0; i < end; i++) {
            byte c = buf[i];
            if (c == '\r' || c == '\n') {
                out.write('\r');
                out.write('\n');
                if (c == '\r' && i + 1 < end && buf[i + 1] == '\n') {
                    i++;
                }
            } else {
                out.write(c);
            }
        }
        if (end > 0 && buf[end - 1] != '\n' && buf[end - 1] != '\r') {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * Writes Received, the header block {@code buf[0, end)} with CRLF line ends, a Message-ID
     * when missing, and an empty line when the body does not start with one ({@code openBody}).
     */
    private void endHeader(byte[] buf, int end, boolean openBody) {
        byte[] block = crlfLines(buf, end);
        int length = block.length;
        headerBlock = new String(block, 0, length, StandardCharsets.ISO_8859_1);
        headers = rewriter.rewrite(block, length);
        if (headers.refusal() != null) {
            return;
        }
        byte[] stored = headers.block();
        String found = findMessageId(new String(stored, StandardCharsets.ISO_8859_1));
        StringBuilder tail = new StringBuilder();
        if (found == null) {
            messageId = messageIdFactory.get();
            tail.append("Message-ID: ").append(messageId).append("\r\n");
        } else {
            messageId = found;
        }
        if (openBody) {
            tail.append("\r\n");
        }
        byte[] head = receivedHeader.getBytes(StandardCharsets.US_ASCII);
        writeBytes(head, 0, head.length);
        writeBytes(stored, 0, stored.length);
        byte[] t = tail.toString().getBytes(StandardCharsets.US_ASCII);
        writeBytes(t, 0, t.length);
    }

    /**
     * The Message-ID of the header block, or null if it has none that can be used. A field that
     * is present but malformed is left alone, and a generated id is used for the queue and reply.
     */
    static String findMessageId(String block) {
        String[] lines = block.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).trim().equalsIgnoreCase("Message-ID")) {
                continue;
            }
            StringBuilder value = new StringBuilder(line.substring(colon + 1));
            while (i + 1 < lines.length && !lines[i + 1].isEmpty()
                    && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                value.append(lines[++i]);
            }
            String v = value.toString().strip();
            return isUsableMessageId(v) ? v : null;
        }
        return null;
    }

    /** {@code <left@right>}, printable ASCII without spaces, short enough for a reply line. */
    private static boolean isUsableMessageId(String v) {
        if (v.length() < 5 || v.length() > 250 || v.charAt(0) != '<'
                || v.charAt(v.length() - 1) != '>' || v.indexOf('@') < 0) {
            return false;
        }
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c >= 127 || c == '<' || c == '>') {
                return false;
            }
        }
        return true;
    }

    private void write(ByteBuf data) {
        try {
            for (ByteBuffer b : data.nioBuffers(data.readerIndex(), data.readableBytes())) {
                message.write(b);
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private void writeBytes(byte[] b, int off, int len) {
        if (failure != null || len == 0 || refusal() != null) {
            return;
        }
        try {
            message.write(ByteBuffer.wrap(b, off, len));
        } catch (IOException e) {
            failed(e);
        }
    }

    /**
     * The store could not take a write (a full disk, most often): the rest of the content is
     * read and dropped, and what was written is discarded now rather than at the end of data,
     * so a long message does not hold the space it took while the client goes on sending.
     */
    private void failed(IOException e) {
        failure = e;
        message.abort();
    }

    /** Octets of client content received so far. */
    long size() {
        return size;
    }

    boolean tooBig() {
        return tooBig;
    }

    boolean headerTooBig() {
        return headerTooBig;
    }

    /** The rewrite's refusal of the message (hop count), or null. */
    Reply refusal() {
        return headers == null ? null : headers.refusal();
    }

    /** What the header rewrite did; null until the header block ended. */
    MessageHeaders.Outcome headers() {
        return headers;
    }

    IOException failure() {
        return failure;
    }

    /** The client's header block as received (ISO-8859-1); known once it ended. */
    String headerBlock() {
        return headerBlock;
    }

    /** The message's Message-ID (found or generated); known once the header block ended. */
    String messageId() {
        return messageId;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MessageContent[size=%d]", size);
    }
}
