package org.postern.manage;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.postern.config.BackPressureConfig;
import org.postern.config.BackPressureConfig.Levels;
import org.postern.config.ConfigRepository;
import org.postern.config.TimeSpans;
import org.postern.config.ValueType;
import org.postern.pressure.BackPressure;
import org.postern.pressure.BackPressureMonitor;
import org.postern.pressure.Resource;
import org.postern.shell.Invocation;
import org.postern.shell.Parameter;
import org.postern.shell.PsObject;
import org.postern.shell.ShellDateTime;
import org.postern.shell.View;

/**
 * Get- and Set-BackPressure, Postern's own cmdlets for the resource monitor. Exchange shows the
 * same facts through Get-ExchangeDiagnosticInfo -Component ResourceThrottling (one meter per
 * resource with its use and pressure) and keeps the levels in EdgeTransport.exe.config; Postern
 * keeps them in its configuration, so Export-PosternConfiguration carries them.
 */
final class BackPressureCmdlets {

    static final String TYPE = "Postern.BackPressure.ResourceMeter";

    static final View VIEW = View.table(View.Column.of("Resource", 15),
            View.Column.of("Pressure", 8), new View.Column("CurrentResourceUse", "Use", 10),
            View.Column.of("Unit", 8), new View.Column("NormalThreshold", "Normal", 8),
            new View.Column("MediumThreshold", "Medium", 8),
            new View.Column("HighThreshold", "High", 8));

    /** Set-BackPressure's parameters, in the order help and the export list them. */
    static final List<Setting<BackPressureConfig, ?>> SETTINGS = settings();

    private BackPressureCmdlets() {
    }

    private static List<Setting<BackPressureConfig, ?>> settings() {
        List<Setting<BackPressureConfig, ?>> s = new ArrayList<>();
        s.add(new Setting<>("Enabled", ValueType.BOOLEAN, BackPressureConfig::enabled,
                BackPressureConfig::withEnabled));
        s.add(new Setting<>("MonitoringInterval", ValueType.TIMESPAN,
                BackPressureConfig::monitoringInterval,
                BackPressureConfig::withMonitoringInterval));
        levels(s, "UsedDiskSpace", BackPressureConfig::usedDiskSpace,
                BackPressureConfig::withUsedDiskSpace);
        levels(s, "UsedHeapMemory", BackPressureConfig::usedHeapMemory,
                BackPressureConfig::withUsedHeapMemory);
        levels(s, "QueueLength", BackPressureConfig::queueLength,
                BackPressureConfig::withQueueLength);
        return List.copyOf(s);
    }

    /** The Normal, Medium and High parameters of one resource. */
    private static void levels(List<Setting<BackPressureConfig, ?>> s, String resource,
            Function<BackPressureConfig, Levels> read,
            BiFunction<BackPressureConfig, Levels, BackPressureConfig> write) {
        s.add(new Setting<>(resource + "NormalThreshold", ValueType.integer(),
                c -> (int) read.apply(c).normal(),
                (c, v) -> write.apply(c, read.apply(c).withNormal(v))));
        s.add(new Setting<>(resource + "MediumThreshold", ValueType.integer(),
                c -> (int) read.apply(c).medium(),
                (c, v) -> write.apply(c, read.apply(c).withMedium(v))));
        s.add(new Setting<>(resource + "HighThreshold", ValueType.integer(),
                c -> (int) read.apply(c).high(),
                (c, v) -> write.apply(c, read.apply(c).withHigh(v))));
    }

    /** One resource's meter as Get-BackPressure returns it. */
    static PsObject meter(BackPressure.Meter m, BackPressure sample, BackPressureConfig cfg) {
        PsObject o = PsObject.of(TYPE);
        Resource r = m.resource();
        o.put("Resource", r.name());
        o.put("Pressure", m.pressure().name());
        o.put("CurrentResourceUse", m.use() < 0 ? null : m.use());
        o.put("PreviousResourceUse", m.previousUse() < 0 ? null : m.previousUse());
        o.put("Unit", r.unit());
        // The thresholds as configured now; the use and pressure as of the last sample.
        Levels levels = r.levels(cfg);
        o.put("NormalThreshold", levels.normal());
        o.put("MediumThreshold", levels.medium());
        o.put("HighThreshold", levels.high());
        o.put("LastTransition", new ShellDateTime(m.since(), ZoneId.systemDefault()));
        o.put("SampledAt", new ShellDateTime(sample.sampledAt(), ZoneId.systemDefault()));
        o.put("Enabled", cfg.enabled());
        o.put("MonitoringInterval", TimeSpans.format(cfg.monitoringInterval()));
        o.put("Identity", BackPressureConfig.IDENTITY + "\\" + r.name());
        return o.view(VIEW).text(r.name());
    }

    /** Get-BackPressure: every resource, with its use at the last sample, levels and state. */
    static final class Get extends ExchangeCmdlet {
        private final BackPressureMonitor monitor;

        Get(ConfigRepository repo, BackPressureMonitor monitor) {
            super(repo, "Get-BackPressure", List.of());
            this.monitor = monitor;
        }

        @Override
        public void process(Invocation inv) {
            BackPressure sample = monitor.current();
            BackPressureConfig cfg = repo.current().backPressure();
            for (BackPressure.Meter m : sample.meters()) {
                inv.emit(meter(m, sample, cfg));
            }
        }
    }

    /** Set-BackPressure -Setting value ... */
    static final class Set extends ExchangeCmdlet {
        Set(ConfigRepository repo) {
            super(repo, "Set-BackPressure", declared());
        }

        private static List<Parameter> declared() {
            List<Parameter> p = new ArrayList<>();
            for (Setting<BackPressureConfig, ?> s : SETTINGS) {
                p.add(s.name().equals("Enabled") ? ExchangeCmdlet.bool(s.name())
                        : ExchangeCmdlet.value(s.name()));
            }
            return p;
        }

        @Override
        public void process(Invocation inv) {
            if (!inv.shouldProcess("Configuring back pressure \""
                    + BackPressureConfig.IDENTITY + "\".")) {
                return;
            }
            boolean[] modified = {false};
            change(inv, before -> {
                BackPressureConfig b = before.backPressure();
                BackPressureConfig updated = b;
                for (Setting<BackPressureConfig, ?> s : SETTINGS) {
                    updated = s.apply(updated, inv.params());
                }
                modified[0] = !updated.equals(b);
                return before.withBackPressure(updated);
            });
            if (!modified[0]) {
                inv.warnNothingModified(BackPressureConfig.IDENTITY);
            }
        }
    }
}
