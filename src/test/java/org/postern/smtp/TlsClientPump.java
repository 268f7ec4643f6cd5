package org.postern.smtp;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A TLS client engine driven by hand against a session on an EmbeddedChannel: it moves the
 * handshake records and then application data between the client engine and the channel.
 */
final class TlsClientPump {

    private final SessionHarness h;
    private final SSLEngine engine;
    private ByteBuffer fromServer = ByteBuffer.allocate(0);
    private final StringBuilder text = new StringBuilder();

    TlsClientPump(SessionHarness h, String... protocols) throws Exception {
        this.h = h;
        SSLContext ctx = org.postern.tls.TestPki.trustingClient();
        engine = ctx.createSSLEngine("mx.example.org", 25);
        engine.setUseClientMode(true);
        if (protocols.length > 0) {
            engine.setEnabledProtocols(protocols);
        }
    }

    SSLEngine engine() {
        return engine;
    }

    /** Runs the handshake to its end; throws what the engine throws if it fails. */
    void handshake() throws SSLException {
        engine.beginHandshake();
        for (int i = 0; i < 200; i++) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrap(ByteBuffer.allocate(engine.getSession()
                            .getApplicationBufferSize()))) {
                        throw new SSLException("the server sent nothing more during the"
                                + " handshake");
                    }
                }
                case NEED_TASK -> {
                    Runnable t;
                    while ((t = engine.getDelegatedTask()) != null) {
                        t.run();
                    }
                }
                default -> {
                    return;
                }
            }
        }
        throw new SSLException("the handshake did not end");
    }

    /** Sends a command line inside TLS and returns the reply lines that came back. */
    List<String> cmd(String line) throws SSLException {
        send(line + "\r\n");
        return replies();
    }

    String reply(String line) throws SSLException {
        List<String> r = cmd(line);
        return r.isEmpty() ? "" : r.get(r.size() - 1);
    }

    /** Sends a line and waits (up to 10 s) for a reply decided off the event loop (AUTH). */
    String answer(String line) throws Exception {
        send(line + "\r\n");
        List<String> r = replies();
        long end = System.nanoTime() + 10_000_000_000L;
        while (r.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
            r = replies();
        }
        return r.isEmpty() ? "" : r.get(r.size() - 1);
    }

    void send(String raw) throws SSLException {
        wrap(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Decrypts what the server wrote and returns the complete lines. */
    List<String> replies() throws SSLException {
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        while (unwrap(app)) {
            app.flip();
            text.append(StandardCharsets.UTF_8.decode(app));
            app.clear();
        }
        List<String> out = new ArrayList<>();
        int i;
        while ((i = text.indexOf("\r\n")) >= 0) {
            out.add(text.substring(0, i));
            text.delete(0, i + 2);
        }
        return out;
    }

    private void wrap(ByteBuffer app) throws SSLException {
        do {
            ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult r = engine.wrap(app, net);
            net.flip();
            byte[] bytes = new byte[net.remaining()];
            net.get(bytes);
            if (bytes.length > 0) {
                h.sendBytes(bytes);
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                return;
            }
        } while (app.hasRemaining());
    }

    /** One unwrap into {@code app}; false when there is nothing to read from the server. */
    private boolean unwrap(ByteBuffer app) throws SSLException {
        h.channel.runPendingTasks();
        Object o;
        while ((o = h.channel.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            ByteBuffer joined = ByteBuffer.allocate(fromServer.remaining() + b.readableBytes());
            joined.put(fromServer);
            b.readBytes(joined);
            b.release();
            joined.flip();
            fromServer = joined;
        }
        if (!fromServer.hasRemaining()) {
            return false;
        }
        SSLEngineResult r = engine.unwrap(fromServer, app);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
            return false;
        }
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }
}
