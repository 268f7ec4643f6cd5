package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.postern.admin.AdminClient;
import org.postern.admin.ScriptRunner;

/**
 * A real Postern server in a child JVM, started as {@code postern serve} would start it, for
 * end-to-end tests: it is stopped by its process id, politely or with SIGKILL.
 */
final class PosternProcess implements AutoCloseable {

    static final String SERVER = "EX01";
    static final String FQDN = "ex01.contoso.com";

    private final Path data;
    private final int portOffset;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private PosternProcess(Path data, int portOffset, Process process) {
        this.data = data;
        this.portOffset = portOffset;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output closed: " + e + ")");
            }
        }, "postern-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a server on {@code data} whose default connectors sit at a free port offset. */
    static PosternProcess start(Path data) throws Exception {
        boolean fresh = isEmptyDirectory(data);
        for (int attempt = 1;; attempt++) {
            PosternProcess server = start(data, freePortOffset());
            // Another process may take one of the ports between the check and the bind. A
            // server that set up a fresh data directory and could not open its default
            // bindings is started again, on a new directory's worth of ports.
            if (!fresh || attempt == 3 || server.outputLines("event=binding-failed").isEmpty()) {
                return server;
            }
            server.close();
            deleteContents(data);
        }
    }

    static PosternProcess start(Path data, int portOffset) throws Exception {
        return start(data, portOffset, List.of());
    }

    /**
     * Starts a server whose command line begins with {@code prefix} (e.g. {@code setpriv} to drop
     * a capability), and waits for its {@code event=ready} line.
     */
    static PosternProcess start(Path data, int portOffset, List<String> prefix) throws Exception {
        return start(data, portOffset, prefix, List.of());
    }

    /** As above, with more {@code postern serve} options after the usual ones. */
    static PosternProcess start(Path data, int portOffset, List<String> prefix,
            List<String> moreOptions) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.postern.cli.Main");
        cmd.add("serve");
        cmd.add("--data");
        cmd.add(data.toString());
        cmd.add("--server-name");
        cmd.add(SERVER);
        cmd.add("--fqdn");
        cmd.add(FQDN);
        cmd.add("--domain");
        cmd.add("contoso.com");
        cmd.add("--port-offset");
        cmd.add(Integer.toString(portOffset));
        cmd.add("--admin-listen");
        cmd.add("127.0.0.1:0");
        if (!moreOptions.contains("--dns-server")) {
            // Delivery asks only a loopback port where no DNS server listens: lookups fail at
            // once (temporary failures) and nothing leaves the machine.
            cmd.add("--dns-server");
            cmd.add("127.0.0.1:" + closedUdpPort());
        }
        cmd.addAll(moreOptions);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        PosternProcess server = new PosternProcess(data, portOffset, p);
        try {
            server.awaitOutput("event=ready", Duration.ofSeconds(60));
        } catch (AssertionError | InterruptedException e) {
            server.close(); // a server that never got ready is not left running
            throw e;
        }
        return server;
    }

    /** An offset at which the five default ports (25, 465, 587, 717, 2525) are free now. */
    static int freePortOffset() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            // Every port stays below the ephemeral range (from 32768), so no outgoing
            // connection of another process takes it before the server binds it.
            int offset = 10000 + (int) (Math.random() * 20000);
            if (freePort(25 + offset) && freePort(465 + offset) && freePort(587 + offset)
                    && freePort(717 + offset) && freePort(2525 + offset)) {
                return offset;
            }
        }
        throw new IOException("no free port offset found");
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return !Files.exists(dir);
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            List<Path> deepestFirst = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A loopback UDP port nothing listens on now. */
    static int closedUdpPort() throws IOException {
        try (java.net.DatagramSocket d = new java.net.DatagramSocket(0,
                java.net.InetAddress.getLoopbackAddress())) {
            return d.getLocalPort();
        }
    }

    /** Whether a port is free on every local address now. */
    static boolean freePort(int port) {
        if (port > 65535) {
            return false;
        }
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The port a default connector listens on: Exchange's port plus the offset. */
    int port(int exchangePort) {
        return exchangePort + portOffset;
    }

    Path data() {
        return data;
    }

    long pid() {
        return process.pid();
    }

    List<String> output() {
        return output;
    }

    /** Waits until a line of the server's output contains {@code text}. */
    String awaitOutput(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (String line : output) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("postern exited with " + process.exitValue()
                        + " before printing \"" + text + "\":\n" + String.join("\n", output));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("postern did not print \"" + text + "\" within " + timeout
                + ":\n" + String.join("\n", output));
    }

    /** The lines of the server's output that contain {@code text}. */
    List<String> outputLines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : output) {
            if (line.contains(text)) {
                out.add(line);
            }
        }
        return out;
    }

    /** Runs a pipeline through the management endpoint, as {@code postern exec} does. */
    ScriptRunner.Outcome exec(String script) throws Exception {
        return AdminClient.run(data, script);
    }

    /** Runs a pipeline that must succeed, and returns what it printed. */
    String execOk(String script) throws Exception {
        ScriptRunner.Outcome o = exec(script);
        assertThat(o.success()).as("exec %s\nstderr: %s", script, o.stderr()).isTrue();
        assertThat(o.stderr()).as("stderr of %s", script).isEmpty();
        return o.stdout();
    }

    /** SIGKILL, as {@code kill -9 <pid>} would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
