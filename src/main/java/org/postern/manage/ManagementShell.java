package org.postern.manage;

import java.util.ArrayList;
import java.util.List;
import org.postern.admin.ScriptRunner;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.delivery.QueueAdmin;
import org.postern.log.MessageTrackingLog;
import org.postern.pressure.BackPressureMonitor;
import org.postern.shell.CommandRegistry;
import org.postern.shell.ExecutionResult;
import org.postern.shell.GetDate;
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
        all.addAll(ExchangeCertificateCmdlets.all(repo));
        all.addAll(TransportConfigCmdlets.all(repo));
        all.addAll(FilterConfigCmdlets.all(repo));
        all.addAll(ConnectionFilterCmdlets.all(repo));
        all.add(new BackPressureCmdlets.Set(repo));
        all.add(new TestReceiveConnectorAccess(repo));
        all.add(new ExportPosternConfiguration(repo));
        for (ExchangeCmdlet c : all) {
            registry.register(c);
        }
        // Get-Date is generic PowerShell; the engine's registry takes it from here, where the
        // date parameters that need it (Get-MessageTrackingLog -Start) are.
        registry.register(new GetDate());
        return registry;
    }

    /**
     * A registry for a running server: the configuration cmdlets plus those that work on its
     * delivery queues and message tracking log.
     */
    public static CommandRegistry registry(ConfigRepository repo, QueueAdmin queues,
            MessageTrackingLog tracking) {
        return registry(repo, queues, tracking, null);
    }

    /**
     * A registry for a running server: the configuration cmdlets plus those that work on its
     * delivery queues, message tracking log and resource monitor (Get-BackPressure).
     */
    public static CommandRegistry registry(ConfigRepository repo, QueueAdmin queues,
            MessageTrackingLog tracking, BackPressureMonitor pressure) {
        CommandRegistry registry = registry(repo);
        if (pressure != null) {
            registry.register(new BackPressureCmdlets.Get(repo, pressure));
        }
        if (queues != null) {
            for (ExchangeCmdlet c : QueueCmdlets.all(repo, queues)) {
                registry.register(c);
            }
        }
        if (tracking != null) {
            for (ExchangeCmdlet c : MessageTrackingCmdlets.all(repo, tracking)) {
                registry.register(c);
            }
        }
        return registry;
    }

    /** A new shell session on a running server. */
    public static Shell session(ConfigRepository repo, QueueAdmin queues,
            MessageTrackingLog tracking) {
        Configuration cfg = repo.current();
        return session(repo, queues, tracking,
                ShellOptions.forServer(cfg.server().name(), cfg.server().fqdn()));
    }

    /** A new shell session on a running server, with the given options. */
    public static Shell session(ConfigRepository repo, QueueAdmin queues,
            MessageTrackingLog tracking, ShellOptions options) {
        return session(repo, queues, tracking, null, options);
    }

    /** A new shell session on a running server with its resource monitor. */
    public static Shell session(ConfigRepository repo, QueueAdmin queues,
            MessageTrackingLog tracking, BackPressureMonitor pressure) {
        Configuration cfg = repo.current();
        return session(repo, queues, tracking, pressure,
                ShellOptions.forServer(cfg.server().name(), cfg.server().fqdn()));
    }

    /** A new shell session on a running server with its resource monitor, and options. */
    public static Shell session(ConfigRepository repo, QueueAdmin queues,
            MessageTrackingLog tracking, BackPressureMonitor pressure, ShellOptions options) {
        return new Shell(registry(repo, queues, tracking, pressure), options);
    }

    /** Runs each management script of a running server in a fresh shell session. */
    public static ScriptRunner runner(ConfigRepository repo, QueueAdmin queues,
            MessageTrackingLog tracking) {
        return script -> {
            ExecutionResult r = session(repo, queues, tracking).run(script);
            return new ScriptRunner.Outcome(r.stdout(), r.stderr(), r.success());
        };
    }

    /** A new shell session on the configuration alone (no queues, no tracking log). */
    public static Shell session(ConfigRepository repo) {
        return session(repo, null, null);
    }
}
