package dev.talon.platform.tenant;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import okhttp3.Call;

/**
 * Tenants in a Kubernetes ConfigMap (data key {@code tenants.yaml}, the same document as {@link FileTenantStore}'s
 * file), shared by every replica: writes are read-modify-write guarded by the ConfigMap's resourceVersion, and a
 * watch on the ConfigMap brings every change, whoever made it (another replica, {@code kubectl edit}), into this
 * replica's view and to its listeners. Listeners run on the writer's thread for this replica's own changes and
 * on the watch thread for everyone else's.
 */
public final class KubernetesTenantStore implements TenantStore {

    private static final System.Logger LOG = System.getLogger(KubernetesTenantStore.class.getName());
    private static final int WRITE_ATTEMPTS = 10;
    /** The API server ends a watch after this long; we then resume it from the last version seen. */
    private static final int WATCH_TIMEOUT_SECONDS = 300;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Type WATCH_EVENT = new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType();

    private final ApiClient requestClient;
    private final ApiClient watchClient;
    private final CoreV1Api requests;
    private final CoreV1Api watches;
    private final TenantsConfigMap location;
    private final TenantListeners listeners = new TenantListeners();
    /** Taken by this replica's writers, one at a time. */
    private final ReentrantLock writer = new ReentrantLock();
    /** Taken to change the view, so listeners hear the changes in the order the view went through them. */
    private final Object applyLock = new Object();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Map<String, TenantConfig> view;
    /** The resourceVersion the view was read at; guarded by applyLock. */
    private String viewVersion;
    private volatile Call currentWatch;
    private volatile Thread watcher;

    private KubernetesTenantStore(ApiClient requestClient, ApiClient watchClient, String namespace, String name) {
        this.requestClient = requestClient;
        this.watchClient = watchClient;
        this.requests = new CoreV1Api(requestClient);
        this.watches = new CoreV1Api(watchClient);
        this.location = new TenantsConfigMap(namespace, name);
    }

    /**
     * Reads the tenants from the ConfigMap (none when it does not exist yet: the first write creates it) and
     * starts following its changes.
     *
     * @throws IllegalStateException when the API cannot be reached or the ConfigMap holds invalid tenants
     */
    public static KubernetesTenantStore open(KubernetesTenantSettings settings) {
        String namespace = settings.namespace().orElseGet(KubernetesApi::podNamespace);
        ApiClient requestClient = KubernetesApi.client(settings);
        ApiClient watchClient = KubernetesApi.client(settings);
        // okhttp's default 10 s read timeout would cut every quiet watch; the server ends it first this way
        watchClient.setHttpClient(watchClient.getHttpClient().newBuilder()
                .readTimeout(Duration.ofSeconds(WATCH_TIMEOUT_SECONDS + 30)).build());
        KubernetesTenantStore store = new KubernetesTenantStore(requestClient, watchClient, namespace,
                settings.configMap());
        String listedVersion;
        try {
            listedVersion = store.loadInitialView();
        } catch (RuntimeException e) {
            KubernetesApi.release(requestClient.getHttpClient());
            KubernetesApi.release(watchClient.getHttpClient());
            throw e;
        }
        store.watcher = Thread.ofPlatform().daemon()
                .name("talon-tenants-watch-" + namespace + "-" + settings.configMap())
                .start(() -> store.followChanges(listedVersion));
        return store;
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
        writer.lock(); // this replica's writers take turns: only other replicas' writes can conflict
        try {
            return change("change tenant '" + tenantId + "'", tenantId, change);
        } finally {
            writer.unlock();
        }
    }

    @Override
    public void addListener(TenantListener listener) {
        listeners.add(listener);
    }

