package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code postern shell} driven through a real pseudo-terminal (Python's pty module, see
 * {@code pty-drive.py}) against a child-process server: the prompt, tab completion of a
 * command, a parameter and an identity, a continuation line, variables that persist between
 * lines, an error the shell survives, history recall with the Up arrow (also from a later
 * shell, out of the owner-only history file), and {@code exit}.
 */
class InteractiveShellPtyTest {

    private static final String PROMPT = "\\[PS\\] EX01> ";
    /** The Up arrow as a terminal in application cursor mode (which JLine sets) sends it. */
    private static final String UP = "\u001bOA";

    @TempDir
    static Path data;
    static PosternProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PosternProcess.start(data);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The steps of one shell, as pty-drive.py reads them. */
    private static final class Steps {
        final List<Map<String, Object>> list = new ArrayList<>();

        Steps send(String text) {
            list.add(Map.of("send", text));
            return this;
        }

        Steps expect(String regex) {
            list.add(Map.of("expect", regex, "timeout", 30));
            return this;
        }

        Steps exit(int status) {
            list.add(Map.of("exit", status, "timeout", 30));
            return this;
        }
    }

    /** Runs a shell through the pty driver; returns what the screen showed. */
    private static String drive(Steps steps, Path dir) throws Exception {
        Path json = dir.resolve("steps-" + System.nanoTime() + ".json");
        Files.write(json, JsonMapper.builder().build().writeValueAsBytes(steps.list));
        Path driver = Path.of(InteractiveShellPtyTest.class.getResource("/pty-drive.py")
                .toURI());
        List<String> cmd = List.of("python3", driver.toString(), json.toString(), "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.postern.cli.Main",
                "shell", "--data", data.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("pty driver failed; the screen showed:\n%s", screen)
                .isZero();
        return screen;
    }

    @Test
    void anAdministratorSession(@TempDir Path work) throws Exception {
        Steps s = new Steps()
                .expect(PROMPT)
                // A command name, completed.
                .send("Get-AcceptedDom\t").expect("Get-AcceptedDomain ")
                .send("| Format-List DomainName\r")
                .expect("DomainName : contoso\\.com").expect(PROMPT)
                // A parameter of the command being typed, then an identity with its quotes.
                .send("Set-ReceiveConnector Def\t").expect("Default EX01 +Default Frontend EX01")
                // Typed ahead: JLine completes each Tab before it reads on. What the line
                // became shows in the history file and in the banner it set.
                .send("F\t-Ban\t'220 typed in a terminal'\r").expect(PROMPT)
                .send("Get-ReceiveConnector 'Default Frontend EX01' |\r").expect(">> ")
                .send("Format-List Banner\r")
                .expect("Banner : 220 typed in a terminal").expect(PROMPT)
                // Variables persist from line to line: one session per shell.
                .send("$answer = 6 * 7\r").expect(PROMPT)
                .send("\"the answer is $answer\"\r").expect("the answer is 42").expect(PROMPT)
                // An error prints, and the shell goes on.
                .send("Get-ReceiveConnector 'No Such Connector'\r")
                .expect("couldn't be found").expect(PROMPT)
                .send("Get-Frobnicator\r").expect("not recognized").expect(PROMPT)
                .send("\"still here: $answer\"\r").expect("still here: 42").expect(PROMPT)
                // History: the Up arrow brings back the last statement.
                .send(UP).expect("still here: \\$answer")
                .send("\r").expect("still here: 42").expect(PROMPT)
                .send("exit\r").exit(0);
        drive(s, work);

        Path history = data.resolve("shell-history");
        assertThat(Files.getPosixFilePermissions(history))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(history)).contains("$answer = 6 * 7")
                .contains("Set-ReceiveConnector 'Default Frontend EX01' -Banner '220 typed in a"
                        + " terminal'")
                .contains("Get-AcceptedDomain | Format-List DomainName");

        // A later shell has a new session (no $answer) but the history of the earlier one.
        Steps later = new Steps()
                .expect(PROMPT)
                .send("\"answer: [$answer]\"\r").expect("answer: \\[\\]").expect(PROMPT)
                // Up: this line, then the earlier shell's exit, then its last statement.
                .send(UP + UP + UP).expect("still here: \\$answer")
                .send("\r").expect("still here: ").expect(PROMPT)
                .send("exit\r").exit(0);
        drive(later, work);
    }
}
