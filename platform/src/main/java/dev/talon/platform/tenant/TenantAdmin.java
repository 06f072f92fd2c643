package dev.talon.platform.tenant;

import dev.talon.api.ExecBackend;
import dev.talon.api.SecretResolver;
import dev.talon.api.ToolProvider;
import dev.talon.api.ToolScope;
import dev.talon.api.ToolSettings;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.plugin.PluginHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Tenant management behind the admin API: validation against the loaded plugins, API keys (shown once,
 * stored hashed), deletion with optional purge of the tenant's data. Every change is applied by the store to the
 * tenant as stored when it writes ({@link TenantStore#update}), so concurrent changes (a PATCH, a revocation, a
 * new key) never undo each other. Workers follow the store's changes.
 */
public final class TenantAdmin {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final System.Logger LOG = System.getLogger(TenantAdmin.class.getName());

    private final TenantStore tenants;
    private final PluginHost plugins;
    private final DataLayout layout;
    private final KeyShredder keyShredder;
    private final ScheduleRemover scheduleRemover;

    /** Removes a deleted tenant's Temporal Schedules (its jobs and heartbeat), which live outside the store. */
    @FunctionalInterface
    public interface ScheduleRemover {
        ScheduleRemover NONE = tenant -> { };

        void removeAll(TenantConfig tenant);
    }

    /** Destroys a purged tenant's history keys (crypto-shredding); false when it cannot (keys from env). */
    @FunctionalInterface
    public interface KeyShredder {
        KeyShredder NONE = tenantId -> true;

        boolean shred(String tenantId);
    }

    public TenantAdmin(TenantStore tenants, PluginHost plugins, DataLayout layout) {
        this(tenants, plugins, layout, KeyShredder.NONE);
    }

    public TenantAdmin(TenantStore tenants, PluginHost plugins, DataLayout layout, KeyShredder keyShredder) {
        this(tenants, plugins, layout, keyShredder, ScheduleRemover.NONE);
    }

    public TenantAdmin(TenantStore tenants, PluginHost plugins, DataLayout layout, KeyShredder keyShredder,
                       ScheduleRemover scheduleRemover) {
        this.scheduleRemover = scheduleRemover;
        this.tenants = tenants;
        this.plugins = plugins;
        this.layout = layout;
        this.keyShredder = keyShredder;
    }

    /** Everything wrong with the tenant: its own shape, then what the loaded plugins cannot give it. */
    public List<String> problems(TenantConfig tenant) {
        List<String> problems = new ArrayList<>(TenantValidation.problems(tenant));
        for (String plugin : tenant.plugins()) {
            if (!plugins.isStarted(plugin)) {
                problems.add("plugin '" + plugin + "' is not loaded (loaded: " + plugins.startedPluginIds() + ")");
            }
        }
        if (tenant.provider() != null && tenant.provider().plugin() != null
                && plugins.isStarted(tenant.provider().plugin())
                && plugins.llmProvider(tenant.provider().plugin()).isEmpty()) {
            problems.add("plugin '" + tenant.provider().plugin() + "' offers no LLM provider");
        }
        problems.addAll(settingsProblems(tenant));
        if (!tenant.exec().disabled() && plugins.execBackend(tenant.exec().backend(), tenant.plugins()).isEmpty()) {
            problems.add("exec backend '" + tenant.exec().backend() + "' is not offered by the tenant's plugins "
                    + "(available: " + availableBackends() + ", or 'disabled')");
        }
        return problems;
    }

    /**
     * Creates or replaces the tenant, keeping the API keys it has when it is written.
     *
     * @throws InvalidTenantException with every problem: its own, the loaded plugins', a shared task queue
     * @throws IllegalStateException  when the store cannot write
     */
    public TenantChange put(TenantConfig requested) {
        return tenants.update(requested.id(), current -> Optional.of(
                valid(withKeys(requested, current.map(TenantConfig::apiKeys).orElse(List.of())))));
    }

    /**
     * Changes part of a tenant: the edit gets the tenant as stored at the moment of writing (it may run more than
     * once, so it only computes), and the keys stay what they are then.
     *
     * @return the tenant after the change; empty when there is no such tenant
     * @throws InvalidTenantException as {@link #put}
     */
    public Optional<TenantConfig> update(String tenantId, UnaryOperator<TenantConfig> edit) {
        return tenants.update(tenantId, current -> current.map(tenant ->
                valid(withKeys(edit.apply(tenant).withId(tenantId), tenant.apiKeys())))).after();
    }

    public boolean delete(String tenantId, boolean purge) {
        Optional<TenantConfig> before = tenants.find(tenantId);
        boolean deleted = tenants.delete(tenantId);
        if (deleted) {
            before.ifPresent(this::removeSchedules);
        }
        if (deleted && purge) {
            shredKeys(tenantId);
            purge(tenantId);
        }
        return deleted;
    }

    // a schedule left behind would keep starting turns for a tenant that is gone: removed, or said loudly
    private void removeSchedules(TenantConfig tenant) {
        try {
            scheduleRemover.removeAll(tenant);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tenant {0} was deleted but its schedules could not be removed now "
                    + "(remove the schedules talon/{0}/ in namespace {1} by hand): {2}", tenant.id(), tenant.namespace(),
                    String.valueOf(e.getMessage()));
        }
    }

    // first: with its keys gone the tenant's Temporal history is unreadable, even if the file purge fails
    private void shredKeys(String tenantId) {
        if (!keyShredder.shred(tenantId)) {
            LOG.log(System.Logger.Level.WARNING, "tenant {0} was purged but its history keys come from the environment: "
                    + "remove them from the deployment to make its history unreadable", tenantId);
        }
    }

    /** Makes a key, stores its hash, and returns the key: the only time it is ever shown. */
    public Optional<NewKey> newKey(String tenantId) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String key = "tk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = ApiKeys.hash(key);
        TenantChange change = tenants.update(tenantId, current -> current.map(tenant -> {
            List<String> keys = new ArrayList<>(tenant.apiKeys());
            keys.add(hash);
            return withKeys(tenant, keys);
        }));
        return change.after().map(tenant -> new NewKey(keyId(hash), key));
    }

    /** Revokes the key with this id; false when the tenant or the key is unknown. */
    public boolean revokeKey(String tenantId, String keyId) {
        return tenants.update(tenantId, current -> current.map(tenant -> withKeys(tenant,
                tenant.apiKeys().stream().filter(hash -> !keyId(hash).equals(keyId)).toList()))).changed();
    }

    /** A key's public name: the start of its hash, enough to tell keys apart and nothing to log in with. */
    public static String keyId(String hash) {
        return "k-" + hash.substring("sha256:".length(), "sha256:".length() + 12);
    }

    /** A new key, shown once. */
    public record NewKey(String keyId, String key) {
    }

    private TenantConfig valid(TenantConfig tenant) {
        List<String> problems = problems(tenant);
        if (!problems.isEmpty()) {
            throw new InvalidTenantException(problems);
        }
        return tenant;
    }

    /** What each started plugin finds wrong with the tenant's settings for it; secrets are not read here. */
    private List<String> settingsProblems(TenantConfig tenant) {
        List<String> problems = new ArrayList<>();
        tenant.toolSettings().forEach((pluginId, json) -> {
            if (json == null || !json.isObject() || !plugins.isStarted(pluginId)) {
                return; // said by TenantValidation or the plugin check above
            }
            ToolSettings settings = ToolSettings.of(json, SecretResolver.NONE);
            ToolScope scope = ToolScope.forChecking(tenant.id(), !tenant.exec().disabled());
            for (ToolProvider provider : plugins.toolProviders(List.of(pluginId))) {
                try {
                    provider.validateSettings(settings, scope)
                            .forEach(problem -> problems.add("toolSettings." + pluginId + ": " + problem));
                } catch (RuntimeException e) {
                    problems.add("toolSettings." + pluginId + ": the plugin could not check them: " + e.getMessage());
                }
            }
        });
        return problems;
    }

    private List<String> availableBackends() {
        return plugins.startedPluginIds().stream()
                .flatMap(id -> plugins.execBackends(id).stream())
                .map(ExecBackend::id).distinct().toList();
    }

    private static TenantConfig withKeys(TenantConfig tenant, List<String> keys) {
        return tenant.withApiKeys(keys);
    }

    // The workspace is the tenant's programs' to change, even now: a path walk could follow a directory swapped
    // for a link and delete host files as root. The confined tree removes what it holds open, links as links.
    private void purge(String tenantId) {
        Path dir = layout.tenantDir(tenantId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            layout.tenantFiles(tenantId).deleteContents();
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot purge the data of tenant " + tenantId + ": " + e.getMessage(), e);
        }
    }
}
