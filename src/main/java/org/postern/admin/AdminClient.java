package org.postern.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the running server of a data directory: {@code postern exec} runs scripts,
 * {@code postern shell} keeps a session and asks for completions.
 */
public final class AdminClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dataDirectory;
    private final URI base;
    private final AdminSecret secret;
    private final HttpClient http;

    private AdminClient(Path dataDirectory, URI base, AdminSecret secret) {
        this.dataDirectory = dataDirectory;
        this.base = base;
        this.secret = secret;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A problem reaching the server, with a message that says what to do. */
    public static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }

    /** The server's refusal of a request (a session that expired, a bad request). */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status: 404 for a session that no longer exists. */
        public int status() {
            return status;
        }
    }

    /** Finds the running server of {@code dataDirectory} through its admin.json and secret. */
    @SuppressWarnings("unchecked")
    public static AdminClient connect(Path dataDirectory) throws Unreachable, IOException {
        Map<String, Object> where;
        AdminSecret secret;
        try {
            where = JSON.readValue(Files.readAllBytes(dataDirectory.resolve("admin.json")),
                    Map.class);
            secret = AdminSecret.read(dataDirectory);
        } catch (NoSuchFileException e) {
            throw new Unreachable("No Postern server is running on the data directory "
                    + dataDirectory + " (" + e.getFile() + " is missing). Start it with"
                    + " ./postern serve --data " + dataDirectory + ".");
        }
        String host = (String) where.get("address");
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return new AdminClient(dataDirectory,
                URI.create("http://" + host + ":" + where.get("port") + "/"), secret);
    }

    /** Runs the script in a fresh session on the server of {@code dataDirectory}. */
    public static ScriptRunner.Outcome run(Path dataDirectory, String script)
            throws Unreachable, IOException, InterruptedException {
        return connect(dataDirectory).exec(null, script);
    }

    /** Runs a script in the session (null: in a fresh one). */
    public ScriptRunner.Outcome exec(String session, String script)
            throws Unreachable, IOException, InterruptedException {
        Map<String, Object> answer = send("POST", "exec", session,
                HttpRequest.BodyPublishers.ofString(script, StandardCharsets.UTF_8),
                "text/plain; charset=utf-8");
        return new ScriptRunner.Outcome(String.valueOf(answer.getOrDefault("stdout", "")),
                String.valueOf(answer.getOrDefault("stderr", "")),
                Boolean.TRUE.equals(answer.get("success")));
    }

    /** An open shell session: its id, and the name of the server it runs on. */
    public record Session(String id, String server) {
    }

    /** Opens a session whose variables persist between the scripts it runs. */
    public Session openSession() throws Unreachable, IOException, InterruptedException {
        Map<String, Object> answer = send("POST", "session", null,
                HttpRequest.BodyPublishers.noBody(), null);
        return new Session(String.valueOf(answer.get("session")),
                String.valueOf(answer.get("server")));
    }

    /** Closes a session; false when the server no longer had it. */
    public boolean closeSession(String session)
            throws Unreachable, IOException, InterruptedException {
        return Boolean.TRUE.equals(send("DELETE", "session", session,
                HttpRequest.BodyPublishers.noBody(), null).get("closed"));
    }

    /** The server's completions for what is being typed. */
    public List<String> complete(CompletionQuery query)
            throws Unreachable, IOException, InterruptedException {
        Object list = send("POST", "complete", null,
                HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(query)),
                "application/json").get("candidates");
        List<String> out = new ArrayList<>();
        if (list instanceof List) {
            for (Object o : (List<?>) list) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> send(String method, String path, String session,
            HttpRequest.BodyPublisher body, String contentType)
            throws Unreachable, IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header(AdminServer.SECRET_HEADER, secret.value())
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (session != null) {
            request.header(AdminServer.SESSION_HEADER, session);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new Unreachable("The Postern server of " + dataDirectory
                    + " does not answer at " + base.getAuthority() + ". Is it running?");
        }
        Map<String, Object> answer = JSON.readValue(response.body(), Map.class);
        if (response.statusCode() != 200) {
            throw new Refused(response.statusCode(),
                    String.valueOf(answer.getOrDefault("stderr", "HTTP "
                            + response.statusCode())));
        }
        return answer;
    }
}
