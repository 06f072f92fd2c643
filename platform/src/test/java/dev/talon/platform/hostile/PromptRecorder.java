package dev.talon.platform.hostile;

import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmProvider;
import dev.talon.api.Message;
import dev.talon.platform.bench.StepsProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link StepsProvider} that also keeps every conversation it was sent: what the LLM would have seen. */
final class PromptRecorder implements LlmProvider {

    private final StepsProvider steps;
    private final List<List<Message>> conversations = new CopyOnWriteArrayList<>();

    PromptRecorder(String tool, int steps) {
        this.steps = new StepsProvider(tool, steps);
    }

    /** Every message of every call, as text, for secret hunts. */
    String everythingSent() {
        StringBuilder all = new StringBuilder();
        conversations.forEach(conversation -> conversation.forEach(message -> all.append(message).append('\n')));
        return all.toString();
    }

    @Override
    public String id() {
        return "prompt-recorder";
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        conversations.add(List.copyOf(request.messages()));
        return steps.chat(request);
    }
}
