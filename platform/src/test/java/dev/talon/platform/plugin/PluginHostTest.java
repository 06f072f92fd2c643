package dev.talon.platform.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.Tool;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolSpec;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.TenantConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Loads the plugin zips the build really produced, copied into an empty plugins directory. */
class PluginHostTest {

    @RegisterExtension
    static final LoadedPlugins loaded = new LoadedPlugins();

    private static TenantConfig tenant(List<String> plugins, String exec) {
        return BuiltPlugins.tenant(plugins, exec);
    }

    @Test
    void everyBuiltPluginStarts() {
        assertThat(loaded.host().startedPluginIds()).contains("tools-workspace", "tools-shell", "exec-local",
                "provider-scripted", "provider-openai", "provider-anthropic");
    }

    @Test
    void aTenantGetsOnlyTheToolsOfItsAllowedPlugins() {
        TenantToolbox box = TenantToolbox.of(tenant(List.of("tools-workspace", "provider-scripted"), "disabled"), loaded.host());

        assertThat(box.specs()).extracting(ToolSpec::name)
                .containsExactly("edit_file", "list_dir", "memory_search", "read_file", "write_file");
        assertThat(box.tool("exec")).isEmpty();
        assertThat(box.llmProvider()).get().extracting(p -> p.id()).isEqualTo("scripted");
    }

    @Test
    void execToolsNeedAnExecBackend() {
        List<String> plugins = List.of("tools-shell", "exec-local", "provider-scripted");

        ExecPolicy trustedLocal = new ExecPolicy("local", true);

        assertThat(TenantToolbox.of(BuiltPlugins.tenant(plugins, trustedLocal), loaded.host()).tool("exec")).isPresent();
        assertThat(TenantToolbox.of(BuiltPlugins.tenant(plugins, trustedLocal), loaded.host()).execBackend()).get()
                .extracting(b -> b.id()).isEqualTo("local");
        assertThat(TenantToolbox.of(tenant(plugins, "disabled"), loaded.host()).tool("exec")).isEmpty();
        // the backend's plugin must be allowed too
        assertThat(TenantToolbox.of(BuiltPlugins.tenant(List.of("tools-shell", "provider-scripted"), trustedLocal),
                loaded.host()).tool("exec")).isEmpty();
    }

    @Test
    void toolsKeepTheirSpecsAcrossTheClassLoaderBoundary() {
        Tool read = TenantToolbox.of(tenant(List.of("tools-workspace"), "disabled"), loaded.host()).tool("read_file").orElseThrow();

        assertThat(read.spec().parametersSchema().path("required").toString()).contains("path");
    }

    @Test
    void everyBuiltToolDeclaresItsEffectThroughTheLoadedPlugin() {
        TenantToolbox box = TenantToolbox.of(BuiltPlugins.tenant(List.of("tools-workspace", "tools-shell",
                "tools-web", "tools-mcp", "exec-local", "provider-scripted"), new ExecPolicy("local", true)), loaded.host());

        java.util.Map<String, ToolEffect> effects = new java.util.TreeMap<>();
        box.specs().forEach(spec -> effects.put(spec.name(), box.tool(spec.name()).orElseThrow().effect()));

        assertThat(effects).containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of(
                "edit_file", ToolEffect.SIDE_EFFECTS, "exec", ToolEffect.SIDE_EFFECTS,
                "list_dir", ToolEffect.READ_ONLY, "memory_search", ToolEffect.READ_ONLY, "read_file", ToolEffect.READ_ONLY,
                "web_fetch", ToolEffect.READ_ONLY, "web_search", ToolEffect.READ_ONLY,
                "write_file", ToolEffect.IDEMPOTENT)));
    }
}
