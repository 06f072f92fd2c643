package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.talon.platform.Platform;
import dev.talon.platform.client.TurnIds;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant on provider-openai with a real-looking key (read from a key file) runs a tool-calling turn and a turn
 * whose provider echoes the key in its 401 error, as OpenAI does. Neither the Temporal histories, nor the logs, nor
 * the API responses contain the key.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/secrets")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/secrets-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class SecretsStayOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    @Inject
    Platform platform;

    private final String key = realLookingKey();
    private final String session = "s-" + java.util.UUID.randomUUID();
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer llm;
    private CapturedLogs logs;

    private static String realLookingKey() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder("sk-proj-");
        for (int i = 0; i < 48; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return key.toString();
    }

    @BeforeEach
    void startStubAndCaptureLogs() throws IOException {
        llm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        llm.createContext("/v1/chat/completions", this::answer);
        llm.start();
        logs = CapturedLogs.start();
    }

    @AfterEach
    void stop() {
        logs.close();
        llm.stop(0);
    }

    /** The wire format of chat completions: a tool call, then an answer; "bad key" gets OpenAI's 401, key echoed. */
    private void answer(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String body;
        int status = 200;
        if (request.contains("bad key")) {
            status = 401;
            body = "{\"error\":{\"message\":\"Incorrect API key provided: " + key + ". You can find your API key at "
                    + "https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\"}}";
        } else if (!request.contains("\"role\":\"tool\"")) {
            body = """
                    {"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                    "function":{"name":"write_file","arguments":"{\\"path\\":\\"note.txt\\",\\"content\\":\\"hi\\"}"}}]},
                    "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":10,"completion_tokens":5}}""";
        } else {
            body = """
                    {"choices":[{"message":{"role":"assistant","content":"wrote it"},"finish_reason":"stop"}],
                    "usage":{"prompt_tokens":20,"completion_tokens":2}}""";
        }
        calls.incrementAndGet();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void theProviderKeyNeverReachesHistoryLogsOrResponses() throws Exception {
        Path keyFile = Path.of("target/test-data/secrets-key.txt").toAbsolutePath();
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, key + "\n");
        String tenant = "{\"plugins\":[\"tools-workspace\",\"provider-openai\"],\"provider\":{\"plugin\":\"provider-openai\","
                + "\"model\":\"gpt-test\",\"baseUrl\":\"http://127.0.0.1:" + llm.getAddress().getPort() + "/v1\","
                + "\"apiKeyFile\":\"" + keyFile + "\"}}";
        Response created = target.path("/v1/admin/tenants/openai-user").request()
                .header("Authorization", "Bearer test-admin-key").put(Entity.json(tenant));
        assertThat(created.getStatus()).isIn(200, 201);
        String tenantKey = JSON.readTree(target.path("/v1/admin/tenants/openai-user/keys").request()
                .header("Authorization", "Bearer test-admin-key").post(Entity.json("")).readEntity(String.class))
                .path("key").asText();

        String goodId = "good-" + session;
        String badId = "bad-" + session;
        String good = turn(tenantKey, goodId, "write a note");
        String bad = turn(tenantKey, badId, "bad key please");

        assertThat(good).as(good).contains("wrote it").contains("write_file");
        assertThat(bad).as(bad).contains("failed").contains("401").contains("***");
        assertThat(calls).hasValueGreaterThanOrEqualTo(3);
        for (String turnId : List.of(goodId, badId)) {
            String history = HistoryText.readable(platform.temporal().client("default")
                    .fetchHistory(TurnIds.workflowId("openai-user", turnId)).toJson(false));
            assertThat(history).contains("\"turnId\":\"" + turnId + "\"").doesNotContain(key);
        }
        assertThat(Files.readString(Path.of("target/test-data/secrets/tenants/openai-user/sessions", session + ".jsonl")))
                .contains("wrote it").doesNotContain(key);
        assertThat(logs.text()).doesNotContain(key);
        assertThat(good + bad).doesNotContain(key);
    }

    private String turn(String tenantKey, String turnId, String message) {
        return target.path("/v1/tenants/openai-user/turns").request().header("Authorization", "Bearer " + tenantKey)
                .post(Entity.json(JSON.createObjectNode().put("session", session).put("message", message)
                        .put("turnId", turnId).toString())).readEntity(String.class);
    }
}
