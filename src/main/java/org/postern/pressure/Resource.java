package org.postern.pressure;

import java.util.function.Function;
import org.postern.config.BackPressureConfig;
import org.postern.config.BackPressureConfig.Levels;

/** The resources the monitor watches, with the unit of their use and where their levels are. */
public enum Resource {
    /** Percent of the queue's file system in use (Exchange: DatabaseUsedSpace, UsedDiskSpace). */
    UsedDiskSpace("Percent", BackPressureConfig::usedDiskSpace),
    /** Percent of the JVM's maximum heap in use (Exchange: PrivateBytes, a process's memory). */
    UsedHeapMemory("Percent", BackPressureConfig::usedHeapMemory),
    /** Messages in the spool (Exchange: QueueLength[SubmissionQueue]). */
    QueueLength("Messages", BackPressureConfig::queueLength);

    private final String unit;
    private final Function<BackPressureConfig, Levels> levels;

    Resource(String unit, Function<BackPressureConfig, Levels> levels) {
        this.unit = unit;
        this.levels = levels;
    }

    public String unit() {
        return unit;
    }

    public Levels levels(BackPressureConfig config) {
        return levels.apply(config);
    }
}
