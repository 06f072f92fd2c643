package dev.talon.platform.worker;

import dev.talon.platform.data.DataLayout;
import dev.talon.platform.plugin.PluginHost;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tenant a worker serves. Activities ask it for the tenant's current config, and it refuses input
 * that names another tenant: a task on this tenant's queue cannot borrow another tenant's workspace,
 * tools or keys.
 */
public final class TenantScope {

    static final String WRONG_TENANT = "WrongTenant";

    private final String tenantId;
    private final TenantStore tenants;
    private final Function<TenantConfig, TenantToolbox> toolboxes;

    public TenantScope(String tenantId, TenantStore tenants, PluginHost plugins) {
        this(tenantId, tenants, tenant -> TenantToolbox.of(tenant, plugins));
    }

    /** A worker's scope: the tenant's tools know its workspace (stdio MCP servers start there, in its sandbox). */
    public TenantScope(String tenantId, TenantStore tenants, PluginHost plugins, DataLayout layout) {
        this(tenantId, tenants,
                tenant -> TenantToolbox.of(tenant, plugins, Optional.of(layout.workspace(tenant.id()))));
    }

    /** A scope whose toolbox comes from elsewhere than loaded plugins: tests and benchmarks. */
    public TenantScope(String tenantId, TenantStore tenants, Function<TenantConfig, TenantToolbox> toolboxes) {
        this.tenantId = tenantId;
        this.tenants = tenants;
        this.toolboxes = toolboxes;
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
        return toolboxes.apply(tenant);
    }
}
