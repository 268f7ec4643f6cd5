package org.postern.log;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMTP receive protocol log in Exchange's layout: CSV files
 * {@code <DIR>/logs/ProtocolLog/SmtpReceive/RECVyyyymmdd-N.log}, one per UTC day (a new N when
 * a file passes {@link #DEFAULT_MAX_FILE_SIZE}), each opening with the {@code #Software},
 * {@code #Version}, {@code #Log-type}, {@code #Date} and {@code #Fields} header lines. All
 * connectors share the files.
 *
 * <p>Sessions log from event-loop threads; a row is formatted on the caller's thread and handed
 * to {@link DailyLogFiles}, which never blocks the caller.
 */
public final class FileProtocolLog implements ProtocolLog, Closeable {

    /** Size after which a day's file is continued in the next N. */
    public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;

    static final String FIELDS = "date-time,connector-id,session-id,sequence-number,"
            + "local-endpoint,remote-endpoint,event,data,context";

    private final Clock clock;
    private final DailyLogFiles files;

    /**
     * Opens the log of a data directory and starts its writer thread.
     *
     * @param dataDir Postern's data directory
     * @param version Postern's version for the {@code #Version} line
     * @param clock the source of row times (UTC is used whatever its zone)
     */
    public FileProtocolLog(Path dataDir, String version, Clock clock) throws IOException {
        this(dataDir, version, clock, DEFAULT_MAX_FILE_SIZE);
    }

    FileProtocolLog(Path dataDir, String version, Clock clock, long maxFileSize)
            throws IOException {
        this.clock = clock;
        this.files = new DailyLogFiles(
                dataDir.resolve("logs").resolve("ProtocolLog").resolve("SmtpReceive"), "RECV",
                version, "#Log-type: SMTP Receive Protocol Log", FIELDS, maxFileSize);
    }

    /** The folder holding the RECV files. */
    public Path directory() {
        return files.directory();
    }

    @Override
    public ProtocolLogSession open(String connectorId, String sessionId,
            InetSocketAddress local, InetSocketAddress remote) {
        return new Session(connectorId, sessionId, Endpoints.format(local),
                Endpoints.format(remote));
    }

    /** Writes and flushes every row logged so far, then stops the writer. Idempotent. */
    @Override
    public void close() {
        files.close();
    }

    /** The log of one session; the sequence number is per session, from 0. */
    private final class Session implements ProtocolLogSession {
        private final String prefix;  // connector-id,session-id,
        private final String endpoints;  // ,local,remote,
        private final AtomicInteger sequence = new AtomicInteger();

        Session(String connectorId, String sessionId, String local, String remote) {
            this.prefix = csv(connectorId) + "," + csv(sessionId) + ",";
            this.endpoints = "," + csv(local) + "," + csv(remote) + ",";
        }

        @Override
        public void connected() {
            row("+", "", "");
        }

        @Override
        public void sent(String line) {
            row(">", line, "");
        }

        @Override
        public void received(String line) {
            row("<", line, "");
        }

        @Override
        public void info(String data, String context) {
            row("*", data, context);
        }

        @Override
        public void disconnected(String context) {
            row("-", "", context);
        }

        private void row(String event, String data, String context) {
            Instant at = clock.instant();
            String line = DailyLogFiles.DATE_TIME.format(at) + "," + prefix
                    + sequence.getAndIncrement() + endpoints + event + "," + csv(data) + ","
                    + csv(context) + "\r\n";
            files.append(at, line);
        }
    }

    static String csv(String field) {
        return DailyLogFiles.csv(field);
    }
}
