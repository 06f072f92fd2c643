package dev.talon.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.codec.HistoryEncryption;
import dev.talon.platform.codec.HistoryKeys;
import dev.talon.platform.rest.AdminKeys;
import dev.talon.platform.schedule.CronTool;
import dev.talon.platform.schedule.HeartbeatSchedules;
import dev.talon.platform.schedule.TenantSchedules;
import dev.talon.platform.tenant.TenantAdmin;
import dev.talon.platform.budget.Budgets;
import dev.talon.platform.budget.Prices;
import dev.talon.platform.budget.UsageLedger;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.events.ProgressStream;
import dev.talon.platform.events.StreamSettings;
import dev.talon.platform.client.SessionService;
import dev.talon.platform.plugin.PluginHost;
import dev.talon.platform.plugin.ProviderSecrets;
import dev.talon.platform.plugin.SecretReferences;
import dev.talon.platform.client.TemporalConnection;
import dev.talon.platform.worker.WorkerHost;
import dev.talon.platform.worker.WorkerVersioning;
import dev.talon.platform.telemetry.Telemetry;
import dev.talon.platform.tenant.FileTenantStore;
import dev.talon.platform.tenant.KubernetesTenantStore;
import dev.talon.platform.tenant.TenantStore;
import dev.talon.platform.client.TurnService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The composition root: every long-lived part of a Talon process, built in dependency order and closed in
 * reverse. The REST server gets it from CDI ({@link PlatformProducer}); {@code talon worker} builds it
 * directly, without a server.
 */
public final class Platform implements AutoCloseable {

    private final TalonSettings settings;
    private final TenantStore tenants;
    private final PluginHost plugins;
    private final DataLayout layout;
    private final SessionStore sessions;
    private final TemporalConnection temporal;
    private final TurnService turns;
    private final SessionService sessionWorkflows;
    private final ProgressStream progress;
    private final WorkerHost workers;
    private final TenantAdmin tenantAdmin;
    private final AdminKeys adminKeys;
    private final Optional<HistoryKeys> historyKeys;
    private final Budgets budgets;
    private final TenantSchedules schedules;
    private final HeartbeatSchedules heartbeats;

    private Platform(TalonSettings settings, TenantStore tenants, PluginHost plugins, DataLayout layout,
                     SessionStore sessions, TemporalConnection temporal, WorkerHost workers, AdminKeys adminKeys,
                     StreamSettings streams, Optional<HistoryKeys> historyKeys, Budgets budgets,
                     TenantSchedules schedules, HeartbeatSchedules heartbeats) {
        this.schedules = schedules;
        this.heartbeats = heartbeats;
        this.settings = settings;
        this.tenants = tenants;
        this.plugins = plugins;
        this.layout = layout;
        this.sessions = sessions;
        this.temporal = temporal;
        this.budgets = budgets;
        this.turns = new TurnService(temporal, budgets);
        this.sessionWorkflows = new SessionService(temporal);
        this.progress = new ProgressStream(temporal, streams, layout);
        this.workers = workers;
        this.tenantAdmin = new TenantAdmin(tenants, plugins, layout, historyKeys.<TenantAdmin.KeyShredder>map(
                keys -> keys::shred).orElse(TenantAdmin.KeyShredder.NONE),
                temporal.inMemory() ? TenantAdmin.ScheduleRemover.NONE : schedules::removeAll);
        this.adminKeys = adminKeys;
        this.historyKeys = historyKeys;
    }

    /** Loads tenants and plugins, connects to Temporal and, if enabled, starts the tenants' workers. */
    public static Platform start(TalonSettings settings, Config config) {
        StreamSettings streams = StreamSettings.from(config); // first: a bad value fails before anything opens
        TenantStore tenants = TalonSettings.KUBERNETES_STORE.equals(settings.tenantsStore())
                ? KubernetesTenantStore.open(settings.kubernetesTenants())
                : FileTenantStore.load(settings.tenantsFile());
        Duration unloadGrace = config.getOptionalValue("talon.plugins.unload-grace-seconds", Long.class)
                .map(Duration::ofSeconds).orElse(PluginHost.DEFAULT_UNLOAD_GRACE);
        PluginHost plugins = new PluginHost(settings.pluginsDir(), (pluginId, key) ->
                config.getOptionalValue("talon.plugins." + pluginId + "." + key, String.class), unloadGrace);
        DataLayout layout = new DataLayout(settings.dataDir());
        SessionStore sessions = new SessionStore(layout, new ObjectMapper(), Clock.systemUTC());
        Budgets budgets = new Budgets(new UsageLedger(layout, Clock.systemUTC()), Prices.from(config));
        Optional<HistoryKeys> historyKeys = HistoryEncryption.from(config).keys(tenants);
        TemporalConnection temporal = TemporalConnection.open(settings.temporal(),
                SecretReferences.fromSystemEnvironment(), HistoryEncryption.codecs(historyKeys), Telemetry.start(config));
        TenantSchedules schedules = new TenantSchedules(temporal);
        WorkerHost workers = null;
        if (settings.workersEnabled()) {
            workers = new WorkerHost(temporal, tenants, plugins, layout, sessions,
                    ProviderSecrets.fromSystemEnvironment(), budgets, WorkerVersioning.from(config),
                    tenant -> tenant.schedules().tool()
                            ? List.of(new CronTool(tenant, schedules, Clock.systemUTC())) : List.of());
            workers.start();
        }
        // the in-memory test server keeps no schedules
        HeartbeatSchedules heartbeats = temporal.inMemory() ? null : new HeartbeatSchedules(schedules);
        if (heartbeats != null) {
            tenants.addListener(heartbeats);
            heartbeats.reconcile(tenants.all());
        }
        return new Platform(settings, tenants, plugins, layout, sessions, temporal, workers, AdminKeys.from(config),
                streams, historyKeys, budgets, schedules, heartbeats);
    }

    public TalonSettings settings() {
        return settings;
    }

    public TenantStore tenants() {
        return tenants;
    }

    public PluginHost plugins() {
        return plugins;
    }

    public DataLayout layout() {
        return layout;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public TemporalConnection temporal() {
        return temporal;
    }

    public TurnService turns() {
        return turns;
    }

    public SessionService sessionWorkflows() {
        return sessionWorkflows;
    }

    public ProgressStream progress() {
        return progress;
    }

    public TenantAdmin tenantAdmin() {
        return tenantAdmin;
    }

    public AdminKeys adminKeys() {
        return adminKeys;
    }

    /** The tenants' history keys; empty when history encryption is off. */
    public Optional<HistoryKeys> historyKeys() {
        return historyKeys;
    }

    public Budgets budgets() {
        return budgets;
    }

    /** The tenants' Temporal Schedules (jobs and heartbeats). */
    public TenantSchedules schedules() {
        return schedules;
    }

    public Optional<WorkerHost> workers() {
        return Optional.ofNullable(workers);
    }

    @Override
    public void close() {
        tenants.close(); // first: a change heard now would start a worker while the workers stop
        if (heartbeats != null) {
            heartbeats.close();
        }
        progress.close(); // its followers long-poll Temporal: end them before the connection
        if (workers != null) {
            workers.close();
        }
        temporal.close();
        temporal.telemetry().close(); // after the workers: what they reported last is flushed
        plugins.close();
    }
}
