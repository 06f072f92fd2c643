package dev.talon.plugins.scripted;

import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.LlmProvider;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import org.pf4j.Extension;

/**
 * A deterministic, offline stand-in for a language model, for tests and demos. It is not a model: it
 * understands a few commands in the latest user message and nothing else.
 *
 * <ul>
 *   <li>When the latest user message already led to tool calls and the conversation ends with their
 *       results, it answers with one line per result of the latest round:
 *       {@code <tool>: <first line of the result>} ({@code error in <tool>: ...} for failures).</li>
 *   <li>{@code /say <text>} answers exactly the text.</li>
 *   <li>{@code /recall <word>} answers the most recent earlier user message containing the word (earlier
 *       {@code /recall} questions are skipped).</li>
 *   <li>{@code /fail <text>} throws a non-retryable {@link LlmException}.</li>
 *   <li>Every line {@code /call <tool> <json-args>} becomes a tool call with id {@code call_<round>_<n>}.</li>
 *   <li>Anything else is echoed back as {@code echo: <message>}.</li>
 * </ul>
 *
 * <p>Usage is an estimate (characters / 4) so that token accounting can be tested too.
 */
@Extension
public class ScriptedProvider implements LlmProvider {

    public ScriptedProvider() {
        // PF4J instantiates extensions through their public no-argument constructor
    }

    @Override
    public String id() {
        return "scripted";
    }

    @Override
    public ChatResponse chat(ChatRequest request) throws LlmException {
        Turn turn = Turn.of(request.messages());
        AssistantMessage reply = turn.awaitsSummary() ? AssistantMessage.text(turn.summary()) : Script.answer(turn);
        String finishReason = reply.hasToolCalls() ? "tool_calls" : "stop";
        return new ChatResponse(reply, usage(request, reply), finishReason);
    }

    // Not a tokenizer, just stable numbers: a quarter of the characters in and out.
    private static Usage usage(ChatRequest request, AssistantMessage reply) {
        long in = 0;
        for (Message message : request.messages()) {
            in += message.content().length();
        }
        long out = reply.content().length();
        for (ToolCall call : reply.toolCalls()) {
            out += call.name().length() + call.arguments().toString().length();
        }
        return new Usage(in / 4, out / 4);
    }
}
