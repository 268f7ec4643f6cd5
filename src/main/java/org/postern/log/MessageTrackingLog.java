package org.postern.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The message tracking log in Exchange's layout: CSV files
 * {@code <DIR>/logs/MessageTracking/MSGTRKyyyymmdd-N.log} with Exchange's field order, and the
 * search behind Get-MessageTrackingLog ({@link #search}).
 *
 * <p>Writing never blocks the caller (see {@link DailyLogFiles}); a search first waits until
 * everything logged before it is in the files, so it sees the events that led up to it.
 */
public final class MessageTrackingLog implements Closeable {

    /** Size after which a day's file is continued in the next N. */
    public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;

    static final String FIELDS = "date-time,client-ip,client-hostname,server-ip,server-hostname,"
            + "source-context,connector-id,source,event-id,internal-message-id,message-id,"
            + "network-message-id,recipient-address,recipient-status,total-bytes,"
            + "recipient-count,related-recipient-address,reference,message-subject,"
            + "sender-address,return-path,message-info,directionality,tenant-id,"
            + "original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,"
            + "schema-version";
    private static final int FIELD_COUNT = FIELDS.split(",").length;

    private final DailyLogFiles files;
    private final String version;

    /** Opens the tracking log of a data directory. */
    public MessageTrackingLog(Path dataDir, String version) throws IOException {
        this(dataDir, version, DEFAULT_MAX_FILE_SIZE);
    }

    MessageTrackingLog(Path dataDir, String version, long maxFileSize) throws IOException {
        this.version = version;
        this.files = new DailyLogFiles(dataDir.resolve("logs").resolve("MessageTracking"),
                "MSGTRK", version, "#Log-Type: Message Tracking Log", FIELDS, maxFileSize);
    }

    /** The folder of the MSGTRK files. */
    public Path directory() {
        return files.directory();
    }

    /** Logs one event. */
    public void log(TrackingEvent e) {
        files.append(e.dateTime(), format(e, version));
    }

    /** One event as a CSV row with its CRLF. */
    static String format(TrackingEvent e, String version) {
        String[] f = {
            DailyLogFiles.DATE_TIME.format(e.dateTime()),
            e.clientIp(),
            e.clientHostname(),
            e.serverIp(),
            e.serverHostname(),
            e.sourceContext(),
            e.connectorId(),
            e.source(),
            e.eventId(),
            Long.toString(e.internalMessageId()),
            e.messageId(),
            e.networkMessageId(),
            String.join(";", e.recipientAddress()),
            String.join(";", e.recipientStatus()),
            Long.toString(e.totalBytes()),
            Integer.toString(e.recipientCount()),
            e.relatedRecipientAddress(),
            e.reference(),
            e.messageSubject(),
            e.senderAddress(),
            e.returnPath(),
            e.messageInfo(),
            e.directionality(),
            null,  // tenant-id: no tenants on premises
            null,  // original-client-ip
            null,  // original-server-ip
            null,  // custom-data
            "Email",
            null,  // log-id
            version,
        };
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < f.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(DailyLogFiles.csv(f[i]));
        }
        return line.append("\r\n").toString();
    }

    /**
     * The events that match, oldest first, reading every MSGTRK file (of the days the query's
     * time range covers). Rows that cannot be read are skipped.
     */
    public List<TrackingEvent> search(TrackingQuery q) throws IOException {
        files.flush();
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(files.directory(),
                "MSGTRK*.log")) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (files.isLogFile(name) && mayHold(name, q)) {
                    logs.add(p);
                }
            }
        }
        logs.sort((a, b) -> compareNames(a.getFileName().toString(),
                b.getFileName().toString()));
        List<TrackingEvent> out = new ArrayList<>();
        for (Path p : logs) {
            for (List<String> row : parseCsv(Files.readString(p, StandardCharsets.UTF_8))) {
                TrackingEvent e = parse(row);
                if (e != null && q.matches(e)) {
                    out.add(e);
                }
            }
        }
        out.sort((a, b) -> a.dateTime().compareTo(b.dateTime()));  // stable: file order kept
        if (q.resultSize() > 0 && out.size() > q.resultSize()) {
            return new ArrayList<>(out.subList(0, q.resultSize()));
        }
        return out;
    }

    /** Whether a file's day (UTC, from its name) can hold events of the query's time range. */
    private static boolean mayHold(String name, TrackingQuery q) {
        String day = name.substring(6, 14);
        java.time.format.DateTimeFormatter f =
                java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd").withZone(
                        java.time.ZoneOffset.UTC);
        if (q.start() != null && day.compareTo(f.format(q.start())) < 0) {
            return false;
        }
        return q.end() == null || day.compareTo(f.format(q.end())) <= 0;
    }

    /** MSGTRK20261203-2.log before MSGTRK20261203-10.log. */
    private static int compareNames(String a, String b) {
        String da = a.substring(6, 14);
        String db = b.substring(6, 14);
        if (!da.equals(db)) {
            return da.compareTo(db);
        }
        return Integer.compare(index(a), index(b));
    }

    private static int index(String name) {
        try {
            return Integer.parseInt(name.substring(15, name.length() - 4));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** A row back into an event, or null for a header line or a row that does not parse. */
    static TrackingEvent parse(List<String> f) {
        if (f.size() != FIELD_COUNT || f.get(0).startsWith("#")) {
            return null;
        }
        try {
            return new TrackingEvent(Instant.parse(f.get(0)), f.get(1), f.get(2), f.get(3),
                    f.get(4), f.get(5), f.get(6), f.get(7), f.get(8), Long.parseLong(f.get(9)),
                    f.get(10), f.get(11), split(f.get(12)), split(f.get(13)),
                    Long.parseLong(f.get(14)), Integer.parseInt(f.get(15)), f.get(16), f.get(17),
                    f.get(18), f.get(19), f.get(20), f.get(21), f.get(22));
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    private static List<String> split(String field) {
        return field.isEmpty() ? List.of() : Arrays.asList(field.split(";", -1));
    }

    /**
     * Splits CSV text into rows of fields: quoted fields may hold commas, doubled quotes and
     * line breaks; rows end at CRLF or LF outside quotes. Lines starting with {@code #} come
     * back as one-field rows.
     */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && field.length() == 0) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
            } else {
                field.append(c);
                fieldStarted = true;
            }
            i++;
        }
        if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    @Override
    public void close() {
        files.close();
    }
}
