package org.postern.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management endpoint, on loopback by default ({@code --admin-listen}); every request
 * carries the secret in the {@code X-Postern-Secret} header. It writes where it listens to
 * {@code DIR/admin.json} so that {@code postern exec} and {@code postern shell} find the running
 * server of a directory.
 *
 * <ul>
 *   <li>{@code POST /exec}, the script as the body: runs it and answers JSON
 *       {@code {stdout, stderr, success}}. Without an {@code X-Postern-Session} header the script
 *       runs in a fresh shell session; with one, in that session.
 *   <li>{@code POST /session} opens a session and answers {@code {session, server}};
 *       {@code DELETE /session} with the header closes it. A session unused for the idle time
 *       (30 minutes) is closed; at most 64 are open, the least recently used goes first.
 *   <li>{@code POST /complete}, JSON {@code {kind, command, arguments, prefix}} (a
 *       {@link CompletionQuery}): answers {@code {candidates}}.
 * </ul>
 *
 * <p>Requests are served one at a time, in order of arrival.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("postern.admin");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_SCRIPT = 1 << 20;
    static final String SESSION_HEADER = "X-Postern-Session";
    static final String SECRET_HEADER = "X-Postern-Secret";

    /** How long an interactive session may stay unused. */
    public static final Duration SESSION_IDLE = Duration.ofMinutes(30);

    private final HttpServer http;
    private final ExecutorService executor;
    private final Path endpointFile;
    private final AdminSecret secret;
    private final ShellHost host;
    private final AdminSessions sessions;

    private AdminServer(HttpServer http, ExecutorService executor, Path endpointFile,
            AdminSecret secret, ShellHost host, AdminSessions sessions) {
        this.http = http;
        this.executor = executor;
        this.endpointFile = endpointFile;
        this.secret = secret;
        this.host = host;
        this.sessions = sessions;
    }

    /** Starts the endpoint with the default session idle time. */
    public static AdminServer start(InetSocketAddress listen, AdminSecret secret, ShellHost host,
            Path dataDirectory) throws IOException {
        return start(listen, secret, host, dataDirectory,
                new AdminSessions(SESSION_IDLE, 64, System::nanoTime));
    }

    static AdminServer start(InetSocketAddress listen, AdminSecret secret, ShellHost host,
            Path dataDirectory, AdminSessions sessions) throws IOException {
        HttpServer http = HttpServer.create(listen, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "postern-admin");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        Path endpointFile = dataDirectory.resolve("admin.json");
        AdminServer server = new AdminServer(http, executor, endpointFile, secret, host,
                sessions);
        http.createContext("/exec", ex -> server.handle(ex, "POST", server::exec));
        http.createContext("/session", ex -> server.handle(ex, null, server::session));
        http.createContext("/complete", ex -> server.handle(ex, "POST", server::complete));
        http.start();
        InetSocketAddress bound = http.getAddress();
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("address", bound.getAddress().getHostAddress());
        where.put("port", bound.getPort());
        where.put("pid", ProcessHandle.current().pid());
        Path tmp = dataDirectory.resolve("admin.json.tmp");
        Files.write(tmp, JSON.writeValueAsBytes(where));
        Files.move(tmp, endpointFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LOG.info(Kv.format("event", "admin-ready", "address",
                bound.getAddress().getHostAddress() + ":" + bound.getPort()));
        return server;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** An answer: the HTTP status and the JSON body. */
    private record Answer(int status, Map<String, Object> body) {
        static Answer error(int status, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stderr", message);
            body.put("success", false);
            return new Answer(status, body);
        }
    }

    @FunctionalInterface
    private interface Handler {
        Answer handle(HttpExchange ex, byte[] body) throws IOException;
    }

    private void handle(HttpExchange ex, String method, Handler handler) throws IOException {
        try (ex) {
            if (method != null && !method.equals(ex.getRequestMethod())) {
                send(ex, Answer.error(405, "Use " + method + " " + ex.getRequestURI().getPath()
                        + "."));
                return;
            }
            if (!secret.matches(ex.getRequestHeaders().getFirst(SECRET_HEADER))) {
                LOG.warn(Kv.format("event", "admin-denied", "client",
                        ex.getRemoteAddress().getAddress().getHostAddress()));
                send(ex, Answer.error(403, "The admin secret is missing or wrong."));
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(MAX_SCRIPT + 1);
            }
            if (body.length > MAX_SCRIPT) {
                send(ex, Answer.error(413, "The script is larger than 1 MB."));
                return;
            }
            send(ex, handler.handle(ex, body));
        }
    }

    private Answer exec(HttpExchange ex, byte[] body) {
        String id = ex.getRequestHeaders().getFirst(SESSION_HEADER);
        ScriptRunner runner;
        if (id == null) {
            runner = host.open();
        } else {
            runner = sessions.get(id);
            if (runner == null) {
                return Answer.error(404, "The shell session " + id + " doesn't exist: it was"
                        + " closed, or it was unused for longer than "
                        + SESSION_IDLE.toMinutes() + " minutes, or the server restarted.");
            }
        }
        String script = new String(body, StandardCharsets.UTF_8);
        ScriptRunner.Outcome outcome;
        try {
            outcome = runner.run(script);
        } catch (RuntimeException e) {
            LOG.error(Kv.format("event", "admin-script-failed", "error", e.toString()), e);
            outcome = new ScriptRunner.Outcome("", "Postern could not run the script: "
                    + e.getMessage() + "\n", false);
        }
        LOG.info(Kv.format("event", "admin-exec", "success", outcome.success(),
                "session", id == null ? "-" : id,
                "script", script.length() > 120 ? script.substring(0, 120) : script));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("stdout", outcome.stdout());
        answer.put("stderr", outcome.stderr());
        answer.put("success", outcome.success());
        return new Answer(200, answer);
    }

    private Answer session(HttpExchange ex, byte[] body) {
        switch (ex.getRequestMethod()) {
            case "POST": {
                String id = sessions.open(host.open());
                LOG.info(Kv.format("event", "admin-session-open", "session", id));
                return new Answer(200, Map.of("session", id, "server", host.serverName()));
            }
            case "DELETE": {
                String id = ex.getRequestHeaders().getFirst(SESSION_HEADER);
                boolean closed = id != null && sessions.close(id);
                LOG.info(Kv.format("event", "admin-session-close", "session", id,
                        "found", closed));
                return new Answer(200, Map.of("closed", closed));
            }
            default:
                return Answer.error(405, "Use POST /session to open a session and DELETE"
                        + " /session to close one.");
        }
    }

    private Answer complete(HttpExchange ex, byte[] body) {
        CompletionQuery query;
        try {
            query = JSON.readValue(body, CompletionQuery.class);
        } catch (JacksonException e) {
            return Answer.error(400, "The completion request isn't valid JSON of the form"
                    + " {kind, command, arguments, prefix}: "
                    + e.getOriginalMessage());
        }
        if (query.kind() == null) {
            return Answer.error(400, "The completion request has no kind (COMMAND, PARAMETER"
                    + " or ARGUMENT).");
        }
        List<String> candidates;
        try {
            candidates = host.complete(query);
        } catch (RuntimeException e) {
            LOG.error(Kv.format("event", "admin-complete-failed", "error", e.toString()), e);
            candidates = List.of();
        }
        return new Answer(200, Map.of("candidates", candidates));
    }

    private static void send(HttpExchange ex, Answer answer) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(answer.body());
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        try {
            Files.deleteIfExists(endpointFile);
        } catch (IOException e) {
            LOG.warn(Kv.format("event", "admin-endpoint-file-left", "file", endpointFile));
        }
    }
}
