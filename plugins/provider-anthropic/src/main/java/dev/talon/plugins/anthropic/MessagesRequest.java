package dev.talon.plugins.anthropic;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUnion;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.LlmException;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.ToolSpec;
import dev.talon.api.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our conversation as a Messages API request. System messages become the top-level system prompt; tool calls
 * become {@code tool_use} blocks of the assistant; tool results become {@code tool_result} blocks of a user
 * message, consecutive user-side messages merged into one (the API wants the results of one reply together).
 *
 * <p>Prompt caching: {@code cache_control} marks the end of the system prompt, the last tool and the last
 * message, so the next call of the turn reads everything up to there from the cache.
 */
final class MessagesRequest {

    static final long DEFAULT_MAX_TOKENS = 4096;

    private static final CacheControlEphemeral CACHE = CacheControlEphemeral.builder().build();

    private MessagesRequest() {
    }

    static MessageCreateParams build(ChatRequest request) throws LlmException {
        boolean cache = !"false".equalsIgnoreCase(request.settings().option("prompt_caching").orElse("true"));
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(request.model())
                .maxTokens(longOption(request, "max_tokens").orElse(DEFAULT_MAX_TOKENS));
        List<TextBlockParam> system = system(request.messages(), cache);
        if (!system.isEmpty()) {
            params.systemOfTextBlockParams(system);
        }
        params.messages(conversation(request.messages(), cache));
        if (!request.tools().isEmpty()) {
            params.tools(tools(request.tools(), cache));
        }
        // sent as plain body fields: the SDK no longer models them, the API still takes them for most models
        for (String name : List.of("temperature", "top_p")) {
            Optional<Double> value = doubleOption(request, name);
            if (value.isPresent()) {
                params.putAdditionalBodyProperty(name, JsonValue.from(value.get()));
            }
        }
        Optional<Long> topK = longOption(request, "top_k");
        if (topK.isPresent()) {
            params.putAdditionalBodyProperty("top_k", JsonValue.from(topK.get()));
        }
        return params.build();
    }

    private static List<TextBlockParam> system(List<Message> messages, boolean cache) {
        List<TextBlockParam> blocks = new ArrayList<>();
        for (Message message : messages) {
            if (message instanceof SystemMessage system && !system.content().isEmpty()) {
                blocks.add(TextBlockParam.builder().text(system.content()).build());
            }
        }
        if (cache && !blocks.isEmpty()) {
            blocks.set(blocks.size() - 1, blocks.getLast().toBuilder().cacheControl(CACHE).build());
        }
        return blocks;
    }

    /** Alternating user and assistant turns; each side's consecutive blocks travel in one message. */
    private static List<MessageParam> conversation(List<Message> messages, boolean cache) {
        List<Turn> turns = new ArrayList<>();
        for (Message message : messages) {
            List<ContentBlockParam> blocks = blocks(message);
            if (blocks.isEmpty()) {
                continue;
            }
            boolean user = !(message instanceof AssistantMessage);
            if (turns.isEmpty() || turns.getLast().user() != user) {
                turns.add(new Turn(user, new ArrayList<>()));
            }
            turns.getLast().blocks().addAll(blocks);
        }
        if (cache && !turns.isEmpty()) {
            List<ContentBlockParam> last = turns.getLast().blocks();
            last.set(last.size() - 1, withCache(last.getLast()));
        }
        return turns.stream()
                .map(turn -> turn.user()
                        ? MessageParam.ofUserOfContentBlockParams(turn.blocks())
                        : MessageParam.ofAssistantOfContentBlockParams(turn.blocks()))
                .toList();
    }

    private record Turn(boolean user, List<ContentBlockParam> blocks) {
    }

    private static List<ContentBlockParam> blocks(Message message) {
        return switch (message) {
            case SystemMessage ignored -> List.of(); // already in the system prompt
            case UserMessage user -> List.of(ContentBlockParam.ofText(
                    TextBlockParam.builder().text(user.content()).build()));
            case ToolResultMessage result -> List.of(ContentBlockParam.ofToolResult(toolResult(result)));
            case AssistantMessage assistant -> assistant(assistant);
        };
    }

