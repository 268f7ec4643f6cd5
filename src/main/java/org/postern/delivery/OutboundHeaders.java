package org.postern.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.postern.queue.HeaderFields;
import org.postern.queue.HeaderFields.HeaderClass;

/**
 * The content of a message as it leaves the organisation over SMTP: the top-level header
 * section without its {@code X-MS-Exchange-Organization-*} and {@code X-MS-Exchange-Forest-*}
 * fields (with their continuation lines), the rest octet for octet. Exchange grants
 * ms-Exch-Send-Headers-Organization and -Forest only to Exchange server principals
 * (exchange-behaviour.md section d), and Postern's send connectors never authenticate as one,
 * so every SMTP next hop is outside; mailboxes get the fields. Routing fields (Received) stay:
 * Send-Headers-Routing is granted to every principal.
 *
 * <p>Streams: only one header line is held at a time.
 */
final class OutboundHeaders extends InputStream {

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private byte[] pending = new byte[0];
    private int pos;
    private boolean body;
    private boolean dropping;

    private OutboundHeaders(InputStream in) {
        this.in = new BufferedInputStream(in, 16 * 1024);
    }

    /** The content from {@code in} without the organisation's own fields. */
    static InputStream filter(InputStream in) {
        return new OutboundHeaders(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos >= pending.length) {
            if (body) {
                return in.read(b, off, len);
            }
            if (!nextHeaderLine()) {
                return -1;
            }
        }
        int n = Math.min(len, pending.length - pos);
        System.arraycopy(pending, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Reads one line of the header section into {@link #pending} (empty when dropped). */
    private boolean nextHeaderLine() throws IOException {
        line.reset();
        int c;
        while ((c = in.read()) != -1) {
            line.write(c);
            if (c == '\n') {
                break;
            }
        }
        byte[] l = line.toByteArray();
        pos = 0;
        if (l.length == 0) {
            pending = l;
            return false;
        }
        boolean blank = l[0] == '\n' || (l[0] == '\r' && (l.length == 1 || l[1] == '\n'));
        if (blank) {
            body = true;
            pending = l;
            return true;
        }
        if (l[0] != ' ' && l[0] != '\t') {
            HeaderClass k = HeaderFields.classify(HeaderFields.nameOf(l, 0, l.length));
            dropping = k == HeaderClass.ORGANIZATION || k == HeaderClass.FOREST;
        }
        pending = dropping ? new byte[0] : l;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
