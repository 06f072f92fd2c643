package dev.talon.platform.tenant;

import java.util.Collection;
import java.util.Optional;

/** Where tenant configs live. Readers must not cache: the config of a tenant may change while it runs. */
public interface TenantStore {

    Optional<TenantConfig> find(String tenantId);

    Collection<TenantConfig> all();
}
