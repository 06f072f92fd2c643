package dev.talon.plugins.scripted;

import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.LlmProvider;
import dev.talon.api.Message;
import dev.talon.api.PluginContext;
import dev.talon.api.TextDeltaSink;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import java.io.IOException;
import java.nio.file.Path;
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
 *   <li>{@code /prompt} answers the system prompt it was sent, so tests can see what a model would see.</li>
 *   <li>{@code /fail <text>} throws a non-retryable {@link LlmException}.</li>
 *   <li>Every line {@code /call <tool> <json-args>} becomes a tool call with id {@code call_<round>_<n>}.</li>
 *   <li>Anything else is echoed back as {@code echo: <message>}.</li>
 * </ul>
 *
 * <p>Usage is an estimate (characters / 4) so that token accounting can be tested too.
 *
 * <p>Streaming ({@link #chat(ChatRequest, TextDeltaSink)}) is off unless the tenant's provider options say
 * {@code stream_words: "true"}; then it is a replay, not generation: the same reply as {@link #chat(ChatRequest)},
 * its text handed on word by word (each word with the spaces after it), at once.
 *
 * <p>With the setting {@code call-log} ({@code talon.plugins.provider-scripted.call-log=/path}) every call
 * appends {@code <round>\t<latest user message>} to that file (tabs and line breaks escaped), under an
 * exclusive file lock, so tests can count model calls across worker processes.
 */
@Extension
public class ScriptedProvider implements LlmProvider {

    static final String STREAM_WORDS = "stream_words";

    private final CallLog callLog;

    public ScriptedProvider() {
        this.callLog = null;
    }

    /** The platform passes the plugin's settings; only {@code call-log} is read. */
    public ScriptedProvider(PluginContext context) {
        this.callLog = context.config("call-log").filter(path -> !path.isBlank())
                .map(path -> new CallLog(Path.of(path))).orElse(null);
    }

    @Override
    public String id() {
        return "scripted";
    }

    @Override
    public ChatResponse chat(ChatRequest request) throws LlmException {
        Turn turn = Turn.of(request.messages());
        if (callLog != null) {
            try {
                callLog.append(turn.round(), turn.request());
            } catch (IOException e) {
                // a test that counts calls must not miss one: fail the call, Temporal retries it
                throw LlmException.retryable("scripted: cannot write the call log " + callLog.file() + ": "
                        + e.getMessage(), 0, e);
            }
        }
        AssistantMessage reply = turn.awaitsSummary() ? AssistantMessage.text(turn.summary()) : Script.answer(turn);
        String finishReason = reply.hasToolCalls() ? "tool_calls" : "stop";
        return new ChatResponse(reply, usage(request, reply), finishReason);
    }

    @Override
    public ChatResponse chat(ChatRequest request, TextDeltaSink deltas) throws LlmException {
        ChatResponse response = chat(request);
        if (!request.settings().option(STREAM_WORDS).map(Boolean::parseBoolean).orElse(false)) {
            return response;
        }
        String text = response.message().content();
        int start = 0;
        while (start < text.length()) {
            int end = start;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            deltas.text(text.substring(start, end));
            start = end;
        }
        return response;
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
