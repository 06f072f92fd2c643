package dev.talon.platform.workflow;

import dev.talon.platform.plugin.PluginHost;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import io.temporal.failure.ApplicationFailure;

/**
 * The tenant a worker serves. Activities ask it for the tenant's current config, and it refuses input
 * that names another tenant: a task on this tenant's queue cannot borrow another tenant's workspace,
 * tools or keys.
 */
public final class TenantScope {

    static final String WRONG_TENANT = "WrongTenant";

    private final String tenantId;
    private final TenantStore tenants;
    private final PluginHost plugins;

    public TenantScope(String tenantId, TenantStore tenants, PluginHost plugins) {
        this.tenantId = tenantId;
        this.tenants = tenants;
        this.plugins = plugins;
    }

    public String tenantId() {
        return tenantId;
    }

    /** The tenant's config, after checking that the input belongs to this worker's tenant. */
    TenantConfig config(String requestedTenant) {
        if (!tenantId.equals(requestedTenant)) {
            throw ApplicationFailure.newNonRetryableFailure("this worker serves tenant '" + tenantId
                    + "' and refuses work for tenant '" + requestedTenant + "'", WRONG_TENANT);
        }
        return tenants.find(tenantId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                "tenant '" + tenantId + "' no longer exists", WRONG_TENANT));
    }

    TenantToolbox toolbox(TenantConfig tenant) {
        return TenantToolbox.of(tenant, plugins);
    }
}
