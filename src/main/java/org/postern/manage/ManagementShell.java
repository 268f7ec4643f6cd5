package org.postern.manage;

import java.util.ArrayList;
import java.util.List;
import org.postern.admin.ScriptRunner;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.shell.CommandRegistry;
import org.postern.shell.ExecutionResult;
import org.postern.shell.Shell;
import org.postern.shell.ShellOptions;

/**
 * Postern's Exchange Management Shell: the shell language engine with Postern's Exchange cmdlets
 * registered, running against the live configuration.
 */
public final class ManagementShell {

    private ManagementShell() {
    }

    /** A registry holding the generic cmdlets and Postern's Exchange cmdlets. */
    public static CommandRegistry registry(ConfigRepository repo) {
        CommandRegistry registry = CommandRegistry.withBuiltins();
        List<ExchangeCmdlet> all = new ArrayList<>();
        all.addAll(ReceiveConnectorCmdlets.all(repo));
        all.addAll(AdPermissionCmdlets.all(repo));
        all.addAll(AcceptedDomainCmdlets.all(repo));
        all.addAll(SendConnectorCmdlets.all(repo));
        all.addAll(MailboxCmdlets.all(repo));
        all.addAll(TransportServiceCmdlets.all(repo));
        for (ExchangeCmdlet c : all) {
            registry.register(c);
        }
        return registry;
    }

    /** A new shell session on the configuration. */
    public static Shell session(ConfigRepository repo) {
        Configuration cfg = repo.current();
        return new Shell(registry(repo),
                ShellOptions.forServer(cfg.server().name(), cfg.server().fqdn()));
    }

    /** Runs each management script in a fresh shell session (what {@code postern exec} uses). */
    public static ScriptRunner runner(ConfigRepository repo) {
        return script -> {
            ExecutionResult r = session(repo).run(script);
            return new ScriptRunner.Outcome(r.stdout(), r.stderr(), r.success());
        };
    }
}
