package org.postern.delivery;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A small SMTP server for tests that answers each recipient as a script says (for example 451
 * on the first try, then 250; or 550 for one recipient), on a loopback address. It records every
 * transaction: envelope, the data as it came over the wire, and the data unstuffed.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** One transaction that reached the end of data. */
    public record Received(int connection, String heloName, String sender, List<String> rcpts,
            byte[] wire, byte[] data, boolean tls, String authenticatedAs) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket socket;
    private final List<String> extensions;
    private volatile BiFunction<String, Integer, String> rcptReply = (r, n) -> "250 2.1.5 Ok";
    private volatile String dataReply = "250 2.0.0 Ok: queued";
    private volatile String greeting = null;
    private volatile javax.net.ssl.SSLContext tls;
    private volatile boolean esmtp = true;
    private volatile boolean brokenTls;
    private volatile String authMechanisms;  // e.g. "PLAIN LOGIN", or null for no AUTH
    private volatile String authUser;
    private volatile String authPassword;
    private final List<String> authentications = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private volatile String injectAfterStartTls;

    private ScriptedSmtpServer(ServerSocket socket, List<String> extensions) {
        this.socket = socket;
        this.extensions = extensions;
        this.acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + socket.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts a server on {@code address} (a 127.0.0.x) and {@code port} (0 for any). */
    public static ScriptedSmtpServer start(String address, int port, String... extensions)
            throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        return new ScriptedSmtpServer(s, List.of(extensions));
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The reply to RCPT for a recipient at its n-th attempt (from 1, over all connections). */
    public ScriptedSmtpServer onRcpt(BiFunction<String, Integer, String> reply) {
        this.rcptReply = reply;
        return this;
    }

    public ScriptedSmtpServer onData(String reply) {
        this.dataReply = reply;
        return this;
    }

    /** A greeting other than 220 (e.g. "421 busy") makes every connection fail. */
    public ScriptedSmtpServer greeting(String reply) {
        this.greeting = reply;
        return this;
    }

    /** Offers STARTTLS with this server context. */
    public ScriptedSmtpServer tls(javax.net.ssl.SSLContext context) {
        this.tls = context;
        return this;
    }

    /**
     * Writes these bytes right behind the 220 to STARTTLS, in the same write, before the
     * handshake: a response injected by a man in the middle (case T08).
     */
    public ScriptedSmtpServer injectAfterStartTls(String bytes) {
        this.injectAfterStartTls = bytes;
        return this;
    }

    /** Offers STARTTLS, answers it with 220 and then closes instead of a handshake. */
    public ScriptedSmtpServer brokenTls() {
        this.brokenTls = true;
        return this;
    }

    /** Answers EHLO with 502, as a server without ESMTP does. */
    public ScriptedSmtpServer noEsmtp() {
        this.esmtp = false;
        return this;
    }

    /** Offers AUTH with these mechanisms and accepts this user and password only. */
    public ScriptedSmtpServer auth(String mechanisms, String user, String password) {
        this.authMechanisms = mechanisms;
        this.authUser = user;
        this.authPassword = password;
        return this;
    }

    /** Every AUTH exchange: {@code MECHANISM user password ok|refused}. */
    public List<String> authentications() {
        return authentications;
    }

    public List<Received> received() {
        return received;
    }

    public List<String> commands() {
        return commands;
    }

    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, n), "scripted-smtp-conn-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain, int n) {
        Socket s = plain;
        try (plain) {
            s.setSoTimeout(30000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            boolean secure = false;
            String user = null;
            if (greeting != null) {
                reply(out, greeting);
                return;
            }
            reply(out, "220 scripted.test ESMTP");
            String helo = null;
            String sender = null;
            List<String> rcpts = new ArrayList<>();
            while (true) {
                String line = line(in);
                if (line == null) {
                    return;
                }
                commands.add(line);
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("EHLO ") && !esmtp) {
                    reply(out, "502 5.5.2 Error: command not recognized");
                } else if (upper.startsWith("EHLO ")) {
                    helo = line.substring(5);
                    StringBuilder b = new StringBuilder("250-scripted.test\r\n");
                    for (String e : extensions) {
                        b.append("250-").append(e).append("\r\n");
                    }
                    if ((tls != null || brokenTls) && !secure) {
                        b.append("250-STARTTLS\r\n");
                    }
                    if (authMechanisms != null) {
                        b.append("250-AUTH ").append(authMechanisms).append("\r\n");
                    }
                    b.append("250 HELP");
                    reply(out, b.toString());
                } else if (upper.equals("STARTTLS") && brokenTls) {
                    reply(out, "220 2.0.0 Ready to start TLS");
                    out.write("this is not a TLS server hello\r\n".getBytes(
                            StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                } else if (upper.equals("STARTTLS") && tls != null && !secure) {
                    reply(out, "220 2.0.0 Ready to start TLS" + (injectAfterStartTls == null
                            ? "" : "\r\n" + injectAfterStartTls.replaceAll("\r\n$", "")));
                    javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                            .createSocket(s, null, s.getPort(), false);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    s = ssl;
                    in = new BufferedInputStream(ssl.getInputStream());
                    out = ssl.getOutputStream();
                    secure = true;
                    helo = null;
                } else if (upper.startsWith("AUTH ") && authMechanisms != null) {
                    String[] w = line.split(" ");
                    String mech = w[1].toUpperCase(java.util.Locale.ROOT);
                    String u;
                    String p;
                    if (mech.equals("PLAIN")) {
                        String token = w.length > 2 ? w[2] : null;
                        if (token == null) {
                            reply(out, "334 ");
                            token = line(in);
                        }
                        String[] parts = new String(java.util.Base64.getDecoder().decode(token),
                                StandardCharsets.UTF_8).split("\0", -1);
                        u = parts[1];
                        p = parts[2];
                    } else {
                        reply(out, "334 VXNlcm5hbWU6");
                        u = new String(java.util.Base64.getDecoder().decode(line(in)),
                                StandardCharsets.UTF_8);
                        reply(out, "334 UGFzc3dvcmQ6");
                        p = new String(java.util.Base64.getDecoder().decode(line(in)),
                                StandardCharsets.UTF_8);
                    }
                    boolean ok = u.equals(authUser) && p.equals(authPassword);
                    authentications.add(mech + " " + u + " " + p + " " + (ok ? "ok" : "refused")
                            + (secure ? " tls" : " clear"));
                    if (ok) {
                        user = u;
                    }
                    reply(out, ok ? "235 2.7.0 Authentication successful"
                            : "535 5.7.8 Error: authentication failed");
                } else if (upper.startsWith("HELO ")) {
                    helo = line.substring(5);
                    reply(out, "250 scripted.test");
                } else if (upper.startsWith("MAIL FROM:")) {
                    int lt = line.indexOf('<');
                    int gt = line.indexOf('>');
                    sender = line.substring(lt + 1, gt);
                    rcpts.clear();
                    reply(out, "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String r = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    int attempt = attempts.computeIfAbsent(r.toLowerCase(java.util.Locale.ROOT),
                            k -> new AtomicInteger()).incrementAndGet();
                    String answer = rcptReply.apply(r, attempt);
                    if (answer.startsWith("2")) {
                        rcpts.add(r);
                    }
                    reply(out, answer);
                } else if (upper.equals("DATA")) {
                    if (rcpts.isEmpty()) {
                        reply(out, "554 5.5.1 Error: no valid recipients");
                        continue;
                    }
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    ByteArrayOutputStream wire = new ByteArrayOutputStream();
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    while (true) {
                        byte[] l = rawLine(in);
                        if (l == null) {
                            return;
                        }
                        wire.write(l);
                        String text = new String(l, StandardCharsets.ISO_8859_1);
                        if (text.equals(".\r\n")) {
                            break;
                        }
                        int skip = text.startsWith(".") ? 1 : 0;
                        data.write(l, skip, l.length - skip);
                    }
                    received.add(new Received(n, helo, sender, List.copyOf(rcpts),
                            wire.toByteArray(), data.toByteArray(), secure, user));
                    reply(out, dataReply);
                } else if (upper.equals("RSET")) {
                    rcpts.clear();
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else if (upper.equals("NOOP")) {
                    reply(out, "250 2.0.0 Ok");
                } else {
                    reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        byte[] l = rawLine(in);
        if (l == null) {
            return null;
        }
        String s = new String(l, StandardCharsets.UTF_8);
        return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.strip();
    }

    /** One line with its CRLF (or what ended it), or null at the end of the stream. */
    private static byte[] rawLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int prev = -1;
        for (int c; (c = in.read()) != -1;) {
            b.write(c);
            if (c == '\n' && prev == '\r') {
                return b.toByteArray();
            }
            prev = c;
        }
        return b.size() == 0 ? null : b.toByteArray();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }
}
