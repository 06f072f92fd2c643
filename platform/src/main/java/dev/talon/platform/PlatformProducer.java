package dev.talon.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** Gives CDI the {@link Platform} and starts it with the server, so workers poll before the first request. */
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

    void startWithServer(@Observes @Initialized(ApplicationScoped.class) Object event, Platform platform) {
        System.getLogger(PlatformProducer.class.getName()).log(System.Logger.Level.INFO,
                "Talon started: tenants {0}, plugins {1}, Temporal {2}",
                platform.tenants().all().stream().map(t -> t.id()).toList(), platform.plugins().startedPluginIds(),
                platform.temporal().target());
    }
}
