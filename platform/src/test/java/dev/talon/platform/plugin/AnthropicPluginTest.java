package dev.talon.platform.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmProvider;
import dev.talon.api.ProviderSettings;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider-anthropic zip as the platform loads it: its SDK, Kotlin and OkHttp from the zip, Jackson from the
 * platform, calling a Messages API stub on 127.0.0.1.
 */
class AnthropicPluginTest {

    private static final String KEY = "fake-anthropic-plugin-test-key";
    private static final String REPLY = """
            {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "tool_use", "id": "toolu_01", "name": "read_file", "input": {"path": "a.txt"}}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 3, "output_tokens": 9, "cache_creation_input_tokens": 0,
                       "cache_read_input_tokens": 2000}}""";

    @TempDir
    static Path pluginsDir;

    static PluginHost host;
    static HttpServer stub;
    static final List<String> keysSeen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        host = BuiltPlugins.load(pluginsDir);
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/v1/messages", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                keysSeen.add(String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key")));
                byte[] body = REPLY.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        stub.start();
    }

    @AfterAll
    static void stop() {
        stub.stop(0);
        host.close();
    }

    @Test
    void theLoadedPluginCallsTheMessagesApi() throws Exception {
        TenantConfig tenant = new TenantConfig("acme", List.of(), "default", "q", List.of("provider-anthropic"),
                new ProviderConfig("provider-anthropic", "claude-sonnet-4-5", null, null, null, null, null),
                new ExecPolicy("disabled"), Limits.DEFAULT, null);
        LlmProvider provider = TenantToolbox.of(tenant, host).llmProvider().orElseThrow();
        ProviderSettings settings = new ProviderSettings("http://127.0.0.1:" + stub.getAddress().getPort(), KEY,
                Duration.ofSeconds(10), Map.of());

        ChatResponse response = provider.chat(new ChatRequest("claude-sonnet-4-5",
                List.of(new UserMessage("read a.txt")), List.of(), settings));

        assertThat(provider.id()).isEqualTo("anthropic");
        assertThat(response.message().toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("read_file");
            assertThat(call.arguments().path("path").asText()).isEqualTo("a.txt");
        });
        assertThat(response.usage()).isEqualTo(new Usage(2003, 9, 2000, 0));
        assertThat(keysSeen).containsExactly(KEY);
    }
}
