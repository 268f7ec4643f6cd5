package org.postern.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * A message being received. Content is written in order, exactly as it is to be delivered
 * (lines ended by CRLF, dot-stuffing already removed, Postern's own headers included).
 * Exactly one of {@link #commit} or {@link #abort} ends it.
 */
public interface IncomingMessage {

    /** The internal id that identifies this message on this server (InternalId in replies). */
    long internalId();

    /** Appends content. Writes go to the operating system, not yet to stable storage. */
    void write(ByteBuffer content) throws IOException;

    /** Bytes written so far. */
    long size();

    /**
     * Makes the message durable: content and envelope are on stable storage (fsynced, directory
     * entry included) when the returned stage completes normally. Only then may the SMTP server
     * answer 250. The stage completes exceptionally if the message could not be made durable;
     * nothing of it is then left in the queue.
     *
     * @param messageId the message's Message-ID header value, with angle brackets
     */
    CompletionStage<QueuedMessage> commit(String messageId);

    /** Discards the message and everything written for it. Safe to call more than once. */
    void abort();
}
