package dev.talon.platform.workflow;

import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.UserMessage;
import dev.talon.platform.client.TurnIds;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform's {@code spawn} tool, run by the turn's workflow itself (workflow code): a subagent is an
 * {@link AgentTurnWorkflow} child with a session of its own, started here so that it is durable. Waited for
 * ({@code wait: true}) its answer is the tool result, and cancelling the parent cancels it; in the background it
 * outlives the parent's turn (parent-close ABANDON) and delivers its answer to the parent's session itself (see
 * {@link #deliver}).
 */
final class Subagents {

    /** Version 1: spawn calls are run by the workflow. Asked only when a spawn call arrives. */
    private static final String SUBAGENTS_CHANGE = "subagents";

    private final TurnRequest request;
    private final SubagentLimits limits;
    private final List<SubagentView> children = new ArrayList<>();

    /** The result of a spawn call, for the LLM. */
    record Outcome(String content, boolean error) {
    }

    Subagents(TurnRequest request, SubagentLimits limits) {
        this.request = request;
        this.limits = limits;
    }

    /** Whether this call is the platform's spawn: only when the tenant offers it, else a plugin's tool of that name. */
    boolean handles(ToolCall call) {
        return limits != null && SpawnRequest.TOOL.equals(call.name())
                && Workflow.getVersion(SUBAGENTS_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    List<SubagentView> views() {
        return List.copyOf(children);
    }

    Outcome spawn(int step, int position, ToolCall call) {
        SpawnRequest spawn;
        try {
            spawn = SpawnRequest.parse(call.arguments());
        } catch (IllegalArgumentException e) {
            return new Outcome("Error: " + e.getMessage(), true);
        }
        if (request.depth() >= limits.maxDepth()) {
            return new Outcome("Error: a subagent at depth " + request.depth() + " may not start subagents (the"
                    + " tenant allows depth " + limits.maxDepth() + "); do the task yourself", true);
        }
        long running = children.stream().filter(child -> child.status().equals("running")).count();
        if (running >= limits.maxConcurrent()) {
            return new Outcome("Error: " + running + " subagents of this turn are running, the most the tenant"
                    + " allows; wait for one to finish or do the task yourself", true);
        }
        String turnId = SubagentIds.turnId(request.turnId(), step, position);
        String session = SubagentIds.session(request.session(), spawn.label());
        // a turn of a session workflow is its child: the background answer can then trigger a turn there
        String sessionWorkflow = Workflow.getInfo().getParentWorkflowId()
                .filter(TurnIds.sessionWorkflowId(request.tenant(), request.session())::equals).orElse(null);
        SubagentOrigin origin = new SubagentOrigin(request.turnId(), request.session(), spawn.label(),
                request.depth() + 1, !spawn.await(), sessionWorkflow);
        TurnRequest childRequest = new TurnRequest(request.tenant(), session, turnId, spawn.task(), origin,
                request.origin());
        int index = children.size();
        children.add(new SubagentView(turnId, spawn.label(), session, "running", origin.background()));
        AgentTurnWorkflow child = Workflow.newChildWorkflowStub(AgentTurnWorkflow.class, ChildWorkflowOptions.newBuilder()
                .setWorkflowId(TurnIds.workflowId(request.tenant(), turnId))
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setParentClosePolicy(origin.background() ? ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON
                        : ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .build());
        return spawn.await() ? await(child, childRequest, index) : background(child, childRequest, index);
    }

    /** Runs the subagent in this turn's scope: a cancel of the turn reaches it. */
    private Outcome await(AgentTurnWorkflow child, TurnRequest childRequest, int index) {
        try {
            TurnResult result = child.run(childRequest);
            status(index, "completed");
            return new Outcome(result.reply(), false);
        } catch (TemporalFailure failure) {
            if (CancellationScope.current().isCancelRequested()) {
                status(index, "cancelled");
                throw failure;
            }
            status(index, failure.getCause() instanceof CanceledFailure ? "cancelled" : "failed");
            return new Outcome("Error: the subagent did not answer: " + reason(failure), true);
        }
    }

    /** Starts the subagent outside this turn's cancellation scope and waits only for its start. */
    private Outcome background(AgentTurnWorkflow child, TurnRequest childRequest, int index) {
        List<Promise<TurnResult>> result = new ArrayList<>(1);
        Workflow.newDetachedCancellationScope(() -> result.add(Async.function(child::run, childRequest))).run();
        try {
            Workflow.getWorkflowExecution(child).get();
        } catch (TemporalFailure notStarted) {
            if (CancellationScope.current().isCancelRequested()) {
                throw notStarted;
            }
            status(index, "failed");
            return new Outcome("Error: the subagent could not start: " + reason(notStarted), true);
        }
        result.getFirst().handle((answer, failure) -> {
            status(index, failure == null ? "completed"
                    : failure instanceof ChildWorkflowFailure ended && ended.getCause() instanceof CanceledFailure
                    ? "cancelled" : "failed");
            return null;
        });
        return new Outcome("Subagent '" + childRequest.subagent().label() + "' started in the background (turn "
                + childRequest.turnId() + "). Its answer arrives in this session as a message when it is done;"
                + " do not wait for it.", false);
    }

    private void status(int index, String status) {
        SubagentView view = children.get(index);
        children.set(index, new SubagentView(view.turnId(), view.label(), view.session(), status, view.background()));
    }

    /**
     * A background subagent's ending, told to the parent's session once. When the parent ran in a session workflow
     * that still runs, as a message to it: it runs a turn (id {@code {subagent turn}.answer}, which the session takes
     * once) that sees and records it. Otherwise recorded into the session file under the subagent's turn id, which
     * RecordTurn takes once per session whatever the retries; the session's next turn sees it. Workflow code of the
     * subagent's own turn.
     */
    static void deliver(ConversationActivities activities, TurnRequest subagentTurn, String outcome, String text) {
        SubagentOrigin origin = subagentTurn.subagent();
        String notice = "[Subagent '" + origin.label() + "' " + outcome + " (turn " + subagentTurn.turnId()
                + "); this is its answer, not the user's words]\n\n" + text;
        if (origin.sessionWorkflowId() != null) {
            try {
                Workflow.newExternalWorkflowStub(AgentSessionWorkflow.class, origin.sessionWorkflowId())
                        .message(new SessionMessage(SubagentIds.answerTurnId(subagentTurn.turnId()), notice));
                return;
            } catch (SignalExternalWorkflowException ended) {
                // the session workflow ended (idle): the file keeps the answer for the next one
            }
        }
        Message message = new UserMessage(notice);
        activities.recordTurn(new RecordTurnInput(subagentTurn.tenant(), origin.parentSession(), subagentTurn.turnId(),
                null, 0, List.of(message)));
    }

    private static String reason(TemporalFailure failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : String.valueOf(cause.getMessage());
    }
}
