package dev.talon.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.TextDeltaSink;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a streamed chat completion back together: text deltas (each also handed to the sink), tool calls
 * whose id, name and argument fragments arrive in pieces keyed by {@code index}, the finish reason, and the
 * usage of the last chunk ({@code stream_options.include_usage}).
 */
final class StreamedCompletion {

    /** More tool calls than any model makes in one reply: a hostile index cannot grow the map without end. */
    static final int MAX_TOOL_CALLS = 128;

    private final TextDeltaSink deltas;
    private final StringBuilder content = new StringBuilder();
    private final Map<Integer, PartialToolCall> calls = new TreeMap<>();
    private Usage usage = Usage.NONE;
    private String finishReason = "";
    private boolean done;

    StreamedCompletion(TextDeltaSink deltas) {
        this.deltas = deltas;
    }

    /** Takes one event's data; {@code [DONE]} ends the stream. */
    void accept(String data) throws UnexpectedResponseException, StreamedErrorException {
        if (data.strip().equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk = ChatCompletionsJson.tree(data);
        if (!chunk.isObject()) {
            throw new UnexpectedResponseException("a streamed chunk is not a JSON object");
        }
        JsonNode error = chunk.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new StreamedErrorException(error.path("message").asText(error.toString()));
        }
        if (chunk.path("usage").isObject()) {
            usage = ChatCompletionsJson.usage(chunk.path("usage"));
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (!choice.isObject()) {
            return; // the usage chunk has no choices
        }
        JsonNode reason = choice.path("finish_reason");
        if (reason.isTextual()) {
            finishReason = reason.asText();
        }
        JsonNode delta = choice.path("delta");
        JsonNode text = delta.path("content");
        if (text.isTextual() && !text.asText().isEmpty()) {
            content.append(text.asText());
            deltas.text(text.asText());
        }
        for (JsonNode wireCall : delta.path("tool_calls")) {
            call(wireCall.path("index").asInt(calls.size())).add(wireCall);
        }
    }

    private PartialToolCall call(int index) throws UnexpectedResponseException {
        PartialToolCall call = calls.get(index);
        if (call == null) {
            if (calls.size() >= MAX_TOOL_CALLS || index < 0) {
                throw new UnexpectedResponseException("more than " + MAX_TOOL_CALLS + " tool calls, or a negative index");
            }
            call = new PartialToolCall();
            calls.put(index, call);
        }
        return call;
    }

    /** True once {@code [DONE]} or a finish reason came: the answer is whole. */
    boolean complete() {
        return done || !finishReason.isEmpty();
    }

    boolean done() {
        return done;
    }

    ChatResponse response() throws UnexpectedResponseException {
        List<ToolCall> toolCalls = new ArrayList<>(calls.size());
        for (Map.Entry<Integer, PartialToolCall> entry : calls.entrySet()) {
            PartialToolCall call = entry.getValue();
            if (call.name().isBlank()) {
                throw new UnexpectedResponseException("streamed tool call " + entry.getKey() + " has no function name");
            }
            toolCalls.add(ChatCompletionsJson.toolCall(call.id(), call.name(),
                    TextNode.valueOf(call.arguments())));
        }
        return new ChatResponse(new AssistantMessage(content.toString(), toolCalls), usage, finishReason);
    }
}
