package org.postern.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.postern.config.BackPressureConfig;
import org.postern.config.BackPressureConfig.Levels;
import org.postern.config.InvalidConfigurationException;
import org.postern.queue.Pressure;

/**
 * The resource monitor's state machine: levels, hysteresis, every transition, the highest
 * resource deciding, a disabled monitor, and a resource that cannot be measured. The use comes
 * from a sampler the test sets (the real one is exercised end to end).
 */
class BackPressureMonitorTest {

    private static final Levels DISK = new Levels(95, 97, 99);

    private final Map<Resource, Long> use = new EnumMap<>(Map.of(Resource.UsedDiskSpace, 50L,
            Resource.UsedHeapMemory, 10L, Resource.QueueLength, 0L));
    private final AtomicReference<BackPressureConfig> config =
            new AtomicReference<>(BackPressureConfig.defaults());
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"),
            ZoneOffset.UTC);

    private BackPressureMonitor monitor() {
        return new BackPressureMonitor(config::get, r -> {
            Long v = use.get(r);
            if (v == null) {
                throw new IOException("statfs failed (test)");
            }
            return v;
        }, clock);
    }

    private Pressure disk(BackPressureMonitor m, long percent) {
        use.put(Resource.UsedDiskSpace, percent);
        return m.sample().meters().get(Resource.UsedDiskSpace.ordinal()).pressure();
    }

    @Test
    void risingPressureFollowsTheMediumAndHighLevels() {
        assertThat(ResourceMeter.next(Pressure.Normal, 96, DISK)).isEqualTo(Pressure.Normal);
        assertThat(ResourceMeter.next(Pressure.Normal, 97, DISK)).isEqualTo(Pressure.Medium);
        assertThat(ResourceMeter.next(Pressure.Normal, 99, DISK)).isEqualTo(Pressure.High);
        assertThat(ResourceMeter.next(Pressure.Medium, 98, DISK)).isEqualTo(Pressure.Medium);
        assertThat(ResourceMeter.next(Pressure.Medium, 99, DISK)).isEqualTo(Pressure.High);
    }

    @Test
    void fallingPressureStaysUpToTheLevelBelow() {
        // High holds down to the Medium level, Medium down to the Normal level.
        assertThat(ResourceMeter.next(Pressure.High, 98, DISK)).isEqualTo(Pressure.High);
        assertThat(ResourceMeter.next(Pressure.High, 97, DISK)).isEqualTo(Pressure.High);
        assertThat(ResourceMeter.next(Pressure.High, 96, DISK)).isEqualTo(Pressure.Medium);
        assertThat(ResourceMeter.next(Pressure.High, 95, DISK)).isEqualTo(Pressure.Medium);
        assertThat(ResourceMeter.next(Pressure.Medium, 95, DISK)).isEqualTo(Pressure.Medium);
        assertThat(ResourceMeter.next(Pressure.Medium, 94, DISK)).isEqualTo(Pressure.Normal);
        // A drop far below every level goes straight back to Normal.
        assertThat(ResourceMeter.next(Pressure.High, 10, DISK)).isEqualTo(Pressure.Normal);
    }

    @Test
    void theMonitorWalksThroughEveryStateAndBack() {
        try (BackPressureMonitor m = monitor()) {
            assertThat(m.current().pressure()).isEqualTo(Pressure.Normal);
            assertThat(disk(m, 97)).isEqualTo(Pressure.Medium);
            assertThat(disk(m, 100)).isEqualTo(Pressure.High);
            assertThat(disk(m, 97)).isEqualTo(Pressure.High);
            assertThat(disk(m, 96)).isEqualTo(Pressure.Medium);
            assertThat(disk(m, 95)).isEqualTo(Pressure.Medium);
            assertThat(disk(m, 94)).isEqualTo(Pressure.Normal);
            BackPressure.Meter meter = m.current().meters().get(0);
            assertThat(meter.resource()).isEqualTo(Resource.UsedDiskSpace);
            assertThat(meter.use()).isEqualTo(94);
            assertThat(meter.previousUse()).isEqualTo(95);
            assertThat(meter.levels()).isEqualTo(DISK);
        }
    }

    @Test
    void theMostPressedResourceDecidesForTheServer() {
        config.set(BackPressureConfig.defaults().withQueueLength(new Levels(1, 2, 3)));
        try (BackPressureMonitor m = monitor()) {
            use.put(Resource.QueueLength, 2L);
            assertThat(m.sample().pressure()).isEqualTo(Pressure.Medium);
            use.put(Resource.UsedDiskSpace, 99L);
            assertThat(m.sample().pressure()).isEqualTo(Pressure.High);
            use.put(Resource.UsedDiskSpace, 10L);
            assertThat(m.sample().pressure()).isEqualTo(Pressure.Medium);
            use.put(Resource.QueueLength, 0L);
            assertThat(m.sample().pressure()).isEqualTo(Pressure.Normal);
        }
    }

    @Test
    void changedLevelsApplyAtTheNextSample() {
        try (BackPressureMonitor m = monitor()) {
            assertThat(disk(m, 50)).isEqualTo(Pressure.Normal);
            config.set(BackPressureConfig.defaults().withUsedDiskSpace(new Levels(10, 20, 30)));
            assertThat(disk(m, 50)).isEqualTo(Pressure.High);
            config.set(BackPressureConfig.defaults());
            assertThat(disk(m, 50)).isEqualTo(Pressure.Normal);
        }
    }

    @Test
    void aDisabledMonitorMeasuresButPressesNothing() {
        config.set(BackPressureConfig.defaults().withEnabled(false));
        try (BackPressureMonitor m = monitor()) {
            BackPressure b = m.sample();
            assertThat(disk(m, 100)).isEqualTo(Pressure.Normal);
            assertThat(m.current().pressure()).isEqualTo(Pressure.Normal);
            assertThat(m.current().meters().get(0).use()).isEqualTo(100);
            assertThat(b.enabled()).isFalse();
        }
    }

    @Test
    void aResourceThatCannotBeMeasuredKeepsItsLastState() {
        try (BackPressureMonitor m = monitor()) {
            assertThat(disk(m, 99)).isEqualTo(Pressure.High);
            use.remove(Resource.UsedDiskSpace);
            BackPressure b = m.sample();
            assertThat(b.meters().get(0).pressure()).isEqualTo(Pressure.High);
            assertThat(b.meters().get(0).use()).isEqualTo(99);
        }
    }

    @Test
    void theGuardedStoreReportsTheLastSample() throws Exception {
        try (BackPressureMonitor m = monitor()) {
            var store = m.guard(envelope -> {
                throw new IOException("not used");
            });
            assertThat(store.pressure()).isEqualTo(Pressure.Normal);
            disk(m, 99);
            assertThat(store.pressure()).isEqualTo(Pressure.High);
        }
    }

    @Test
    void theRealSamplerMeasuresThisMachine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path d)
            throws Exception {
        Sampler real = Sampler.of(d, () -> 7);
        assertThat(real.sample(Resource.UsedDiskSpace)).isBetween(0L, 100L);
        assertThat(real.sample(Resource.UsedHeapMemory)).isBetween(0L, 100L);
        assertThat(real.sample(Resource.QueueLength)).isEqualTo(7);
    }

    @Test
    void theLevelsMustRiseFromNormalToHigh() {
        BackPressureConfig d = BackPressureConfig.defaults();
        d.check();
        assertThatThrownBy(() -> d.withUsedDiskSpace(new Levels(95, 99, 99)).check())
                .isInstanceOf(InvalidConfigurationException.class).hasMessage(
                        "The UsedDiskSpaceMediumThreshold value \"99\" must be below the"
                                + " UsedDiskSpaceHighThreshold value \"99\".");
        assertThatThrownBy(() -> d.withQueueLength(new Levels(500, 100, 1000)).check())
                .hasMessage("The QueueLengthNormalThreshold value \"500\" must be below the"
                        + " QueueLengthMediumThreshold value \"100\".");
        assertThatThrownBy(() -> d.withUsedHeapMemory(new Levels(-1, 73, 75)).check())
                .hasMessage("The UsedHeapMemoryNormalThreshold value \"-1\" is out of range:"
                        + " use 1 to 100.");
        assertThatThrownBy(() -> d.withMonitoringInterval(Duration.ofHours(2)).check())
                .hasMessageContaining("The MonitoringInterval value \"02:00:00\" is out of range");
    }

    @Test
    void aShorterIntervalAppliesAtTheRefreshNotAfterTheOldOne() {
        java.util.concurrent.atomic.AtomicInteger samples =
                new java.util.concurrent.atomic.AtomicInteger();
        config.set(BackPressureConfig.defaults().withMonitoringInterval(Duration.ofHours(1)));
        try (BackPressureMonitor m = new BackPressureMonitor(config::get, r -> {
            samples.incrementAndGet();
            return 0;
        }, clock)) {
            m.start();
            int before = samples.get();
            config.set(BackPressureConfig.defaults()
                    .withMonitoringInterval(Duration.ofMillis(100)));
            m.refresh();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> samples.get() >= before + 3 * Resource.values().length);
        }
    }
}
