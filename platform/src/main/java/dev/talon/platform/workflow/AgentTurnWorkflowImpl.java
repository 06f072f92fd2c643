package dev.talon.platform.workflow;

import dev.talon.api.AssistantMessage;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
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
 * messages it has from history.
 */
public final class AgentTurnWorkflowImpl implements AgentTurnWorkflow {

    /**
     * Version 1: approvals keyed by workflow-made ids and taken once, calls sharing a model id refused. Turns
     * recorded before it (no marker) keep the old behaviour, so their histories replay.
     */
    private static final String APPROVAL_IDS_CHANGE = "approval-ids";

    private final ConversationActivities conversation =
            Workflow.newActivityStub(ConversationActivities.class, ActivityPolicies.conversation());
    private final LlmActivities llm = Workflow.newActivityStub(LlmActivities.class, ActivityPolicies.llm());

    private TurnRequest request;
    /** The turn log's state; null once the turn runs inline. */
    private TurnLogRef log;
    /** The whole conversation, only kept when running inline. */
    private List<Message> inline;
    private int promptSize;
    /** What this turn adds to the session: the user message, replies, tool results. */
    private final List<Message> turnMessages = new ArrayList<>();
    private Prompt prompt;
    private final Approvals approvals = new Approvals();
    /** Whether this turn runs version 1 of {@link #APPROVAL_IDS_CHANGE}; null until first needed. */
    private Boolean workflowApprovalIds;

