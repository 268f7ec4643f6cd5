package org.postern.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management endpoint on loopback with a recording shell host: one-shot scripts, sessions
 * whose state persists, their expiry, completion, and the secret on every request.
 */
class AdminServerTest {

    /** Each session remembers the scripts it ran; "fail" fails. */
    private static final class RecordingHost implements ShellHost {
        final List<String> completed = new ArrayList<>();

        @Override
        public ScriptRunner open() {
            List<String> seen = new ArrayList<>();
            return script -> {
                seen.add(script);
                boolean ok = !script.equals("fail");
                return new ScriptRunner.Outcome(String.join(";", seen) + "\n",
                        ok ? "" : "it failed\n", ok);
            };
        }

        @Override
        public String serverName() {
            return "EX01";
        }

        @Override
        public List<String> complete(CompletionQuery query) {
            completed.add(query.kind() + " " + query.command() + " " + query.arguments() + " "
                    + query.prefix());
            return List.of("Get-ReceiveConnector", "Get-AcceptedDomain");
        }
    }

    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong();
    private final RecordingHost host = new RecordingHost();
    private AdminServer server;
    private AdminClient client;

    @BeforeEach
    void start() throws Exception {
        AdminSessions sessions = new AdminSessions(Duration.ofMinutes(30), 3, clock::get);
        server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0),
                AdminSecret.loadOrCreate(dir), host, dir, sessions);
        client = AdminClient.connect(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withoutASessionEveryScriptRunsInAFreshOne() throws Exception {
        assertThat(client.exec(null, "a").stdout()).isEqualTo("a\n");
        assertThat(client.exec(null, "b").stdout()).isEqualTo("b\n");
    }

    @Test
    void aSessionKeepsItsStateUntilClosed() throws Exception {
        AdminClient.Session s = client.openSession();
        assertThat(s.server()).isEqualTo("EX01");
        assertThat(s.id()).hasSize(32);
        client.exec(s.id(), "$x = 1");
        ScriptRunner.Outcome failed = client.exec(s.id(), "fail");
        assertThat(failed.success()).isFalse();
        assertThat(failed.stderr()).isEqualTo("it failed\n");
        assertThat(client.exec(s.id(), "$x").stdout()).isEqualTo("$x = 1;fail;$x\n");
        AdminClient.Session other = client.openSession();
        assertThat(client.exec(other.id(), "y").stdout()).isEqualTo("y\n");

        assertThat(client.closeSession(s.id())).isTrue();
        assertThat(client.closeSession(s.id())).isFalse();
        assertThatThrownBy(() -> client.exec(s.id(), "$x"))
                .isInstanceOf(AdminClient.Refused.class)
                .hasMessageContaining("doesn't exist")
                .satisfies(e -> assertThat(((AdminClient.Refused) e).status()).isEqualTo(404));
    }

    @Test
    void anIdleSessionExpiresAndUseKeepsOneAlive() throws Exception {
        String idle = client.openSession().id();
        String busy = client.openSession().id();
        clock.addAndGet(Duration.ofMinutes(20).toNanos());
        client.exec(busy, "a");
        clock.addAndGet(Duration.ofMinutes(20).toNanos());
        assertThat(client.exec(busy, "b").stdout()).isEqualTo("a;b\n");
        assertThatThrownBy(() -> client.exec(idle, "a")).isInstanceOf(AdminClient.Refused.class);
    }

    @Test
    void pastTheLimitTheLeastRecentlyUsedSessionGoes() throws Exception {
        String first = client.openSession().id();
        String second = client.openSession().id();
        String third = client.openSession().id();
        client.exec(first, "keep");
        String fourth = client.openSession().id();
        assertThat(client.exec(first, "x").stdout()).isEqualTo("keep;x\n");
        assertThat(client.exec(third, "x").success()).isTrue();
        assertThat(client.exec(fourth, "x").success()).isTrue();
        assertThatThrownBy(() -> client.exec(second, "x"))
                .isInstanceOf(AdminClient.Refused.class);
    }

    @Test
    void completionPassesTheQueryAndReturnsTheCandidates() throws Exception {
        List<String> got = client.complete(new CompletionQuery(CompletionQuery.Kind.ARGUMENT,
                "Set-ReceiveConnector", List.of("-Identity"), "Def"));
        assertThat(got).containsExactly("Get-ReceiveConnector", "Get-AcceptedDomain");
        assertThat(host.completed).containsExactly(
                "ARGUMENT Set-ReceiveConnector [-Identity] Def");
    }

    @Test
    void everyEndpointWantsTheSecret() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.address().getPort();
        for (String path : List.of("/exec", "/session", "/complete")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header(AdminServer.SECRET_HEADER, "0".repeat(64))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"COMMAND\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).contains("secret is missing or wrong");
        }
        assertThat(host.completed).isEmpty();
    }

    @Test
    void aBadCompletionRequestIsRefusedWithWhatItShouldBe() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + "/complete"))
                .header(AdminServer.SECRET_HEADER, AdminSecret.read(dir).value())
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"NOPE\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("{kind, command, arguments, prefix}");
    }
}
