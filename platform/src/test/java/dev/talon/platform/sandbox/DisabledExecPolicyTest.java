package dev.talon.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecBackend;
import dev.talon.api.ToolSpec;
import dev.talon.platform.plugin.BuiltPlugins;
import dev.talon.platform.plugin.LoadedPlugins;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code disabled} exec policy, over the plugin zips the build produced: the tenant may use every exec
 * plugin there is, and still gets no exec tool. The worker runs only tools of the same toolbox, so a forged
 * {@code exec} call is answered "Error: Tool 'exec' not found" (ToolActivitiesImpl) and never reaches a backend.
 */
class DisabledExecPolicyTest {

    private static final List<String> EVERY_EXEC_PLUGIN = List.of("tools-workspace", "tools-shell", "exec-local",
            "exec-bubblewrap", "provider-scripted");

    @RegisterExtension
    static final LoadedPlugins loaded = new LoadedPlugins();

    private static TenantToolbox toolbox(String execBackend) {
        return TenantToolbox.of(BuiltPlugins.tenant(EVERY_EXEC_PLUGIN, execBackend), loaded.host());
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
