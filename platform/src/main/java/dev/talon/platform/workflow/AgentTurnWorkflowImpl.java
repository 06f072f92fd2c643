package dev.talon.platform.workflow;

import dev.talon.api.AssistantMessage;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.Usage;
import dev.talon.platform.data.TurnLogRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agent loop. Deterministic: every side effect is an activity.
 *
 * <p>The conversation lives in the turn log on the workspace volume; history carries only a small
 * {@link TurnLogRef} per step plus each step's own result, so it grows linearly with the steps. If the log
 * is lost (another volume, a wiped disk), the workflow rebuilds the prompt inline and carries on with the
 * messages it has from history. {@link TurnConversation} owns that choice and hands the activities their inputs.
 */
public final class AgentTurnWorkflowImpl implements AgentTurnWorkflow {

    /**
     * Version 1: approvals keyed by workflow-made ids and taken once, calls sharing a model id refused. Turns
     * recorded before it (no marker) keep the old behaviour, so their histories replay.
     */
    private static final String APPROVAL_IDS_CHANGE = "approval-ids";
    /**
     * Version 1: a turn whose prompt says the session is over its window starts a memory consolidation after
     * recording. Asked only then, so turns that need none record the same history as before.
     */
    private static final String MEMORY_CONSOLIDATION_CHANGE = "memory-consolidation";

    /**
     * Version 1: an LLM call refused for the tenant's budget ends the turn with stop reason budget_exhausted and
     * records what it did, instead of failing it. Asked for only when such a refusal arrives.
     */
    private static final String BUDGET_STOP_CHANGE = "budget-stop";

    private final ConversationActivities conversationActivities =
            Workflow.newActivityStub(ConversationActivities.class, ActivityPolicies.conversation());
    private final LlmActivities llm = Workflow.newActivityStub(LlmActivities.class, ActivityPolicies.llm());

    private TurnConversation conversation;
    private Prompt prompt;
    private final Approvals approvals = new Approvals();
    /** Whether this turn runs version 1 of {@link #APPROVAL_IDS_CHANGE}; null until first needed. */
    private Boolean workflowApprovalIds;
    /** Why the budget stopped the turn; set when an LLM call was refused for it. */
    private String budgetStop;
    /** The subagents this turn started (spawn calls); null until the prompt is built. */
    private Subagents subagents;

    @Override
    public TurnResult run(TurnRequest submitted) {
        TurnRequest request = ScheduledTurns.named(submitted);
        conversation = new TurnConversation(conversationActivities, request);
        prompt = conversation.prompt();
        subagents = new Subagents(request, prompt.subagents());
        if (prompt.skipped() != null && ScheduledTurns.heartbeatEndsQuietly(request)) {
            return quietEnd(request, prompt.skipped(), List.of(), 0, Usage.NONE, TurnResult.SKIPPED);
        }
        try {
            return loop(request);
        } catch (TemporalFailure failure) {
            if (!cancelRequested()) {
                deliverIfBackground(request, "failed", "It failed: " + failure.getOriginalMessage());
                throw failure;
            }
            // record what the turn did before the cancel, even though the workflow itself is being cancelled
            Workflow.newDetachedCancellationScope(() -> {
                conversation.recordCancelled();
                deliverIfBackground(request, "was cancelled", "(cancelled)");
            }).run();
            throw new CanceledFailure("the turn was cancelled");
        }
    }

    @Override
    public List<SubagentView> subagents() {
        return subagents == null ? List.of() : subagents.views();
    }

    @Override
    public PendingApproval decide(ApprovalDecision decision) {
        return approvals.decide(decision);
    }

    @Override
    public void validateDecision(ApprovalDecision decision) {
        approvals.validate(decision);
    }

    @Override
    public void approval(ApprovalDecision decision) {
        approvals.signalled(decision);
    }

    @Override
    public List<PendingApproval> pendingApprovals() {
        return approvals.pending();
    }

