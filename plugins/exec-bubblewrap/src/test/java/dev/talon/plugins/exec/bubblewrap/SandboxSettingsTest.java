package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

    @Test
    void nothingConfiguredGivesTheDefaults() {
        assertThat(SandboxSettings.from(Settings.none()))
                .isEqualTo(new SandboxSettings(1024, 60, 256, false, 256, List.of(), Optional.empty()));
    }

    @Test
    void everySettingIsRead() {
        SandboxSettings settings = SandboxSettings.from(new Settings(Map.of(
                "memory-mb", "512", "cpu-seconds", " 30 ", "max-processes", "64", "network", "TRUE", "tmp-mb", "16",
                "ro-binds", "/opt/tools, /srv/data/", "bwrap", "/opt/bin/bwrap")));

        assertThat(settings).isEqualTo(new SandboxSettings(512, 30, 64, true, 16,
                List.of(Path.of("/opt/tools"), Path.of("/srv/data")), Optional.of(Path.of("/opt/bin/bwrap"))));
    }

    @Test
    void valuesThatDoNotParseFallBackToTheStricterDefaults() {
        SandboxSettings settings = SandboxSettings.from(new Settings(Map.of(
                "memory-mb", "lots", "cpu-seconds", "0", "max-processes", "-5", "network", "yes", "tmp-mb", "1.5")));

        assertThat(settings).isEqualTo(SandboxSettings.DEFAULTS);
    }

    @Test
    void relativeRoBindsAreLeftOut() {
        SandboxSettings settings = SandboxSettings.from(new Settings(Map.of("ro-binds", "tools,/opt/tools,,../etc")));

        assertThat(settings.extraReadOnly()).containsExactly(Path.of("/opt/tools"));
    }
}
