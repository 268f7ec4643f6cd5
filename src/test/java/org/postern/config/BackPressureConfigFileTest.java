package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Back pressure's settings in the configuration file: kept, defaulted, and checked on load. */
class BackPressureConfigFileTest {

    private static final ServerIdentity SERVER = new ServerIdentity("EX01", "ex01.contoso.com",
            "CONTOSO");

    @TempDir
    Path dir;

    private Configuration base() {
        return Setup.initial(SERVER, "contoso.com", 0, Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void everySettingSurvivesARoundTrip() throws Exception {
        BackPressureConfig changed = BackPressureConfig.defaults().withEnabled(false)
                .withMonitoringInterval(Duration.ofMillis(500))
                .withUsedDiskSpace(new BackPressureConfig.Levels(80, 85, 90))
                .withUsedHeapMemory(new BackPressureConfig.Levels(60, 70, 80))
                .withQueueLength(new BackPressureConfig.Levels(5, 50, 500));
        Configuration config = base().withBackPressure(changed);
        new ConfigFile(dir).write(config);
        assertThat(new ConfigFile(dir).read().backPressure()).isEqualTo(changed);
    }

    @Test
    void aFileWithoutTheSectionGetsTheDefaults() throws Exception {
        new ConfigFile(dir).write(base());
        Path file = dir.resolve("config.json");
        String text = Files.readString(file);
        int start = text.indexOf("\"backPressure\"");
        assertThat(start).isPositive();
        // Drop the section (the last one): as a file written before back pressure existed.
        String older = text.substring(0, text.lastIndexOf(',', start)) + "\n}\n";
        Files.writeString(file, older);
        assertThat(new ConfigFile(dir).read().backPressure())
                .isEqualTo(BackPressureConfig.defaults());
    }

    @Test
    void levelsOutOfOrderInTheFileAreRefusedByName() throws Exception {
        new ConfigFile(dir).write(base());
        Path file = dir.resolve("config.json");
        String text = Files.readString(file).replaceFirst("\"high\" : 99", "\"high\" : 50");
        assertThat(text).contains("\"high\" : 50");
        Files.writeString(file, text);
        assertThatThrownBy(() -> new ConfigFile(dir).read())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("backPressure: The UsedDiskSpaceMediumThreshold value"
                        + " \"97\" must be below the UsedDiskSpaceHighThreshold value \"50\".");
    }

    @Test
    void aNormalThresholdOfZeroIsRefusedSinceNoUseFallsBelowIt() {
        // The input that was accepted: the state could then never return to Normal.
        assertThatThrownBy(() -> BackPressureConfig.defaults()
                .withUsedDiskSpace(new BackPressureConfig.Levels(0, 97, 99)).check())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("The UsedDiskSpaceNormalThreshold value \"0\" is out of range:"
                        + " use 1 to 100.");
        assertThatThrownBy(() -> BackPressureConfig.defaults()
                .withQueueLength(new BackPressureConfig.Levels(0, 10, 20)).check())
                .hasMessageContaining("QueueLengthNormalThreshold value \"0\"");
        BackPressureConfig.defaults().withQueueLength(new BackPressureConfig.Levels(1, 2, 3))
                .check();
    }
}
