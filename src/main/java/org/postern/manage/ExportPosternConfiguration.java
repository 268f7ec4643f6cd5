package org.postern.manage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.shell.ErrorCategory;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;
import org.postern.shell.View;

/**
 * {@code Export-PosternConfiguration [[-Path] FILE.ps1] [-IncludeCredentials]}: Postern's own
 * cmdlet. Writes the script of {@link ConfigurationScript} that recreates this server's
 * configuration ({@code postern exec --file FILE.ps1} runs it). The path is on the server (the
 * management endpoint is local) and a relative one is taken from the server's working
 * directory; the file is written owner-only, through a temporary file and a rename. Without
 * -Path the script is the output, so {@code postern exec 'Export-PosternConfiguration' >
 * FILE.ps1} works from anywhere.
 */
final class ExportPosternConfiguration extends ExchangeCmdlet {

    private static final View VIEW = View.list("Path", "ReceiveConnectors", "AcceptedDomains",
            "SendConnectors", "Mailboxes", "CredentialsIncluded");

    ExportPosternConfiguration(ConfigRepository repo) {
        super(repo, "Export-PosternConfiguration", List.of(
                Parameter.named("Path").type(Parameter.Type.STRING).position(0).build(),
                Parameter.switchNamed("IncludeCredentials")));
    }

    @Override
    public void process(Invocation inv) {
        Configuration cfg = repo.current();
        boolean credentials = inv.params().bool("IncludeCredentials");
        String script = ConfigurationScript.of(cfg, credentials);
        if (!inv.params().has("Path")) {
            inv.emit(script);
            return;
        }
        Path path = Path.of(inv.params().string("Path")).toAbsolutePath();
        if (!inv.shouldProcess("Writing the Postern configuration to \"" + path + "\".")) {
            return;
        }
        try {
            write(path, script);
        } catch (IOException e) {
            throw new ShellError("Postern could not write the configuration to \"" + path
                    + "\": " + e.getMessage(), ErrorCategory.WriteError, "IOException",
                    path.toString(), null);
        }
        PsObject o = PsObject.of("Postern.ConfigurationExport");
        o.put("Path", path.toString());
        o.put("ReceiveConnectors", cfg.receiveConnectors().size());
        o.put("AcceptedDomains", cfg.acceptedDomains().size());
        o.put("SendConnectors", cfg.sendConnectors().size());
        o.put("Mailboxes", cfg.mailboxes().size());
        o.put("CredentialsIncluded", credentials);
        inv.emit(o.view(VIEW));
    }

    private static void write(Path path, String script) throws IOException {
        Path dir = path.getParent();
        Path tmp = Files.createTempFile(dir, ".export-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, script, StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
