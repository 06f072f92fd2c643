package dev.talon.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.api.ExecBackend;
import dev.talon.platform.plugin.BuiltPlugins;
import dev.talon.platform.plugin.LoadedPlugins;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.FileTenantStore;
import dev.talon.platform.tenant.TenantConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * exec backend {@code local} runs the model's commands as the platform's user: {@code cat /proc/$PPID/environ}
 * prints the platform's secrets, and every file the platform can read is readable. Only a tenant marked trusted
 * gets it: the tenants file refuses the others, and the worker's toolbox never hands them the backend.
 */
@Tag("hostile-model")
class TrustedLocalExecTest {

    private static final List<String> LOCAL_PLUGINS = List.of("tools-workspace", "tools-shell", "exec-local",
            "provider-scripted");

    @RegisterExtension
    static final LoadedPlugins loaded = new LoadedPlugins();

    @TempDir
    Path dir;

    @Test
    @DisplayName("exec-local exposes the platform: a tenants file with an untrusted tenant on it is refused")
    void aTenantsFileWithAnUntrustedLocalTenantIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("tenants.yaml"), """
                tenants:
                  acme:
                    plugins: [tools-workspace, tools-shell, exec-local, provider-scripted]
                    provider: {plugin: provider-scripted}
                    exec: {backend: local}
                """);

        assertThatThrownBy(() -> FileTenantStore.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("acme: exec backend 'local' runs commands as the platform's user")
                .hasMessageContaining("trusted: true");
    }

    @Test
    @DisplayName("exec-local exposes the platform: the worker gives an untrusted tenant no local backend")
    void theWorkerGivesAnUntrustedTenantNeitherTheBackendNorTheExecTool() {
        // as a store that skipped validation would hand it over
        TenantConfig untrusted = BuiltPlugins.tenant(LOCAL_PLUGINS, "local");

        TenantToolbox toolbox = TenantToolbox.of(untrusted, loaded.host());

        assertThat(toolbox.execBackend()).isEmpty();
        assertThat(toolbox.tool("exec")).isEmpty();
        assertThat(toolbox.tool("read_file")).isPresent();
    }

    @Test
    @DisplayName("exec-local exposes the platform: a tenant marked trusted in its file gets it")
    void aTenantMarkedTrustedGetsTheLocalBackend() throws Exception {
        Path file = Files.writeString(dir.resolve("tenants.yaml"), """
                tenants:
                  demo:
                    plugins: [tools-workspace, tools-shell, exec-local, provider-scripted]
                    provider: {plugin: provider-scripted}
                    exec: {backend: local, trusted: true}
                """);
        TenantConfig trusted = FileTenantStore.load(file).find("demo").orElseThrow();

        TenantToolbox toolbox = TenantToolbox.of(trusted, loaded.host());

        assertThat(toolbox.execBackend()).get().extracting(ExecBackend::id).isEqualTo("local");
        assertThat(toolbox.tool("exec")).isPresent();
    }
}
