package org.postern.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A committed message as the delivery stage reads it from the spool.
 *
 * @param internalId the spool's id of the message
 * @param messageId the Message-ID given at commit, with angle brackets
 * @param envelope the SMTP envelope
 * @param size content length in bytes
 * @param content the file holding the content, exactly as received (CRLF lines)
 */
public record SpooledMessage(
        long internalId, String messageId, Envelope envelope, long size, Path content) {

    /** Opens the content for reading; the caller closes the stream. */
    public InputStream openContent() throws IOException {
        return Files.newInputStream(content);
    }

    /** The message as the receive side saw it after commit. */
    public QueuedMessage queued() {
        return new QueuedMessage(internalId, messageId, size);
    }
}
