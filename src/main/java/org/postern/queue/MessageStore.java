package org.postern.queue;

import java.io.IOException;

/**
 * Where the receive side hands accepted messages over. The receive and delivery stages meet only
 * here: receive writes through {@link #begin}, delivery reads what was committed.
 */
public interface MessageStore {

    /**
     * Starts storing a new message. The content is then streamed into the returned handle and
     * becomes durable only when {@link IncomingMessage#commit} completes.
     *
     * @throws IOException if no space for the message can be opened (disk full, permissions)
     */
    IncomingMessage begin(Envelope envelope) throws IOException;

    /**
     * The back pressure on the queue now (its disk, the server's memory, its length), which the
     * receive side reads at every MAIL; a store that is not watched is always Normal.
     */
    default Pressure pressure() {
        return Pressure.Normal;
    }
}
