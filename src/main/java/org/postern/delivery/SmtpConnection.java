package org.postern.delivery;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound SMTP connection (RFC 5321) to a next hop, used for one message after another.
 * Blocking I/O on a plain socket, upgraded by STARTTLS; one delivery thread owns it.
 *
 * <p>What it does: EHLO with HELO fallback; STARTTLS when offered (and required when the send
 * connector says RequireTLS: then nothing goes out in clear text); AUTH PLAIN or LOGIN with a
 * credential, only after TLS when so required; PIPELINING when offered (MAIL, every RCPT and
 * DATA in one write); SIZE (a message larger than the peer's limit is not sent); 8BITMIME and
 * SMTPUTF8 passed on when the peer offers them (a message that needs SMTPUTF8 fails permanently
 * at a peer without it); DSN parameters passed on when offered; the content streamed from the
 * spool through {@link DataEncoder}. Every recipient gets its own outcome.
 *
 * <p>TLS is opportunistic and does not verify the peer's certificate, as Exchange does for
 * opportunistic TLS: an MX host's certificate rarely names the MX, and refusing would only send
 * the mail in clear text instead. Protection against an active attacker needs a verifying mode
 * (TlsAuthLevel, DANE or MTA-STS), which Postern does not have yet.
 */
final class SmtpConnection implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnection.class);

    /** Longest reply line read; longer lines are cut. */
    static final int MAX_REPLY_LINE = 8192;
    /** Most lines of one reply. */
    static final int MAX_REPLY_LINES = 200;

    /** A host to connect to: its name (for TLS SNI and messages) and its address. */
    record Target(String name, InetSocketAddress address) {
        @Override
        public String toString() {
            String ip = address.getAddress() == null ? address.getHostString()
                    : address.getAddress().getHostAddress();
            return (name == null || name.equals(ip) ? "" : name + " ") + "[" + ip + "]:"
                    + address.getPort();
        }
    }

    /**
     * How to talk to the next hop.
     *
     * @param tls the TLS client for STARTTLS, or null to stay in clear text (only when TLS is
     *     not required)
     */
    record Options(String ehloName, boolean requireTls, String authUser, String authPassword,
            boolean authRequiresTls, Duration connectTimeout, Duration readTimeout,
            SSLSocketFactory tls) {

        /** The same options without STARTTLS (after a failed handshake, when TLS is optional). */
        Options withoutTls() {
            return new Options(ehloName, false, authUser, authPassword, authRequiresTls,
                    connectTimeout, readTimeout, null);
        }
    }

    /** Why no session could be set up (a connection failure for the whole queue). */
    static final class ConnectException extends IOException {
        private static final long serialVersionUID = 1L;
        final SmtpReply reply;  // the remote reply that ended it, or null
        final boolean tlsHandshake;  // the TLS handshake failed

        ConnectException(String message, SmtpReply reply) {
            this(message, reply, false);
        }

        ConnectException(String message, SmtpReply reply, boolean tlsHandshake) {
            super(message);
            this.reply = reply;
            this.tlsHandshake = tlsHandshake;
        }
    }

    /** One message to send. */
    record Transaction(String sender, List<String> recipients,
            List<Map<String, String>> recipientParameters, Map<String, String> mailParameters,
            long size, Content content) {
    }

    /** Opens the content of a message for one send. */
    interface Content {
        InputStream open() throws IOException;
    }

    /**
     * A recipient's outcome.
     *
     * @param reply the reply that decided it (the RCPT reply if negative, else the end-of-data
     *     reply), or a reply Postern made up for a local decision
     * @param remote whether the remote server said it
     */
    record Outcome(SmtpReply reply, boolean remote) {
    }

    private final Target target;
    private final Options options;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean tls;
    private long discardedBeforeTls;
    private final Set<String> extensions = new TreeSet<>();
    private long peerMaxSize;       // 0: no SIZE limit announced
    private final List<String> authMechanisms = new ArrayList<>();
    private boolean broken;
    private int messagesSent;
    private String remoteGreeting;
    private DataEncoder encoder;
    private final byte[] lineBuffer = new byte[MAX_REPLY_LINE];

    private SmtpConnection(Target target, Options options) {
        this.target = target;
        this.options = options;
    }

    /**
     * Connects and sets up a session: greeting, EHLO (or HELO), STARTTLS, AUTH.
     *
     * @throws ConnectException when the session cannot be set up, saying why
     */
    static SmtpConnection open(Target target, Options options) throws ConnectException {
        SmtpConnection c = new SmtpConnection(target, options);
        try {
            c.connect();
            return c;
        } catch (ConnectException e) {
            c.closeQuietly();
            throw e;
        } catch (IOException e) {
            c.closeQuietly();
            throw new ConnectException(describe(e) + " talking to " + target, null);
        }
    }

    Target target() {
        return target;
    }

    boolean tls() {
        return tls;
    }

    /** The local address of the connection, or null before it is connected. */
    String localIp() {
        return socket == null || socket.getLocalAddress() == null ? null
                : socket.getLocalAddress().getHostAddress();
    }

    boolean usable() {
        return !broken && socket != null && !socket.isClosed();
    }

    int messagesSent() {
        return messagesSent;
    }

    Set<String> extensions() {
        return extensions;
    }

    String greeting() {
        return remoteGreeting;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        try {
            socket.connect(target.address(), (int) options.connectTimeout().toMillis());
        } catch (IOException e) {
            throw new ConnectException("Failed to connect to " + target + ": " + describe(e),
                    null);
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.readTimeout().toMillis()));
        streams();
        SmtpReply greeting = read();
        remoteGreeting = greeting.text();
        if (greeting.code() != 220) {
            throw new ConnectException(target + " answered the connection with \""
                    + greeting.text() + "\"", greeting);
        }
        ehlo();
        if (extensions.contains("STARTTLS") && options.tls() != null) {
            startTls();
        } else if (options.requireTls()) {
            quitQuietly();
            throw new ConnectException("TLS is required for this send connector, but " + target
                    + " does not offer STARTTLS", null);
        }
        if (options.authUser() != null) {
            authenticate();
        }
    }

    private void streams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        encoder = new DataEncoder(out);
    }

    private void ehlo() throws IOException {
        extensions.clear();
        authMechanisms.clear();
        peerMaxSize = 0;
        SmtpReply r = command("EHLO " + options.ehloName());
        if (r.code() == 250) {
            for (int i = 1; i < r.lines().size(); i++) {
                String line = r.lines().get(i).trim();
                String[] words = line.split("[ =]+");
                String keyword = words[0].toUpperCase(Locale.ROOT);
                extensions.add(keyword);
                if (keyword.equals("SIZE") && words.length > 1) {
                    try {
                        peerMaxSize = Long.parseLong(words[1]);
                    } catch (NumberFormatException e) {
                        peerMaxSize = 0;
                    }
                } else if (keyword.equals("AUTH")) {
                    for (int w = 1; w < words.length; w++) {
                        authMechanisms.add(words[w].toUpperCase(Locale.ROOT));
                    }
                }
            }
            return;
        }
        if (r.permanentFailure()) {
            // An old server without ESMTP: HELO, and no extensions.
            SmtpReply h = command("HELO " + options.ehloName());
            if (h.code() == 250) {
                return;
            }
            r = h;
        }
        throw new ConnectException(target + " refused EHLO and HELO: \"" + r.text() + "\"", r);
    }

    private void startTls() throws IOException {
        SmtpReply r = command("STARTTLS");
        if (r.code() != 220) {
            if (options.requireTls()) {
                throw new ConnectException("TLS is required for this send connector, but "
                        + target + " answered STARTTLS with \"" + r.text() + "\"", r);
            }
            return;  // opportunistic: go on in clear text
        }
        discardInjected();
        String sni = target.name() != null && !target.name().isEmpty()
                && Character.isLetter(target.name().charAt(target.name().length() - 1))
                ? target.name() : null;
        SSLSocket s;
        try {
            s = (SSLSocket) options.tls().createSocket(socket,
                    sni != null ? sni : target.address().getHostString(),
                    target.address().getPort(), true);
            SSLParameters p = s.getSSLParameters();
            if (sni != null) {
                p.setServerNames(List.of(new SNIHostName(sni)));
            }
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            s.setSSLParameters(p);
            s.setUseClientMode(true);
            s.startHandshake();
        } catch (IOException e) {
            broken = true;
            throw new ConnectException("The TLS handshake with " + target + " failed: "
                    + describe(e), null, true);
        }
        socket = s;
        tls = true;
        streams();
        log.debug("{}", Kv.of("event", "send-tls", "remote", target, "protocol",
                s.getSession().getProtocol(), "cipher", s.getSession().getCipherSuite()));
        ehlo();  // RFC 3207: forget what was learnt before TLS
    }

    /**
     * Case T08: whatever the server sent behind its 220 before the handshake was not protected
     * and may be a man in the middle's (a fake EHLO reply, say). It is read and dropped here,
     * never taken as a reply inside TLS; the EHLO after the handshake starts afresh. Bytes that
     * arrive later, during the handshake, break it: the connection then fails.
     */
    private void discardInjected() throws IOException {
        int waiting = in.available();
        long dropped = 0;
        while (waiting > 0) {
            long n = in.skip(waiting);
            if (n <= 0) {
                break;
            }
            dropped += n;
            waiting = in.available();
        }
        if (dropped > 0) {
            discardedBeforeTls += dropped;
            log.info("{}", Kv.of("event", "send-starttls-injection-discarded", "remote", target,
                    "octets", dropped));
        }
    }

    /** Octets the server sent after its 220 to STARTTLS and before the handshake (dropped). */
    long discardedBeforeTls() {
        return discardedBeforeTls;
    }

    private void authenticate() throws IOException {
        if (options.authRequiresTls() && !tls) {
            throw new ConnectException("The send connector authenticates only over TLS"
                    + " (BasicAuthRequireTLS), and " + target + " did not start TLS", null);
        }
        String user = options.authUser();
        String password = options.authPassword();
        SmtpReply r;
        if (authMechanisms.contains("PLAIN")) {
            byte[] token = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
            r = command("AUTH PLAIN " + Base64.getEncoder().encodeToString(token), true);
        } else if (authMechanisms.contains("LOGIN")) {
            r = command("AUTH LOGIN");
            if (r.code() == 334) {
                r = command(b64(user), true);
            }
            if (r.code() == 334) {
                r = command(b64(password), true);
            }
        } else {
            throw new ConnectException(target + " offers no AUTH mechanism Postern can use"
                    + " (PLAIN or LOGIN); it offers "
                    + (authMechanisms.isEmpty() ? "none" : String.join(" ", authMechanisms)),
                    null);
        }
        if (r.code() != 235) {
            throw new ConnectException(target + " did not accept the send connector's"
                    + " credential: \"" + r.text() + "\"", r);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one message. Returns one outcome per recipient, in order.
     *
     * @throws IOException when the connection broke; the caller treats every recipient without
     *     a final answer as deferred, and the connection is no longer {@link #usable}
     */
    List<Outcome> send(Transaction t) throws IOException {
        int n = t.recipients().size();
        List<Outcome> outcomes = new ArrayList<>(n);

        // Checks that need no round trip.
        boolean needsUtf8 = t.mailParameters().containsKey("SMTPUTF8") || !isAscii(t.sender())
                || t.recipients().stream().anyMatch(r -> !isAscii(r));
        if (needsUtf8 && !extensions.contains("SMTPUTF8")) {
            return all(n, local(553, "5.6.7 The message needs SMTPUTF8 (an address or header"
                    + " with non-ASCII characters), which " + target + " does not support"));
        }
        if (peerMaxSize > 0 && t.size() > peerMaxSize) {
            return all(n, local(552, "5.3.4 The message (" + t.size() + " bytes) is larger than"
                    + " " + target + " accepts (SIZE " + peerMaxSize + ")"));
        }
        if (binaryMime(t) && !passesUnchanged(t)) {
            // RFC 3030 section 3: convert or return. Postern sends with DATA only (no BDAT
            // client yet) and has no MIME conversion, so binary content that DATA would change
            // (a bare CR or LF, NUL) is returned rather than corrupted.
            return all(n, local(554, "5.6.3 The message is BINARYMIME with octets that DATA"
                    + " cannot carry unchanged (a bare CR or LF, or NUL); conversion required"
                    + " but not supported"));
        }
        List<String> commands = new ArrayList<>(n + 2);
        commands.add(mailCommand(t, needsUtf8));
        for (int i = 0; i < n; i++) {
            commands.add(rcptCommand(t.recipients().get(i), t.recipientParameters().get(i)));
        }
        boolean pipelining = extensions.contains("PIPELINING");
        SmtpReply mail;
        List<SmtpReply> rcpt = new ArrayList<>(n);
        SmtpReply data = null;
        if (pipelining) {
            for (String c : commands) {
                writeLine(c);
            }
            writeLine("DATA");
            out.flush();
            mail = read();
            for (int i = 0; i < n; i++) {
                rcpt.add(read());
            }
            data = read();
        } else {
            mail = command(commands.get(0));
            if (mail.positive()) {
                for (int i = 0; i < n; i++) {
                    SmtpReply r = command(commands.get(i + 1));
                    rcpt.add(r);
                    if (r.code() == 421) {
                        break;
                    }
                }
                if (rcpt.size() == n && rcpt.stream().anyMatch(SmtpReply::positive)) {
                    data = command("DATA");
                }
            }
        }
        if (!mail.positive()) {
            if (data != null && data.code() == 354) {
                sendNoContent();
            }
            reset(mail);
            return all(n, new Outcome(mail, true));
        }
        for (SmtpReply r : rcpt) {
            if (r.code() == 421) {
                broken = true;
            }
        }
        boolean anyAccepted = rcpt.size() == n && rcpt.stream().anyMatch(SmtpReply::positive);
        SmtpReply end;
        if (data != null && data.code() == 354) {
            if (anyAccepted) {
                try (InputStream content = t.content().open()) {
                    encoder.encode(content);
                }
                end = read();
                messagesSent++;
            } else {
                // Pipelined DATA accepted although no recipient was: send an empty body and
                // throw the transaction away (RFC 2920 section 3.1).
                sendNoContent();
                end = null;
            }
        } else {
            end = data;  // DATA refused, or never sent because no recipient was accepted
        }
        for (int i = 0; i < n; i++) {
            SmtpReply r = i < rcpt.size() ? rcpt.get(i) : null;
            if (r == null) {
                outcomes.add(local(451, "4.4.2 The connection to " + target + " ended before"
                        + " this recipient was sent"));
            } else if (!r.positive()) {
                outcomes.add(new Outcome(r, true));
            } else if (end == null) {
                outcomes.add(local(451, "4.4.2 " + target + " ended the transaction before"
                        + " the message was sent"));
            } else {
                outcomes.add(new Outcome(end, true));
            }
        }
        if (end == null || !end.positive()) {
            reset(end);
        }
        return outcomes;
    }

    private void sendNoContent() throws IOException {
        writeLine(".");
        out.flush();
        read();
    }

    private void reset(SmtpReply last) throws IOException {
        if (broken || last != null && last.code() == 421) {
            broken = true;
            return;
        }
        SmtpReply r = command("RSET");
        if (!r.positive()) {
            broken = true;
        }
    }

    private static boolean binaryMime(Transaction t) {
        String body = t.mailParameters().get("BODY");
        return body != null && body.equalsIgnoreCase("BINARYMIME");
    }

    private static boolean passesUnchanged(Transaction t) throws IOException {
        try (InputStream content = t.content().open()) {
            return DataEncoder.passesUnchanged(content);
        }
    }

    private String mailCommand(Transaction t, boolean utf8) {
        StringBuilder b = new StringBuilder("MAIL FROM:<").append(t.sender()).append('>');
        if (extensions.contains("SIZE")) {
            b.append(" SIZE=").append(t.size());
        }
        String body = t.mailParameters().get("BODY");
        // A BINARYMIME body that passes DATA unchanged (checked in send) goes as 8BITMIME.
        if (body != null && extensions.contains("8BITMIME")
                && (body.equalsIgnoreCase("8BITMIME") || binaryMime(t))) {
            b.append(" BODY=8BITMIME");
        }
        // Missing: the 8BITMIME downgrade. 8-bit content to a peer without 8BITMIME goes as it
        // is, as most MTAs do, because converting it (RFC 6152) needs a MIME rewrite of every
        // 8-bit part to base64 or quoted-printable, which Postern does not have yet.
        if (utf8) {
            b.append(" SMTPUTF8");
        }
        if (extensions.contains("DSN")) {
            String ret = t.mailParameters().get("RET");
            if (ret != null) {
                b.append(" RET=").append(ret);
            }
            String envid = t.mailParameters().get("ENVID");
            if (envid != null) {
                b.append(" ENVID=").append(envid);
            }
        }
        return b.toString();
    }

    // TODO(relayed DSN): when the peer has no DSN extension and a recipient asked for
    // NOTIFY=SUCCESS, RFC 3461 wants a "relayed" notice from Postern; none is sent yet.
    private String rcptCommand(String rcpt, Map<String, String> params) {
        StringBuilder b = new StringBuilder("RCPT TO:<").append(rcpt).append('>');
        if (extensions.contains("DSN") && params != null) {
            String notify = params.get("NOTIFY");
            if (notify != null) {
                b.append(" NOTIFY=").append(notify);
            }
            String orcpt = params.get("ORCPT");
            if (orcpt != null) {
                b.append(" ORCPT=").append(orcpt);
            }
        }
        return b.toString();
    }

    private static List<Outcome> all(int n, Outcome o) {
        List<Outcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(o);
        }
        return out;
    }

    private static Outcome local(int code, String text) {
        return new Outcome(new SmtpReply(code, List.of(text)), false);
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- wire

    private SmtpReply command(String line) throws IOException {
        return command(line, false);
    }

    private SmtpReply command(String line, boolean secret) throws IOException {
        writeLine(line, secret);
        out.flush();
        return read();
    }

    private void writeLine(String line) throws IOException {
        writeLine(line, false);
    }

    private void writeLine(String line, boolean secret) throws IOException {
        if (log.isDebugEnabled()) {
            log.debug("{}", Kv.of("event", "send-wire", "remote", target, "dir", ">",
                    "line", secret ? "****" : line));
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("an SMTP command may not hold a line break");
            }
        }
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** Reads one (possibly multi-line) reply. */
    private SmtpReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line;
            try {
                line = readLine();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
            if (log.isDebugEnabled()) {
                log.debug("{}", Kv.of("event", "send-wire", "remote", target, "dir", "<",
                        "line", line));
            }
            if (line.length() < 3 || !Character.isDigit(line.charAt(0))
                    || !Character.isDigit(line.charAt(1)) || !Character.isDigit(line.charAt(2))
                    || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
                broken = true;
                throw new IOException(target + " sent a line that is not an SMTP reply: \""
                        + line + "\"");
            }
            int c = Integer.parseInt(line.substring(0, 3));
            if (code != -1 && c != code) {
                broken = true;
                throw new IOException(target + " changed the reply code inside one reply");
            }
            code = c;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(code, lines);
            }
            if (lines.size() >= MAX_REPLY_LINES) {
                broken = true;
                throw new IOException(target + " sent a reply of more than " + MAX_REPLY_LINES
                        + " lines");
            }
        }
    }

    private String readLine() throws IOException {
        byte[] bytes = lineBuffer;
        int len = 0;
        while (true) {
            int c = in.read();
            if (c == -1) {
                throw new IOException(target + " closed the connection");
            }
            if (c == '\n') {
                if (len > 0 && bytes[len - 1] == '\r') {
                    len--;
                }
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (len < bytes.length) {
                bytes[len++] = (byte) c;
            }
        }
    }

    static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Ends the session politely (QUIT) when it is still usable, then closes the socket. */
    @Override
    public void close() {
        if (usable()) {
            quitQuietly();
        }
        closeQuietly();
    }

    private void quitQuietly() {
        try {
            socket.setSoTimeout(5000);
            command("QUIT");
        } catch (IOException | RuntimeException e) {
            // Closing anyway.
        }
    }

    private void closeQuietly() {
        broken = true;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Nothing more to do.
            }
        }
    }
}
