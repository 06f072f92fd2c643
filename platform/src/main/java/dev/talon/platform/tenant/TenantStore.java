package dev.talon.platform.tenant;

import java.util.Collection;
import java.util.Optional;

/**
 * Where tenant configs live. Readers must not cache: the config of a tenant may change while it runs, and
 * listeners hear of every change (from this process, or from another replica for shared stores).
 */
public interface TenantStore extends AutoCloseable {

    Optional<TenantConfig> find(String tenantId);

    Collection<TenantConfig> all();

    /**
     * Creates or replaces a tenant; the caller has validated it ({@link TenantValidation#problems}).
     *
     * @throws IllegalStateException when the store cannot write (a read-only source, a conflict)
     */
    void put(TenantConfig tenant);

    /** Removes a tenant; false when there was none. */
    boolean delete(String tenantId);

    /** Calls the listener after every change, with the tenant's new config or empty when it was deleted. */
    void addListener(TenantListener listener);

    /** Stops following changes (a shared store's watch); the last view stays readable. */
    @Override
    default void close() {
    }
}
