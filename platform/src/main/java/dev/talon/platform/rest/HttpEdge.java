package dev.talon.platform.rest;

import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.WebServerConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.lang.reflect.Method;

/**
 * Installs what guards the HTTP edge below JAX-RS, before the server starts: JSON for the errors Helidon answers
 * itself ({@link JsonDirectHandler}) and the refusal of ambiguous body framing ({@link RequestFramingFilter}).
 */
@ApplicationScoped
public class HttpEdge {

    void install(@Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object event,
                 ServerCdiExtension server) {
        serverConfig(server).directHandlers(JsonDirectHandler.forAllEvents());
        server.serverRoutingBuilder().addFilter(new RequestFramingFilter());
    }

    /**
     * Helidon MP keeps the web server's builder package-private and offers no other way to set direct handlers
     * (helidon-io/helidon#5925); if an upgrade moves it, the server must not start without JSON errors.
     */
    private static WebServerConfig.Builder serverConfig(ServerCdiExtension server) {
        try {
            Method builder = ServerCdiExtension.class.getDeclaredMethod("serverBuilder");
            builder.setAccessible(true);
            return (WebServerConfig.Builder) builder.invoke(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach Helidon's web server builder to install JSON errors", e);
        }
    }
}
