package dev.talon.platform.rest;

import dev.talon.platform.Platform;
import dev.talon.platform.telemetry.RequestSpans;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/** Installs a server span per API request when tracing is on (OTEL_* settings); nothing at all when it is off. */
@ApplicationScoped
public class RequestTracing {

    void install(@Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object event,
                 ServerCdiExtension server, Platform platform) {
        if (platform.temporal().telemetry().tracing().enabled()) {
            server.serverRoutingBuilder().addFilter(new RequestSpans(platform.temporal().telemetry().tracing()));
        }
    }
}
