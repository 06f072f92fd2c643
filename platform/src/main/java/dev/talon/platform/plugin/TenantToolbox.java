package dev.talon.platform.plugin;

import dev.talon.api.ExecBackend;
import dev.talon.api.LlmProvider;
import dev.talon.api.Tool;
import dev.talon.api.SecretResolver;
import dev.talon.api.ToolProvider;
import dev.talon.api.ToolScope;
import dev.talon.api.ToolSettings;
import dev.talon.api.ToolSpec;
import dev.talon.platform.tenant.TenantConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one tenant may use, resolved from its config against the loaded plugins: the tools of its allowed
 * plugins (minus exec tools when exec is disabled, or is {@code local} for a tenant not marked trusted), its exec
 * backend and its LLM provider. The same view decides what the LLM is offered and what the worker agrees to run,
 * so a forged call cannot reach a tool the tenant was never offered.
 */
public final class TenantToolbox {

    private static final System.Logger LOG = System.getLogger(TenantToolbox.class.getName());

    private final Map<String, Tool> tools;
    /** Which plugin offers each tool: its settings are the tenant's {@code toolSettings} for that plugin. */
    private final Map<String, String> pluginOfTool;
    private final Optional<ExecBackend> execBackend;
    private final Optional<LlmProvider> llmProvider;

    private TenantToolbox(Map<String, Tool> tools, Map<String, String> pluginOfTool,
                          Optional<ExecBackend> execBackend, Optional<LlmProvider> llmProvider) {
        this.tools = tools;
        this.pluginOfTool = pluginOfTool;
        this.execBackend = execBackend;
        this.llmProvider = llmProvider;
    }

    /** The toolbox of a tenant whose workspace is not known here: tools found by running something offer none. */
    public static TenantToolbox of(TenantConfig tenant, PluginHost host) {
        return of(tenant, host, Optional.empty());
    }

    /** The toolbox of a tenant whose tools run in {@code workspace} (what a worker knows from its data layout). */
    public static TenantToolbox of(TenantConfig tenant, PluginHost host, Optional<Path> workspace) {
        // one snapshot for every part: a plugin change in the middle cannot mix two moments in one toolbox
        PluginSnapshot plugins = host.snapshot();
        Optional<ExecBackend> exec = tenant.exec().disabled() || refusedLocal(tenant)
                ? Optional.empty()
                : plugins.execBackend(tenant.exec().backend(), tenant.plugins());
        ToolScope scope = new ToolScope(tenant.id(), exec.isPresent(), exec, workspace,
                Duration.ofSeconds(tenant.limits().execTimeoutSeconds()));
        Map<String, Tool> tools = new LinkedHashMap<>();
        Map<String, String> pluginOfTool = new LinkedHashMap<>();
        for (String pluginId : tenant.plugins()) {
            for (ToolProvider provider : plugins.toolProviders(List.of(pluginId))) {
                for (Tool tool : toolsOf(tenant, pluginId, provider, scope)) {
                    String name = tool.spec().name();
                    if (tool.requiresExec() && exec.isEmpty()) {
                        continue;
                    }
                    if (tools.putIfAbsent(name, tool) != null) {
                        LOG.log(System.Logger.Level.WARNING, "tenant {0}: two plugins offer tool {1}; the first wins",
                                tenant.id(), name);
                    } else {
                        pluginOfTool.put(name, pluginId);
                    }
                }
            }
        }
        Optional<LlmProvider> provider = tenant.provider() == null
                ? Optional.empty()
                : plugins.llmProvider(tenant.provider().plugin());
        return new TenantToolbox(Map.copyOf(tools), Map.copyOf(pluginOfTool), exec, provider);
    }

    /**
     * The provider's tools for this tenant, given its settings for the plugin without their secrets (a listing
     * reads none). A provider that fails to list (a plugin bug, a broken library) offers nothing this time: one
     * plugin must not stop every activity of the tenant.
     */
    private static List<Tool> toolsOf(TenantConfig tenant, String pluginId, ToolProvider provider, ToolScope scope) {
        try {
            return provider.tools(ToolSettings.of(tenant.toolSettings().get(pluginId), SecretResolver.NONE), scope);
        } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
            LOG.log(System.Logger.Level.WARNING, "tenant {0}: plugin {1} could not list its tools, it offers none"
                    + " now: {2}", tenant.id(), pluginId, String.valueOf(e));
            return List.of();
        }
    }

    /**
     * Exec backend {@code local} runs commands as the platform's user, with its environment and files: never for
     * a tenant not marked trusted, even when a config got past validation (a store edited by hand, a bug).
     */
    private static boolean refusedLocal(TenantConfig tenant) {
        if (!tenant.exec().untrustedLocal()) {
            return false;
        }
        LOG.log(System.Logger.Level.WARNING, "tenant {0}: exec backend ''local'' refused, the tenant is not marked"
                + " trusted (exec: '{'backend: local, trusted: true'}'); its exec tool is left out", tenant.id());
        return true;
    }

    /** A toolbox of given parts, not resolved from plugins: for tests and benchmarks. */
    public static TenantToolbox of(List<Tool> tools, Optional<ExecBackend> execBackend, Optional<LlmProvider> llmProvider) {
        Map<String, Tool> byName = new LinkedHashMap<>();
        tools.forEach(tool -> byName.putIfAbsent(tool.spec().name(), tool));
        return new TenantToolbox(Map.copyOf(byName), Map.of(), execBackend, llmProvider);
    }

    /**
     * This toolbox plus tools the platform itself provides (the cron tool): a plugin's tool of the same name keeps
     * its place, since the tenant chose that plugin.
     */
    public TenantToolbox withPlatformTools(List<Tool> platformTools) {
        if (platformTools.isEmpty()) {
            return this;
        }
        Map<String, Tool> all = new LinkedHashMap<>(tools);
        platformTools.forEach(tool -> all.putIfAbsent(tool.spec().name(), tool));
        return new TenantToolbox(Map.copyOf(all), pluginOfTool, execBackend, llmProvider);
    }

    /** What the LLM is told it may call. */
    public List<ToolSpec> specs() {
        return tools.values().stream().map(Tool::spec).sorted(java.util.Comparator.comparing(ToolSpec::name)).toList();
    }

    /** The tool with this name, if the tenant may run it. */
    public Optional<Tool> tool(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** The id of the plugin that offers this tool; empty for a toolbox not resolved from plugins. */
    public Optional<String> pluginOf(String toolName) {
        return Optional.ofNullable(pluginOfTool.get(toolName));
    }

    public Optional<ExecBackend> execBackend() {
        return execBackend;
    }

    public Optional<LlmProvider> llmProvider() {
        return llmProvider;
    }
}
