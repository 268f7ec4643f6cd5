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
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Sends a script to the running server of a data directory ({@code postern exec}). */
public final class AdminClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AdminClient() {
    }

    /** A problem reaching the server, with a message that says what to do. */
    public static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }

    /** Runs the script on the server of {@code dataDirectory} and returns its outcome. */
    @SuppressWarnings("unchecked")
    public static ScriptRunner.Outcome run(Path dataDirectory, String script)
            throws Unreachable, IOException, InterruptedException {
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
        URI uri = URI.create("http://" + host + ":" + where.get("port") + "/exec");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("X-Postern-Secret", secret.value())
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(script, StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new Unreachable("The Postern server of " + dataDirectory
                    + " does not answer at " + uri.getAuthority() + ". Is it running?");
        }
        Map<String, Object> answer = JSON.readValue(response.body(), Map.class);
        return new ScriptRunner.Outcome(String.valueOf(answer.getOrDefault("stdout", "")),
                String.valueOf(answer.getOrDefault("stderr", "")),
                Boolean.TRUE.equals(answer.get("success")));
    }
}
