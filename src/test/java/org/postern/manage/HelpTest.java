package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.delivery.QueueAdmin;
import org.postern.log.MessageTrackingLog;
import org.postern.pressure.BackPressureMonitor;
import org.postern.shell.Cmdlet;
import org.postern.shell.CommandHelp;
import org.postern.shell.CommandRegistry;
import org.postern.shell.ExecutionResult;
import org.postern.shell.GetHelp;
import org.postern.shell.Parameter;
import org.postern.shell.Shell;
import org.postern.shell.ShellOptions;

/**
 * Get-Help has help for every command a server's session has: a synopsis, a description, and a
 * text for each parameter the binder knows (and no text for a parameter the command lacks), in
 * every view. The layouts themselves are checked by the transcripts.
 */
class HelpTest extends LiveConfigTest {

    private CommandRegistry registry;

    @BeforeEach
    void serverRegistry() throws Exception {
        QueueAdmin queues = (QueueAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {QueueAdmin.class}, (p, m, a) -> null);
        BackPressureMonitor pressure = new BackPressureMonitor(
                () -> repo.current().backPressure(), r -> 0, Clock.systemUTC());
        registry = ManagementShell.registry(repo, queues, new MessageTrackingLog(dir, "test"),
                pressure);
        shell = new Shell(registry, ShellOptions.forServer("EX01", "ex01.contoso.com"));
    }

    @Test
    void everyCommandHasHelpForEachOfItsParameters() {
        List<String> missing = new ArrayList<>();
        for (Cmdlet c : registry.all()) {
            CommandHelp h = CommandHelp.of(c.name());
            if (h == null) {
                missing.add(c.name() + ": no help file");
                continue;
            }
            if (h.synopsis().isBlank() || h.description().isEmpty()) {
                missing.add(c.name() + ": no synopsis or description");
            }
            List<String> names = new ArrayList<>();
            for (Parameter p : c.parameters()) {
                names.add(p.name().toLowerCase(java.util.Locale.ROOT));
                if (h.parameter(p.name()) == null || h.parameter(p.name()).description()
                        .isEmpty()) {
                    missing.add(c.name() + " -" + p.name());
                }
            }
            if (c.supportsShouldProcess()) {
                names.add("whatif");
                names.add("confirm");
            }
            for (String documented : h.parameterNames()) {
                if (!names.contains(documented)) {
                    missing.add(c.name() + ": help for a parameter it lacks, -" + documented);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyViewOfEveryCommandPrints() {
        for (Cmdlet c : registry.all()) {
            boolean parameters = !GetHelp.parameterNames(c).isEmpty();
            for (String view : parameters ? List.of("", " -Detailed", " -Full", " -Examples",
                    " -Parameter *") : List.of("", " -Detailed", " -Full", " -Examples")) {
                ExecutionResult r = ok("Get-Help " + c.name() + view);
                assertThat(r.stdout()).as(c.name() + view)
                        .contains(view.contains("Parameter") ? "Required?" : "NAME\n    "
                                + c.name() + "\n");
            }
        }
    }

    @Test
    void questionMarkShowsTheCommandsHelp() {
        assertThat(ok("Set-ReceiveConnector -?").stdout())
                .isEqualTo(ok("Get-Help Set-ReceiveConnector").stdout());
        assertThat(ok("help Get-Queue").stdout()).isEqualTo(ok("Get-Help Get-Queue").stdout());
    }
}
