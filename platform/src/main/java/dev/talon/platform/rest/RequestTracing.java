package dev.talon.platform.rest;

import dev.talon.platform.Platform;
import dev.talon.platform.telemetry.RequestSpans;
import io.helidon.microprofile.server.ServerCdiExtension;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Telemetry of the REST server, once it is up: Talon's and Temporal's meters joined to the Prometheus registry
 * Helidon prints on /metrics, and a server span per API request when tracing is on (OTEL_* settings).
 */
@ApplicationScoped
public class RequestTracing {

    void install(@Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object event,
                 ServerCdiExtension server, Platform platform) {
        platform.temporal().telemetry().attachToPrometheus();
        if (platform.temporal().telemetry().tracing().enabled()) {
            server.serverRoutingBuilder().addFilter(new RequestSpans(platform.temporal().telemetry().tracing()));
        }
    }
}
