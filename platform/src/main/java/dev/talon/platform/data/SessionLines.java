package dev.talon.platform.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.AssistantMessage;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The nanobot session line format: one chat-completions style message per line ({@code role},
 * {@code content}, {@code tool_calls} with string arguments, {@code tool_call_id}, {@code name},
 * {@code timestamp}), plus Talon's {@code turn_id} so a turn is recorded once.
 */
final class SessionLines {

    private final ObjectMapper json;

    SessionLines(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode toLine(Message message, String turnId, String timestamp) {
        ObjectNode line = json.createObjectNode();
        switch (message) {
            case SystemMessage system -> line.put("role", "system").put("content", system.content());
            case UserMessage user -> line.put("role", "user").put("content", user.content());
            case AssistantMessage assistant -> {
                line.put("role", "assistant").put("content", assistant.content());
                if (assistant.hasToolCalls()) {
                    ArrayNode calls = line.putArray("tool_calls");
                    for (ToolCall call : assistant.toolCalls()) {
                        ObjectNode wire = calls.addObject().put("id", call.id()).put("type", "function");
                        wire.putObject("function").put("name", call.name()).put("arguments", call.arguments().toString());
                    }
                }
            }
            case ToolResultMessage tool -> {
                line.put("role", "tool").put("tool_call_id", tool.toolCallId()).put("name", tool.name())
                        .put("content", tool.content());
                if (tool.error()) {
                    line.put("is_error", true);
                }
            }
        }
        return line.put("timestamp", timestamp).put("turn_id", turnId);
    }

    /** The message a stored line holds; empty for lines this version does not understand. */
    Optional<Message> fromLine(JsonNode line) {
        String content = line.path("content").asText("");
        return switch (line.path("role").asText("")) {
            case "system" -> Optional.of(new SystemMessage(content));
            case "user" -> Optional.of(new UserMessage(content));
            case "assistant" -> Optional.of(new AssistantMessage(content, toolCalls(line.path("tool_calls"))));
            case "tool" -> Optional.of(new ToolResultMessage(line.path("tool_call_id").asText(""),
                    line.path("name").asText(""), content, line.path("is_error").asBoolean(false)));
            default -> Optional.empty();
        };
    }

    private List<ToolCall> toolCalls(JsonNode wireCalls) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode wire : wireCalls) {
            JsonNode function = wire.path("function");
            calls.add(new ToolCall(wire.path("id").asText(""), function.path("name").asText(""),
                    arguments(function.path("arguments"))));
        }
        return calls;
    }

    private JsonNode arguments(JsonNode stored) {
        if (!stored.isTextual()) {
            return stored.isObject() ? stored : json.createObjectNode();
        }
        try {
            return json.readTree(stored.asText());
        } catch (JsonProcessingException e) {
            return json.createObjectNode().put("_raw", stored.asText());
        }
    }
}
