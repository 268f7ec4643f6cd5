package org.postern.listen;

import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for tests that open listeners in-process. */
public final class TestPorts {

    private TestPorts() {
    }

    /**
     * A port that is free now, below the ephemeral range so that no other process's outgoing
     * connection takes it in the meantime.
     */
    public static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20000 + ThreadLocalRandom.current().nextInt(12000);
            try (ServerSocket s = new ServerSocket(port)) {
                return port;
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port");
    }
}
