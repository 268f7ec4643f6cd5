package org.postern.queue;

/** A message that is durably in the queue. */
public record QueuedMessage(long internalId, String messageId, long size) {
}
