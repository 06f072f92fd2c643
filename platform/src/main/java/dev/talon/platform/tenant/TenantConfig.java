package dev.talon.platform.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

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
 * @param budget       token and cost budgets per day and month; none by default
 */
@JsonIgnoreProperties(value = "id", allowGetters = true)
public record TenantConfig(String id, List<String> apiKeys, String namespace, String taskQueue, List<String> plugins,
                           ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt,
                           ApprovalPolicy approval, Budget budget) {

    public TenantConfig {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        namespace = namespace == null ? "default" : namespace;
        taskQueue = taskQueue == null && id != null ? "talon-" + id : taskQueue;
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        exec = exec == null ? ExecPolicy.DISABLED : exec;
        limits = limits == null ? Limits.DEFAULT : limits;
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        approval = approval == null ? ApprovalPolicy.NONE : approval;
        budget = budget == null ? Budget.NONE : budget;
    }

    /** A tenant without budgets. */
    public TenantConfig(String id, List<String> apiKeys, String namespace, String taskQueue, List<String> plugins,
                        ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt,
                        ApprovalPolicy approval) {
        this(id, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt, approval, null);
    }

    /** A tenant without approval rules. */
    public TenantConfig(String id, List<String> apiKeys, String namespace, String taskQueue, List<String> plugins,
                        ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt) {
        this(id, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt, null);
    }

    /** The same tenant under the id it is filed under. */
    public TenantConfig withId(String newId) {
        return new TenantConfig(newId, apiKeys, namespace, taskQueue, plugins, provider, exec, limits, systemPrompt,
                approval, budget);
    }
}
