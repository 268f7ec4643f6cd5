package org.postern.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.postern.queue.Envelope;
import org.postern.queue.IncomingMessage;
import org.postern.queue.MessageStore;
import org.postern.queue.Pressure;
import org.postern.queue.QueuedMessage;

/**
 * An in-memory message store for tests. It records committed messages, counts aborts, and can be
 * told to refuse {@link #begin}, to fail the commit, or to hold the commit until a test releases
 * it (to show the session neither blocks nor answers early).
 */
final class MemoryStore implements MessageStore {

    /** A committed message: its envelope and stored content. */
    record Stored(Envelope envelope, byte[] content, String messageId, long internalId) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    final List<Stored> committed = new CopyOnWriteArrayList<>();
    final AtomicInteger aborted = new AtomicInteger();
    final AtomicInteger begun = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong(1000);
    volatile boolean failBegin;
    volatile boolean failCommit;
    /** When set, commit returns this future's stage instead of completing at once. */
    volatile CompletableFuture<Void> commitGate;
    /** The back pressure the store reports at MAIL. */
    volatile Pressure pressure = Pressure.Normal;
    /** When set, a write fails with it once this many content bytes were taken. */
    volatile IOException writeFailure;
    volatile long writeFailureAfter;
    /** When set, the commit fails with it (as the committer reports a failed fsync or rename). */
    volatile IOException commitFailure;

    @Override
    public Pressure pressure() {
        return pressure;
    }

    @Override
    public IncomingMessage begin(Envelope envelope) throws IOException {
        if (failBegin) {
            throw new IOException("queue volume full (test)");
        }
        begun.incrementAndGet();
        return new Incoming(envelope, ids.incrementAndGet());
    }

    private final class Incoming implements IncomingMessage {
        private final Envelope envelope;
        private final long id;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private boolean ended;

        Incoming(Envelope envelope, long id) {
            this.envelope = envelope;
            this.id = id;
        }

        @Override public long internalId() {
            return id;
        }

        @Override public synchronized void write(ByteBuffer content) throws IOException {
            if (ended) {
                throw new IllegalStateException("write after end");
            }
            if (writeFailure != null && out.size() + content.remaining() > writeFailureAfter) {
                throw writeFailure;
            }
            byte[] b = new byte[content.remaining()];
            content.get(b);
            out.write(b, 0, b.length);
        }

        @Override public synchronized long size() {
            return out.size();
        }

        @Override public synchronized CompletionStage<QueuedMessage> commit(String messageId) {
            if (ended) {
                throw new IllegalStateException("commit after end");
            }
            ended = true;
            CompletableFuture<Void> gate = commitGate == null
                    ? CompletableFuture.completedFuture(null) : commitGate;
            byte[] content = out.toByteArray();
            IOException commitError = commitFailure;
            return gate.thenApply(v -> {
                if (commitError != null) {
                    throw new java.util.concurrent.CompletionException(commitError);
                }
                if (failCommit) {
                    throw new IllegalStateException("fsync failed (test)");
                }
                committed.add(new Stored(envelope, content, messageId, id));
                return new QueuedMessage(id, messageId, content.length);
            });
        }

        @Override public synchronized void abort() {
            if (!ended) {
                ended = true;
                aborted.incrementAndGet();
            }
        }
    }
}
