package org.postern.queue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable message queue: a spool of plain files under {@code <DIR>/queue/}.
 *
 * <p><b>Layout.</b> A committed message {@code n} is two files: {@code n.eml} (the content,
 * exactly as received) and {@code n.env} (its envelope as JSON, see {@link EnvelopeCodec}).
 * While a message is received its content goes to {@code n.eml.tmp}. {@code next-id} records
 * the id lease ({@link IdLease}); {@code lock} keeps a second process out.
 *
 * <p><b>Commit.</b> {@link IncomingMessage#commit} only queues the message for the committer
 * thread and returns. The committer takes every commit pending at that moment as one batch
 * (group commit): for each message it fsyncs the content, writes and fsyncs the envelope to
 * {@code n.env.tmp} (on a small pool of sync threads, so the fsyncs of a batch overlap), then
 * renames content and envelope into place, fsyncs the directory once for the whole batch and
 * only then completes the stages. Commits arriving meanwhile form the next batch, so the more
 * writers there are the more fsync work each batch shares.
 *
 * <p><b>Commit point.</b> The envelope file {@code n.env} is renamed last and records the
 * content size: a message exists exactly when {@code n.env} is present and {@code n.eml} has
 * that size. On open, temporary files, content without envelope and envelopes without matching
 * content are deleted; none of them was ever acknowledged, because acknowledgement waits for
 * the directory fsync that makes both renames durable.
 *
 * <p><b>Threads.</b> {@link #begin} runs on the caller's thread and only creates a file (and,
 * once per {@value IdLease#BLOCK} messages, renews the id lease). Commit stages complete on the
 * committer thread: attach callbacks with an executor (the channel's event loop) so that they
 * do not hold up the next batch. {@link #list}, {@link #find} and {@link #remove} are for the
 * delivery stage and may be called from any thread.
 *
 * <p>Close the store at shutdown: pending commits are finished first.
 */
public final class SpoolStore implements MessageStore, Closeable {

    private static final Logger log = LoggerFactory.getLogger(SpoolStore.class);

    /** Sync threads used by {@link #open(Path)}. */
    public static final int DEFAULT_SYNC_THREADS = 4;

    /** Most messages taken into one batch; bounds the latency one batch adds. */
    static final int MAX_BATCH = 256;

    private static final Pattern COMMITTED = Pattern.compile("([1-9][0-9]{0,18})\\.(eml|env)");
    private static final String LOCK = "lock";

    private final Path directory;
    private final SpoolFs fs;
    private final FileChannel lockChannel;
    private final IdLease ids;
    private final LinkedBlockingQueue<Commit> pending = new LinkedBlockingQueue<>();
    private final ExecutorService syncers;  // null: the committer syncs alone
    private final Thread committer;
    private boolean closed;                 // guarded by this
    /** Committed messages not yet removed: the queue length back pressure watches. */
    private final java.util.concurrent.atomic.AtomicLong committedCount;
    private volatile java.util.function.Consumer<QueuedMessage> commitListener = m -> { };

    private SpoolStore(Path directory, SpoolFs fs, FileChannel lockChannel, IdLease ids,
            int syncThreads, long committed) {
        this.directory = directory;
        this.committedCount = new java.util.concurrent.atomic.AtomicLong(committed);
        this.fs = fs;
        this.lockChannel = lockChannel;
        this.ids = ids;
        this.syncers = syncThreads > 1 ? Executors.newFixedThreadPool(syncThreads,
                daemonThreads("postern-queue-sync-")) : null;
        this.committer = daemonThreads("postern-queue-commit-").newThread(this::commitLoop);
        this.committer.start();
    }

    /**
     * Opens (creating if needed) the spool of a data directory, cleans up after a crash and
     * starts the committer.
     *
     * @param dataDir Postern's data directory; the spool is its {@code queue} subdirectory
     * @throws IOException if the directory cannot be created or read, or another process has
     *     it open
     */
    public static SpoolStore open(Path dataDir) throws IOException {
        return open(dataDir, DEFAULT_SYNC_THREADS);
    }

    /** As {@link #open(Path)} with a chosen number of threads that fsync a batch in parallel. */
    public static SpoolStore open(Path dataDir, int syncThreads) throws IOException {
        return open(dataDir, syncThreads, SpoolFs.DEFAULT);
    }

    static SpoolStore open(Path dataDir, int syncThreads, SpoolFs fs) throws IOException {
        if (syncThreads < 1) {
            throw new IllegalArgumentException("syncThreads must be at least 1, got "
                    + syncThreads);
        }
        Path dir = dataDir.resolve("queue");
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock(dir, lockChannel);
            long[] found = recover(dir, fs);
            IdLease ids = IdLease.open(dir, fs, found[0] + 1);
            return new SpoolStore(dir, fs, lockChannel, ids, syncThreads, found[1]);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    /**
     * Tells {@code listener} of every message made durable from now on, after its commit stage
     * completed. It runs on the committer thread, so it must only hand the message on (put it on
     * a queue); the delivery stage learns of new messages this way.
     */
    public void onCommit(java.util.function.Consumer<QueuedMessage> listener) {
        commitListener = listener;
    }

    /** The spool directory, {@code <DIR>/queue}. */
    public Path directory() {
        return directory;
    }

    @Override
    public IncomingMessage begin(Envelope envelope) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("queue " + directory + " is closed");
            }
        }
        long id = ids.next();
        FileChannel channel = FileChannel.open(directory.resolve(contentTmpName(id)),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new SpoolMessage(this, id, envelope, channel);
    }

    /**
     * How many committed messages the spool holds (counted at open, then kept up to date by
     * commits and removals): the queue length back pressure watches.
     */
    public long count() {
        return committedCount.get();
    }

    /** The committed messages, oldest (lowest id) first. */
    public List<SpooledMessage> list() throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.env")) {
            for (Path p : entries) {
                Matcher m = COMMITTED.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(Long.parseLong(m.group(1)));
                }
            }
        }
        found.sort(Comparator.naturalOrder());
        List<SpooledMessage> messages = new ArrayList<>(found.size());
        for (long id : found) {
            find(id).ifPresent(messages::add);
        }
        return messages;
    }

    /**
     * One committed message, or empty if there is none with this id (never committed, removed,
     * or damaged; damage is logged).
     */
    public Optional<SpooledMessage> find(long internalId) throws IOException {
        Path envelopeFile = directory.resolve(envelopeName(internalId));
        Path content = directory.resolve(contentName(internalId));
        try {
            EnvelopeCodec.Stored stored = EnvelopeCodec.decode(Files.readAllBytes(envelopeFile));
            long size = Files.size(content);
            if (stored.internalId() != internalId || stored.size() != size) {
                throw new IOException("envelope says id " + stored.internalId() + " size "
                        + stored.size() + ", content has " + size + " bytes");
            }
            return Optional.of(new SpooledMessage(internalId, stored.messageId(),
                    stored.envelope(), size, content));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(envelopeFile)) {
                return Optional.empty();  // removed while we read it
            }
            log.warn("{}", Kv.of("event", "queue-damaged", "id", internalId,
                    "error", e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * Removes a message (after delivery). The envelope goes first, so a crash in between leaves
     * only content, which the next open deletes.
     *
     * <p>The directory is not fsynced: should a crash undo the removal, the message is
     * delivered again, and a duplicate is the lesser harm for mail than a loss.
     *
     * @return whether the message was there
     */
    public boolean remove(long internalId) throws IOException {
        boolean existed = Files.deleteIfExists(directory.resolve(envelopeName(internalId)));
        Files.deleteIfExists(directory.resolve(contentName(internalId)));
        if (existed) {
            committedCount.decrementAndGet();
            log.debug("{}", Kv.of("event", "queue-remove", "id", internalId));
        }
        return existed;
    }

    /**
     * Stops taking messages, finishes the commits already pending, stops the committer and
     * releases the directory. Messages begun but not committed are left to be cleaned up on the
     * next open.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.add(Commit.END);
        }
        boolean interrupted = false;
        while (committer.isAlive()) {
            try {
                committer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (syncers != null) {
            syncers.shutdown();
        }
        lockChannel.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- commit

    /** One commit waiting for, or inside, a batch. */
    private static final class Commit {
        static final Commit END = new Commit(null, null);

        final SpoolMessage message;
        final String messageId;
        final CompletableFuture<QueuedMessage> done = new CompletableFuture<>();
        Exception failure;  // set when this message could not be made durable

        Commit(SpoolMessage message, String messageId) {
            this.message = message;
            this.messageId = messageId;
        }
    }

    CompletionStage<QueuedMessage> enqueueCommit(SpoolMessage message, String messageId) {
        Commit commit = new Commit(message, messageId);
        synchronized (this) {
            if (!closed) {
                pending.add(commit);
                return commit.done;
            }
        }
        message.discard();
        commit.done.completeExceptionally(new IOException("queue " + directory + " is closed"));
        return commit.done;
    }

    private void commitLoop() {
        List<Commit> batch = new ArrayList<>();
        boolean end = false;
        while (!end) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                // Only close() ends the committer; commits must not be stranded.
                continue;
            }
            pending.drainTo(batch, MAX_BATCH - 1);
            end = batch.remove(Commit.END);
            try {
                commitBatch(batch);
            } catch (RuntimeException | Error e) {
                // A bug, not a disk failure; fail this batch and keep the committer alive.
                log.error("{}", Kv.of("event", "queue-committer-error", "error", e), e);
                for (Commit c : batch) {
                    if (!c.done.isDone()) {
                        c.message.discard();
                        c.done.completeExceptionally(e);
                    }
                }
            }
            batch.clear();
        }
    }

    private void commitBatch(List<Commit> batch) {
        if (batch.isEmpty()) {
            return;
        }

        // Step 1: content and envelope on stable storage, each message on its own.
        if (syncers != null && batch.size() > 1) {
            CompletableFuture<?>[] prepared = new CompletableFuture<?>[batch.size()];
            for (int i = 0; i < prepared.length; i++) {
                Commit c = batch.get(i);
                prepared[i] = CompletableFuture.runAsync(() -> prepare(c), syncers);
            }
            CompletableFuture.allOf(prepared).join();
        } else {
            batch.forEach(this::prepare);
        }

        // Step 2: rename into place, envelope last: its presence is the commit point.
        int durable = 0;
        for (Commit c : batch) {
            if (c.failure != null) {
                continue;
            }
            try {
                fs.move(c.message.contentTmp, c.message.content);
                fs.move(c.message.envelopeTmp, c.message.envelopeFile);
                durable++;
            } catch (IOException e) {
                fail(c, e);
            }
        }

        // Step 3: one directory fsync makes every rename of the batch durable.
        if (durable > 0) {
            try {
                fs.syncDirectory(directory);
            } catch (IOException e) {
                for (Commit c : batch) {
                    if (c.failure == null) {
                        fail(c, e);
                    }
                }
            }
        }

        // Step 4: only now may anyone answer 250.
        for (Commit c : batch) {
            if (c.failure != null) {
                c.done.completeExceptionally(c.failure);
                continue;
            }
            SpoolMessage m = c.message;
            m.committed();
            committedCount.incrementAndGet();
            log.info("{}", Kv.of("event", "queue-commit", "id", m.id, "size", m.size(),
                    "message-id", c.messageId, "batch", batch.size()));
            QueuedMessage queued = new QueuedMessage(m.id, c.messageId, m.size());
            c.done.complete(queued);
            try {
                commitListener.accept(queued);
            } catch (RuntimeException e) {
                log.error("{}", Kv.of("event", "queue-listener-error", "id", m.id, "error", e), e);
            }
        }
    }

    /** Fsyncs the content, then writes and fsyncs the envelope; on failure discards both. */
    private void prepare(Commit c) {
        SpoolMessage m = c.message;
        try {
            byte[] envelope = EnvelopeCodec.encode(m.id, c.messageId, m.size(), m.envelope);
            fs.force(m.contentTmp, m.channel());
            m.channel().close();
            try (FileChannel ch = FileChannel.open(m.envelopeTmp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(envelope);
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                fs.force(m.envelopeTmp, ch);
            }
        } catch (Exception e) {
            fail(c, e);
        }
    }

    private void fail(Commit c, Exception e) {
        c.failure = e;
        c.message.discard();
        log.warn("{}", Kv.of("event", "queue-commit-failed", "id", c.message.id,
                "error", e.toString()));
    }

    void warnLeftover(long id, Path file, IOException e) {
        log.warn("{}", Kv.of("event", "queue-leftover", "id", id, "file", file.getFileName(),
                "error", e.toString()));
    }

    // ---------------------------------------------------------------- open

    private static void lock(Path dir, FileChannel lockChannel) throws IOException {
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException("queue " + dir + " is already open in another store or process");
        }
    }

    /**
     * Deletes what a crash left half-written and returns the highest id seen (committed or not),
     * so that no id is handed out twice, and the number of committed messages found.
     */
    private static long[] recover(Path dir, SpoolFs fs) throws IOException {
        TreeMap<Long, String> parts = new TreeMap<>();  // id -> "eml", "env" or "emlenv"
        int deleted = 0;
        long maxId = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    maxId = Math.max(maxId, leadingId(name));
                    Files.delete(p);
                    deleted++;
                    continue;
                }
                Matcher m = COMMITTED.matcher(name);
                if (m.matches()) {
                    long id = Long.parseLong(m.group(1));
                    maxId = Math.max(maxId, id);
                    parts.merge(id, m.group(2), (a, b) -> "emlenv");
                } else if (!name.equals(LOCK) && !name.equals(IdLease.FILE)) {
                    log.warn("{}", Kv.of("event", "queue-unknown-file", "file", name));
                }
            }
        }
        int committed = 0;
        for (var entry : parts.entrySet()) {
            long id = entry.getKey();
            boolean whole = entry.getValue().equals("emlenv") && isWhole(dir, id);
            if (whole) {
                committed++;
            } else {
                log.warn("{}", Kv.of("event", "queue-torn", "id", id, "has", entry.getValue()));
                Files.deleteIfExists(dir.resolve(envelopeName(id)));
                Files.deleteIfExists(dir.resolve(contentName(id)));
                deleted++;
            }
        }
        if (deleted > 0) {
            fs.syncDirectory(dir);
        }
        log.info("{}", Kv.of("event", "queue-recovered", "count", committed,
                "deleted", deleted, "dir", dir));
        return new long[] {maxId, committed};
    }

    private static boolean isWhole(Path dir, long id) {
        try {
            EnvelopeCodec.Stored stored =
                    EnvelopeCodec.decode(Files.readAllBytes(dir.resolve(envelopeName(id))));
            return stored.internalId() == id
                    && stored.size() == Files.size(dir.resolve(contentName(id)));
        } catch (IOException e) {
            log.warn("{}", Kv.of("event", "queue-damaged", "id", id, "error", e.getMessage()));
            return false;
        }
    }

    private static long leadingId(String name) {
        int dot = name.indexOf('.');
        try {
            return dot > 0 ? Long.parseLong(name.substring(0, dot)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String contentName(long id) {
        return id + ".eml";
    }

    static String envelopeName(long id) {
        return id + ".env";
    }

    static String contentTmpName(long id) {
        return id + ".eml.tmp";
    }

    static String envelopeTmpName(long id) {
        return id + ".env.tmp";
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
