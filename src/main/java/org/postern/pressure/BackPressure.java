package org.postern.pressure;

import java.time.Instant;
import java.util.List;
import org.postern.config.BackPressureConfig.Levels;
import org.postern.queue.Pressure;

/**
 * What the resource monitor found at its last sample: one meter per resource. Immutable; the
 * SMTP sessions read {@link #pressure()} at every MAIL.
 *
 * @param enabled whether back pressure acts (when not, {@link #pressure()} is Normal)
 * @param sampledAt when the resources were sampled
 * @param meters one per {@link Resource}, in its order
 */
public record BackPressure(boolean enabled, Instant sampledAt, List<Meter> meters) {

    public BackPressure {
        meters = List.copyOf(meters);
    }

    /**
     * One resource at the last sample.
     *
     * @param use the use now, in the resource's unit; -1 when it could not be measured
     * @param previousUse the use at the sample before; -1 when there was none
     * @param pressure the state after this sample
     * @param since when the resource last changed state (the monitor's start for none)
     */
    public record Meter(Resource resource, long use, long previousUse, Levels levels,
            Pressure pressure, Instant since) {
    }

    /** The highest pressure of any resource, or Normal when back pressure is off. */
    public Pressure pressure() {
        Pressure p = Pressure.Normal;
        if (enabled) {
            for (Meter m : meters) {
                p = p.max(m.pressure());
            }
        }
        return p;
    }
}
