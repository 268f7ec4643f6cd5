package org.postern.delivery;

import java.io.IOException;
import java.util.Map;

/**
 * Durable storage of {@link DeliveryState}s, apart from the message content in the spool. Files
 * in the data directory now ({@link FileDeliveryStateStore}); a store shared by several servers
 * of one organisation (a database) can take its place later.
 *
 * <p>{@link #save} is durable when it returns: after a crash, {@link #loadAll} gives the last
 * state saved for each message (or none). Implementations are thread-safe; saves of different
 * messages may run in parallel.
 */
public interface DeliveryStateStore extends AutoCloseable {

    /** Every stored state, by internal id. */
    Map<Long, DeliveryState> loadAll() throws IOException;

    /** Replaces the state of {@code state.internalId()}, durably. */
    void save(DeliveryState state) throws IOException;

    /** Forgets a message's state (after the message left the spool). */
    void delete(long internalId) throws IOException;

    @Override
    void close() throws IOException;
}
