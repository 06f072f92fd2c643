package dev.talon.platform.tenant;

import java.util.Objects;
import java.util.Optional;

/**
 * One tenant before and after a change made by {@link TenantStore#update}, both read under the store's lock.
 *
 * @param before the tenant as it was stored when the change was applied; empty when there was none
 * @param after  the tenant as stored now; empty when there is none (deleted, or never was)
 */
public record TenantChange(Optional<TenantConfig> before, Optional<TenantConfig> after) {

    public TenantChange {
        Objects.requireNonNull(before);
        Objects.requireNonNull(after);
    }

    /** False when the change left the tenant as it was (nothing was written). */
    public boolean changed() {
        return !before.equals(after);
    }
}
