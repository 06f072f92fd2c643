package dev.talon.platform.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.budget.LlmMeter;
import dev.talon.platform.client.TemporalConnection;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.plugin.PluginHost;
import dev.talon.platform.plugin.ProviderSecrets;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.api.Tool;
import java.util.function.Function;
import dev.talon.platform.telemetry.TenantVocabulary;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import dev.talon.platform.workflow.ActivityPolicies;
import dev.talon.platform.workflow.AgentTurnWorkflowImpl;
import dev.talon.platform.workflow.MemoryConsolidationWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One Temporal worker per tenant, on the tenant's namespace and task queue, with activities bound to that
 * tenant. Each tenant has its own {@link WorkerFactory}, so a tenant's worker starts, restarts (new namespace
 * or queue) and stops on its own when the tenant store changes, while the others keep polling.
 */
public final class WorkerHost implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkerHost.class.getName());

    private final TemporalConnection temporal;
    private final TenantStore tenants;
    private final PluginHost plugins;
    private final DataLayout layout;
    private final SessionStore sessions;
    private final ProviderSecrets secrets;
    private final TurnLog turnLog;
    private final LlmMeter meter;
    private final WorkerVersioning versioning;
    private final Set<String> promotedNamespaces = new HashSet<>();
    /** The tools the platform provides a tenant (the cron tool), next to its plugins' tools. */
    private final Function<TenantConfig, List<Tool>> platformTools;
    private final Map<String, Running> running = new LinkedHashMap<>();

    /** A tenant's worker and the config it was started with. */
    private record Running(TenantConfig config, WorkerFactory factory) {
    }

    public WorkerHost(TemporalConnection temporal, TenantStore tenants, PluginHost plugins, DataLayout layout,
                      SessionStore sessions, ProviderSecrets secrets, LlmMeter meter, WorkerVersioning versioning,
                      Function<TenantConfig, List<Tool>> platformTools) {
        this.platformTools = platformTools;
        this.temporal = temporal;
        this.tenants = tenants;
        this.plugins = plugins;
        this.layout = layout;
        this.sessions = sessions;
        this.secrets = secrets;
        this.turnLog = new TurnLog(layout, new ObjectMapper());
        this.meter = meter;
        this.versioning = versioning;
    }

    /** Follows the store's changes, then starts a worker for every tenant (listening first: no change is missed). */
    public synchronized void start() {
        tenants.addListener(this::changed);
        for (TenantConfig tenant : tenants.all()) {
            if (!running.containsKey(tenant.id())) {
                startTenant(tenant);
            }
        }
    }

    /** The tenants that have a running worker. */
    public synchronized List<String> tenantIds() {
        return List.copyOf(running.keySet());
    }

    /** The namespaces workers poll. */
    public synchronized List<String> namespaces() {
        return running.values().stream().map(r -> r.config().namespace()).distinct().toList();
    }

    private synchronized void changed(String tenantId, Optional<TenantConfig> now) {
        Running current = running.get(tenantId);
        if (now.isPresent() && current != null && sameWorker(current.config(), now.get())) {
            running.put(tenantId, new Running(now.get(), current.factory())); // activities read config live
            return;
        }
        stopTenant(tenantId);
        now.ifPresent(this::startTenant);
    }

    private static boolean sameWorker(TenantConfig before, TenantConfig after) {
        return before.namespace().equals(after.namespace()) && before.taskQueue().equals(after.taskQueue());
    }

    private void startTenant(TenantConfig tenant) {
        temporal.ensureNamespace(tenant.namespace());
        WorkerFactory factory = WorkerFactory.newInstance(temporal.client(tenant.namespace()),
                temporal.telemetry().workerFactoryOptions(new TenantVocabulary(tenant.id(), tenants,
                        config -> TenantToolbox.of(config, plugins))));
        Worker worker = factory.newWorker(tenant.taskQueue(), versioning.apply(WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(ActivityPolicies.HEARTBEAT_THROTTLE)
                .setDefaultHeartbeatThrottleInterval(ActivityPolicies.HEARTBEAT_THROTTLE))
                .build());
        // the tenant's tools know its workspace (stdio MCP servers start there, in its sandbox)
        TenantScope scope = new TenantScope(tenant.id(), tenants, config -> TenantToolbox.of(config, plugins,
                Optional.of(layout.workspace(config.id()))).withPlatformTools(platformTools.apply(config)));
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class, versioning.sessionWorkflow(),
                MemoryConsolidationWorkflowImpl.class);
        worker.registerActivitiesImplementations(
                new ConversationActivitiesImpl(scope, layout, sessions, turnLog),
                new LlmActivitiesImpl(scope, secrets, turnLog, meter),
                new ToolActivitiesImpl(scope, layout, turnLog, secrets.references()),
                new MemoryActivitiesImpl(scope, layout, sessions, secrets, Clock.systemUTC()));
        factory.start();
        if (versioning.enabled() && versioning.promote() != WorkerVersioning.Promote.NEVER
                && promotedNamespaces.add(tenant.namespace())) {
            Thread.ofVirtual().name("promote-" + tenant.namespace()).start(new DeploymentPromotion(
                    temporal.service(tenant.namespace()), tenant.namespace(), versioning));
        }
        running.put(tenant.id(), new Running(tenant, factory));
        LOG.log(System.Logger.Level.INFO, "worker for tenant {0}: namespace {1}, task queue {2}, {3}",
                tenant.id(), tenant.namespace(), tenant.taskQueue(), versioning.describe());
    }

    private void stopTenant(String tenantId) {
        Running stopped = running.remove(tenantId);
        if (stopped != null) {
            stopped.factory().shutdown();
            stopped.factory().awaitTermination(30, TimeUnit.SECONDS);
            LOG.log(System.Logger.Level.INFO, "worker for tenant {0} stopped", tenantId);
        }
    }

    @Override
    public synchronized void close() {
        running.values().forEach(r -> r.factory().shutdown());
        running.values().forEach(r -> r.factory().awaitTermination(10, TimeUnit.SECONDS));
        running.clear();
    }
}
