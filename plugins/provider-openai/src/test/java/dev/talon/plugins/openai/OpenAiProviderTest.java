package dev.talon.plugins.openai;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiProviderTest {

    private static final String KEY = "sk-test-SECRET-123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TOOL_CALL_REPLY = """
            {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-test",
             "choices": [{"index": 0, "finish_reason": "tool_calls",
               "message": {"role": "assistant", "content": null, "tool_calls": [
                 {"id": "call_abc", "type": "function",
                  "function": {"name": "write_file", "arguments": "{\\"path\\":\\"hello.txt\\",\\"content\\":\\"hi\\"}"}}]}}],
             "usage": {"prompt_tokens": 42, "completion_tokens": 7, "total_tokens": 49}}""";

    private static final String FINAL_REPLY = """
            {"choices": [{"index": 0, "finish_reason": "stop",
               "message": {"role": "assistant", "content": "Done: hello.txt says hi."}}],
             "usage": {"prompt_tokens": 60, "completion_tokens": 9}}""";

    private final OpenAiProvider provider = new OpenAiProvider();
    private ScriptedHttpServer stub;

    @BeforeEach
    void start() throws Exception {
        stub = new ScriptedHttpServer("/v1", "{\"error\": {\"message\": \"no reply scripted\"}}");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private ProviderSettings settings(Map<String, String> options) {
        return new ProviderSettings(stub.baseUrl(), KEY, Duration.ofSeconds(10), options);
    }

    private ChatResponse chat(List<Message> messages, ProviderSettings settings) throws LlmException {
        return provider.chat(new ChatRequest("gpt-test", messages, List.of(), settings));
    }

    private ChatResponse hello(ProviderSettings settings) throws LlmException {
        return chat(List.of(new UserMessage("hello")), settings);
    }

    private static LlmException failure(ThrowingCall call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(LlmException.class);
        return (LlmException) thrown;
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    /** Everything an exception shows anywhere: message, toString, causes, stack trace text. */
    private static String everything(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text + " " + e.getMessage() + " " + e;
    }

    @Test
    void idIsOpenai() {
        assertThat(provider.id()).isEqualTo("openai");
    }

    @Test
    void toolCallRoundTripMapsToolCallsAndSendsTheExactWireShapes() throws Exception {
        ToolSpec writeFile = new ToolSpec("write_file", "Writes a file.", JSON.readTree("""
                {"type": "object", "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
                 "required": ["path", "content"]}"""));
        List<Message> conversation = new ArrayList<>(List.of(
                new SystemMessage("Be brief."), new UserMessage("write hi to hello.txt")));
        stub.reply(200, TOOL_CALL_REPLY).reply(200, FINAL_REPLY);

        ChatResponse first = provider.chat(new ChatRequest("gpt-test", conversation, List.of(writeFile), settings(Map.of())));

        assertThat(first.message().content()).isEmpty();
        assertThat(first.message().toolCalls()).containsExactly(new ToolCall("call_abc", "write_file",
                JSON.readTree("{\"path\": \"hello.txt\", \"content\": \"hi\"}")));
        assertThat(first.usage()).isEqualTo(new Usage(42, 7));
        assertThat(first.finishReason()).isEqualTo("tool_calls");

        conversation.add(first.message());
        conversation.add(new ToolResultMessage("call_abc", "write_file", "Wrote 2 bytes to hello.txt", false));
        ChatResponse second = provider.chat(new ChatRequest("gpt-test", conversation, List.of(writeFile), settings(Map.of())));

        assertThat(second.message()).isEqualTo(AssistantMessage.text("Done: hello.txt says hi."));
        assertThat(second.usage()).isEqualTo(new Usage(60, 9));
        assertThat(second.finishReason()).isEqualTo("stop");

        ScriptedHttpServer.Received request = stub.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body).isEqualTo(JSON.readTree("""
                {"model": "gpt-test",
                 "messages": [
                   {"role": "system", "content": "Be brief."},
                   {"role": "user", "content": "write hi to hello.txt"},
                   {"role": "assistant", "content": null, "tool_calls": [
                     {"id": "call_abc", "type": "function",
                      "function": {"name": "write_file", "arguments": "{\\"path\\":\\"hello.txt\\",\\"content\\":\\"hi\\"}"}}]},
                   {"role": "tool", "tool_call_id": "call_abc", "content": "Wrote 2 bytes to hello.txt"}],
                 "tools": [{"type": "function", "function": {"name": "write_file", "description": "Writes a file.",
                   "parameters": {"type": "object",
                     "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
                     "required": ["path", "content"]}}}]}"""));
        // arguments travel as a string holding JSON, not as an object
        assertThat(body.at("/messages/2/tool_calls/0/function/arguments").isTextual()).isTrue();
    }

    @Test
    void noToolsMeansNoToolsArrayAndAssistantTextIsSentAsIs() throws Exception {
        stub.reply(200, FINAL_REPLY);

        chat(List.of(new UserMessage("hi"), AssistantMessage.text("hello!"), new UserMessage("bye")),
                settings(Map.of()));

        JsonNode body = JSON.readTree(stub.last().body());
        assertThat(body.has("tools")).isFalse();
        assertThat(body.at("/messages/1")).isEqualTo(JSON.readTree("{\"role\": \"assistant\", \"content\": \"hello!\"}"));
    }

    @Test
    void rateLimitIsRetryableWith429AndTheNextCallSucceeds() throws Exception {
        stub.reply(429, "{\"error\": {\"message\": \"Rate limit reached for requests\", \"type\": \"requests\"}}")
                .reply(200, FINAL_REPLY);

        LlmException e = failure(() -> hello(settings(Map.of())));

        assertThat(e.retryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.getMessage()).isEqualTo(stub.baseUrl() + " answered HTTP 429: Rate limit reached for requests");
        assertThat(e.retryAfter()).isEmpty();
        assertThat(hello(settings(Map.of())).message().content()).isEqualTo("Done: hello.txt says hi.");
    }

    @Test
    void rateLimitCarriesTheServersRetryAfterOut() {
        stub.reply(429, "{\"error\": {\"message\": \"Rate limit reached\"}}", Map.of("Retry-After", "17"))
                .reply(503, "{\"error\": {\"message\": \"busy\"}}", Map.of("retry-after-ms", "1500",
                        "Retry-After", "2"));

        LlmException seconds = failure(() -> hello(settings(Map.of())));
        LlmException millis = failure(() -> hello(settings(Map.of())));

        assertThat(seconds.retryable()).isTrue();
        assertThat(seconds.retryAfter()).contains(Duration.ofSeconds(17));
        assertThat(millis.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void aPermanentFailureIgnoresRetryAfter() {
        stub.reply(400, "{\"error\": {\"message\": \"bad\"}}", Map.of("Retry-After", "17"));

        LlmException e = failure(() -> hello(settings(Map.of())));

        assertThat(e.retryable()).isFalse();
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void unauthorizedIsPermanentAndNeverShowsTheKey() {
        // a careless proxy echoing the key in its error must not leak it either
        stub.reply(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + KEY + ".\"}}");

        LlmException e = failure(() -> hello(settings(Map.of())));

        assertThat(e.retryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.getMessage()).isEqualTo(stub.baseUrl() + " answered HTTP 401: Incorrect API key provided: ***.");
        assertThat(e.toString()).doesNotContain(KEY).doesNotContain("SECRET");
        assertThat(everything(e)).doesNotContain(KEY).doesNotContain("SECRET");
    }

    @Test
    void serverErrorIsRetryable() {
        stub.reply(500, "{\"error\": {\"message\": \"The server had an error\"}}");

        LlmException e = failure(() -> hello(settings(Map.of())));

        assertThat(e.retryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.getMessage()).isEqualTo(stub.baseUrl() + " answered HTTP 500: The server had an error");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 429, 500, 502, 503, 504})
    void timeoutsConflictsRateLimitsAndServerErrorsAreRetryable(int status) {
        stub.reply(status, "{\"error\": {\"message\": \"busy\"}}");

        LlmException e = failure(() -> hello(settings(Map.of())));

        assertThat(e.retryable()).isTrue();
        assertThat(e.statusCode()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422})
    void otherClientErrorsArePermanent(int status) {
        stub.reply(status, "{\"error\": {\"message\": \"no\"}}");

        LlmException e = failure(() -> hello(settings(Map.of())));

        assertThat(e.retryable()).isFalse();
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.getMessage()).isEqualTo(stub.baseUrl() + " answered HTTP " + status + ": no");
    }

    @Test
    void errorDetailIsTakenFromOllamaStyleStringsAndRawBodiesCutTo300Chars() {
        stub.reply(404, "{\"error\": \"model 'llama9' not found\"}")
                .reply(502, "<html>\n  Bad gateway " + "x".repeat(400) + "</html>");

        LlmException ollama = failure(() -> hello(settings(Map.of())));
        LlmException proxy = failure(() -> hello(settings(Map.of())));

        assertThat(ollama.getMessage()).isEqualTo(stub.baseUrl() + " answered HTTP 404: model 'llama9' not found");
        String prefix = stub.baseUrl() + " answered HTTP 502: ";
        assertThat(proxy.getMessage()).startsWith(prefix + "<html> Bad gateway xxx").hasSize(prefix.length() + 300);
    }

    @Test
    void unreachableEndpointIsRetryableWithStatusZero() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String baseUrl = "http://127.0.0.1:" + port + "/v1";

        LlmException e = failure(() -> hello(new ProviderSettings(baseUrl, KEY, Duration.ofSeconds(5), Map.of())));

        assertThat(e.retryable()).isTrue();
        assertThat(e.statusCode()).isZero();
        assertThat(e.getMessage()).startsWith("cannot reach " + baseUrl + ": ");
        assertThat(everything(e)).doesNotContain(KEY);
    }

    @Test
    void slowEndpointTimesOutRetryablyWithStatusZero() {
        stub.reply(200, FINAL_REPLY, Duration.ofSeconds(5));

        LlmException e = failure(() -> hello(new ProviderSettings(stub.baseUrl(), KEY, Duration.ofMillis(300), Map.of())));

        assertThat(e.retryable()).isTrue();
        assertThat(e.statusCode()).isZero();
        assertThat(e.getMessage()).isEqualTo(stub.baseUrl() + " did not answer: timed out after 300 ms");
    }

    @Test
    void garbageOkBodyIsPermanent() {
        stub.reply(200, "<html>surprise</html>");

        LlmException e = failure(() -> hello(settings(Map.of())));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).startsWith("unexpected response from " + stub.baseUrl() + ": not JSON");
    }

    @Test
    void okBodyWithoutChoicesOrMessageIsPermanent() {
        stub.reply(200, "{\"choices\": []}").reply(200, "{\"choices\": [{\"finish_reason\": \"stop\"}]}");

        LlmException noChoices = failure(() -> hello(settings(Map.of())));
        LlmException noMessage = failure(() -> hello(settings(Map.of())));

        assertThat(noChoices.retryable()).isFalse();
        assertThat(noChoices.getMessage()).isEqualTo("unexpected response from " + stub.baseUrl() + ": no choices");
        assertThat(noMessage.retryable()).isFalse();
        assertThat(noMessage.getMessage()).endsWith(": choices[0] has no message");
    }

    @Test
    void unparseableToolArgumentsAreKeptRawAndMissingUsageIsNone() throws Exception {
        stub.reply(200, """
                {"choices": [{"finish_reason": "tool_calls", "message": {"role": "assistant", "content": "",
                  "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "run", "arguments": "{oops"}},
                                 {"id": "c2", "type": "function", "function": {"name": "list", "arguments": ""}}]}}]}""");

        ChatResponse response = hello(settings(Map.of()));

        assertThat(response.message().toolCalls()).containsExactly(
                new ToolCall("c1", "run", JSON.createObjectNode().put("_raw", "{oops")),
                new ToolCall("c2", "list", JSON.createObjectNode()));
        assertThat(response.usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void numericOptionsAreSentAsNumbersAndHeaderOptionsAsHeaders() throws Exception {
        stub.reply(200, FINAL_REPLY);

        hello(settings(Map.of("temperature", "0.2", "max_tokens", "256", "top_p", " 1 ",
                "header.X-Title", "talon", "unrelated", "ignored")));

        JsonNode body = JSON.readTree(stub.last().body());
        assertThat(body.get("temperature").isNumber()).isTrue();
        assertThat(body.get("temperature").doubleValue()).isEqualTo(0.2);
        assertThat(body.get("max_tokens").isIntegralNumber()).isTrue();
        assertThat(body.get("max_tokens").longValue()).isEqualTo(256);
        assertThat(body.get("top_p").doubleValue()).isEqualTo(1.0);
        assertThat(body.has("unrelated")).isFalse();
        assertThat(stub.last().headers().getFirst("X-Title")).isEqualTo("talon");
    }

    @Test
    void unparseableNumericOptionIsPermanentAndNamesTheOption() {
        LlmException hot = failure(() -> hello(settings(Map.of("temperature", "hot"))));
        LlmException half = failure(() -> hello(settings(Map.of("max_tokens", "12.5"))));

        assertThat(hot.retryable()).isFalse();
        assertThat(hot.getMessage()).contains("temperature").contains("hot");
        assertThat(half.retryable()).isFalse();
        assertThat(half.getMessage()).contains("max_tokens");
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void emptyBaseUrlIsPermanentAndSaysToSetProviderBaseUrl() {
        LlmException e = failure(() -> hello(new ProviderSettings("", KEY, Duration.ofSeconds(5), Map.of())));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("provider.baseUrl").contains("tenant config");
    }

    @Test
    void trailingSlashIsStrippedAndNoKeyMeansNoAuthorizationHeader() throws Exception {
        stub.reply(200, FINAL_REPLY);

        hello(new ProviderSettings(stub.baseUrl() + "/", "", Duration.ofSeconds(5), Map.of()));

        assertThat(stub.last().path()).isEqualTo("/v1/chat/completions");
        assertThat(stub.last().headers().containsKey("Authorization")).isFalse();
    }

    @Test
    void interruptedCallIsRetryableAndKeepsTheInterruptFlag() {
        stub.reply(200, FINAL_REPLY, Duration.ofSeconds(5));
        Thread.currentThread().interrupt();
        try {
            LlmException e = failure(() -> hello(settings(Map.of())));

            assertThat(e.retryable()).isTrue();
            assertThat(e.statusCode()).isZero();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
