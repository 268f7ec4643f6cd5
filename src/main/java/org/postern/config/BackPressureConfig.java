package org.postern.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Back pressure (Get-/Set-BackPressure): which resources the resource monitor watches, how often,
 * and at which levels each one goes to Medium and High pressure and back.
 *
 * <p>Each resource has three levels, as Exchange 2010's "Understanding back pressure" describes
 * them: pressure rises to Medium when the use reaches the Medium level and to High when it
 * reaches the High level; it falls from High to Medium only below the Medium level, and from
 * Medium to Normal only below the Normal level (the hysteresis keeps the state from flapping).
 *
 * <p>Defaults, and where Postern's mapping differs from Exchange:
 * <ul>
 *   <li>UsedDiskSpace (percent of the queue's file system in use): High 99, Medium 97, Normal 95.
 *       Exchange derives High from the size of the queue's disk less a 500 MB reserve, with
 *       Medium 2 and Normal 4 points below it; Postern takes the High that formula gives a 50 GB
 *       disk, so the default does not depend on the disk, and keeps Exchange's steps.</li>
 *   <li>UsedHeapMemory (percent of the largest heap the JVM may use, measured after the last
 *       garbage collection): High 75, Medium 73, Normal 71, Exchange's levels for the memory of
 *       the transport process (PrivateBytes, a share of physical memory). A JVM cannot use more
 *       than its heap limit, so the heap is the memory that runs out.</li>
 *   <li>QueueLength (messages in the spool, committed and not yet delivered): High 15000,
 *       Medium 10000, Normal 2000. Exchange measures its Submission queue; Postern's spool also
 *       holds messages waiting for a retry. These numbers are Postern's choice, not checked
 *       against a published Exchange value.</li>
 *   <li>MonitoringInterval: 2 seconds (Exchange's ResourceMonitoringInterval).</li>
 * </ul>
 *
 * @param enabled whether the monitor acts (false: every resource stays Normal)
 * @param monitoringInterval how often the resources are sampled
 * @param usedDiskSpace levels in percent of the queue's file system in use
 * @param usedHeapMemory levels in percent of the maximum heap in use after garbage collection
 * @param queueLength levels in messages in the spool
 */
public record BackPressureConfig(boolean enabled, Duration monitoringInterval,
        Levels usedDiskSpace, Levels usedHeapMemory, Levels queueLength) {

    /** The identity Get-BackPressure objects carry and Set-BackPressure's warnings name. */
    public static final String IDENTITY = "Back Pressure";

    /** The shortest and longest MonitoringInterval Set-BackPressure accepts. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);

    public BackPressureConfig {
        Objects.requireNonNull(monitoringInterval);
        Objects.requireNonNull(usedDiskSpace);
        Objects.requireNonNull(usedHeapMemory);
        Objects.requireNonNull(queueLength);
    }

    /**
     * The use at which pressure returns to Normal (below it), rises to Medium and rises to High
     * (at or above them).
     */
    public record Levels(long normal, long medium, long high) {
        public Levels withNormal(long v) {
            return new Levels(v, medium, high);
        }

        public Levels withMedium(long v) {
            return new Levels(normal, v, high);
        }

        public Levels withHigh(long v) {
            return new Levels(normal, medium, v);
        }
    }

    /** The defaults described above. */
    public static BackPressureConfig defaults() {
        return new BackPressureConfig(true, Duration.ofSeconds(2), new Levels(95, 97, 99),
                new Levels(71, 73, 75), new Levels(2000, 10000, 15000));
    }

    public BackPressureConfig withEnabled(boolean v) {
        return new BackPressureConfig(v, monitoringInterval, usedDiskSpace, usedHeapMemory,
                queueLength);
    }

    public BackPressureConfig withMonitoringInterval(Duration v) {
        return new BackPressureConfig(enabled, v, usedDiskSpace, usedHeapMemory, queueLength);
    }

    public BackPressureConfig withUsedDiskSpace(Levels v) {
        return new BackPressureConfig(enabled, monitoringInterval, v, usedHeapMemory,
                queueLength);
    }

    public BackPressureConfig withUsedHeapMemory(Levels v) {
        return new BackPressureConfig(enabled, monitoringInterval, usedDiskSpace, v,
                queueLength);
    }

    public BackPressureConfig withQueueLength(Levels v) {
        return new BackPressureConfig(enabled, monitoringInterval, usedDiskSpace, usedHeapMemory,
                v);
    }

    /**
     * Checks what Set-BackPressure accepts: percentages 0 to 100, queue lengths 0 to
     * 2147483647, Normal below Medium and Medium below High, and an interval from 100
     * milliseconds to an hour. A Normal threshold is at least 1: a resource returns to Normal
     * when its use falls below it, which below 0 never happens.
     *
     * @throws InvalidConfigurationException naming the parameter and its value
     */
    public void check() {
        if (monitoringInterval.compareTo(MIN_INTERVAL) < 0
                || monitoringInterval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidConfigurationException("The MonitoringInterval value \""
                    + TimeSpans.format(monitoringInterval) + "\" is out of range: use 100"
                    + " milliseconds (00:00:00.1000000) to one hour (01:00:00).");
        }
        levels("UsedDiskSpace", usedDiskSpace, 100);
        levels("UsedHeapMemory", usedHeapMemory, 100);
        levels("QueueLength", queueLength, Integer.MAX_VALUE);
    }

    private static void levels(String resource, Levels l, long max) {
        range(resource + "NormalThreshold", l.normal(), 1, max);
        range(resource + "MediumThreshold", l.medium(), 0, max);
        range(resource + "HighThreshold", l.high(), 0, max);
        if (l.medium() >= l.high()) {
            throw new InvalidConfigurationException("The " + resource + "MediumThreshold value \""
                    + l.medium() + "\" must be below the " + resource + "HighThreshold value \""
                    + l.high() + "\".");
        }
        if (l.normal() >= l.medium()) {
            throw new InvalidConfigurationException("The " + resource + "NormalThreshold value \""
                    + l.normal() + "\" must be below the " + resource
                    + "MediumThreshold value \"" + l.medium() + "\".");
        }
    }

    private static void range(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new InvalidConfigurationException("The " + name + " value \"" + v
                    + "\" is out of range: use " + min + " to " + max + ".");
        }
    }
}
