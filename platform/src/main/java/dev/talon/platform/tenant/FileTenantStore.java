package dev.talon.platform.tenant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenants in a YAML file ({@code config/tenants.yaml}): read and validated at start; every change through the
 * admin API rewrites the file atomically (temp file + rename), so it survives a restart and a crash mid-write.
 */
public final class FileTenantStore implements TenantStore {

    private final Path file;
    private final Map<String, TenantConfig> tenants;
    private final TenantListeners listeners = new TenantListeners();

    private FileTenantStore(Path file, Map<String, TenantConfig> tenants) {
        this.file = file;
        this.tenants = new LinkedHashMap<>(tenants);
    }

    /**
     * Reads and validates the file.
     *
     * @throws IllegalStateException naming the file and what is wrong with it
     */
    public static FileTenantStore load(Path file) {
        if (!Files.exists(file)) {
            if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
                throw new IllegalStateException("tenant config " + file + " does not exist and neither does its folder; "
                        + "set talon.tenants-file (env TALON_TENANTS_FILE) to your tenants.yaml");
            }
            System.getLogger(FileTenantStore.class.getName()).log(System.Logger.Level.WARNING,
                    "tenant config {0} does not exist: starting with no tenants; the admin API will create it", file);
            return new FileTenantStore(file, Map.of());
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tenant config " + file, e);
        }
        return new FileTenantStore(file, TenantsYaml.read(text, "tenant config " + file));
    }

    @Override
    public synchronized Optional<TenantConfig> find(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    @Override
    public synchronized Collection<TenantConfig> all() {
        return List.copyOf(tenants.values());
    }

    @Override
    public void put(TenantConfig tenant) {
        synchronized (this) {
            Map<String, TenantConfig> next = new LinkedHashMap<>(tenants);
            next.put(tenant.id(), tenant);
            save(next);
            tenants.put(tenant.id(), tenant);
        }
        listeners.fire(tenant.id(), Optional.of(tenant));
    }

    @Override
    public boolean delete(String tenantId) {
        synchronized (this) {
            if (!tenants.containsKey(tenantId)) {
                return false;
            }
            Map<String, TenantConfig> next = new LinkedHashMap<>(tenants);
            next.remove(tenantId);
            save(next);
            tenants.remove(tenantId);
        }
        listeners.fire(tenantId, Optional.empty());
        return true;
    }

    @Override
    public void addListener(TenantListener listener) {
        listeners.add(listener);
    }

    private void save(Map<String, TenantConfig> next) {
        try {
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".tenants", ".tmp");
            try {
                Files.writeString(temp, "# Written by Talon's admin API; edits by hand are fine while it is stopped.\n"
                        + TenantsYaml.write(next));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write tenant config " + file + ": " + e.getMessage(), e);
        }
    }
}
