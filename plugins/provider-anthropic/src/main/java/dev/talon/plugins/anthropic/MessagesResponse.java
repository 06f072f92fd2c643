package dev.talon.plugins.anthropic;

import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import java.util.ArrayList;
import java.util.List;

/** A Messages API answer as ours: text blocks joined, {@code tool_use} blocks as tool calls, cache tokens counted. */
final class MessagesResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MessagesResponse() {
    }

    static ChatResponse from(com.anthropic.models.messages.Message message) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            if (block.isText()) {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(block.asText().text());
            } else if (block.isToolUse()) {
                ToolUseBlock use = block.asToolUse();
                calls.add(new ToolCall(use.id(), use.name(), arguments(use)));
            }
            // thinking and server-tool blocks are the model's own business: not part of our conversation
        }
        String finishReason = message.stopReason().map(Object::toString).orElse("");
        return new ChatResponse(new AssistantMessage(text.toString(), calls), usage(message.usage()), finishReason);
    }

    private static JsonNode arguments(ToolUseBlock use) {
        JsonNode input = use._input().convert(JsonNode.class);
        // a tool's arguments are an object; anything else reaches the tool as "no arguments", which it reports
        return input != null && input.isObject() ? input : JSON.createObjectNode();
    }

    /** Anthropic counts cached prompt tokens apart from {@code input_tokens}; ours include them. */
    private static Usage usage(com.anthropic.models.messages.Usage usage) {
        long read = usage.cacheReadInputTokens().orElse(0L);
        long written = usage.cacheCreationInputTokens().orElse(0L);
        return new Usage(usage.inputTokens() + read + written, usage.outputTokens(), read, written);
    }
}
