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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management endpoint: {@code POST /exec} with the script as the body and the secret in the
 * {@code X-Postern-Secret} header; the answer is JSON {@code {stdout, stderr, success}}. It
 * listens on loopback by default ({@code --admin-listen}), and writes where it listens to
 * {@code DIR/admin.json} so that {@code postern exec} finds the running server of a directory.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("postern.admin");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_SCRIPT = 1 << 20;

    private final HttpServer http;
    private final ExecutorService executor;
    private final Path endpointFile;

    private AdminServer(HttpServer http, ExecutorService executor, Path endpointFile) {
        this.http = http;
        this.executor = executor;
        this.endpointFile = endpointFile;
    }

    /** Starts the endpoint; scripts run one at a time, in order of arrival. */
    public static AdminServer start(InetSocketAddress listen, AdminSecret secret,
            ScriptRunner runner, Path dataDirectory) throws IOException {
        HttpServer http = HttpServer.create(listen, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "postern-admin");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/exec", ex -> handle(ex, secret, runner));
        http.start();
        Path endpointFile = dataDirectory.resolve("admin.json");
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
        return new AdminServer(http, executor, endpointFile);
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    private static void handle(HttpExchange ex, AdminSecret secret, ScriptRunner runner)
            throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, Map.of("stderr", "Use POST /exec.", "success", false));
                return;
            }
            if (!secret.matches(ex.getRequestHeaders().getFirst("X-Postern-Secret"))) {
                LOG.warn(Kv.format("event", "admin-denied", "client",
                        ex.getRemoteAddress().getAddress().getHostAddress()));
                send(ex, 403, Map.of("stderr", "The admin secret is missing or wrong.",
                        "success", false));
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(MAX_SCRIPT + 1);
            }
            if (body.length > MAX_SCRIPT) {
                send(ex, 413, Map.of("stderr", "The script is larger than 1 MB.",
                        "success", false));
                return;
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
                    "script", script.length() > 120 ? script.substring(0, 120) : script));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("stdout", outcome.stdout());
            answer.put("stderr", outcome.stderr());
            answer.put("success", outcome.success());
            send(ex, 200, answer);
        }
    }

    private static void send(HttpExchange ex, int status, Map<String, Object> answer)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(answer);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
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
