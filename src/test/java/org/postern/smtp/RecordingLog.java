package org.postern.smtp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postern.log.ProtocolLogSession;

/** A protocol log session that keeps its rows as {@code event|data|context} strings. */
final class RecordingLog implements ProtocolLogSession {

    final List<String> rows = new CopyOnWriteArrayList<>();

    @Override public void connected() {
        rows.add("+||");
    }

    @Override public void sent(String line) {
        rows.add(">|" + line + "|");
    }

    @Override public void received(String line) {
        rows.add("<|" + line + "|");
    }

    @Override public void info(String data, String context) {
        rows.add("*|" + data + "|" + context);
    }

    @Override public void disconnected(String context) {
        rows.add("-||" + context);
    }
}
