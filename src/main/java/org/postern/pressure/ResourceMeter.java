package org.postern.pressure;

import org.postern.config.BackPressureConfig.Levels;
import org.postern.queue.Pressure;

/**
 * The state machine of one resource: the pressure that follows from the last one and a new use.
 * Rising, pressure is Medium from the Medium level and High from the High level; falling, it
 * stays High down to the Medium level and Medium down to the Normal level, so a use that
 * hovers around a level does not switch the server on and off at every sample.
 */
public final class ResourceMeter {

    private ResourceMeter() {
    }

    /** The pressure after {@code current} when the resource's use is {@code use}. */
    public static Pressure next(Pressure current, long use, Levels levels) {
        if (use >= levels.high()) {
            return Pressure.High;
        }
        if (use >= levels.medium()) {
            return current == Pressure.High ? Pressure.High : Pressure.Medium;
        }
        if (use >= levels.normal()) {
            return current == Pressure.Normal ? Pressure.Normal : Pressure.Medium;
        }
        return Pressure.Normal;
    }
}
