package dev.talon.platform.schedule;

import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantListener;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keeps each tenant's heartbeat schedule what its config says, and its jobs on its task queue: at start for every tenant (a config changed while
 * nothing ran), then on every change the store reports. Temporal calls run off the store's thread; a failure is
 * logged and mended by the next change or start. A deleted tenant's schedules are removed by the admin delete
 * ({@code TenantAdmin}), which still knows its namespace.
 */
public final class HeartbeatSchedules implements TenantListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HeartbeatSchedules.class.getName());

    private final TenantSchedules schedules;
    /** One at a time, in order: two quick changes of a tenant must not apply out of order. */
    private final ExecutorService applier = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

    public HeartbeatSchedules(TenantSchedules schedules) {
        this.schedules = schedules;
    }

    /** Applies every tenant's heartbeat setting (in the background). */
    public void reconcile(Collection<TenantConfig> tenants) {
        tenants.forEach(tenant -> applier.execute(() -> apply(tenant)));
    }

    @Override
    public void changed(String tenantId, Optional<TenantConfig> now) {
        now.ifPresent(tenant -> applier.execute(() -> apply(tenant)));
    }

    private void apply(TenantConfig tenant) {
        try {
            schedules.applyHeartbeat(tenant);
            schedules.retarget(tenant);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tenant {0}: its heartbeat schedule could not be brought in line with"
                    + " its config now: {1}", tenant.id(), String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        applier.shutdownNow();
    }
}
