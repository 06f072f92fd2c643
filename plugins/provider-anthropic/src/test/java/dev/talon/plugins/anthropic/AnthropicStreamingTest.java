package dev.talon.plugins.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.ProviderSettings;
import dev.talon.api.ToolCall;
import dev.talon.api.UserMessage;
import dev.talon.plugintest.ScriptedHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Messages API's event stream, served by a loopback stub, read through the SDK's streaming call. */
class AnthropicStreamingTest {

    private static final String KEY = "fake-anthropic-SECRET-streaming42";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> EVENT_STREAM = Map.of("Content-Type", "text/event-stream");

    private static final String START = event("message_start", """
            {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant",
             "model": "claude-test", "content": [], "stop_reason": null, "stop_sequence": null,
             "usage": {"input_tokens": 25, "output_tokens": 1}}}""");

    private final AnthropicProvider provider = new AnthropicProvider();
    private final List<String> deltas = new CopyOnWriteArrayList<>();
    private ScriptedHttpServer stub;

    @BeforeEach
    void start() {
        stub = new ScriptedHttpServer("", "{\"type\": \"error\", \"error\": {\"type\": \"api_error\", \"message\": \"none\"}}");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private ChatResponse stream() throws LlmException {
        ProviderSettings settings = new ProviderSettings(stub.baseUrl(), KEY, Duration.ofSeconds(10), Map.of());
        return provider.chat(new ChatRequest("claude-test", List.of(new UserMessage("weather?")), List.of(), settings),
                deltas::add);
    }

    @Test
    void textDeltasArePassedOnAndTextAndToolUseAreAssembled() throws Exception {
        stub.reply(200, START
                + event("content_block_start", "{\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}")
                + event("ping", "{\"type\": \"ping\"}")
                + textDelta("Let me \\\"check\\\"")
                + textDelta("\\nthe weather.")
                + event("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}")
                + event("content_block_start", "{\"type\": \"content_block_start\", \"index\": 1, \"content_block\": "
                        + "{\"type\": \"tool_use\", \"id\": \"toolu_1\", \"name\": \"get_weather\", \"input\": {}}}")
                + event("content_block_delta", "{\"type\": \"content_block_delta\", \"index\": 1, \"delta\": "
                        + "{\"type\": \"input_json_delta\", \"partial_json\": \"{\\\"city\\\": \\\"Par\"}}")
                + event("content_block_delta", "{\"type\": \"content_block_delta\", \"index\": 1, \"delta\": "
                        + "{\"type\": \"input_json_delta\", \"partial_json\": \"is\\\"}\"}}")
                + event("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 1}")
                + event("message_delta", "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"tool_use\", "
                        + "\"stop_sequence\": null}, \"usage\": {\"output_tokens\": 15}}")
                + event("message_stop", "{\"type\": \"message_stop\"}"), EVENT_STREAM);

        ChatResponse response = stream();

        assertThat(deltas).containsExactly("Let me \"check\"", "\nthe weather.");
        assertThat(response.message()).isEqualTo(new AssistantMessage("Let me \"check\"\nthe weather.",
                List.of(new ToolCall("toolu_1", "get_weather", JSON.readTree("{\"city\": \"Paris\"}")))));
        assertThat(response.finishReason()).isEqualTo("tool_use");
        assertThat(response.usage().inputTokens()).isEqualTo(25);
        assertThat(response.usage().outputTokens()).isEqualTo(15);
        assertThat(JSON.readTree(stub.last().body()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void aStreamWithoutMessageStopIsRetryable() {
        stub.reply(200, START
                + event("content_block_start", "{\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}")
                + textDelta("half"), EVENT_STREAM);

        LlmException failure = catchThrowableOfType(LlmException.class, this::stream);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).doesNotContain(KEY);
    }

    @Test
    void anOverloadedErrorEventMidStreamIsRetryableAndNamesNoKey() {
        stub.reply(200, START + event("error", "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", "
                + "\"message\": \"Overloaded " + KEY + "\"}}"), EVENT_STREAM);

        LlmException failure = catchThrowableOfType(LlmException.class, this::stream);

        assertThat(failure.getMessage()).doesNotContain(KEY);
        assertThat(failure.retryable()).isTrue();
    }

    private static String textDelta(String jsonEscapedText) {
        return event("content_block_delta", "{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": "
                + "{\"type\": \"text_delta\", \"text\": \"" + jsonEscapedText + "\"}}");
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data.replace("\n", " ") + "\n\n";
    }
}
