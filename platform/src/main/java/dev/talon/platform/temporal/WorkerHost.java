package dev.talon.platform.temporal;

import dev.talon.platform.data.DataLayout;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.plugin.PluginHost;
import dev.talon.platform.plugin.ProviderSecrets;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import dev.talon.platform.workflow.ActivityPolicies;
import dev.talon.platform.workflow.AgentSessionWorkflowImpl;
import dev.talon.platform.workflow.AgentTurnWorkflowImpl;
import dev.talon.platform.workflow.ConversationActivitiesImpl;
import dev.talon.platform.workflow.LlmActivitiesImpl;
import dev.talon.platform.workflow.TenantScope;
import dev.talon.platform.workflow.ToolActivitiesImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Temporal worker per tenant, on the tenant's namespace and task queue, with activities bound to that
 * tenant. Tenants that share a namespace share a {@link WorkerFactory}.
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
    private final Map<String, WorkerFactory> factories = new LinkedHashMap<>();

    public WorkerHost(TemporalConnection temporal, TenantStore tenants, PluginHost plugins, DataLayout layout,
                      SessionStore sessions, ProviderSecrets secrets) {
        this.temporal = temporal;
        this.tenants = tenants;
        this.plugins = plugins;
        this.layout = layout;
        this.sessions = sessions;
        this.secrets = secrets;
        this.turnLog = new TurnLog(layout, new ObjectMapper());
    }

    public synchronized void start() {
        for (TenantConfig tenant : tenants.all()) {
            temporal.ensureNamespace(tenant.namespace());
            WorkerFactory factory = factories.computeIfAbsent(tenant.namespace(),
                    namespace -> WorkerFactory.newInstance(temporal.client(namespace)));
            Worker worker = factory.newWorker(tenant.taskQueue(), WorkerOptions.newBuilder()
                    .setMaxHeartbeatThrottleInterval(ActivityPolicies.HEARTBEAT_THROTTLE)
                    .setDefaultHeartbeatThrottleInterval(ActivityPolicies.HEARTBEAT_THROTTLE)
                    .build());
            TenantScope scope = new TenantScope(tenant.id(), tenants, plugins);
            worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class, AgentSessionWorkflowImpl.class);
            worker.registerActivitiesImplementations(
                    new ConversationActivitiesImpl(scope, layout, sessions, turnLog),
                    new LlmActivitiesImpl(scope, secrets, turnLog),
                    new ToolActivitiesImpl(scope, layout, turnLog));
            LOG.log(System.Logger.Level.INFO, "worker for tenant {0}: namespace {1}, task queue {2}",
                    tenant.id(), tenant.namespace(), tenant.taskQueue());
        }
        factories.values().forEach(WorkerFactory::start);
    }

    /** The namespaces this host has workers in. */
    public synchronized List<String> namespaces() {
        return List.copyOf(factories.keySet());
    }

    @Override
    public synchronized void close() {
        factories.values().forEach(WorkerFactory::shutdown);
        for (WorkerFactory factory : factories.values()) {
            factory.awaitTermination(10, TimeUnit.SECONDS);
        }
        factories.clear();
    }
}
