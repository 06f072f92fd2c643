package dev.talon.platform.tenant;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants held in memory: for tests and benchmarks that need no file. */
public final class InMemoryTenantStore implements TenantStore {

    private final Map<String, TenantConfig> tenants = new LinkedHashMap<>();

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
}
