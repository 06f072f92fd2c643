package dev.talon.platform.tenant;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners of a store, each told of every change; one failing listener does not stop the others. */
final class TenantListeners {

    private static final System.Logger LOG = System.getLogger(TenantListeners.class.getName());

    private final List<TenantListener> listeners = new CopyOnWriteArrayList<>();

    public void add(TenantListener listener) {
        listeners.add(listener);
    }

    public void fire(String tenantId, Optional<TenantConfig> now) {
        for (TenantListener listener : listeners) {
            try {
                listener.changed(tenantId, now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a listener failed on the change of tenant " + tenantId, e);
            }
        }
    }
}
