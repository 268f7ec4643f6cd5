package org.postern.shell;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How a shell session presents itself.
 *
 * @param serverName the NetBIOS name of the server the session is connected to
 * @param serverFqdn its FQDN (PSComputerName of remote errors)
 * @param width the console width tables and lists lay out in (EMS: 119)
 * @param enumerationLimit $FormatEnumerationLimit (EMS: 16)
 * @param clock the time remote errors carry in their TimeStamp
 * @param requestIds the RequestIds of remote errors (random, as Exchange's)
 */
public record ShellOptions(String serverName, String serverFqdn, int width,
        int enumerationLimit, Clock clock, Supplier<UUID> requestIds) {

    /** The options of an EMS session on the given server. */
    public static ShellOptions forServer(String serverName, String serverFqdn) {
        return new ShellOptions(serverName, serverFqdn, 119, 16, Clock.systemDefaultZone(),
                UUID::randomUUID);
    }

    /** The same options with a given clock and RequestIds (for output that must repeat). */
    public ShellOptions withDiagnostics(Clock clock, Supplier<UUID> requestIds) {
        return new ShellOptions(serverName, serverFqdn, width, enumerationLimit, clock,
                requestIds);
    }
}
