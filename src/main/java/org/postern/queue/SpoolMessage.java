package org.postern.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A message being written into a {@link SpoolStore}: content goes straight to
 * {@code <id>.eml.tmp}; commit hands the open file to the store's committer. Methods are
 * synchronized because abort may come from another thread than the writes (a channel closed
 * while a commit is pending, a shutdown).
 */
final class SpoolMessage implements IncomingMessage {

    private enum State { OPEN, COMMITTING, COMMITTED, DISCARDED }

    final SpoolStore store;
    final long id;
    final Envelope envelope;
    final Path contentTmp;
    final Path envelopeTmp;
    final Path content;
    final Path envelopeFile;

    private final FileChannel channel;
    private long size;
    private State state = State.OPEN;

    SpoolMessage(SpoolStore store, long id, Envelope envelope, FileChannel channel) {
        this.store = store;
        this.id = id;
        this.envelope = envelope;
        this.channel = channel;
        Path dir = store.directory();
        this.contentTmp = dir.resolve(SpoolStore.contentTmpName(id));
        this.envelopeTmp = dir.resolve(SpoolStore.envelopeTmpName(id));
        this.content = dir.resolve(SpoolStore.contentName(id));
        this.envelopeFile = dir.resolve(SpoolStore.envelopeName(id));
    }

    @Override
    public long internalId() {
        return id;
    }

    @Override
    public synchronized void write(ByteBuffer bytes) throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("message " + id + " is " + state + ", not OPEN");
        }
        while (bytes.hasRemaining()) {
            size += channel.write(bytes);
        }
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public CompletionStage<QueuedMessage> commit(String messageId) {
        synchronized (this) {
            if (state != State.OPEN) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "message " + id + " is " + state + ", cannot commit"));
            }
            state = State.COMMITTING;
        }
        return store.enqueueCommit(this, messageId);
    }

    @Override
    public void abort() {
        synchronized (this) {
            // Once committing, the committer decides: it either makes the message durable or
            // discards it itself.
            if (state != State.OPEN) {
                return;
            }
        }
        discard();
    }

    /** The channel the content was written to; the committer flushes and closes it. */
    FileChannel channel() {
        return channel;
    }

    synchronized void committed() {
        state = State.COMMITTED;
    }

    /** Closes the file and deletes everything written for this message. Idempotent. */
    void discard() {
        synchronized (this) {
            state = State.DISCARDED;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Deleting the file below is what matters.
        }
        for (Path p : new Path[] {envelopeFile, content, envelopeTmp, contentTmp}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                store.warnLeftover(id, p, e);
            }
        }
    }
}
