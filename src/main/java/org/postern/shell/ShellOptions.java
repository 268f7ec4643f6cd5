package org.postern.shell;

/**
 * How a shell session presents itself.
 *
 * @param serverName the NetBIOS name of the server the session is connected to
 * @param serverFqdn its FQDN (PSComputerName of remote errors)
 * @param width the console width tables and lists lay out in (EMS: 119)
 * @param enumerationLimit $FormatEnumerationLimit (EMS: 16)
 */
public record ShellOptions(String serverName, String serverFqdn, int width,
        int enumerationLimit) {

    /** The options of an EMS session on the given server. */
    public static ShellOptions forServer(String serverName, String serverFqdn) {
        return new ShellOptions(serverName, serverFqdn, 119, 16);
    }
}
