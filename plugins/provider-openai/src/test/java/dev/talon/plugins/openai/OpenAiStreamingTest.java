package dev.talon.plugins.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.ProviderSettings;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import dev.talon.plugintest.ScriptedHttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streamed chat completions read from a loopback server that answers real {@code text/event-stream} bodies. */
class OpenAiStreamingTest {

    private static final String KEY = "sk-test-SECRET-987654321";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> EVENT_STREAM = Map.of("Content-Type", "text/event-stream");

    private final OpenAiProvider provider = new OpenAiProvider();
    private final List<String> deltas = new CopyOnWriteArrayList<>();
    private ScriptedHttpServer stub;

    @BeforeEach
    void start() {
        stub = new ScriptedHttpServer("/v1", "{\"error\": {\"message\": \"no reply scripted\"}}");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private ChatResponse streamHello() throws LlmException {
        ProviderSettings settings = new ProviderSettings(stub.baseUrl(), KEY, Duration.ofSeconds(10), Map.of());
        return provider.chat(new ChatRequest("gpt-test", List.of(new UserMessage("hello")), List.of(), settings),
                deltas::add);
    }

    @Test
    void textAndToolCallDeltasAreAssembledIntoTheFinalMessageWithTheUsageOfTheLastChunk() throws Exception {
        // a comment, an event name, CR LF line ends and a data field without a space: all of it is valid SSE
        stub.reply(200, ": keep-alive\r\n\r\n"
                + chunk("{\"role\": \"assistant\", \"content\": \"\"}", null)
                + chunk("{\"content\": \"Let me \"}", null)
                + "event: message\r\ndata:" + chunkJson("{\"content\": \"write\\nthat \\\"file\\\".\"}", null) + "\r\n\r\n"
                + chunk("{\"tool_calls\": [{\"index\": 0, \"id\": \"call_1\", \"type\": \"function\","
                        + " \"function\": {\"name\": \"write_file\", \"arguments\": \"\"}}]}", null)
                + chunk("{\"tool_calls\": [{\"index\": 0, \"function\": {\"arguments\": \"{\\\"path\\\": \\\"a.txt\\\"\"}}]}", null)
                + chunk("{\"tool_calls\": [{\"index\": 1, \"id\": \"call_2\", \"function\": {\"name\": \"list\","
                        + " \"arguments\": \"{}\"}}]}", null)
                + chunk("{\"tool_calls\": [{\"index\": 0, \"function\": {\"arguments\": \", \\\"content\\\": \\\"hi\\\"}\"}}]}", null)
                + chunk("{}", "tool_calls")
                + "data: {\"id\": \"c\", \"choices\": [], \"usage\": {\"prompt_tokens\": 31, \"completion_tokens\": 12}}\n\n"
                + "data: [DONE]\n\n", EVENT_STREAM);

        ChatResponse response = streamHello();

        assertThat(deltas).containsExactly("Let me ", "write\nthat \"file\".");
        assertThat(response.message()).isEqualTo(new AssistantMessage("Let me write\nthat \"file\".", List.of(
                new ToolCall("call_1", "write_file", JSON.readTree("{\"path\": \"a.txt\", \"content\": \"hi\"}")),
                new ToolCall("call_2", "list", JSON.createObjectNode()))));
        assertThat(response.usage()).isEqualTo(new Usage(31, 12));
        assertThat(response.finishReason()).isEqualTo("tool_calls");
        JsonNode sent = JSON.readTree(stub.last().body());
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(stub.last().headers().getFirst("Accept")).contains("text/event-stream");
    }

    @Test
    void aStreamCutBeforeItsEndIsARetryableFailureNotAnAnswer() {
        stub.reply(200, chunk("{\"content\": \"half an ans\"}", null), EVENT_STREAM);

        LlmException failure = catchThrowableOfType(LlmException.class, this::streamHello);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("before it was finished");
    }

    @Test
    void anErrorSentMidStreamIsRetryableAndCarriesNoKey() {
        stub.reply(200, chunk("{\"content\": \"Hi\"}", null)
                + "data: {\"error\": {\"message\": \"overloaded, key " + KEY + "\"}}\n\n", EVENT_STREAM);

        LlmException failure = catchThrowableOfType(LlmException.class, this::streamHello);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("overloaded").doesNotContain(KEY);
    }

    @Test
    void aServerThatIgnoresStreamingIsReadWholeAndItsTextHandedOnOnce() throws Exception {
        stub.reply(200, """
                {"choices": [{"finish_reason": "stop", "message": {"role": "assistant", "content": "Whole."}}],
                 "usage": {"prompt_tokens": 3, "completion_tokens": 1}}""");

        ChatResponse response = streamHello();

        assertThat(response.message()).isEqualTo(AssistantMessage.text("Whole."));
        assertThat(deltas).containsExactly("Whole.");
    }

    @Test
    void theOptionStreamFalseAsksForAWholeAnswer() throws Exception {
        stub.reply(200, """
                {"choices": [{"finish_reason": "stop", "message": {"role": "assistant", "content": "Whole."}}]}""");
        ProviderSettings settings = new ProviderSettings(stub.baseUrl(), KEY, Duration.ofSeconds(10),
                Map.of("stream", "false"));

        ChatResponse response = provider.chat(new ChatRequest("gpt-test", List.of(new UserMessage("hello")), List.of(),
                settings), deltas::add);

        assertThat(response.message()).isEqualTo(AssistantMessage.text("Whole."));
        JsonNode sent = JSON.readTree(stub.last().body());
        assertThat(sent.has("stream")).isFalse();
        assertThat(sent.has("stream_options")).isFalse();
    }

    @Test
    void anErrorStatusOnAStreamingCallIsClassifiedLikeAnyOther() {
        stub.reply(429, "{\"error\": {\"message\": \"slow down\"}}", Map.of("Retry-After", "7"));

        LlmException failure = catchThrowableOfType(LlmException.class, this::streamHello);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(deltas).isEmpty();
    }

    @Test
    void aHostileChunkIsAPermanentFailureNamingNoKey() {
        stub.reply(200, chunk("{\"content\": \"ok\"}", null) + "data: {not json " + KEY + "\n\n", EVENT_STREAM);

        LlmException failure = catchThrowableOfType(LlmException.class, this::streamHello);

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("not JSON").doesNotContain(KEY);
    }

    @Test
    void aServerThatFallsSilentMidStreamIsLeftAfterTheTimeoutAsARetryableFailure() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket client = server.accept()) {
                    client.getInputStream().read(new byte[8192]);
                    OutputStream out = client.getOutputStream();
                    String chunk = chunk("{\"content\": \"Hel\"}", null);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(Duration.ofMinutes(1)); // then nothing: neither more chunks nor the end
                } catch (Exception e) {
                    // the test is over
                }
            });
            ProviderSettings settings = new ProviderSettings("http://127.0.0.1:" + server.getLocalPort() + "/v1", KEY,
                    Duration.ofSeconds(1), Map.of());

            LlmException failure = catchThrowableOfType(LlmException.class, () -> provider.chat(
                    new ChatRequest("gpt-test", List.of(new UserMessage("hello")), List.of(), settings), deltas::add));

            assertThat(deltas).containsExactly("Hel");
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.getMessage()).contains("sent nothing for 1 s");
        }
    }

    private static String chunk(String delta, String finishReason) {
        return "data: " + chunkJson(delta, finishReason) + "\n\n";
    }

    private static String chunkJson(String delta, String finishReason) {
        return "{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion.chunk\", \"choices\": [{\"index\": 0, \"delta\": "
                + delta + ", \"finish_reason\": " + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }
}
