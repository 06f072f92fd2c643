package dev.talon.platform.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmProvider;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A deterministic stand-in for an LLM, for benchmarks and tests (not a model): calls {@code tool} once per
 * step until {@code steps} tool steps are done, then answers {@code done after N steps}. Records the size of
 * every conversation it was sent.
 */
public final class StepsProvider implements LlmProvider {

    private final String tool;
    private final int steps;
    private final List<Integer> conversationSizes = new CopyOnWriteArrayList<>();

    public StepsProvider(String tool, int steps) {
        this.tool = tool;
        this.steps = steps;
    }

    /** How many messages each call was sent, in call order. */
    public List<Integer> conversationSizes() {
        return List.copyOf(conversationSizes);
    }

    @Override
    public String id() {
        return "steps";
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        List<Message> messages = request.messages();
        conversationSizes.add(messages.size());
        int lastUser = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof UserMessage) {
                lastUser = i;
            }
        }
        long done = messages.subList(lastUser, messages.size()).stream().filter(m -> m instanceof AssistantMessage).count();
        if (done >= steps) {
            return new ChatResponse(AssistantMessage.text("done after " + done + " steps"), new Usage(1, 1), "stop");
        }
        ToolCall call = new ToolCall("call_" + (done + 1), tool, JsonNodeFactory.instance.objectNode().put("step", done + 1));
        return new ChatResponse(new AssistantMessage("", List.of(call)), new Usage(1, 1), "tool_calls");
    }
}
