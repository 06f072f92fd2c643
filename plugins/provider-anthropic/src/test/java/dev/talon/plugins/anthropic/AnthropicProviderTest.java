package dev.talon.plugins.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.talon.plugintest.ScriptedHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicProviderTest {

    private static final String KEY = "fake-anthropic-SECRET-abcdef123456";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TEXT_REPLY = """
            {"id": "msg_01Text", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "text", "text": "Hello! How can I help?"}],
             "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": 12, "output_tokens": 8, "cache_creation_input_tokens": 1500,
                       "cache_read_input_tokens": 0}}""";

    private static final String TOOL_USE_REPLY = """
            {"id": "msg_01Tools", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "text", "text": "I'll write both files."},
                         {"type": "tool_use", "id": "toolu_01A", "name": "write_file",
                          "input": {"path": "a.txt", "content": "hi"}},
                         {"type": "tool_use", "id": "toolu_01B", "name": "write_file",
                          "input": {"path": "b.txt", "content": "ho"}}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 40, "output_tokens": 30, "cache_creation_input_tokens": 0,
                       "cache_read_input_tokens": 1500}}""";

    private static final String FINAL_REPLY = """
            {"id": "msg_01Final", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "text", "text": "Both written."}],
             "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": 5, "output_tokens": 4, "cache_creation_input_tokens": 90,
                       "cache_read_input_tokens": 1540}}""";

    private static final ToolSpec READ_FILE = new ToolSpec("read_file", "Read a file", schema("""
            {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}"""));
    private static final ToolSpec WRITE_FILE = new ToolSpec("write_file", "Write a file", schema("""
            {"type": "object", "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
             "required": ["path", "content"], "additionalProperties": false}"""));

    private final AnthropicProvider provider = new AnthropicProvider();
    private ScriptedHttpServer stub;

    @BeforeEach
    void start() throws Exception {
        stub = new ScriptedHttpServer("", apiError("api_error", "no reply scripted"))
                .alwaysSending("request-id", "req_011CStub");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private static JsonNode schema(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ProviderSettings settings(Map<String, String> options) {
        return new ProviderSettings(stub.baseUrl(), KEY, Duration.ofSeconds(10), options);
    }

    private ChatResponse chat(List<Message> messages, List<ToolSpec> tools, Map<String, String> options)
            throws LlmException {
        return provider.chat(new ChatRequest("claude-sonnet-4-5", messages, tools, settings(options)));
    }

    private ChatResponse hello() throws LlmException {
        return chat(List.of(new SystemMessage("You are Talon."), new UserMessage("hello")), List.of(), Map.of());
    }

    private JsonNode lastBody() throws Exception {
        return JSON.readTree(stub.last().body());
    }

    private static LlmException failure(ThrowingCall call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(LlmException.class);
        return (LlmException) thrown;
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    /** The exception as it would be logged or recorded: message, causes and stack trace. */
    private static String everything(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aTextReplyComesBackWithItsStopReasonAndUsage() throws Exception {
        stub.reply(200, TEXT_REPLY);

        ChatResponse response = hello();

        assertThat(response.message()).isEqualTo(AssistantMessage.text("Hello! How can I help?"));
        assertThat(response.finishReason()).isEqualTo("end_turn");
        assertThat(response.usage()).isEqualTo(new Usage(12 + 1500, 8, 0, 1500));
        ScriptedHttpServer.Received request = stub.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.headers().getFirst("x-api-key")).isEqualTo(KEY);
        assertThat(request.headers().containsKey("Authorization")).isFalse();
        assertThat(request.headers().getFirst("anthropic-version")).isNotBlank();
        JsonNode body = lastBody();
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("max_tokens").asLong()).isEqualTo(4096);
        assertThat(body.at("/system/0/text").asText()).isEqualTo("You are Talon.");
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/0/content/0/text").asText()).isEqualTo("hello");
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void aToolUseRoundTripSendsTheResultsBackAsToolResultBlocksInOneUserMessage() throws Exception {
        stub.reply(200, TOOL_USE_REPLY).reply(200, FINAL_REPLY);
        List<Message> conversation = new java.util.ArrayList<>(List.of(
                new SystemMessage("You are Talon."), new UserMessage("write a.txt and b.txt")));

        ChatResponse first = chat(conversation, List.of(READ_FILE, WRITE_FILE), Map.of());

        assertThat(first.finishReason()).isEqualTo("tool_use");
        assertThat(first.message().content()).isEqualTo("I'll write both files.");
        assertThat(first.message().toolCalls()).extracting(ToolCall::id, ToolCall::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("toolu_01A", "write_file"),
                        org.assertj.core.groups.Tuple.tuple("toolu_01B", "write_file"));
        assertThat(first.message().toolCalls().getFirst().arguments())
                .isEqualTo(JSON.readTree("{\"path\": \"a.txt\", \"content\": \"hi\"}"));

        conversation.add(first.message());
        conversation.add(new ToolResultMessage("toolu_01A", "write_file", "wrote a.txt", false));
        conversation.add(new ToolResultMessage("toolu_01B", "write_file", "Error: disk full", true));
        ChatResponse second = chat(conversation, List.of(READ_FILE, WRITE_FILE), Map.of());

        assertThat(second.message()).isEqualTo(AssistantMessage.text("Both written."));
        JsonNode messages = lastBody().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1)).isEqualTo(JSON.readTree("""
                {"role": "assistant", "content": [
                  {"type": "text", "text": "I'll write both files."},
                  {"type": "tool_use", "id": "toolu_01A", "name": "write_file",
                   "input": {"path": "a.txt", "content": "hi"}},
                  {"type": "tool_use", "id": "toolu_01B", "name": "write_file",
                   "input": {"path": "b.txt", "content": "ho"}}]}"""));
        assertThat(messages.get(2)).isEqualTo(JSON.readTree("""
                {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "toolu_01A", "content": "wrote a.txt"},
                  {"type": "tool_result", "tool_use_id": "toolu_01B", "content": "Error: disk full",
                   "is_error": true, "cache_control": {"type": "ephemeral"}}]}"""));
    }

    @Test
    void aToolThatPrintedNothingSendsAResultWithoutContent() throws Exception {
        stub.reply(200, FINAL_REPLY);
        ToolCall call = new ToolCall("toolu_01A", "write_file", JSON.readTree("{\"path\": \"a.txt\"}"));

        chat(List.of(new UserMessage("touch a.txt"), new AssistantMessage("", List.of(call)),
                new ToolResultMessage("toolu_01A", "write_file", "", false)), List.of(WRITE_FILE), Map.of());

        JsonNode messages = lastBody().path("messages");
        assertThat(messages.get(1).path("content")).hasSize(1); // no empty text block before the tool_use
        assertThat(messages.get(2)).isEqualTo(JSON.readTree("""
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01A",
                  "cache_control": {"type": "ephemeral"}}]}"""));
    }

    @Test
    void toolInputThatIsNotAnObjectBecomesNoArguments() throws Exception {
        stub.reply(200, TOOL_USE_REPLY.replace("{\"path\": \"a.txt\", \"content\": \"hi\"}", "\"a.txt\""));

        ChatResponse response = hello();

        assertThat(response.message().toolCalls().getFirst().arguments()).isEqualTo(JSON.createObjectNode());
        assertThat(response.message().toolCalls().get(1).arguments().path("path").asText()).isEqualTo("b.txt");
    }

    @Test
    void cacheControlMarksTheEndOfSystemPromptToolsAndConversation() throws Exception {
        stub.reply(200, TEXT_REPLY);

        chat(List.of(new SystemMessage("You are Talon."), new SystemMessage("MEMORY: likes tea"),
                new UserMessage("first"), AssistantMessage.text("ok"), new UserMessage("second")),
                List.of(READ_FILE, WRITE_FILE), Map.of());

        JsonNode body = lastBody();
        JsonNode ephemeral = JSON.readTree("{\"type\": \"ephemeral\"}");
        assertThat(body.at("/system/0").has("cache_control")).isFalse();
        assertThat(body.at("/system/1/cache_control")).isEqualTo(ephemeral);
        assertThat(body.at("/tools/0").has("cache_control")).isFalse();
        assertThat(body.at("/tools/1/cache_control")).isEqualTo(ephemeral);
        assertThat(body.at("/tools/1/input_schema")).isEqualTo(WRITE_FILE.parametersSchema());
        assertThat(body.at("/messages/0/content/0").has("cache_control")).isFalse();
        assertThat(body.at("/messages/1/content/0").has("cache_control")).isFalse();
        assertThat(body.at("/messages/2/content/0/cache_control")).isEqualTo(ephemeral);
        assertThat(stub.last().body().split("cache_control", -1)).hasSize(4);
    }

    @Test
    void promptCachingCanBeTurnedOff() throws Exception {
        stub.reply(200, TEXT_REPLY);

        chat(List.of(new SystemMessage("You are Talon."), new UserMessage("hello")), List.of(READ_FILE),
                Map.of("prompt_caching", "false"));

        assertThat(stub.last().body()).doesNotContain("cache_control");
    }

    @Test
    void usageCountsCacheReadsAndWritesAsPartOfTheInput() throws Exception {
        stub.reply(200, FINAL_REPLY);

        ChatResponse response = hello();

        assertThat(response.usage()).isEqualTo(new Usage(5 + 1540 + 90, 4, 1540, 90));
    }

    @Test
    void optionsReachTheRequest() throws Exception {
        stub.reply(200, TEXT_REPLY);

        chat(List.of(new UserMessage("hello")), List.of(),
                Map.of("max_tokens", "1000", "temperature", "0.2", "top_k", "5"));

        JsonNode body = lastBody();
        assertThat(body.path("max_tokens").asLong()).isEqualTo(1000);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("top_k").asLong()).isEqualTo(5);
        assertThat(body.has("system")).isFalse();
    }

    @Test
    void aBadOptionIsRefusedBeforeAnyCall() {
        LlmException e = failure(() -> chat(List.of(new UserMessage("hello")), List.of(),
                Map.of("max_tokens", "lots")));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).isEqualTo("provider option max_tokens must be a positive whole number");
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void rateLimitIsRetryableAndCarriesRetryAfterWithOneHttpAttempt() {
        stub.reply(429, apiError("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
                Map.of("retry-after", "7"));

        LlmException e = failure(this::hello);

        assertThat(e.retryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.getMessage()).isEqualTo(stub.baseUrl() + " answered HTTP 429 rate_limit_error: "
                + "Number of request tokens has exceeded your per-minute rate limit");
        assertThat(stub.received()).hasSize(1);
    }

    @Test
    void retryAfterMillisecondsWinAndAnHttpDateIsRead() {
        stub.reply(429, apiError("rate_limit_error", "slow down"), Map.of("retry-after-ms", "2500", "retry-after", "3"))
                .reply(429, apiError("rate_limit_error", "slow down"), Map.of("retry-after", "Thu, 01 Jan 2099 00:00:00 GMT"));

        assertThat(failure(this::hello).retryAfter()).contains(Duration.ofMillis(2500));
        assertThat(failure(this::hello).retryAfter()).hasValueSatisfying(wait ->
                assertThat(wait).isGreaterThan(Duration.ofDays(365)));
        assertThat(stub.received()).hasSize(2);
    }

    @Test
    void overloadedIsRetryableWithOneHttpAttempt() {
        stub.reply(529, apiError("overloaded_error", "Overloaded"), Map.of());

        LlmException e = failure(this::hello);

        assertThat(e.retryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(529);
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getMessage()).contains("HTTP 529 overloaded_error: Overloaded");
        assertThat(stub.received()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorsAreRetryableWithOneHttpAttempt(int status) {
        stub.reply(status, apiError("api_error", "Internal server error"), Map.of("retry-after", "1"));

        LlmException e = failure(this::hello);

        assertThat(e.retryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(stub.received()).hasSize(1);
    }

    @Test
    void unauthorizedIsPermanentAndNeverShowsTheKey() {
        // a careless proxy echoing the key in its error must not leak it either
        stub.reply(401, apiError("authentication_error", "invalid x-api-key " + KEY), Map.of("retry-after", "5"));

        LlmException e = failure(this::hello);

        assertThat(e.retryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getMessage()).isEqualTo(stub.baseUrl()
                + " answered HTTP 401 authentication_error: invalid x-api-key ***");
        assertThat(everything(e)).doesNotContain(KEY).doesNotContain("SECRET");
        assertThat(stub.received()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404})
    void clientErrorsArePermanentWithoutTheKey(int status) {
        stub.reply(status, apiError("invalid_request_error", "messages: bad " + KEY), Map.of());

        LlmException e = failure(this::hello);

        assertThat(e.retryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.getMessage()).contains("invalid_request_error: messages: bad ***");
        assertThat(everything(e)).doesNotContain(KEY);
        assertThat(stub.received()).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ProviderSettings settings = new ProviderSettings("http://127.0.0.1:" + closedPort, KEY,
                Duration.ofSeconds(5), Map.of());

        LlmException e = failure(() -> provider.chat(new ChatRequest("claude-sonnet-4-5",
                List.of(new UserMessage("hello")), List.of(), settings)));

        assertThat(e.retryable()).isTrue();
        assertThat(e.statusCode()).isZero();
        assertThat(e.getMessage()).startsWith("cannot reach http://127.0.0.1:" + closedPort);
        assertThat(everything(e)).doesNotContain(KEY);
    }

    @Test
    void aReplyThatIsNotJsonIsPermanent() {
        stub.reply(200, "<html>proxy says hi</html>");

        LlmException e = failure(this::hello);

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).startsWith("unexpected response from " + stub.baseUrl());
        assertThat(stub.received()).hasSize(1);
    }

    @Test
    void withoutAKeyNothingIsSent() {
        LlmException e = failure(() -> provider.chat(new ChatRequest("claude-sonnet-4-5",
                List.of(new UserMessage("hello")), List.of(),
                new ProviderSettings(stub.baseUrl(), "", Duration.ofSeconds(5), Map.of()))));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("needs an API key");
        assertThat(stub.received()).isEmpty();
    }

    /** An error the way the API sends it: {@code {"type":"error","error":{"type":...,"message":...}}}. */
    private static String apiError(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message
                + "\"},\"request_id\":\"req_011CStub\"}";
    }
}
