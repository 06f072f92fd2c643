package dev.talon.platform.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmProvider;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.ToolSpec;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A provider for tests with the real activities, scripted by the turn's message like provider-scripted: each
 * {@code /call tool {json}} line is a call; after tool results it answers {@code done: <last result>}; otherwise
 * {@code answer to: <message>}. Remembers the tool names it was offered per message, and tells a hook of each call.
 */
final class CommandProvider implements LlmProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, List<String>> offeredTools = new ConcurrentHashMap<>();
    private final Consumer<String> onCall;

    CommandProvider(Consumer<String> onCall) {
        this.onCall = onCall;
    }

    @Override
    public String id() {
        return "commands";
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        List<Message> messages = request.messages();
        int lastUser = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof UserMessage) {
                lastUser = i;
            }
        }
        String task = messages.get(lastUser).content();
        offeredTools.put(task, request.tools().stream().map(ToolSpec::name).toList());
        onCall.accept(task);
        if (messages.getLast() instanceof ToolResultMessage result) {
            return answer("done: " + result.content());
        }
        List<ToolCall> calls = new ArrayList<>();
        for (String line : task.lines().toList()) {
            if (line.startsWith("/call ")) {
                String[] parts = line.split(" ", 3);
                try {
                    calls.add(new ToolCall("call_" + (calls.size() + 1), parts[1], JSON.readTree(parts[2])));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (calls.isEmpty()) {
            return answer("answer to: " + task);
        }
        return new ChatResponse(new AssistantMessage("", calls), new Usage(1, 1), "tool_calls");
    }

    private static ChatResponse answer(String text) {
        return new ChatResponse(AssistantMessage.text(text), new Usage(1, 1), "stop");
    }
}