    @Override
    public TurnResult run(TurnRequest request) {
        this.request = request;
        prompt = conversation.buildPrompt(promptInput(request.inlinePrompt()));
        log = prompt.log();
        inline = log == null ? new ArrayList<>(prompt.messages()) : null;
        promptSize = log == null ? prompt.messages().size() : log.count();
        turnMessages.add(new UserMessage(request.message()));
        try {
            return loop();
        } catch (TemporalFailure failure) {
            if (!cancelRequested()) {
                throw failure;
            }
            // record what the turn did before the cancel, even though the workflow itself is being cancelled
            Workflow.newDetachedCancellationScope(this::recordCancelled).run();
            throw new CanceledFailure("the turn was cancelled");
        }
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

    private TurnResult loop() {
        ToolActivities tools = Workflow.newActivityStub(ToolActivities.class,
                ActivityPolicies.tool(prompt.execTimeoutSeconds()));
        List<String> toolsUsed = new ArrayList<>();
        Usage usage = Usage.NONE;
        for (int step = 1; step <= prompt.maxIterations(); step++) {
            LlmStep answer = chat(step);
            usage = usage.plus(answer.response().usage());
            AssistantMessage reply = answer.response().message();
            added(reply, answer.log());
            if (!reply.hasToolCalls()) {
                return finish(reply.content(), toolsUsed, step, usage, TurnResult.COMPLETED, List.of());
            }
            List<ToolCall> calls = reply.toolCalls();
            Set<String> sharedIds = sharedIds(calls);
            for (int position = 1; position <= calls.size(); position++) {
                ToolCall call = calls.get(position - 1);
                ToolStep result = runTool(tools, step, call, denial(step, position, call, sharedIds));
                toolsUsed.add(call.name());
                added(result.result(), result.log());
            }
        }
        String notice = "I reached the maximum number of tool call iterations (" + prompt.maxIterations()
                + ") without completing the task.";
        AssistantMessage stop = AssistantMessage.text(notice);
        turnMessages.add(stop);
        return finish(notice, toolsUsed, prompt.maxIterations(), usage, TurnResult.MAX_ITERATIONS, List.of(stop));
    }

    private LlmStep chat(int step) {
        try {
            return llm.chat(chatInput(step));
        } catch (ActivityFailure failure) {
            if (cancelRequested()) {
                throw failure;
            }
            if (log != null && isTurnLogUnavailable(failure)) {
                goInline();
                return chat(step);
            }
            conversation.discardTurnLog(new DiscardTurnLogInput(request.tenant(), request.turnId()));
            // Never store a failure as if it were the answer: the turn fails with the provider's reason.
            throw ApplicationFailure.newNonRetryableFailure(
                    "The LLM call failed: " + reason(failure), LlmFailures.TURN_FAILED);
        }
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
        try {
            return tools.execute(new ExecuteToolInput(request.tenant(), request.session(), request.turnId(), step,
                    call, log, denial));
        } catch (ActivityFailure failure) {
            if (cancelRequested()) {
                throw failure;
            }
            // The tool could not run even after retries: the LLM hears about it and may try something else.
            ToolResultMessage error = new ToolResultMessage(call.id(), call.name(),
                    "Error: the tool could not run: " + reason(failure), true);
            if (log != null) {
                goInline(); // nothing appended the error to the log
            }
            return new ToolStep(error, null);
        }
    }

    /**
     * A cancelled turn keeps what it did; calls left without a result get one, so the session stays valid. Calls
     * run in the reply's order, so the results after the reply answer its first calls: matched by place, not by the
     * model's ids, which may repeat.
     */
    private void recordCancelled() {
        List<Message> done = new ArrayList<>(turnMessages);
        int reply = lastAssistantWithCalls(done);
        if (reply >= 0) {
            List<ToolCall> calls = ((AssistantMessage) done.get(reply)).toolCalls();
            long answered = done.subList(reply + 1, done.size()).stream()
                    .filter(ToolResultMessage.class::isInstance).count();
            for (ToolCall call : calls.subList((int) Math.min(answered, calls.size()), calls.size())) {
                done.add(new ToolResultMessage(call.id(), call.name(), "Error: the turn was cancelled", true));
            }
        }
        done.add(AssistantMessage.text("(cancelled)"));
        conversation.recordTurn(new RecordTurnInput(request.tenant(), request.session(), request.turnId(), null, 0,
                List.copyOf(done)));
        conversation.discardTurnLog(new DiscardTurnLogInput(request.tenant(), request.turnId()));
    }

    /** The index of the last reply that asked for tool calls, or -1. */
    private static int lastAssistantWithCalls(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
                return i;
            }
        }
        return -1;
    }

    /** Keeps the workflow's view in step with what an activity returned. */
    private void added(Message message, TurnLogRef logAfter) {
        turnMessages.add(message);
        if (inline != null) {
            inline.add(message);
        } else if (logAfter == null) {
            goInline(); // the activity could not append: it says so by returning no reference
        } else {
            log = logAfter;
        }
    }

    /** The turn log is gone or does not match: rebuild the prompt inline and add what this turn did so far. */
    private void goInline() {
        Prompt rebuilt = conversation.buildPrompt(promptInput(true));
        inline = new ArrayList<>(rebuilt.messages());
        promptSize = inline.size();
        inline.addAll(turnMessages.subList(1, turnMessages.size()));
        log = null;
    }

    /**
     * Records the turn: from the turn log (the user message is the prompt's last line) plus the workflow's own
     * messages, or everything inline when the turn ran inline or the log is gone by now.
     */
    private TurnResult finish(String reply, List<String> toolsUsed, int iterations, Usage usage, String stopReason,
                              List<Message> ownMessages) {
        RecordTurnInput inlineRecord = new RecordTurnInput(request.tenant(), request.session(), request.turnId(),
                null, 0, List.copyOf(turnMessages));
        if (log == null) {
            conversation.recordTurn(inlineRecord);
        } else {
            try {
                conversation.recordTurn(new RecordTurnInput(request.tenant(), request.session(), request.turnId(),
                        log, promptSize - 1, ownMessages));
            } catch (ActivityFailure failure) {
                if (!isTurnLogUnavailable(failure)) {
                    throw failure;
                }
                conversation.recordTurn(inlineRecord);
            }
        }
        return new TurnResult(request.turnId(), request.tenant(), request.session(), reply, List.copyOf(toolsUsed),
                iterations, usage, stopReason);
    }

    private BuildPromptInput promptInput(boolean inlinePrompt) {
        return new BuildPromptInput(request.tenant(), request.session(), request.turnId(), request.message(), inlinePrompt);
    }

    private LlmChatInput chatInput(int step) {
        return new LlmChatInput(request.tenant(), request.session(), request.turnId(), step, log,
                inline == null ? List.of() : List.copyOf(inline));
    }

    private static boolean cancelRequested() {
        return CancellationScope.current().isCancelRequested();
    }

    private static boolean isTurnLogUnavailable(ActivityFailure failure) {
        return failure.getCause() instanceof ApplicationFailure application
                && TurnLogFailures.UNAVAILABLE.equals(application.getType());
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
