package dev.talon.platform;

import dev.talon.platform.codec.HistoryKeys;
import dev.talon.platform.codec.RemoteCodec;
import dev.talon.platform.rest.AdminKeys;
import dev.talon.platform.tenant.TenantAdmin;
import dev.talon.platform.budget.Budgets;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.events.ProgressStream;
import dev.talon.platform.plugin.PluginHost;
import dev.talon.platform.client.RecentTurns;
import dev.talon.platform.client.SessionService;
import dev.talon.platform.client.WorkerPollers;
import dev.talon.platform.worker.WorkerHost;
import dev.talon.platform.tenant.TenantStore;
import dev.talon.platform.client.TurnService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import dev.talon.platform.schedule.TenantSchedules;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Gives CDI the {@link Platform} and starts it with the server, so workers poll before the first request; and
 * hands out its parts one by one, so a resource injects only the services it uses. The parts are the platform's
 * own and close with it.
 */
@ApplicationScoped
public class PlatformProducer {

    @Produces
    @Singleton
    Platform platform(Config config) {
        return Platform.start(TalonSettings.from(config), config);
    }

    void close(@Disposes Platform platform) {
        platform.close();
    }

    @Produces
    @Singleton
    TenantStore tenants(Platform platform) {
        return platform.tenants();
    }

    @Produces
    @Singleton
    PluginHost plugins(Platform platform) {
        return platform.plugins();
    }

    @Produces
    @Singleton
    TenantSchedules schedules(Platform platform) {
        return platform.schedules();
    }

    @Produces
    @Singleton
    SessionStore sessions(Platform platform) {
        return platform.sessions();
    }

    @Produces
    @Singleton
    TurnService turns(Platform platform) {
        return platform.turns();
    }

    @Produces
    @Singleton
    SessionService sessionWorkflows(Platform platform) {
        return platform.sessionWorkflows();
    }

    @Produces
    @Singleton
    ProgressStream progress(Platform platform) {
        return platform.progress();
    }

    @Produces
    @Singleton
    TenantAdmin tenantAdmin(Platform platform) {
        return platform.tenantAdmin();
    }

    @Produces
    @Singleton
    AdminKeys adminKeys(Platform platform) {
        return platform.adminKeys();
    }

    @Produces
    @Singleton
    RemoteCodec remoteCodec(Platform platform) {
        return new RemoteCodec(platform.historyKeys());
    }

    /** Empty when history encryption is off. */
    @Produces
    @Singleton
    Optional<HistoryKeys> historyKeys(Platform platform) {
        return platform.historyKeys();
    }

    @Produces
    @Singleton
    Budgets budgets(Platform platform) {
        return platform.budgets();
    }

    @Produces
    @Singleton
    RecentTurns recentTurns(Platform platform) {
        return new RecentTurns(platform.temporal());
    }

    @Produces
    @Singleton
    WorkerPollers workerPollers(Platform platform) {
        return new WorkerPollers(platform.temporal());
    }

    /** Empty in a server that runs no workers ({@code talon.workers.enabled=false}). */
    @Produces
    @Singleton
    Optional<WorkerHost> workers(Platform platform) {
        return platform.workers();
    }

    void startWithServer(@Observes @Initialized(ApplicationScoped.class) Object event, Platform platform) {
        System.getLogger(PlatformProducer.class.getName()).log(System.Logger.Level.INFO,
                "Talon started: tenants {0}, plugins {1}, Temporal {2}",
                platform.tenants().all().stream().map(t -> t.id()).toList(), platform.plugins().startedPluginIds(),
                platform.temporal().target());
    }
}