    private TurnResult loop(TurnRequest request) {
        ToolActivities tools = Workflow.newActivityStub(ToolActivities.class,
                ActivityPolicies.tool(prompt.execTimeoutSeconds()));
        List<String> toolsUsed = new ArrayList<>();
        Usage usage = Usage.NONE;
        int maxIterations = maxIterations(request);
        for (int step = 1; step <= maxIterations; step++) {
            LlmStep answer = chat(step);
            if (answer == null) {
                return stopForBudget(request, toolsUsed, step - 1, usage);
            }
            usage = usage.plus(answer.response().usage());
            AssistantMessage reply = answer.response().message();
            conversation.added(reply, answer.log());
            if (!reply.hasToolCalls() && ScheduledTurns.nothingToDo(reply.content())
                    && ScheduledTurns.heartbeatEndsQuietly(request)) {
                return quietEnd(request, reply.content(), toolsUsed, step, usage, TurnResult.NOTHING_TO_DO);
            }
            if (!reply.hasToolCalls()) {
                return finish(request, reply.content(), toolsUsed, step, usage, TurnResult.COMPLETED, List.of());
            }
            List<ToolCall> calls = reply.toolCalls();
            Set<String> sharedIds = sharedIds(calls);
            for (int position = 1; position <= calls.size(); position++) {
                ToolCall call = calls.get(position - 1);
                String denial = denial(step, position, call, sharedIds);
                ToolStep result = denial == null && subagents.handles(call)
                        ? spawn(tools, step, position, call)
                        : runTool(tools, step, call, denial);
                toolsUsed.add(call.name());
                conversation.added(result.result(), result.log());
            }
        }
        String notice = "I reached the maximum number of tool call iterations (" + maxIterations
                + ") without completing the task.";
        AssistantMessage stop = AssistantMessage.text(notice);
        conversation.addOwn(stop);
        return finish(request, notice, toolsUsed, maxIterations, usage, TurnResult.MAX_ITERATIONS, List.of(stop));
    }

    /** A subagent's turn has the tenant's subagent limit (15 when the tenant stopped offering spawn since). */
    private int maxIterations(TurnRequest request) {
        if (request.subagent() == null) {
            return prompt.maxIterations();
        }
        return prompt.subagents() == null ? 15 : prompt.subagents().maxIterations();
    }

    /** Runs a spawn call in the workflow; its result goes to the turn log through ExecuteTool, like any result. */
    private ToolStep spawn(ToolActivities tools, int step, int position, ToolCall call) {
        Subagents.Outcome outcome = subagents.spawn(step, position, call);
        return runTool(tools, step, call, null, outcome);
    }

    /** A background subagent tells its parent's session how it ended; other turns have no one to tell. */
    private void deliverIfBackground(TurnRequest request, String outcome, String text) {
        if (request.subagent() != null && request.subagent().background()) {
            Subagents.deliver(conversationActivities, request, outcome, text);
        }
    }

    private LlmStep chat(int step) {
        try {
            return llm.chat(conversation.chatInput(step));
        } catch (ActivityFailure failure) {
            if (cancelRequested()) {
                throw failure;
            }
            if (conversation.wentInlineAfter(failure)) {
                return chat(step);
            }
            if (refusedForBudget(failure)) {
                budgetStop = reason(failure);
                return null;
            }
            conversation.discardLog();
            // Never store a failure as if it were the answer: the turn fails with the provider's reason.
            throw ApplicationFailure.newNonRetryableFailure(
                    "The LLM call failed: " + reason(failure), LlmFailures.TURN_FAILED);
        }
    }

