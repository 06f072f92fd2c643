package dev.talon.platform.tenant;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Tenants held in memory: for tests and benchmarks that need no file. */
public final class InMemoryTenantStore implements TenantStore {

    private final Map<String, TenantConfig> tenants = new ConcurrentHashMap<>();
    private final TenantListeners listeners = new TenantListeners();

    public InMemoryTenantStore(List<TenantConfig> tenants) {
        tenants.forEach(tenant -> this.tenants.put(tenant.id(), tenant));
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
    public void put(TenantConfig tenant) {
        tenants.put(tenant.id(), tenant);
        listeners.fire(tenant.id(), Optional.of(tenant));
    }

    @Override
    public boolean delete(String tenantId) {
        boolean removed = tenants.remove(tenantId) != null;
        if (removed) {
            listeners.fire(tenantId, Optional.empty());
        }
        return removed;
    }

    @Override
    public void addListener(TenantListener listener) {
        listeners.add(listener);
    }
}
