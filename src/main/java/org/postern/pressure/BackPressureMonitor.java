package org.postern.pressure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.postern.config.BackPressureConfig;
import org.postern.log.Kv;
import org.postern.queue.Envelope;
import org.postern.queue.IncomingMessage;
import org.postern.queue.MessageStore;
import org.postern.queue.Pressure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchange's resource monitor: samples every resource each MonitoringInterval on its own
 * thread (never on an event loop), moves each one's pressure through {@link ResourceMeter},
 * logs one {@code event=back-pressure} line per change, and publishes the result as an
 * immutable {@link BackPressure} that the SMTP sessions read at MAIL (through
 * {@link #guard}) and Get-BackPressure shows.
 *
 * <p>The levels and the interval are read from the configuration at every sample, so
 * Set-BackPressure takes effect at the next one; {@link #refresh} samples at once.
 */
public final class BackPressureMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackPressureMonitor.class);

    private final Supplier<BackPressureConfig> config;
    private final Sampler sampler;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile BackPressure current;
    private ScheduledFuture<?> next;  // guarded by this

    /**
     * A monitor that has sampled once; {@link #start} begins the periodic samples.
     *
     * @param config the current back pressure settings
     */
    public BackPressureMonitor(Supplier<BackPressureConfig> config, Sampler sampler,
            Clock clock) {
        this.config = config;
        this.sampler = sampler;
        this.clock = clock;
        Instant now = clock.instant();
        BackPressureConfig cfg = config.get();
        List<BackPressure.Meter> meters = new ArrayList<>();
        for (Resource r : Resource.values()) {
            meters.add(new BackPressure.Meter(r, -1, -1, r.levels(cfg), Pressure.Normal, now));
        }
        this.current = new BackPressure(cfg.enabled(), now, meters);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "postern-back-pressure");
            t.setDaemon(true);
            return t;
        });
        sample();
    }

    /** Starts sampling every MonitoringInterval. */
    public void start() {
        schedule();
    }

    /**
     * Samples again now (after a configuration change), on the monitor's thread, and counts the
     * next interval from here, so that a shorter MonitoringInterval applies at once.
     */
    public void refresh() {
        try {
            timer.execute(() -> {
                sample();
                schedule();
            });
        } catch (RejectedExecutionException e) {
            // closed: nothing samples any more
        }
    }

    /** The last sample. */
    public BackPressure current() {
        return current;
    }

    /** {@code store} as the SMTP sessions see it: beginning messages there, under this pressure. */
    public MessageStore guard(MessageStore store) {
        return new MessageStore() {
            @Override
            public IncomingMessage begin(Envelope envelope) throws IOException {
                return store.begin(envelope);
            }

            @Override
            public Pressure pressure() {
                return current.pressure();
            }
        };
    }

    /** Puts the next sample one MonitoringInterval from now, in place of any pending one. */
    private synchronized void schedule() {
        if (next != null) {
            next.cancel(false);
        }
        Duration interval = config.get().monitoringInterval();
        try {
            next = timer.schedule(() -> {
                sample();
                schedule();
            }, interval.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** One round: every resource measured, its state moved on, transitions logged. */
    synchronized BackPressure sample() {
        BackPressureConfig cfg = config.get();
        Instant now = clock.instant();
        BackPressure before = current;
        List<BackPressure.Meter> meters = new ArrayList<>();
        for (BackPressure.Meter m : before.meters()) {
            meters.add(next(m, cfg, now));
        }
        BackPressure after = new BackPressure(cfg.enabled(), now, meters);
        current = after;
        if (before.pressure() != after.pressure() || before.enabled() != after.enabled()) {
            LOG.info("{}", Kv.of("event", "back-pressure-server", "from", before.pressure(),
                    "to", after.pressure(), "enabled", after.enabled()));
        }
        return after;
    }

    private BackPressure.Meter next(BackPressure.Meter m, BackPressureConfig cfg, Instant now) {
        Resource r = m.resource();
        long use;
        try {
            use = sampler.sample(r);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            LOG.warn("{}", Kv.of("event", "back-pressure-sample-failed", "resource", r,
                    "error", String.valueOf(e)));
            return new BackPressure.Meter(r, m.use(), m.previousUse(), r.levels(cfg),
                    m.pressure(), m.since());
        }
        Pressure to = cfg.enabled() ? ResourceMeter.next(m.pressure(), use, r.levels(cfg))
                : Pressure.Normal;
        Instant since = m.since();
        if (to != m.pressure()) {
            since = now;
            var levels = r.levels(cfg);
            LOG.info("{}", Kv.of("event", "back-pressure", "resource", r, "from", m.pressure(),
                    "to", to, "use", use, "unit", r.unit(), "normal", levels.normal(),
                    "medium", levels.medium(), "high", levels.high()));
        }
        return new BackPressure.Meter(r, use, m.use(), r.levels(cfg), to, since);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
