package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.ConfigFile;
import org.postern.config.ConfigRepository;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.shell.ExecutionResult;
import org.postern.shell.Shell;

/**
 * What the cmdlet tests start from: a live configuration in a fresh data directory, as a first
 * start makes it (server EX01, default domain contoso.com).
 */
abstract class LiveConfigTest {

    static final ServerIdentity SERVER = new ServerIdentity("EX01", "ex01.contoso.com",
            "CONTOSO");

    @TempDir
    Path dir;
    ConfigRepository repo;
    /** The session {@link #ok} and {@link #fails} run in; null for a fresh one each time. */
    Shell shell;

    @BeforeEach
    void freshConfiguration() {
        repo = new ConfigRepository(new ConfigFile(dir),
                Setup.initial(SERVER, "contoso.com", 0, Instant.now()));
    }

    private ExecutionResult run(String script) {
        return (shell != null ? shell : ManagementShell.session(repo)).run(script);
    }

    /** Runs a script that must succeed without an error record, and returns its output. */
    ExecutionResult ok(String script) {
        ExecutionResult r = run(script);
        assertThat(r.success()).as("%s\nstdout:\n%s\nstderr:\n%s", script, r.stdout(),
                r.stderr()).isTrue();
        assertThat(r.stderr()).as(script).isEmpty();
        return r;
    }

    /** Runs a script that must fail, and returns its output. */
    ExecutionResult fails(String script) {
        ExecutionResult r = run(script);
        assertThat(r.success()).as("%s\nstdout:\n%s", script, r.stdout()).isFalse();
        return r;
    }
}
