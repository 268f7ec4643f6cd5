package org.postern.manage;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.ConfigFile;
import org.postern.config.ConfigRepository;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;

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

    @BeforeEach
    void freshConfiguration() {
        repo = new ConfigRepository(new ConfigFile(dir),
                Setup.initial(SERVER, "contoso.com", 0, Instant.now()));
    }
}
