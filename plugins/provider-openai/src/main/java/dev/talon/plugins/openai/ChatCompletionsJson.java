package dev.talon.plugins.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.Message;
import dev.talon.api.ProviderSettings;
import dev.talon.api.SystemMessage;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.ToolSpec;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The chat-completions wire format: Talon's records to a request body, a response body to Talon's records. */
final class ChatCompletionsJson {

    /** Options sent as JSON numbers; a string "0.2" would be rejected by most servers. */
    private static final List<String> DECIMAL_OPTIONS = List.of("temperature", "top_p");
    private static final List<String> INTEGER_OPTIONS = List.of("max_tokens", "max_completion_tokens");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ChatCompletionsJson() {
    }

    static String requestBody(ChatRequest request) throws LlmException {
        return requestBody(request, false);
    }

    /** With {@code stream}: server-sent chunks, the last of them carrying the usage. */
    static String requestBody(ChatRequest request, boolean stream) throws LlmException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.model());
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        ArrayNode messages = body.putArray("messages");
        for (Message message : request.messages()) {
            messages.add(wire(message));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec spec : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", spec.name()).put("description", spec.description());
                function.set("parameters", spec.parametersSchema());
            }
        }
        ProviderSettings settings = request.settings();
        for (String name : DECIMAL_OPTIONS) {
            Optional<String> value = settings.option(name);
            if (value.isPresent()) {
                body.set(name, DoubleNode.valueOf(number(name, value.get()).doubleValue()));
            }
        }
        for (String name : INTEGER_OPTIONS) {
            Optional<String> value = settings.option(name);
            if (value.isPresent()) {
                body.set(name, LongNode.valueOf(wholeNumber(name, value.get())));
            }
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            // a tree of plain nodes always serializes
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode wire(Message message) {
        ObjectNode node = JSON.createObjectNode();
        switch (message) {
            case SystemMessage(String content) -> node.put("role", "system").put("content", content);
            case UserMessage(String content) -> node.put("role", "user").put("content", content);
            case AssistantMessage(String content, List<ToolCall> calls) -> {
                node.put("role", "assistant");
                // OpenAI wants null, not "", next to tool calls; some servers reject a missing content
                if (content.isEmpty() && !calls.isEmpty()) {
                    node.putNull("content");
                } else {
                    node.put("content", content);
                }
                if (!calls.isEmpty()) {
                    ArrayNode wireCalls = node.putArray("tool_calls");
                    for (ToolCall call : calls) {
                        wireCalls.addObject().put("id", call.id()).put("type", "function")
                                .putObject("function")
                                .put("name", call.name())
                                // the wire carries arguments as a JSON string, not an object
                                .put("arguments", call.arguments().toString());
                    }
                }
            }
            // the wire has no error flag: the content already says what failed
            case ToolResultMessage(String toolCallId, String name, String content, boolean error) ->
                    node.put("role", "tool").put("tool_call_id", toolCallId).put("content", content);
        }
        return node;
    }

    private static BigDecimal number(String name, String text) throws LlmException {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw LlmException.permanent("provider option " + name + " must be a number, got '" + text + "'", 0);
        }
    }

    private static long wholeNumber(String name, String text) throws LlmException {
        try {
            return number(name, text).longValueExact();
        } catch (ArithmeticException e) {
            throw LlmException.permanent("provider option " + name + " must be a whole number, got '" + text + "'", 0);
        }
    }

    /** Reads choices[0] of a chat completion; lenient where servers differ, strict where the answer would be lost. */
    static ChatResponse response(String body) throws UnexpectedResponseException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnexpectedResponseException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new UnexpectedResponseException("not a JSON object");
        }
        JsonNode choice = root.path("choices").path(0);
        if (!choice.isObject()) {
            throw new UnexpectedResponseException("no choices");
        }
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw new UnexpectedResponseException("choices[0] has no message");
        }
        AssistantMessage assistant = new AssistantMessage(content(message.path("content")),
                toolCalls(message.path("tool_calls")));
        JsonNode finishReason = choice.path("finish_reason");
        return new ChatResponse(assistant, usage(root.path("usage")),
                finishReason.isTextual() ? finishReason.asText() : "");
    }

    private static String content(JsonNode content) throws UnexpectedResponseException {
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            // a few servers send content parts: [{"type": "text", "text": "..."}]
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                text.append(part.path("text").asText(""));
            }
            return text.toString();
        }
        throw new UnexpectedResponseException("choices[0].message.content is " + content.getNodeType());
    }

    private static List<ToolCall> toolCalls(JsonNode wireCalls) throws UnexpectedResponseException {
        if (wireCalls.isMissingNode() || wireCalls.isNull()) {
            return List.of();
        }
        if (!wireCalls.isArray()) {
            throw new UnexpectedResponseException("choices[0].message.tool_calls is not an array");
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode wireCall : wireCalls) {
            JsonNode function = wireCall.path("function");
            String name = function.path("name").asText("");
            if (name.isBlank()) {
                throw new UnexpectedResponseException("tool call " + calls.size() + " has no function name");
            }
            calls.add(toolCall(wireCall.path("id").asText(""), name, function.path("arguments")));
        }
        return calls;
    }

    static ToolCall toolCall(String id, String name, JsonNode arguments) {
        // some local servers leave the id out; the tool result must still point at its call
        return new ToolCall(id.isBlank() ? "call_" + UUID.randomUUID() : id, name, arguments(arguments));
    }

    /** Parses one JSON value of a server's answer. */
    static JsonNode tree(String text) throws UnexpectedResponseException {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null) {
                throw new UnexpectedResponseException("empty JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UnexpectedResponseException("not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /**
     * Arguments arrive as a JSON string. Models sometimes write broken JSON; rather than failing the turn,
     * keep the text as {@code {"_raw": "..."}} so that the tool reports bad arguments and the model retries.
     */
    static JsonNode arguments(JsonNode wire) {
        if (wire.isMissingNode() || wire.isNull()) {
            return JSON.createObjectNode();
        }
        if (wire.isObject()) {
            return wire;
        }
        String text = wire.isTextual() ? wire.asText() : wire.toString();
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // kept raw below
        }
        return JSON.createObjectNode().put("_raw", text);
    }

    static Usage usage(JsonNode usage) {
        if (!usage.isObject()) {
            return Usage.NONE;
        }
        return new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    }
}
