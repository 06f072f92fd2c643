package dev.talon.platform.rest;

import dev.talon.platform.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Temporal frontend answers: without it no turn can start. */
@Readiness
@ApplicationScoped
public class TemporalReadiness implements HealthCheck {

    private final Platform platform;

    @Inject
    public TemporalReadiness(Platform platform) {
        this.platform = platform;
    }

    @Override
    public HealthCheckResponse call() {
        boolean serving = platform.temporal().isServing(Duration.ofSeconds(2));
        return HealthCheckResponse.named("temporal")
                .status(serving)
                .withData("target", platform.temporal().target())
                .withData("workers", platform.workers().map(w -> String.join(",", w.namespaces())).orElse("none"))
                .build();
    }
}
