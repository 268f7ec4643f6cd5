package org.postern.log;

/**
 * The protocol log of one SMTP session. Each call is one row; the sequence number counts from 0
 * within the session. Events are Exchange's: {@code +} connect, {@code -} disconnect, {@code >}
 * sent, {@code <} received, {@code *} information.
 */
public interface ProtocolLogSession {

    ProtocolLogSession NONE = new ProtocolLogSession() {
        @Override public void connected() { }
        @Override public void sent(String line) { }
        @Override public void received(String line) { }
        @Override public void info(String data, String context) { }
        @Override public void disconnected(String context) { }
    };

    /** The {@code +} row, with empty data. */
    void connected();

    /** A {@code >} row: one reply line the server sent, without CRLF. */
    void sent(String line);

    /** A {@code <} row: one command line the client sent, without CRLF (never message data). */
    void received(String line);

    /**
     * A {@code *} row, e.g. data "SMTPSubmit SMTPAcceptAnySender", context
     * "Set Session Permissions".
     */
    void info(String data, String context);

    /** The {@code -} row; context "Local" when the server closed, "Remote" when the client did. */
    void disconnected(String context);
}
