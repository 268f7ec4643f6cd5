package org.postern.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery states as small JSON files {@code <DIR>/delivery/<id>.state}, each replaced
 * atomically: written to a temporary file, fsynced, renamed over the old one, and the directory
 * fsynced, so a crash leaves the old state or the new one. Only changes are written (a deferral,
 * a partial delivery, a failure, a suspension): a message delivered to all its recipients at the
 * first try never has a state file.
 */
public final class FileDeliveryStateStore implements DeliveryStateStore {

    private static final Logger log = LoggerFactory.getLogger(FileDeliveryStateStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern STATE = Pattern.compile("([1-9][0-9]{0,18})\\.state");
    private static final int FORMAT = 1;

    private final Path directory;
    private final AtomicLong tmpCounter = new AtomicLong();

    /** The file form; kept apart from {@link DeliveryState} so either can evolve. */
    record FileForm(int format, long internalId, boolean suspended, boolean delayNotified,
            List<RecipientForm> recipients) {
    }

    record RecipientForm(String address, String status, int attempts, String nextRetry,
            String lastReply, String queue) {
    }

    /** Opens (creating) {@code <dataDir>/delivery} and deletes what a crash left half-written. */
    public FileDeliveryStateStore(Path dataDir) throws IOException {
        this.directory = dataDir.resolve("delivery");
        Files.createDirectories(directory);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.tmp")) {
            for (Path p : entries) {
                Files.deleteIfExists(p);
            }
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Map<Long, DeliveryState> loadAll() throws IOException {
        Map<Long, DeliveryState> out = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.state")) {
            for (Path p : entries) {
                Matcher m = STATE.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long id = Long.parseLong(m.group(1));
                try {
                    out.put(id, decode(Files.readAllBytes(p), id));
                } catch (IOException e) {
                    // A damaged state only loses progress: the message is delivered to all
                    // its recipients again, never dropped.
                    log.warn("{}", Kv.of("event", "delivery-state-damaged", "id", id,
                            "error", e.getMessage()));
                }
            }
        }
        return out;
    }

    @Override
    public void save(DeliveryState state) throws IOException {
        byte[] bytes = encode(state);
        Path tmp = directory.resolve(state.internalId() + "." + tmpCounter.incrementAndGet()
                + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file(state.internalId()), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    @Override
    public void delete(long internalId) throws IOException {
        // Not fsynced: a state that comes back after a crash belongs to a message that is no
        // longer in the spool, and the engine drops such states on start.
        Files.deleteIfExists(file(internalId));
    }

    @Override
    public void close() {
        // Nothing held open.
    }

    private Path file(long id) {
        return directory.resolve(id + ".state");
    }

    private void syncDirectory() throws IOException {
        // TODO(directory fsync on Windows): missing there, because Windows cannot open a
        // directory for reading; as with the spool, states are durable on POSIX systems only.
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    static byte[] encode(DeliveryState s) {
        List<RecipientForm> rs = new ArrayList<>();
        for (DeliveryState.RecipientState r : s.recipients()) {
            rs.add(new RecipientForm(r.address(), r.status().name(), r.attempts(),
                    r.nextRetry() == null ? null : r.nextRetry().toString(), r.lastReply(),
                    r.queue()));
        }
        return JSON.writeValueAsBytes(new FileForm(FORMAT, s.internalId(), s.suspended(),
                s.delayNotified(), rs));
    }

    static DeliveryState decode(byte[] bytes, long expectedId) throws IOException {
        FileForm f;
        try {
            f = JSON.readValue(bytes, FileForm.class);
        } catch (JacksonException e) {
            throw new IOException("state is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (f == null || f.format() != FORMAT || f.internalId() != expectedId
                || f.recipients() == null) {
            throw new IOException("state file does not hold format " + FORMAT + " for id "
                    + expectedId);
        }
        List<DeliveryState.RecipientState> rs = new ArrayList<>();
        for (RecipientForm r : f.recipients()) {
            DeliveryState.Status status;
            Instant next;
            try {
                status = DeliveryState.Status.valueOf(r.status());
                next = r.nextRetry() == null ? null : Instant.parse(r.nextRetry());
            } catch (IllegalArgumentException | NullPointerException
                    | java.time.format.DateTimeParseException e) {
                throw new IOException("state with a bad recipient entry: " + r, e);
            }
            rs.add(new DeliveryState.RecipientState(r.address(), status, r.attempts(), next,
                    r.lastReply(), r.queue()));
        }
        return new DeliveryState(f.internalId(), f.suspended(), f.delayNotified(), rs);
    }
}
