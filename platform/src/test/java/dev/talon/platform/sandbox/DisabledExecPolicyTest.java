package dev.talon.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecBackend;
import dev.talon.api.ToolSpec;
import dev.talon.platform.plugin.PluginHost;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code disabled} exec policy, over the plugin zips the build produced: the tenant may use every exec
 * plugin there is, and still gets no exec tool. The worker runs only tools of the same toolbox, so a forged
 * {@code exec} call is answered "Error: Tool 'exec' not found" (ToolActivitiesImpl) and never reaches a backend.
 */
class DisabledExecPolicyTest {

    private static final List<String> EVERY_EXEC_PLUGIN = List.of("tools-workspace", "tools-shell", "exec-local",
            "exec-bubblewrap", "provider-scripted");

    @TempDir
    static Path pluginsDir;

    static PluginHost host;

    @BeforeAll
    static void loadBuiltZips() throws IOException {
        Path built = Path.of(System.getProperty("talon.test.plugins-dir", "target/plugins"));
        try (Stream<Path> zips = Files.list(built)) {
            for (Path zip : zips.filter(p -> p.toString().endsWith(".zip")).toList()) {
                Files.copy(zip, pluginsDir.resolve(zip.getFileName()));
            }
        }
        host = new PluginHost(pluginsDir, (plugin, key) -> Optional.empty());
    }

    @AfterAll
    static void close() {
        host.close();
    }

    private static TenantToolbox toolbox(String execBackend) {
        return TenantToolbox.of(new TenantConfig("acme", List.of(), "default", "q", EVERY_EXEC_PLUGIN,
                new ProviderConfig("provider-scripted", "scripted", null, null, null, null, null),
                new ExecPolicy(execBackend), Limits.DEFAULT, null), host);
    }

    @Test
    void disabledOffersTheLlmNoExecTool() {
        List<String> offered = toolbox("disabled").specs().stream().map(ToolSpec::name).toList();

        assertThat(offered).contains("read_file", "write_file").doesNotContain("exec");
    }

    @Test
    void disabledLeavesAForgedExecCallNoToolAndNoBackend() {
        TenantToolbox toolbox = toolbox("disabled");

        assertThat(toolbox.tool("exec")).isEmpty();
        assertThat(toolbox.execBackend()).isEmpty();
    }

    @Test
    void aBackendNoPluginOffersFailsClosedLikeDisabled() {
        TenantToolbox toolbox = toolbox("bubblewarp");

        assertThat(toolbox.tool("exec")).isEmpty();
        assertThat(toolbox.execBackend()).isEmpty();
    }

    @Test
    void bubblewrapGivesTheSameTenantExecThroughTheBubblewrapBackend() {
        TenantToolbox toolbox = toolbox("bubblewrap");

        assertThat(toolbox.tool("exec")).isPresent();
        assertThat(toolbox.execBackend()).get().extracting(ExecBackend::id).isEqualTo("bubblewrap");
    }
}
