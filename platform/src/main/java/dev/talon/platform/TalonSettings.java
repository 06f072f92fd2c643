package dev.talon.platform;

import dev.talon.platform.client.TemporalEndpoints;
import dev.talon.platform.tenant.KubernetesTenantSettings;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;

/**
 * The platform's own settings, read once from MicroProfile Config (system properties, then environment
 * variables such as {@code TALON_DATA_DIR}, then {@code config/application.yaml}).
 *
 * @param dataDir        the workspace volume: tenants' workspaces, sessions, memory, turn logs
 * @param pluginsDir     where plugin zips and jars are loaded from
 * @param tenantsStore   where tenants live: {@code file} (tenantsFile) or {@code kubernetes} (kubernetesTenants)
 * @param tenantsFile    the tenant config file
 * @param kubernetesTenants the ConfigMap of the {@code kubernetes} tenant store
 * @param temporal       the Temporal frontends: {@code talon.temporal.target} ({@code host:port}, or {@code in-memory}
 *                       for tests, see {@code InMemoryTemporal}), TLS and API keys, per namespace where they differ
 * @param workersEnabled whether this process runs Temporal workers
 */
public record TalonSettings(Path dataDir, Path pluginsDir, String tenantsStore, Path tenantsFile,
                            KubernetesTenantSettings kubernetesTenants, TemporalEndpoints temporal,
                            boolean workersEnabled) {

    public static final String IN_MEMORY = "in-memory";
    public static final String FILE_STORE = "file";
    public static final String KUBERNETES_STORE = "kubernetes";

    public TalonSettings {
        if (!FILE_STORE.equals(tenantsStore) && !KUBERNETES_STORE.equals(tenantsStore)) {
            throw new IllegalStateException("talon.tenants.store is '" + tenantsStore + "'; use " + FILE_STORE
                    + " or " + KUBERNETES_STORE);
        }
    }

    public static TalonSettings from(Config config) {
        return new TalonSettings(
                path(config, "talon.data-dir", ".talon/data"),
                path(config, "talon.plugins-dir", ".talon/plugins"),
                config.getOptionalValue("talon.tenants.store", String.class).orElse(FILE_STORE).strip(),
                path(config, "talon.tenants-file", "config/tenants.yaml"),
                new KubernetesTenantSettings(
                        config.getOptionalValue("talon.tenants.kubernetes.namespace", String.class),
                        config.getOptionalValue("talon.tenants.kubernetes.config-map", String.class)
                                .orElse(KubernetesTenantSettings.DEFAULT_CONFIG_MAP),
                        config.getOptionalValue("talon.tenants.kubernetes.api-url", String.class)),
                TemporalEndpoints.from(config),
                config.getOptionalValue("talon.workers.enabled", Boolean.class).orElse(true));
    }

    private static Path path(Config config, String key, String fallback) {
        return Path.of(config.getOptionalValue(key, String.class).orElse(fallback)).toAbsolutePath().normalize();
    }
}