    /** The tenant's budget had no room for the call (and this turn runs the version that stops for it). */
    private static boolean refusedForBudget(ActivityFailure failure) {
        return failure.getCause() instanceof ApplicationFailure application
                && LlmFailures.BUDGET_EXHAUSTED.equals(application.getType())
                && Workflow.getVersion(BUDGET_STOP_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    /** Ends the turn before the call the budget refused, keeping every step it made: nothing is lost. */
    private TurnResult stopForBudget(TurnRequest request, List<String> toolsUsed, int iterations, Usage usage) {
        String notice = "The turn stopped before its next model call: " + budgetStop;
        AssistantMessage stop = AssistantMessage.text(notice);
        conversation.addOwn(stop);
        return finish(request, notice, toolsUsed, iterations, usage, TurnResult.BUDGET_EXHAUSTED, List.of(stop));
    }

    /** The model ids that more than one call of the reply carries. */
    private static Set<String> sharedIds(List<ToolCall> calls) {
        Map<String, Long> counts = calls.stream().collect(Collectors.groupingBy(ToolCall::id, HashMap::new,
                Collectors.counting()));
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /**
     * Why the call must not run, or null: its model id is shared with another call of the reply (a result could
     * not say which call it answers), or a human denied it or did not answer in time.
     */
    private String denial(int step, int position, ToolCall call, Set<String> sharedIds) {
        boolean gated = prompt.approvalTools().contains(call.name());
        if (!gated && sharedIds.isEmpty()) {
            return null; // asks for no version: plain tool loops record the same history as before
        }
        int timeout = prompt.approvalTimeoutSeconds();
        if (!workflowApprovalIds()) {
            return gated ? approvals.awaitByModelId(call, timeout) : null;
        }
        if (sharedIds.contains(call.id())) {
            return "another tool call of the same reply has the same id, and each call needs an id of its own;"
                    + " none of the calls sharing it ran";
        }
        return gated ? approvals.await(step + "-" + position, call, timeout) : null;
    }

    private boolean workflowApprovalIds() {
        if (workflowApprovalIds == null) {
            workflowApprovalIds = Workflow.getVersion(APPROVAL_IDS_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
            if (workflowApprovalIds) {
                approvals.useWorkflowIds();
            }
        }
        return workflowApprovalIds;
    }

    private ToolStep runTool(ToolActivities tools, int step, ToolCall call, String denial) {
        return runTool(tools, step, call, denial, null);
    }

    private ToolStep runTool(ToolActivities tools, int step, ToolCall call, String denial, Subagents.Outcome platform) {
        try {
            return tools.execute(platform == null ? conversation.toolInput(step, call, denial)
                    : conversation.platformToolInput(step, call, platform.content(), platform.error()));
        } catch (ActivityFailure failure) {
            if (cancelRequested()) {
                throw failure;
            }
            // The tool could not run even after retries: the LLM hears about it and may try something else.
            ToolResultMessage error = new ToolResultMessage(call.id(), call.name(),
                    "Error: the tool could not run: " + reason(failure), true);
            return new ToolStep(error, null); // nothing appended the error to the log

        }
    }

    private TurnResult finish(TurnRequest request, String reply, List<String> toolsUsed, int iterations, Usage usage,
                              String stopReason, List<Message> ownMessages) {
        conversation.record(ownMessages);
        deliverIfBackground(request, "finished", reply);
        if (prompt.consolidateMemory()
                && Workflow.getVersion(MEMORY_CONSOLIDATION_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
            MemoryConsolidation.start(request);
        }
        return new TurnResult(request.turnId(), request.tenant(), request.session(), reply, List.copyOf(toolsUsed),
                iterations, usage, stopReason);
    }

    /** A heartbeat with nothing to do: its turn log goes, and nothing of it is stored in the session. */
    private TurnResult quietEnd(TurnRequest request, String reply, List<String> toolsUsed, int iterations, Usage usage,
                                String stopReason) {
        conversation.discardLog();
        return new TurnResult(request.turnId(), request.tenant(), request.session(), reply, List.copyOf(toolsUsed),
                iterations, usage, stopReason);
    }

    private static boolean cancelRequested() {
        return CancellationScope.current().isCancelRequested();
    }

    /** The innermost failure's own message, without Temporal's wrapping text. */
    private static String reason(ActivityFailure failure) {
        Throwable cause = failure.getCause() == null ? failure : failure.getCause();
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TemporalFailure temporal) {
            return temporal.getOriginalMessage();
        }
        return String.valueOf(cause.getMessage());
    }
}
