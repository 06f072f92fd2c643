package dev.talon.platform.rest;

import dev.talon.platform.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when every Temporal frontend answers: without it no turn can start. When not, it says what to fix. */
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
        List<String> problems = platform.temporal().problems(Duration.ofSeconds(2));
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("temporal")
                .status(problems.isEmpty())
                .withData("target", platform.temporal().target())
                .withData("workers", platform.workers().map(w -> String.join(",", w.namespaces())).orElse("none"));
        if (!problems.isEmpty()) {
            answer.withData("problem", String.join("; ", problems)); // what to fix, never a key
        }
        return answer.build();
    }
}
