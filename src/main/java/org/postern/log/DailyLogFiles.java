package org.postern.log;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchange-style daily CSV log files: {@code <folder>/<PREFIX>yyyymmdd-N.log}, one series per
 * UTC day (a new N when a file passes the size limit), each file opening with the
 * {@code #Software}, {@code #Version}, {@code #Log-type}, {@code #Date} and {@code #Fields}
 * header lines. The protocol log and the message tracking log are both written through it.
 *
 * <p><b>Threads.</b> Callers format a row and {@link #append} it: that only puts it on a bounded
 * in-memory queue. One writer thread takes the rows, picks the file by each row's UTC date (so
 * files roll at midnight), writes them and flushes at least once a second. Should the disk
 * stall long enough to fill the queue, rows are dropped and counted rather than blocking the
 * caller; the drop count is logged. {@link #close()} writes and flushes everything appended
 * before it, and {@link #flush()} waits until everything appended so far is written.
 */
public final class DailyLogFiles implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(DailyLogFiles.class);

    /** Rows that may wait for the writer before new rows are dropped. */
    static final int QUEUE_CAPACITY = 64 * 1024;

    /** Exchange's row time: ISO-8601 UTC with milliseconds. */
    public static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);

    /** A formatted row waiting for the writer, an end marker or a flush request. */
    private record Row(Instant at, String line, java.util.concurrent.CountDownLatch flushed) {
    }

    private static final Row END = new Row(Instant.EPOCH, "", null);

    private final Path directory;
    private final String prefix;
    private final String header;  // without the #Date line
    private final String fields;
    private final long maxFileSize;
    private final Pattern fileName;
    private final String name;  // for log lines: the prefix
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
     * Opens a series of log files and starts its writer thread.
     *
     * @param directory the folder of the files (created if needed)
     * @param prefix the file name prefix, {@code RECV} or {@code MSGTRK}
     * @param versionLine the {@code #Version} value
     * @param logTypeLine the whole log-type header line without line end, e.g.
     *     {@code #Log-type: SMTP Receive Protocol Log}
     * @param fields the comma-separated field names of the {@code #Fields} line
     * @param maxFileSize size after which a day's file is continued in the next N
     */
    public DailyLogFiles(Path directory, String prefix, String versionLine, String logTypeLine,
            String fields, long maxFileSize) throws IOException {
        this.directory = directory;
        this.prefix = prefix;
        this.header = "#Software: Postern\r\n#Version: " + versionLine + "\r\n" + logTypeLine
                + "\r\n";
        this.fields = fields;
        this.maxFileSize = maxFileSize;
        this.fileName = Pattern.compile(Pattern.quote(prefix) + "(\\d{8})-(\\d+)\\.log");
        this.name = prefix;
        Files.createDirectories(directory);
        this.writer = new Thread(this::writeLoop, "postern-log-" + prefix.toLowerCase());
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** The folder holding the files. */
    public Path directory() {
        return directory;
    }

    /** Whether a file name belongs to this series. */
    public boolean isLogFile(String file) {
        return fileName.matcher(file).matches();
    }

    /**
     * Queues one row for writing. {@code line} is the whole row including its CRLF.
     * Never blocks: when the queue is full the row is dropped and counted.
     */
    public void append(Instant at, String line) {
        if (closed || !rows.offer(new Row(at, line, null))) {
            dropped.incrementAndGet();
        }
    }

    /** Waits (up to five seconds) until every row appended before the call is in the file. */
    public void flush() {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            if (!closed && rows.offer(new Row(Instant.EPOCH, null, done), 5, TimeUnit.SECONDS)) {
                done.await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes and flushes every row appended so far, then stops the writer. Idempotent. */
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

    /**
     * One CSV field as Exchange's logs write it: quoted when it holds a comma, a quote or a
     * line break, with quotes doubled; {@code null} is empty.
     */
    public static String csv(String field) {
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

    /** The name of the N-th file of a day. */
    public String fileName(LocalDate date, int index) {
        return prefix + FILE_DATE.format(date) + "-" + index + ".log";
    }

    // ---------------------------------------------------------------- writer thread

    private void writeLoop() {
        List<Row> batch = new ArrayList<>();
        List<java.util.concurrent.CountDownLatch> waiting = new ArrayList<>();
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
                if (row.flushed() != null) {
                    waiting.add(row.flushed());
                } else {
                    write(row);
                }
            }
            batch.clear();
            flushFile();
            waiting.forEach(java.util.concurrent.CountDownLatch::countDown);
            waiting.clear();
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
            log.warn("{}", Kv.of("event", "log-write-error", "log", name, "dir", directory,
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
            String head = header + "#Date: " + DATE_TIME.format(at) + "\r\n"
                    + "#Fields: " + fields + "\r\n";
            out.write(head);
            outSize += head.length();
        }
        log.debug("{}", Kv.of("event", "log-open", "file", file.getFileName()));
    }

    private int lastIndex(LocalDate date) throws IOException {
        String day = FILE_DATE.format(date);
        int last = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*.log")) {
            for (Path p : files) {
                Matcher m = fileName.matcher(p.getFileName().toString());
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

    private void flushFile() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            log.warn("{}", Kv.of("event", "log-write-error", "log", name, "dir", directory,
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
            log.warn("{}", Kv.of("event", "log-write-error", "log", name, "dir", directory,
                    "error", e.toString()));
        }
        out = null;
    }

    private void reportDrops() {
        long n = dropped.getAndSet(0);
        if (n > 0) {
            log.warn("{}", Kv.of("event", "log-dropped", "log", name, "rows", n));
        }
    }
}
