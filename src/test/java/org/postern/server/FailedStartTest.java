package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.queue.SpoolStore;

/**
 * A start that fails after the listeners opened (here: the management shell cannot be made)
 * closes what it started: no SMTP socket keeps serving half-started, and the queue lock is
 * released. Regression: the server kept answering SMTP after a start-up error.
 */
class FailedStartTest {

    @Test
    @DisplayName("a failure after the listeners opened closes them and releases the queue")
    void failedStartLeavesNothingRunning(@TempDir Path data) throws Exception {
        int offset = PosternProcess.freePortOffset();
        ServerOptions options = new ServerOptions(data, "EX01", "ex01.contoso.com",
                "contoso.com", offset, new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", PosternProcess.closedUdpPort()));
        assertThatThrownBy(() -> PosternServer.start(options,
                (config, queues, tracking, pressure) -> {
                    throw new IllegalStateException("no shell today");
                })).hasMessage("no shell today");
        for (int p : new int[] {25, 465, 587, 717, 2525}) {
            assertThat(PosternProcess.freePort(p + offset)).as("port %d", p + offset).isTrue();
        }
        try (SpoolStore store = SpoolStore.open(data)) {
            assertThat(store.list()).isEmpty();
        }
    }
}
