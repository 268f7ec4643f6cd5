package org.postern.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw SMTP client over a socket bound to a chosen loopback source address, typing lines as the
 * article's telnet test does and reading replies exactly as sent.
 */
final class SmtpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private SmtpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects from {@code source} (e.g. 127.0.0.10) to {@code host:port}. */
    static SmtpClient connect(String source, String host, int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(20000);
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 5000);
        return new SmtpClient(s);
    }

    /**
     * One mail transaction on a session past EHLO: MAIL, RCPT for each recipient, DATA and the
     * content (CRLF lines; dot-stuffed here), and returns the final reply's last line.
     *
     * @throws AssertionError when the server refuses a step
     */
    String transaction(String from, List<String> rcpts, String content) throws IOException {
        expect(command("MAIL FROM:<" + from + ">"), "250");
        for (String r : rcpts) {
            expect(command("RCPT TO:<" + r + ">"), "250");
        }
        expect(command("DATA"), "354");
        StringBuilder b = new StringBuilder(content.length() + 16);
        for (String line : content.split("\r\n", -1)) {
            b.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        if (content.endsWith("\r\n")) {
            b.setLength(b.length() - 2);
        }
        b.append(".\r\n");
        sendRaw(b.toString().getBytes(StandardCharsets.UTF_8));
        List<String> r = reply();
        String last = r.get(r.size() - 1);
        expect(last, "250");
        return last;
    }

    private static void expect(String reply, String code) {
        if (!reply.startsWith(code)) {
            throw new AssertionError("expected " + code + " but the server said: " + reply);
        }
    }

    /** Connects from {@code source}, reads the greeting and says EHLO. */
    static SmtpClient session(String source, int port) throws IOException {
        SmtpClient c = connect(source, "127.0.0.1", port);
        c.reply();
        c.send("EHLO client.test");
        c.reply();
        return c;
    }

    /** The client's own port, as the server's logs show it. */
    int localPort() {
        return socket.getLocalPort();
    }

    /** Sends bytes exactly as given (no CRLF added), in one write. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one line with CRLF. */
    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one whole reply (all its lines), each line without CRLF. */
    List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line == null) {
                lines.add("(closed)");
                return lines;
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** The last (or only) line of the next reply. */
    String lastLine() throws IOException {
        List<String> r = reply();
        return r.get(r.size() - 1);
    }

    /** Sends a line and returns the last line of its reply. */
    String command(String line) throws IOException {
        send(line);
        return lastLine();
    }

    /** Whether the server closed the connection (reads end of stream). */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = buf.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            buf.write(b);
            prev = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
