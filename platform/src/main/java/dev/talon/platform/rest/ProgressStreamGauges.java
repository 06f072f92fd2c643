package dev.talon.platform.rest;

import dev.talon.platform.events.ProgressStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;

/** The SSE streams on {@code /metrics}: how many are open, and how many workflow histories they follow. */
@ApplicationScoped
public class ProgressStreamGauges {

    private final ProgressStream progress;

    @Inject
    public ProgressStreamGauges(ProgressStream progress) {
        this.progress = progress;
    }

    @Gauge(name = "talon.sse.streams", absolute = true, unit = MetricUnits.NONE,
            description = "SSE progress streams open now, all tenants (each tenant: at most talon.api.max-streams-per-tenant)")
    public long openStreams() {
        return progress.openStreams();
    }

    @Gauge(name = "talon.sse.followed-workflows", absolute = true, unit = MetricUnits.NONE,
            description = "workflow histories long-polled now for SSE streams: one per watched turn or session")
    public long followedWorkflows() {
        return progress.followedWorkflows();
    }
}
