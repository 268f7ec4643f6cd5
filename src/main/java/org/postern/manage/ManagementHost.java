package org.postern.manage;

import java.util.List;
import org.postern.admin.CompletionQuery;
import org.postern.admin.ScriptRunner;
import org.postern.admin.ShellHost;
import org.postern.config.ConfigRepository;
import org.postern.delivery.QueueAdmin;
import org.postern.log.MessageTrackingLog;
import org.postern.pressure.BackPressureMonitor;
import org.postern.shell.ExecutionResult;
import org.postern.shell.Shell;

/**
 * The management shell of a running server as the management endpoint uses it: each session is
 * one {@link Shell} (so variables persist from one script to the next), and completions come
 * from the same registry and the live configuration.
 */
public final class ManagementHost implements ShellHost {

    private final ConfigRepository repo;
    private final QueueAdmin queues;
    private final MessageTrackingLog tracking;
    private final BackPressureMonitor pressure;

    public ManagementHost(ConfigRepository repo, QueueAdmin queues,
            MessageTrackingLog tracking) {
        this(repo, queues, tracking, null);
    }

    public ManagementHost(ConfigRepository repo, QueueAdmin queues,
            MessageTrackingLog tracking, BackPressureMonitor pressure) {
        this.repo = repo;
        this.queues = queues;
        this.tracking = tracking;
        this.pressure = pressure;
    }

    @Override
    public ScriptRunner open() {
        Shell shell = ManagementShell.session(repo, queues, tracking, pressure);
        return script -> {
            ExecutionResult r = shell.run(script);
            return new ScriptRunner.Outcome(r.stdout(), r.stderr(), r.success());
        };
    }

    @Override
    public String serverName() {
        return repo.current().server().name();
    }

    @Override
    public List<String> complete(CompletionQuery query) {
        var registry = ManagementShell.registry(repo, queues, tracking, pressure);
        return new Completions(registry, repo.current()).complete(query);
    }
}
