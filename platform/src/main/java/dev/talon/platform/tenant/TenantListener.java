package dev.talon.platform.tenant;

import java.util.Optional;

/** Hears tenant changes: workers start, restart and stop on them. */
@FunctionalInterface
public interface TenantListener {

    /**
     * @param tenantId the tenant that changed
     * @param now      its config now, or empty when it was deleted
     */
    void changed(String tenantId, Optional<TenantConfig> now);
}
