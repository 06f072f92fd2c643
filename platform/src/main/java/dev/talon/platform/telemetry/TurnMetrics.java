package dev.talon.platform.telemetry;

import com.uber.m3.tally.Scope;
import dev.talon.platform.workflow.TurnResult;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turn and approval counters, recorded inside the {@code AgentTurn} workflow through Temporal's metrics scope,
 * which stays silent while a workflow replays: a turn is counted once however often its history is replayed.
 * {@code talon_turns_total{tenant,status}} when a turn ends ({@code completed}, {@code max_iterations},
 * {@code budget_exhausted}, {@code cancelled}, {@code failed}); {@code talon_approvals_requested_total} when a
 * call starts waiting for a decision and {@code talon_approvals_resolved_total{outcome}} ({@code decided},
 * {@code timed_out}) when it stops: their difference is the approvals waiting now. The turn workflow's only timed
 * waits are approval waits ({@code workflow/Approvals}); a new one there must be told apart here.
 */
final class TurnMetrics extends WorkflowInboundCallsInterceptorBase {

    static final String TURN_WORKFLOW = "AgentTurn";

    private static final Set<String> STOP_REASONS = Set.of(TurnResult.COMPLETED, TurnResult.MAX_ITERATIONS,
            TurnResult.BUDGET_EXHAUSTED);

    private final String tenant;

    TurnMetrics(WorkflowInboundCallsInterceptor next, String tenant) {
        super(next);
        this.tenant = tenant;
    }

    @Override
    public void init(WorkflowOutboundCallsInterceptor outbound) {
        super.init(new WorkflowOutboundCallsInterceptorBase(outbound) {
            @Override
            public boolean await(Duration timeout, String reason, Supplier<Boolean> unblockCondition) {
                if (!turn()) {
                    return super.await(timeout, reason, unblockCondition);
                }
                scope().counter("talon_approvals_requested").inc(1);
                boolean decided = super.await(timeout, reason, unblockCondition);
                scope().tagged(Map.of("outcome", decided ? "decided" : "timed_out"))
                        .counter("talon_approvals_resolved").inc(1);
                return decided;
            }
        });
    }

    @Override
    public WorkflowOutput execute(WorkflowInput input) {
        if (!turn()) {
            return super.execute(input);
        }
        try {
            WorkflowOutput output = super.execute(input);
            String status = output.getResult() instanceof TurnResult result && STOP_REASONS.contains(result.stopReason())
                    ? result.stopReason() : TurnResult.COMPLETED;
            turnEnded(status);
            return output;
        } catch (CanceledFailure e) {
            turnEnded("cancelled");
            throw e;
        } catch (TemporalFailure e) {
            turnEnded("failed"); // ends the workflow; other throwables only fail a workflow task, which is retried
            throw e;
        }
    }

    private void turnEnded(String status) {
        scope().tagged(Map.of("status", status)).counter("talon_turns").inc(1);
    }

    /** Only the turn workflow is counted (sessions and memory consolidation are not turns). */
    private static boolean turn() {
        return TURN_WORKFLOW.equals(Workflow.getInfo().getWorkflowType());
    }

    private Scope scope() {
        return Workflow.getMetricsScope().tagged(Map.of("tenant", tenant));
    }
}