    private static ToolResultBlockParam toolResult(ToolResultMessage result) {
        ToolResultBlockParam.Builder block = ToolResultBlockParam.builder().toolUseId(result.toolCallId());
        // a tool that printed nothing sends no content: the API refuses empty text
        if (!result.content().isEmpty()) {
            block.content(result.content());
        }
        if (result.error()) {
            block.isError(true);
        }
        return block.build();
    }

    private static List<ContentBlockParam> assistant(AssistantMessage assistant) {
        List<ContentBlockParam> blocks = new ArrayList<>();
        // the API refuses empty text blocks; a reply with only tool calls has none
        if (!assistant.content().isBlank()) {
            blocks.add(ContentBlockParam.ofText(TextBlockParam.builder().text(assistant.content()).build()));
        }
        for (ToolCall call : assistant.toolCalls()) {
            ToolUseBlockParam.Input.Builder input = ToolUseBlockParam.Input.builder();
            if (call.arguments().isObject()) {
                call.arguments().properties().forEach(field ->
                        input.putAdditionalProperty(field.getKey(), JsonValue.fromJsonNode(field.getValue())));
            }
            blocks.add(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder()
                    .id(call.id()).name(call.name()).input(input.build()).build()));
        }
        return blocks;
    }

    private static ContentBlockParam withCache(ContentBlockParam block) {
        if (block.isText()) {
            return ContentBlockParam.ofText(block.asText().toBuilder().cacheControl(CACHE).build());
        }
        if (block.isToolResult()) {
            return ContentBlockParam.ofToolResult(block.asToolResult().toBuilder().cacheControl(CACHE).build());
        }
        if (block.isToolUse()) {
            return ContentBlockParam.ofToolUse(block.asToolUse().toBuilder().cacheControl(CACHE).build());
        }
        return block;
    }

    private static List<ToolUnion> tools(List<ToolSpec> specs, boolean cache) {
        List<ToolUnion> tools = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Tool.Builder tool = Tool.builder()
                    .name(specs.get(i).name())
                    .description(specs.get(i).description())
                    .inputSchema(inputSchema(specs.get(i).parametersSchema()));
            if (cache && i == specs.size() - 1) {
                tool.cacheControl(CACHE);
            }
            tools.add(ToolUnion.ofTool(tool.build()));
        }
        return tools;
    }

    /** The tool's JSON Schema as it is: {@code properties} and {@code required} typed, the rest passed along. */
    private static Tool.InputSchema inputSchema(JsonNode schema) {
        Tool.InputSchema.Builder builder = Tool.InputSchema.builder();
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            switch (field.getKey()) {
                case "type" -> {
                    // always "object" for tool input; the SDK writes it
                }
                case "properties" -> {
                    Tool.InputSchema.Properties.Builder properties = Tool.InputSchema.Properties.builder();
                    field.getValue().properties().forEach(property ->
                            properties.putAdditionalProperty(property.getKey(), JsonValue.fromJsonNode(property.getValue())));
                    builder.properties(properties.build());
                }
                case "required" -> {
                    List<String> required = new ArrayList<>();
                    field.getValue().forEach(name -> required.add(name.asText()));
                    builder.required(required);
                }
                default -> builder.putAdditionalProperty(field.getKey(), JsonValue.fromJsonNode(field.getValue()));
            }
        }
        return builder.build();
    }

    private static Optional<Long> longOption(ChatRequest request, String name) throws LlmException {
        Optional<String> value = request.settings().option(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long parsed = Long.parseLong(value.get().strip());
            if (parsed <= 0) {
                throw new NumberFormatException();
            }
            return Optional.of(parsed);
        } catch (NumberFormatException e) {
            throw LlmException.permanent("provider option " + name + " must be a positive whole number", 0);
        }
    }

    private static Optional<Double> doubleOption(ChatRequest request, String name) throws LlmException {
        Optional<String> value = request.settings().option(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            double parsed = Double.parseDouble(value.get().strip());
            if (!Double.isFinite(parsed) || parsed < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(parsed);
        } catch (NumberFormatException e) {
            throw LlmException.permanent("provider option " + name + " must be a number of zero or more", 0);
        }
    }
}
