package dev.talon.platform.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.platform.tenant.TenantAdmin;
import dev.talon.platform.tenant.ApprovalPolicy;
import dev.talon.platform.tenant.Budget;
import dev.talon.platform.tenant.Heartbeat;
import dev.talon.platform.tenant.ScheduleSettings;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.SubagentPolicy;
import dev.talon.platform.tenant.TenantConfig;
import java.util.List;
import java.util.Map;

/**
 * A tenant as the admin API shows it: key ids instead of key hashes, and whether its worker runs. Tool settings hold
 * secret references only, never secrets, so they are shown as stored.
 */
record TenantView(String id, List<String> keys, String namespace, String taskQueue, List<String> plugins,
                  ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt, ApprovalPolicy approval,
                  Map<String, JsonNode> toolSettings, Budget budget, boolean workerRunning,
                  SubagentPolicy subagents, ScheduleSettings schedules, Heartbeat heartbeat) {

    static TenantView of(TenantConfig tenant, boolean workerRunning) {
        return new TenantView(tenant.id(), tenant.apiKeys().stream().map(TenantAdmin::keyId).toList(),
                tenant.namespace(), tenant.taskQueue(), tenant.plugins(), tenant.provider(), tenant.exec(),
                tenant.limits(), tenant.systemPrompt(), tenant.approval(), tenant.toolSettings(), tenant.budget(), workerRunning,
                tenant.subagents(), tenant.schedules(), tenant.heartbeat());
    }
}
