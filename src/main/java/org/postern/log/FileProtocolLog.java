package org.postern.log;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP receive protocol log in Exchange's layout: CSV files
 * {@code <DIR>/logs/ProtocolLog/SmtpReceive/RECVyyyymmdd-N.log}, one per UTC day (a new N when
 * a file passes {@link #DEFAULT_MAX_FILE_SIZE}), each opening with the {@code #Software},
 * {@code #Version}, {@code #Log-type}, {@code #Date} and {@code #Fields} header lines. All
 * connectors share the files.
 *
 * <p><b>Threads.</b> Sessions log from event-loop threads; a row is formatted on the caller's
 * thread and put on a bounded in-memory queue, nothing more. One writer thread takes the rows,
 * picks the file by each row's UTC date (so files roll at midnight), writes them and flushes at
 * least once a second. Should the disk stall long enough to fill the queue, rows are dropped
 * and counted rather than blocking the event loops; the drop count is logged. {@link #close()}
 * writes and flushes everything logged before it.
 */
public final class FileProtocolLog implements ProtocolLog, Closeable {

    private static final Logger log = LoggerFactory.getLogger(FileProtocolLog.class);

    /** Size after which a day's file is continued in the next N. */
    public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;

    /** Rows that may wait for the writer before new rows are dropped. */
    static final int QUEUE_CAPACITY = 64 * 1024;

    static final String FIELDS = "date-time,connector-id,session-id,sequence-number,"
            + "local-endpoint,remote-endpoint,event,data,context";

    static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);
    private static final Pattern FILE_NAME = Pattern.compile("RECV(\\d{8})-(\\d+)\\.log");

    /** A formatted row waiting for the writer, or the end marker. */
    private record Row(Instant at, String line) {
    }

    private static final Row END = new Row(Instant.EPOCH, "");

    private final Path directory;
    private final String version;
    private final Clock clock;
    private final long maxFileSize;
    private final BlockingQueue<Row> rows = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    // Owned by the writer thread.
    private Writer out;
    private LocalDate outDate;
    private int outIndex;
    private long outSize;

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
        this.directory = dataDir.resolve("logs").resolve("ProtocolLog").resolve("SmtpReceive");
        this.version = version;
        this.clock = clock;
        this.maxFileSize = maxFileSize;
        Files.createDirectories(directory);
        this.writer = new Thread(this::writeLoop, "postern-protocol-log");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** The folder holding the RECV files. */
    public Path directory() {
        return directory;
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
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = false;
        while (true) {
            try {
                rows.put(END);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
            String line = DATE_TIME.format(at) + "," + prefix + sequence.getAndIncrement()
                    + endpoints + event + "," + csv(data) + "," + csv(context) + "\r\n";
            if (closed || !rows.offer(new Row(at, line))) {
                dropped.incrementAndGet();
            }
        }
    }

    /**
     * One CSV field: quoted when it holds a comma, a quote or a line break, with quotes
     * doubled; {@code null} is empty.
     */
    static String csv(String field) {
        if (field == null) {
            return "";
        }
        boolean quote = false;
        for (int i = 0; i < field.length() && !quote; i++) {
            char c = field.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    // ---------------------------------------------------------------- writer thread

    private void writeLoop() {
        List<Row> batch = new ArrayList<>();
        boolean end = false;
        while (!end) {
            try {
                Row first = rows.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    rows.drainTo(batch);
                }
            } catch (InterruptedException e) {
                continue;  // only close() ends the writer
            }
            for (Row row : batch) {
                if (row == END) {
                    end = true;
                    break;
                }
                write(row);
            }
            batch.clear();
            flush();
            reportDrops();
        }
        closeFile();
    }

    private void write(Row row) {
        LocalDate date = LocalDate.ofInstant(row.at(), ZoneOffset.UTC);
        try {
            if (out == null || !date.equals(outDate) || outSize >= maxFileSize) {
                roll(date, row.at());
            }
            out.write(row.line());
            outSize += row.line().length();  // rows are ASCII but for client text; close enough
        } catch (IOException e) {
            dropped.incrementAndGet();
            log.warn("{}", Kv.of("event", "protocol-log-error", "dir", directory,
                    "error", e.toString()));
            closeFile();
        }
    }

    /** Moves to the file for {@code date}: the day's last file if it has room, else a new N. */
    private void roll(LocalDate date, Instant at) throws IOException {
        int index;
        if (date.equals(outDate) && out != null) {
            index = outIndex + 1;
        } else {
            index = Math.max(1, lastIndex(date));
        }
        closeFile();
        Path file = directory.resolve(fileName(date, index));
        long size = Files.exists(file) ? Files.size(file) : 0;
        if (size >= maxFileSize) {
            index++;
            file = directory.resolve(fileName(date, index));
            size = 0;
        }
        out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), StandardCharsets.UTF_8),
                64 * 1024);
        outDate = date;
        outIndex = index;
        outSize = size;
        if (size == 0) {
            String header = "#Software: Postern\r\n"
                    + "#Version: " + version + "\r\n"
                    + "#Log-type: SMTP Receive Protocol Log\r\n"
                    + "#Date: " + DATE_TIME.format(at) + "\r\n"
                    + "#Fields: " + FIELDS + "\r\n";
            out.write(header);
            outSize += header.length();
        }
        log.debug("{}", Kv.of("event", "protocol-log-open", "file", file.getFileName()));
    }

    private int lastIndex(LocalDate date) throws IOException {
        String day = FILE_DATE.format(date);
        int last = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "RECV*.log")) {
            for (Path p : files) {
                Matcher m = FILE_NAME.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(day)) {
                    try {
                        last = Math.max(last, Integer.parseInt(m.group(2)));
                    } catch (NumberFormatException e) {
                        // An absurd N; ignore that file.
                    }
                }
            }
        }
        return last;
    }

    static String fileName(LocalDate date, int index) {
        return "RECV" + FILE_DATE.format(date) + "-" + index + ".log";
    }

    private void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            log.warn("{}", Kv.of("event", "protocol-log-error", "dir", directory,
                    "error", e.toString()));
            closeFile();
        }
    }

    private void closeFile() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            log.warn("{}", Kv.of("event", "protocol-log-error", "dir", directory,
                    "error", e.toString()));
        }
        out = null;
    }

    private void reportDrops() {
        long n = dropped.getAndSet(0);
        if (n > 0) {
            log.warn("{}", Kv.of("event", "protocol-log-dropped", "rows", n));
        }
    }
}
