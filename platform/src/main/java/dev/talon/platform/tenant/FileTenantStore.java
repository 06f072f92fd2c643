package dev.talon.platform.tenant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Tenants in a YAML file ({@code config/tenants.yaml}): read and validated at start; every change through the
 * admin API rewrites the file atomically (temp file + rename), so it survives a restart and a crash mid-write.
 * A change holds a lock for threads and a file lock for processes, reads the file again under them and applies
 * itself to what it read, so no writer undoes another's change. Readers see the last state this process read or
 * wrote, without waiting for writers.
 */
public final class FileTenantStore implements TenantStore {

    /** One lock per file for all stores of this process: a second FileLock on one file in a JVM throws. */
    private static final Map<Path, ReentrantLock> WRITERS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock writer;
    private final TenantListeners listeners = new TenantListeners();
    /** Replaced whole under the writer lock, read without it. */
    private volatile Map<String, TenantConfig> view;

    private FileTenantStore(Path file, Map<String, TenantConfig> tenants) {
        this.file = file;
        this.writer = WRITERS.computeIfAbsent(file.toAbsolutePath().normalize(), path -> new ReentrantLock());
        this.view = tenants;
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
        return new FileTenantStore(file, read(file));
    }

    @Override
    public Optional<TenantConfig> find(String tenantId) {
        return Optional.ofNullable(view.get(tenantId));
    }

    @Override
    public Collection<TenantConfig> all() {
        return List.copyOf(view.values());
    }

    @Override
    public TenantChange update(String tenantId, UnaryOperator<Optional<TenantConfig>> change) {
        writer.lock();
        try {
            Map<String, TenantConfig> current;
            TenantEdit edit;
            try (FileChannel lockChannel = FileChannel.open(lockFile(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockChannel.lock()) {
                current = readForChange(tenantId);
                edit = TenantEdit.apply(current, tenantId, change);
                if (edit.changed()) {
                    save(edit.next());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot lock tenant config " + file + " to change tenant '" + tenantId
                        + "': " + e.getMessage(), e);
            }
            show(edit.next());
            return edit.change();
        } finally {
            writer.unlock();
        }
    }

    @Override
    public void addListener(TenantListener listener) {
        listeners.add(listener);
    }

    /** The file as it is now: another process may have changed it since this one last read it. */
    private Map<String, TenantConfig> readForChange(String tenantId) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return read(file);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new IllegalStateException("cannot change tenant '" + tenantId + "': " + e.getMessage()
                    + "; fix the file first", e);
        }
    }

    /** Makes these tenants the view and tells the listeners of each tenant that differs; holding the writer lock. */
    private void show(Map<String, TenantConfig> tenants) {
        Map<String, TenantConfig> before = view;
        view = tenants;
        Set<String> ids = new LinkedHashSet<>(before.keySet());
        ids.addAll(tenants.keySet());
        ids.stream()
                .filter(id -> !Objects.equals(before.get(id), tenants.get(id)))
                .forEach(id -> listeners.fire(id, Optional.ofNullable(tenants.get(id))));
    }

    private static Map<String, TenantConfig> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tenant config " + file, e);
        }
        return TenantsYaml.read(text, "tenant config " + file);
    }

    private Path lockFile() {
        return file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".lock");
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
