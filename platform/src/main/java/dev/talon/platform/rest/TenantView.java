package dev.talon.platform.rest;

import dev.talon.platform.tenant.TenantAdmin;
import dev.talon.platform.tenant.ApprovalPolicy;
import dev.talon.platform.tenant.Budget;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import java.util.List;

/** A tenant as the admin API shows it: key ids instead of key hashes, and whether its worker runs. */
record TenantView(String id, List<String> keys, String namespace, String taskQueue, List<String> plugins,
                  ProviderConfig provider, ExecPolicy exec, Limits limits, String systemPrompt, ApprovalPolicy approval,
                  Budget budget, boolean workerRunning) {

    static TenantView of(TenantConfig tenant, boolean workerRunning) {
        return new TenantView(tenant.id(), tenant.apiKeys().stream().map(TenantAdmin::keyId).toList(),
                tenant.namespace(), tenant.taskQueue(), tenant.plugins(), tenant.provider(), tenant.exec(),
                tenant.limits(), tenant.systemPrompt(), tenant.approval(), tenant.budget(), workerRunning);
    }
}
