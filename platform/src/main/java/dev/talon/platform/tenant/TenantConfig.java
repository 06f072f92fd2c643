package dev.talon.platform.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant: who may call it, where its agents run, what they may use.
 *
 * @param id           the tenant id, the key in {@code tenants.yaml}
 * @param apiKeys      hashes of the keys that may call the tenant's routes ({@code sha256:<hex>}), never plaintext
 * @param namespace    the Temporal namespace its workflows run in
 * @param taskQueue    the Temporal task queue its worker polls
 * @param plugins      plugin ids the tenant may use; its LLM sees only these plugins' tools
 * @param provider     which LLM provider plugin and model
 * @param exec         the sandbox policy for shell commands
 * @param limits       iteration, time and history limits
 * @param systemPrompt text put first in every prompt; empty for the default
 * @param approval     tools that wait for a human's approval before they run
 * @param toolSettings per tool plugin id, that plugin's settings for this tenant (a JSON object each; secrets only as
 *                     references {@code {env: NAME}} or {@code {file: /path}}), handed to its tools as ToolSettings
 * @param budget       token and cost budgets per day and month; none by default
 * @param subagents    whether its agents may start subagents ({@code spawn}), how deep and how many; off by default
 * @param schedules    whether its LLM gets the {@code cron} tool and how many schedules it may have
 * @param heartbeat    the periodic turn that reads {@code HEARTBEAT.md}; off by default
 */
@JsonIgnoreProperties(value = "id", allowGetters = true)
public record TenantConfig(String id, List<String> apiKeys, String namespace, String taskQueue, List<String> plugins,
                           ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt,
                           ApprovalPolicy approval, Map<String, JsonNode> toolSettings, Budget budget,
                           SubagentPolicy subagents, ScheduleSettings schedules, Heartbeat heartbeat) {

    public TenantConfig {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        namespace = namespace == null ? "default" : namespace;
        taskQueue = taskQueue == null && id != null ? "talon-" + id : taskQueue;
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        exec = exec == null ? ExecPolicy.DISABLED : exec;
        limits = limits == null ? Limits.DEFAULT : limits;
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        approval = approval == null ? ApprovalPolicy.NONE : approval;
        toolSettings = copyOf(toolSettings);
        budget = budget == null ? Budget.NONE : budget;
        subagents = subagents == null ? SubagentPolicy.DISABLED : subagents;
        schedules = schedules == null ? ScheduleSettings.DEFAULT : schedules;
        heartbeat = heartbeat == null ? Heartbeat.OFF : heartbeat;
    }

    /** A tenant without subagents, with default schedule settings and no heartbeat. */
    public TenantConfig(String id, List<String> apiKeys, String namespace, String taskQueue, List<String> plugins,
                        ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt,
                        ApprovalPolicy approval, Map<String, JsonNode> toolSettings, Budget budget) {
        this(id, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt, approval, toolSettings,
                budget, null, null, null);
    }

    /** A tenant without budgets. */
    public TenantConfig(String id, List<String> apiKeys, String namespace, String taskQueue, List<String> plugins,
                        ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt,
                        ApprovalPolicy approval, Map<String, JsonNode> toolSettings) {
        this(id, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt, approval, toolSettings,
                null);
    }

    /** A tenant without tool settings. */
    public TenantConfig(String id, List<String> apiKeys, String namespace, String taskQueue, List<String> plugins,
                        ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt,
                        ApprovalPolicy approval, Budget budget) {
        this(id, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt, approval, null, budget);
    }

    /** A tenant without tool settings or budgets. */
    public TenantConfig(String id, List<String> apiKeys, String namespace, String taskQueue, List<String> plugins,
                        ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt,
                        ApprovalPolicy approval) {
        this(id, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt, approval, null, null);
    }

    /** A tenant without approval rules. */
    public TenantConfig(String id, List<String> apiKeys, String namespace, String taskQueue, List<String> plugins,
                        ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt) {
        this(id, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt, null, null, null);
    }

    /** The same tenant under the id it is filed under. */
    public TenantConfig withId(String newId) {
        return new TenantConfig(newId, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt,
                approval, toolSettings, budget, subagents, schedules, heartbeat);
    }

    /** The same tenant with other API key hashes. */
    public TenantConfig withApiKeys(List<String> keys) {
        return new TenantConfig(id, keys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt,
                approval, toolSettings, budget, subagents, schedules, heartbeat);
    }

    /** The same tenant with another subagent policy. */
    public TenantConfig withSubagents(SubagentPolicy policy) {
        return new TenantConfig(id, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt,
                approval, toolSettings, budget, policy, schedules, heartbeat);
    }

    /** The same tenant with other schedule and heartbeat settings. */
    public TenantConfig withSchedules(ScheduleSettings newSchedules, Heartbeat newHeartbeat) {
        return new TenantConfig(id, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt,
                approval, toolSettings, budget, subagents, newSchedules, newHeartbeat);
    }

    /** A copy: JSON nodes are mutable, and a config is shared by threads. */
    @Override
    public Map<String, JsonNode> toolSettings() {
        return copyOf(toolSettings);
    }

    // JSON nodes are mutable: the config keeps copies of its own, in order
    private static Map<String, JsonNode> copyOf(Map<String, JsonNode> settings) {
        if (settings == null || settings.isEmpty()) {
            return Map.of();
        }
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        settings.forEach((plugin, node) -> copy.put(plugin, node == null ? null : node.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }
}
