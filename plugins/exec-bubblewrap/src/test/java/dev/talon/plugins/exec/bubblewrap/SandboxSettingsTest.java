package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.plugintest.MapPluginContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

    @Test
    void nothingConfiguredGivesTheDefaults() {
        assertThat(SandboxSettings.from(MapPluginContext.none("exec-bubblewrap")))
                .isEqualTo(new SandboxSettings(1024, 60, 256, false, 256, List.of(), Optional.empty(),
                        new UidRange(2_000_000_000L, 2_000_065_535L)));
    }

    @Test
    void everySettingIsRead() {
        SandboxSettings settings = SandboxSettings.from(new MapPluginContext("exec-bubblewrap", Map.of(
                "memory-mb", "512", "cpu-seconds", " 30 ", "max-processes", "64", "network", "TRUE", "tmp-mb", "16",
                "ro-binds", "/opt/tools, /srv/data/", "bwrap", "/opt/bin/bwrap", "uid-range", " 300000 - 300999 ")));

        assertThat(settings).isEqualTo(new SandboxSettings(512, 30, 64, true, 16,
                List.of(Path.of("/opt/tools"), Path.of("/srv/data")), Optional.of(Path.of("/opt/bin/bwrap")),
                new UidRange(300_000, 300_999)));
    }

    @Test
    void valuesThatDoNotParseFallBackToTheStricterDefaults() {
        SandboxSettings settings = SandboxSettings.from(new MapPluginContext("exec-bubblewrap", Map.of(
                "memory-mb", "lots", "cpu-seconds", "0", "max-processes", "-5", "network", "yes", "tmp-mb", "1.5",
                "uid-range", "0-65535")));

        assertThat(settings).isEqualTo(SandboxSettings.DEFAULTS);
    }

    @Test
    void relativeRoBindsAreLeftOut() {
        SandboxSettings settings = SandboxSettings.from(new MapPluginContext("exec-bubblewrap", Map.of("ro-binds", "tools,/opt/tools,,../etc")));

        assertThat(settings.extraReadOnly()).containsExactly(Path.of("/opt/tools"));
    }

    @Test
    void aUidRangeReachingIntoTheSystemsUsersOrBackwardsIsRefused() {
        for (String range : List.of("0", "0-100", "999-2000", "5000-4000", "1000-2147483647", "x-y", "-5", "1-2-3")) {
            assertThat(UidRange.parse(range)).as(range).isEmpty();
        }
        assertThat(UidRange.parse("65534")).contains(new UidRange(65534, 65534));
    }

    @Test
    void eachTenantGetsAStableUidFromTheRange() {
        UidRange range = new UidRange(300_000, 300_999);

        assertThat(range.uidFor("acme")).isEqualTo(range.uidFor("acme")).isBetween(300_000, 300_999);
        assertThat(new UidRange(65534, 65534).uidFor("acme")).isEqualTo(65534);
        long distinct = java.util.stream.IntStream.range(0, 50).map(i -> range.uidFor("tenant-" + i)).distinct().count();
        assertThat(distinct).as("50 tenants over 1000 uids mostly differ").isGreaterThan(40);
    }
}
