package dev.talon.platform.tenant;

import java.util.Collection;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where tenant configs live. Readers must not cache: the config of a tenant may change while it runs, and
 * listeners hear of every change (from this process, or from another replica for shared stores).
 */
public interface TenantStore extends AutoCloseable {

    Optional<TenantConfig> find(String tenantId);

    Collection<TenantConfig> all();

    /**
     * Changes one tenant as it is stored now. The store reads its current content (not a view that may be
     * behind another writer), gives the change the tenant's config from it, checks the result and writes it, with
     * no other change in between, from this process or another: every change is a read-modify-write of the
     * current tenant, so none undoes another (a revoked key stays revoked while someone edits the tenant).
     * The change may be called more than once (a shared store calls it again after a conflicting write): it must
     * do nothing but compute the result.
     *
     * @param tenantId the tenant to change
     * @param change   from the tenant as stored (empty: none) to what to store (empty: none, deleting it);
     *                 what it throws refuses the change (nothing is written) and reaches the caller
     * @return the tenant before and after; nothing is written when they are equal
     * @throws InvalidTenantException when the result is not valid, or would share its namespace and task queue
     *                                with another tenant
     * @throws IllegalStateException  when the store cannot write (a read-only source, invalid stored content,
     *                                too many conflicting writers)
     */
    TenantChange update(String tenantId, UnaryOperator<Optional<TenantConfig>> change);

    /**
     * Creates or replaces a tenant as given, keys included.
     *
     * @throws InvalidTenantException when it is not valid or shares its task queue
     * @throws IllegalStateException  when the store cannot write
     */
    default void put(TenantConfig tenant) {
        update(tenant.id(), current -> Optional.of(tenant));
    }

    /** Removes a tenant; false when there was none. */
    default boolean delete(String tenantId) {
        return update(tenantId, current -> Optional.empty()).before().isPresent();
    }

    /** Calls the listener after every change, with the tenant's new config or empty when it was deleted. */
    void addListener(TenantListener listener);

    /** Stops following changes (a shared store's watch); the last view stays readable. */
    @Override
    default void close() {
    }
}