    /** Stops the watch; the view stays as it was, for readers still running during shutdown. */
    @Override
    public void close() {
        if (closing.getCount() == 0) {
            return;
        }
        closing.countDown();
        Call call = currentWatch;
        if (call != null) {
            call.cancel();
        }
        try {
            watcher.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KubernetesApi.release(requestClient.getHttpClient());
        KubernetesApi.release(watchClient.getHttpClient());
    }

    private boolean closed() {
        return closing.getCount() == 0;
    }

    // ---- writing

    /**
     * Applies a change to the tenant in the ConfigMap as it is now. Another writer may get in between our read
     * and our write; the API server then refuses the write (409, stale resourceVersion), and we read again and
     * apply the change to what we read.
     */
    private TenantChange change(String what, String tenantId, UnaryOperator<Optional<TenantConfig>> change) {
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            Optional<V1ConfigMap> current = readConfigMap(what);
            Map<String, TenantConfig> tenants;
            try {
                tenants = TenantsYaml.read(TenantsConfigMap.yamlOf(current), location.source());
            } catch (IllegalStateException invalid) {
                throw new IllegalStateException("cannot " + what + ": " + invalid.getMessage()
                        + "; fix the ConfigMap first (kubectl edit configmap " + location.name() + " -n " + location.namespace() + ")",
                        invalid);
            }
            TenantEdit edit = TenantEdit.apply(tenants, tenantId, change);
            if (!edit.changed()) {
                return edit.change();
            }
            try {
                V1ConfigMap written = current.isPresent()
                        ? requests.replaceNamespacedConfigMap(location.name(), location.namespace(),
                                TenantsConfigMap.withTenants(current.get(), edit.next()))
                                .execute()
                        : requests.createNamespacedConfigMap(location.namespace(),
                                TenantsConfigMap.withTenants(location.fresh(), edit.next()))
                                .execute();
                apply(TenantsConfigMap.versionOf(written), edit.next());
                return edit.change();
            } catch (ApiException e) {
                if (e.getCode() != 409) { // 409: a stale resourceVersion on replace, or a concurrent create
                    throw new IllegalStateException("cannot " + what + " in " + location.where() + ": " + KubernetesApi.describe(e), e);
                }
                LOG.log(System.Logger.Level.DEBUG, "{0}: {1} changed under us (attempt {2}), reading it again",
                        what, location.where(), attempt);
                pauseBeforeRetry(attempt);
            }
        }
        throw new IllegalStateException("cannot " + what + " in " + location.where() + ": other writers changed it "
                + WRITE_ATTEMPTS + " times in a row between our read and our write; try again");
    }

    private Optional<V1ConfigMap> readConfigMap(String what) {
        try {
            return Optional.of(requests.readNamespacedConfigMap(location.name(), location.namespace()).execute());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot " + what + ": reading " + location.where() + " failed: " + KubernetesApi.describe(e), e);
        }
    }

