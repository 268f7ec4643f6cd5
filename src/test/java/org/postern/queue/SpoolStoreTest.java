package org.postern.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool: what a commit makes durable, what a crash leaves, what a reopen finds. */
class SpoolStoreTest {

    private static Envelope envelope(String... rcpts) {
        List<Envelope.Recipient> r = new ArrayList<>();
        for (String a : rcpts) {
            r.add(new Envelope.Recipient(a, Map.of()));
        }
        return new Envelope("alice@fabrikam.com", r, Map.of("BODY", "8BITMIME"),
                new Origin("EX01\\Anonymous Relay", "08D675E58CA1DA38",
                        new InetSocketAddress("127.0.0.10", 40000),
                        new InetSocketAddress("127.0.0.1", 25), "scanner.contoso.com",
                        "NT AUTHORITY\\ANONYMOUS LOGON", Instant.parse("2016-08-05T23:24:41Z")));
    }

    private static QueuedMessage send(SpoolStore store, String content, String... rcpts)
            throws Exception {
        IncomingMessage m = store.begin(envelope(rcpts));
        m.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        return m.commit("<" + m.internalId() + "@ex01.contoso.com>").toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    @DisplayName("a committed message survives a reopen with envelope and content exactly as "
            + "written")
    void committedMessageSurvivesReopen(@TempDir Path data) throws Exception {
        String content = "Received: from x\r\nSubject: t\r\n\r\nline\r\n.dot\r\n\0nul\r\n";
        QueuedMessage q;
        try (SpoolStore store = SpoolStore.open(data, 1)) {
            q = send(store, content, "kate@fabrikam.com", "chris@contoso.com");
        }
        try (SpoolStore store = SpoolStore.open(data)) {
            List<SpooledMessage> all = store.list();
            assertThat(all).singleElement().satisfies(m -> {
                assertThat(m.internalId()).isEqualTo(q.internalId());
                assertThat(m.messageId()).isEqualTo("<" + q.internalId() + "@ex01.contoso.com>");
                assertThat(m.size()).isEqualTo(content.getBytes(StandardCharsets.UTF_8).length);
                assertThat(m.envelope()).isEqualTo(envelope("kate@fabrikam.com",
                        "chris@contoso.com"));
            });
            assertThat(Files.readString(all.get(0).content(), StandardCharsets.UTF_8))
                    .isEqualTo(content);
        }
    }

    @Test
    @DisplayName("an aborted message and one never committed (a crash) leave nothing after reopen")
    void abortedAndUncommittedLeaveNothing(@TempDir Path data) throws Exception {
        long crashed;
        try (SpoolStore store = SpoolStore.open(data)) {
            IncomingMessage aborted = store.begin(envelope("a@contoso.com"));
            aborted.write(ByteBuffer.wrap("half".getBytes(StandardCharsets.US_ASCII)));
            aborted.abort();
            aborted.abort();
            IncomingMessage open = store.begin(envelope("b@contoso.com"));
            open.write(ByteBuffer.wrap("never ends".getBytes(StandardCharsets.US_ASCII)));
            crashed = open.internalId();
            // no commit, no abort: as if the process died here
        }
        Files.writeString(data.resolve("queue").resolve("99.env.tmp"), "{torn");
        try (SpoolStore store = SpoolStore.open(data)) {
            assertThat(store.list()).isEmpty();
            assertThat(names(store.directory())).noneMatch(n -> n.endsWith(".tmp"));
            // ids are never handed out twice, not even those of lost messages
            assertThat(store.begin(envelope("c@contoso.com")).internalId())
                    .isGreaterThan(Math.max(crashed, 99));
        }
    }

    @Test
    @DisplayName("torn commits (envelope without content, content of the wrong size) are removed "
            + "on open")
    void tornCommitsAreRemoved(@TempDir Path data) throws Exception {
        QueuedMessage good;
        QueuedMessage bad;
        try (SpoolStore store = SpoolStore.open(data)) {
            good = send(store, "Subject: good\r\n\r\nok\r\n", "a@contoso.com");
            bad = send(store, "Subject: bad\r\n\r\ncut\r\n", "b@contoso.com");
        }
        Path q = data.resolve("queue");
        Files.writeString(q.resolve(bad.internalId() + ".eml"), "Subject: bad\r\n"); // shorter
        Files.writeString(q.resolve("77.eml"), "content without envelope");
        try (SpoolStore store = SpoolStore.open(data)) {
            assertThat(store.list()).extracting(SpooledMessage::internalId)
                    .containsExactly(good.internalId());
            assertThat(names(q)).doesNotContain(bad.internalId() + ".env", "77.eml");
        }
    }

    @Test
    @DisplayName("concurrent commits each complete only when durable, with distinct ids")
    void concurrentCommits(@TempDir Path data) throws Exception {
        try (SpoolStore store = SpoolStore.open(data)) {
            List<CompletableFuture<QueuedMessage>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                IncomingMessage m = store.begin(envelope("r" + i + "@contoso.com"));
                m.write(ByteBuffer.wrap(("Subject: " + i + "\r\n\r\nbody\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                all.add(m.commit("<" + i + "@x>").toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(30,
                    TimeUnit.SECONDS);
            assertThat(all).extracting(f -> f.join().internalId()).doesNotHaveDuplicates();
            assertThat(store.list()).hasSize(50);
        }
    }

    @Test
    @DisplayName("a second store on the same directory is refused while the first holds it")
    void oneStorePerDirectory(@TempDir Path data) throws Exception {
        try (SpoolStore store = SpoolStore.open(data)) {
            assertThatThrownBy(() -> SpoolStore.open(data)).isInstanceOf(IOException.class)
                    .hasMessageContaining("already open");
        }
    }
    @Test
    @DisplayName("the spool counts its committed messages across commits, removals and a reopen")
    void countFollowsCommitsAndRemovals(@TempDir Path data) throws Exception {
        QueuedMessage first;
        try (SpoolStore store = SpoolStore.open(data)) {
            assertThat(store.count()).isZero();
            first = send(store, "one\r\n", "a@contoso.com");
            send(store, "two\r\n", "b@contoso.com");
            IncomingMessage aborted = store.begin(envelope("c@contoso.com"));
            aborted.abort();
            assertThat(store.count()).isEqualTo(2);
        }
        try (SpoolStore store = SpoolStore.open(data)) {
            assertThat(store.count()).isEqualTo(2);
            assertThat(store.remove(first.internalId())).isTrue();
            assertThat(store.remove(first.internalId())).isFalse();
            assertThat(store.count()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a disk that fills at the commit fails the commit as out of space and leaves "
            + "nothing behind")
    void outOfSpaceAtCommitLeavesNothing(@TempDir Path data) throws Exception {
        SpoolFs full = new SpoolFs() {
            @Override
            public void force(Path file, java.nio.channels.FileChannel channel)
                    throws IOException {
                if (file.getFileName().toString().endsWith(".eml.tmp")) {
                    throw new IOException("No space left on device");
                }
                SpoolFs.DEFAULT.force(file, channel);
            }

            @Override
            public void move(Path from, Path to) throws IOException {
                SpoolFs.DEFAULT.move(from, to);
            }

            @Override
            public void syncDirectory(Path directory) throws IOException {
                SpoolFs.DEFAULT.syncDirectory(directory);
            }
        };
        try (SpoolStore store = SpoolStore.open(data, 1, full)) {
            IncomingMessage m = store.begin(envelope("a@contoso.com"));
            m.write(ByteBuffer.wrap("content\r\n".getBytes(StandardCharsets.US_ASCII)));
            CompletableFuture<QueuedMessage> done = m.commit("<x@ex01>").toCompletableFuture();
            assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(OutOfSpace.is(e)).isTrue());
            assertThat(store.count()).isZero();
            assertThat(names(store.directory())).containsOnly("lock", "next-id");
        }
    }
}
