package dev.talon.platform.workflow;

import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** The agent loop. Deterministic: every side effect is an activity. */
public final class AgentTurnWorkflowImpl implements AgentTurnWorkflow {

    private final ConversationActivities conversation =
            Workflow.newActivityStub(ConversationActivities.class, ActivityPolicies.conversation());
    private final LlmActivities llm = Workflow.newActivityStub(LlmActivities.class, ActivityPolicies.llm());

    @Override
    public TurnResult run(TurnRequest request) {
        Prompt prompt = conversation.buildPrompt(new BuildPromptInput(
                request.tenant(), request.session(), request.turnId(), request.message()));
        ToolActivities tools = Workflow.newActivityStub(ToolActivities.class,
                ActivityPolicies.tool(prompt.execTimeoutSeconds()));

        List<Message> conversationSoFar = new ArrayList<>(prompt.messages());
        List<Message> turnMessages = new ArrayList<>(List.of(new UserMessage(request.message())));
        List<String> toolsUsed = new ArrayList<>();
        Usage usage = Usage.NONE;

        for (int step = 1; step <= prompt.maxIterations(); step++) {
            ChatResponse response = chat(request, step, conversationSoFar);
            usage = usage.plus(response.usage());
            AssistantMessage reply = response.message();
            conversationSoFar.add(reply);
            turnMessages.add(reply);
            if (!reply.hasToolCalls()) {
                return finish(request, turnMessages, reply.content(), toolsUsed, step, usage, TurnResult.COMPLETED);
            }
            for (ToolCall call : reply.toolCalls()) {
                ToolResultMessage result = runTool(tools, request, step, call);
                toolsUsed.add(call.name());
                conversationSoFar.add(result);
                turnMessages.add(result);
            }
        }
        String notice = "I reached the maximum number of tool call iterations (" + prompt.maxIterations()
                + ") without completing the task.";
        AssistantMessage stop = AssistantMessage.text(notice);
        turnMessages.add(stop);
        return finish(request, turnMessages, notice, toolsUsed, prompt.maxIterations(), usage,
                TurnResult.MAX_ITERATIONS);
    }

    private ChatResponse chat(TurnRequest request, int step, List<Message> messages) {
        try {
            return llm.chat(new LlmChatInput(request.tenant(), request.session(), request.turnId(), step,
                    List.copyOf(messages)));
        } catch (ActivityFailure failure) {
            // Never store a failure as if it were the answer: the turn fails with the provider's reason.
            throw ApplicationFailure.newNonRetryableFailure(
                    "The LLM call failed: " + reason(failure), LlmFailures.TURN_FAILED);
        }
    }

    private static ToolResultMessage runTool(ToolActivities tools, TurnRequest request, int step, ToolCall call) {
        try {
            return tools.execute(new ExecuteToolInput(request.tenant(), request.session(), request.turnId(), step, call));
        } catch (ActivityFailure failure) {
            // The tool could not run even after retries: the LLM hears about it and may try something else.
            return new ToolResultMessage(call.id(), call.name(),
                    "Error: the tool could not run: " + reason(failure), true);
        }
    }

    private TurnResult finish(TurnRequest request, List<Message> turnMessages, String reply, List<String> toolsUsed,
                              int iterations, Usage usage, String stopReason) {
        conversation.recordTurn(new RecordTurnInput(request.tenant(), request.session(), request.turnId(),
                List.copyOf(turnMessages)));
        return new TurnResult(request.turnId(), request.tenant(), request.session(), reply, List.copyOf(toolsUsed),
                iterations, usage, stopReason);
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
