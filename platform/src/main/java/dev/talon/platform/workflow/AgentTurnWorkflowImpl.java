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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent loop. Deterministic: every side effect is an activity.
 *
 * <p>The conversation lives in the turn log on the workspace volume; history carries only a small
 * {@link TurnLogRef} per step plus each step's own result, so it grows linearly with the steps. If the log
 * is lost (another volume, a wiped disk), the workflow rebuilds the prompt inline and carries on with the
 * messages it has from history.
 */
public final class AgentTurnWorkflowImpl implements AgentTurnWorkflow {

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
    private final Map<String, PendingApproval> pendingApprovals = new LinkedHashMap<>();
    private final Map<String, ApprovalDecision> decisions = new HashMap<>();

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
    public void approval(ApprovalDecision decision) {
        decisions.putIfAbsent(decision.callId(), decision);
    }

    @Override
    public List<PendingApproval> pendingApprovals() {
        return List.copyOf(pendingApprovals.values());
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
            for (ToolCall call : reply.toolCalls()) {
                ToolStep result = runTool(tools, step, call);
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

    private ToolStep runTool(ToolActivities tools, int step, ToolCall call) {
        String denial = prompt.approvalTools().contains(call.name()) ? awaitApproval(call) : null;
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

    /** Waits for a human's decision on the call; returns why it was denied, or null when approved. */
    private String awaitApproval(ToolCall call) {
        int timeout = prompt.approvalTimeoutSeconds();
        pendingApprovals.put(call.id(), new PendingApproval(call.id(), call.name(), call.arguments(), timeout));
        boolean answered = Workflow.await(Duration.ofSeconds(timeout), () -> decisions.containsKey(call.id()));
        pendingApprovals.remove(call.id());
        if (!answered) {
            return "no approval within " + timeout + " seconds";
        }
        ApprovalDecision decision = decisions.get(call.id());
        if (decision.approved()) {
            return null;
        }
        return decision.reason() == null || decision.reason().isBlank() ? "denied by the user"
                : "denied by the user: " + decision.reason();
    }

    /** A cancelled turn keeps what it did; calls left without a result get one, so the session stays valid. */
    private void recordCancelled() {
        List<Message> done = new ArrayList<>(turnMessages);
        AssistantMessage lastCalls = lastAssistantWithCalls(done);
        if (lastCalls != null) {
            for (ToolCall call : lastCalls.toolCalls()) {
                boolean answered = done.stream().anyMatch(m -> m instanceof ToolResultMessage result
                        && result.toolCallId().equals(call.id()));
                if (!answered) {
                    done.add(new ToolResultMessage(call.id(), call.name(), "Error: the turn was cancelled", true));
                }
            }
        }
        done.add(AssistantMessage.text("(cancelled)"));
        conversation.recordTurn(new RecordTurnInput(request.tenant(), request.session(), request.turnId(), null, 0,
                List.copyOf(done)));
        conversation.discardTurnLog(new DiscardTurnLogInput(request.tenant(), request.turnId()));
    }

    private static AssistantMessage lastAssistantWithCalls(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
                return assistant;
            }
        }
        return null;
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
