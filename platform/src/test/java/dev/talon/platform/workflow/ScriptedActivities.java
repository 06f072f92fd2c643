package dev.talon.platform.workflow;

import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Test doubles of the three activity interfaces, recording what the workflow asked of them. The LLM's
 * answers come from a function of the call number, so each test scripts the conversation it needs. They run
 * the turn inline (no turn log); AgentTurnWithTurnLogTest covers the log with the real activities.
 */
class ScriptedActivities implements ConversationActivities, LlmActivities, ToolActivities {

    final int maxIterations;
    final Function<Integer, ChatResponse> llmAnswers;
    final AtomicInteger llmCalls = new AtomicInteger();
    final List<LlmChatInput> llmInputs = new CopyOnWriteArrayList<>();
    final List<ExecuteToolInput> toolInputs = new CopyOnWriteArrayList<>();
    final List<RecordTurnInput> recorded = new CopyOnWriteArrayList<>();
    final List<EndSessionInput> endedSessions = new CopyOnWriteArrayList<>();
    List<String> approvalTools = List.of();
    int approvalTimeoutSeconds = 60;

    ScriptedActivities(int maxIterations, Function<Integer, ChatResponse> llmAnswers) {
        this.maxIterations = maxIterations;
        this.llmAnswers = llmAnswers;
    }

    @Override
    public Prompt buildPrompt(BuildPromptInput input) {
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage("system"));
        messages.add(new dev.talon.api.UserMessage(input.message()));
        return new Prompt(null, messages, maxIterations, 5, approvalTools, approvalTimeoutSeconds);
    }

    @Override
    public boolean recordTurn(RecordTurnInput input) {
        recorded.add(input);
        return true;
    }

    @Override
    public void discardTurnLog(DiscardTurnLogInput input) {
    }

    @Override
    public LlmStep chat(LlmChatInput input) {
        llmInputs.add(input);
        return new LlmStep(llmAnswers.apply(llmCalls.incrementAndGet()), null);
    }

    @Override
    public ToolStep execute(ExecuteToolInput input) {
        toolInputs.add(input);
        if (input.denial() != null) {
            return new ToolStep(new ToolResultMessage(input.call().id(), input.call().name(), "denied: " + input.denial(),
                    true), null);
        }
        return new ToolStep(new ToolResultMessage(input.call().id(), input.call().name(), "ran " + input.call().name(),
                false), null);
    }

    @Override
    public void endSession(EndSessionInput input) {
        endedSessions.add(input);
    }

    /** An LLM that answers "echo: <latest user message>". */
    static ScriptedActivities echo() {
        ScriptedActivities[] self = new ScriptedActivities[1];
        self[0] = new ScriptedActivities(10, call -> {
            List<Message> messages = self[0].llmInputs.getLast().messages();
            return answer("echo: " + messages.getLast().content());
        });
        return self[0];
    }

    static ChatResponse answer(String text) {
        return new ChatResponse(AssistantMessage.text(text), new Usage(10, 2), "stop");
    }
}
