package dev.talon.platform.telemetry;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;

/** A tenant's worker, observed: turn counters in the turn workflow, spans and meters around its activities. */
final class ObservedWorker extends WorkerInterceptorBase {

    private final Tracing tracing;
    private final TalonMeters meters;
    private final TenantVocabulary vocabulary;

    ObservedWorker(Tracing tracing, TalonMeters meters, TenantVocabulary vocabulary) {
        this.tracing = tracing;
        this.meters = meters;
        this.vocabulary = vocabulary;
    }

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
        return new TurnMetrics(next, vocabulary.tenant());
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ObservedActivity(next, tracing, meters, vocabulary);
    }
}
