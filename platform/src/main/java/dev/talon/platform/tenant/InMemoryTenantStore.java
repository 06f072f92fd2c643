package dev.talon.platform.tenant;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Tenants held in memory: for tests and benchmarks that need no file. */
public final class InMemoryTenantStore implements TenantStore {

    private final TenantListeners listeners = new TenantListeners();
    /** Replaced whole under this store's monitor, read without it. */
    private volatile Map<String, TenantConfig> tenants;

    public InMemoryTenantStore(List<TenantConfig> tenants) {
        Map<String, TenantConfig> byId = new LinkedHashMap<>();
        tenants.forEach(tenant -> byId.put(tenant.id(), tenant));
        this.tenants = Map.copyOf(byId);
    }

    @Override
    public Optional<TenantConfig> find(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    @Override
    public Collection<TenantConfig> all() {
        return List.copyOf(tenants.values());
    }

    @Override
    public synchronized TenantChange update(String tenantId, UnaryOperator<Optional<TenantConfig>> change) {
        TenantEdit edit = TenantEdit.apply(tenants, tenantId, change);
        if (edit.changed()) {
            tenants = edit.next();
            listeners.fire(tenantId, edit.change().after());
        }
        return edit.change();
    }

    @Override
    public void addListener(TenantListener listener) {
        listeners.add(listener);
    }
}