    /** Random, growing pauses: two replicas that collided should not collide again in lockstep. */
    private void pauseBeforeRetry(int attempt) {
        long millis = ThreadLocalRandom.current().nextLong(10, 50L * attempt);
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + location.where(), e);
        }
    }

    // ---- reading and following

    /** Lists the ConfigMap and takes its tenants as the view; returns the list's version to watch from. */
    private String loadInitialView() {
        V1ConfigMapList list;
        try {
            list = listConfigMap();
        } catch (ApiException e) {
            throw new IllegalStateException("cannot read tenants from " + location.where() + " at " + requestClient.getBasePath()
                    + ": " + KubernetesApi.describe(e) + " (set talon.tenants.kubernetes.api-url, or run in a cluster with a service"
                    + " account that may get, list, watch, create and update configmaps)", e);
        }
        Optional<V1ConfigMap> configMap = list.getItems().stream().filter(location::isOurs).findFirst();
        if (configMap.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} does not exist: starting with no tenants; the first tenant"
                    + " saved through the admin API creates it", location.where());
        }
        // invalid content at start has no last good view to fall back on: refuse, like a broken tenants file
        Map<String, TenantConfig> tenants = TenantsYaml.read(TenantsConfigMap.yamlOf(configMap), location.source());
        synchronized (applyLock) {
            view = tenants;
            viewVersion = configMap.map(found -> TenantsConfigMap.versionOf(found)).orElse(TenantsConfigMap.versionOf(list));
        }
        return TenantsConfigMap.versionOf(list);
    }

    /** Runs on the watch thread until close: watches, resumes where it stopped, relists when that is too old. */
    private void followChanges(String listedVersion) {
        String resumeFrom = listedVersion;
        Duration backoff = FIRST_BACKOFF;
        while (!closed()) {
            long started = System.nanoTime();
            boolean failed = false;
            try {
                if (resumeFrom == null) {
                    resumeFrom = relist();
                }
                resumeFrom = watchFrom(resumeFrom);
            } catch (ApiException e) {
                failed = true;
                if (e.getCode() == 410) { // the version to resume from is compacted away: list afresh
                    resumeFrom = null;
                } else if (!closed()) {
                    LOG.log(System.Logger.Level.WARNING, "watch on {0} failed: {1}; retrying in {2} ms", location.where(),
                            KubernetesApi.describe(e), backoff.toMillis());
                }
            } catch (RuntimeException e) { // okhttp's IOExceptions arrive wrapped from the Watch iterator
                failed = true;
                if (!closed()) {
                    LOG.log(System.Logger.Level.WARNING, "watch on {0} broke: {1}; retrying in {2} ms", location.where(),
                            e.getMessage(), backoff.toMillis());
                }
            }
            // a watch ends normally at its timeout; one that ends at once, again and again, is failing
            boolean quick = System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1);
            if (!failed && !quick) {
                backoff = FIRST_BACKOFF;
                continue;
            }
            try {
                closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Lists the ConfigMap again (the watch lost its place): whatever changed meanwhile is applied. */
    private String relist() throws ApiException {
        V1ConfigMapList list = listConfigMap();
        Optional<V1ConfigMap> configMap = list.getItems().stream().filter(location::isOurs).findFirst();
        if (configMap.isPresent()) {
            applyConfigMap(configMap.get());
        } else {
            applyDeleted(TenantsConfigMap.versionOf(list));
        }
        return TenantsConfigMap.versionOf(list);
    }

    /**
     * Streams the ConfigMap's events from a version until the server ends the watch.
     *
     * @return the version to resume from, or null when the server says it is too old (410 Gone)
     */
    private String watchFrom(String version) throws ApiException {
        Call call = watches.listNamespacedConfigMap(location.namespace())
                .fieldSelector(location.fieldSelector())
                .resourceVersion(version)
                .allowWatchBookmarks(true)
                .timeoutSeconds(WATCH_TIMEOUT_SECONDS)
                .watch(true)
                .buildCall(null);
        currentWatch = call;
        if (closed()) { // close() may have looked at currentWatch just before we set it
            call.cancel();
        }
        String resumeFrom = version;
        try (Watch<V1ConfigMap> watch = Watch.createWatch(watchClient, call, WATCH_EVENT)) {
            for (Watch.Response<V1ConfigMap> event : watch) {
                switch (event.type) {
                    case "ADDED", "MODIFIED" -> {
                        if (location.isOurs(event.object)) {
                            applyConfigMap(event.object);
                        }
                        resumeFrom = TenantsConfigMap.versionOf(event.object);
                    }
                    case "DELETED" -> {
                        if (location.isOurs(event.object)) {
                            applyDeleted(TenantsConfigMap.versionOf(event.object));
                        }
                        resumeFrom = TenantsConfigMap.versionOf(event.object);
                    }
                    case "BOOKMARK" -> resumeFrom = TenantsConfigMap.versionOf(event.object);
                    case "ERROR" -> {
                        V1Status status = event.status;
                        if (status != null && Integer.valueOf(410).equals(status.getCode())) {
                            return null;
                        }
                        throw new IllegalStateException("the API server ended the watch: "
                                + (status == null ? "no status" : status.getCode() + " " + status.getMessage()));
                    }
                    default -> LOG.log(System.Logger.Level.DEBUG, "ignoring watch event {0} on {1}", event.type,
                            location.where());
                }
            }
        } catch (IOException e) { // from closing the stream: the events were read already
            LOG.log(System.Logger.Level.DEBUG, "closing the watch on {0}: {1}", location.where(), e.getMessage());
        } finally {
            currentWatch = null;
        }
        return resumeFrom;
    }

    private void applyConfigMap(V1ConfigMap configMap) {
        String version = TenantsConfigMap.versionOf(configMap);
        Map<String, TenantConfig> tenants;
        try {
            tenants = TenantsYaml.read(TenantsConfigMap.yamlOf(Optional.of(configMap)), location.source());
        } catch (IllegalStateException invalid) {
            String kept;
            synchronized (applyLock) {
                kept = viewVersion;
            }
            LOG.log(System.Logger.Level.WARNING, "ignoring version {0} of {1}, keeping the last good tenants"
                    + " (version {2}): {3}", version, location.where(), kept, invalid.getMessage());
            return;
        }
        apply(version, tenants);
    }

    private void applyDeleted(String version) {
        if (!view.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} was deleted: every tenant is gone from this replica", location.where());
        }
        apply(version, Map.of());
    }

    /**
     * Makes the tenants read at a version the view, and tells the listeners of every tenant that differs. A
     * version older than the view's is dropped: our own write may overtake the watch's report of an earlier one.
     */
    private void apply(String version, Map<String, TenantConfig> tenants) {
        synchronized (applyLock) {
            if (!isNewer(version, viewVersion)) {
                return;
            }
            Map<String, TenantConfig> before = view;
            view = tenants;
            viewVersion = version;
            Set<String> ids = new LinkedHashSet<>(before.keySet());
            ids.addAll(tenants.keySet());
            List<String> changed = ids.stream()
                    .filter(id -> !Objects.equals(before.get(id), tenants.get(id)))
                    .toList();
            if (!changed.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "tenants {0} changed in {1} (version {2})", changed, location.where(),
                        version);
            }
            changed.forEach(id -> listeners.fire(id, Optional.ofNullable(tenants.get(id))));
        }
    }

    /**
     * Kubernetes calls resource versions opaque, but every API server backed by etcd hands out its increasing
     * revision numbers; if one ever is not a number, every version counts as newer (the view then follows
     * the latest report, as it would without the check).
     */
    static boolean isNewer(String candidate, String current) {
        if (candidate == null || current == null) {
            return true;
        }
        try {
            return Long.parseLong(candidate) > Long.parseLong(current);
        } catch (NumberFormatException e) {
            return !candidate.equals(current);
        }
    }

    private V1ConfigMapList listConfigMap() throws ApiException {
        return requests.listNamespacedConfigMap(location.namespace()).fieldSelector(location.fieldSelector()).execute();
    }
}
