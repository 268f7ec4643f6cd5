package org.postern.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real client program (swaks, python3) to completion, with a time limit. */
final class ExternalTool {

    private ExternalTool() {
    }

    /** What the program printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {
    }

    static Result run(Duration timeout, String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the process ended
            }
        }, "external-tool-output");
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command[0] + " did not finish within " + timeout + ":\n"
                    + out.toString(StandardCharsets.UTF_8));
        }
        reader.join(10000);
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    /** The full path of a program on PATH; fails the test when it is not installed. */
    static String require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(program + " is not installed; scripts/install-test-tools"
                + " installs it (./run-tests runs that first)");
    }
}
