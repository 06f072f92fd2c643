package dev.talon.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A zero-latency OpenAI-compatible chat-completions endpoint on 127.0.0.1, for benchmarks: what costs time is
 * then Talon and Temporal, never the model. Stateless: a user message {@code steps=K} gets K replies that call
 * {@code list_dir} (one call each), then a final answer — counted from the tool results after that message, so
 * any number of turns can run at once. Whole JSON answers only (tenants set provider option {@code stream:
 * "false"}); no key is checked.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEPS = Pattern.compile("steps=(\\d{1,4})");
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong calls = new AtomicLong();

    private FakeOpenAiServer(HttpServer server) {
        this.server = server;
    }

    /** Starts it on a free port of 127.0.0.1. */
    public static FakeOpenAiServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        FakeOpenAiServer fake = new FakeOpenAiServer(http);
        http.createContext("/v1/chat/completions", fake::answer);
        http.setExecutor(fake.threads);
        http.start();
        return fake;
    }

    /** What a tenant's {@code provider.baseUrl} is set to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Chat completions answered so far. */
    public long calls() {
        return calls.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"error\":{\"message\":\"POST only\"}}");
                return;
            }
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    send(exchange, 413, "{\"error\":{\"message\":\"request too large\"}}");
                    return;
                }
                request = JSON.readTree(bytes);
            } catch (IOException notJson) {
                send(exchange, 400, "{\"error\":{\"message\":\"not JSON\"}}");
                return;
            }
            calls.incrementAndGet();
            send(exchange, 200, reply(request.path("messages")).toString());
        }
    }

    /** The next step of the script for this conversation. */
    static ObjectNode reply(JsonNode messages) {
        int steps = 0;
        int toolResults = 0;
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            if ("user".equals(role)) {
                Matcher m = STEPS.matcher(message.path("content").asText(""));
                if (m.find()) {
                    steps = Integer.parseInt(m.group(1));
                    toolResults = 0;
                }
            } else if ("tool".equals(role)) {
                toolResults++;
            }
        }
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        String finish;
        if (toolResults < steps) {
            message.putNull("content");
            ArrayNode calls = message.putArray("tool_calls");
            ObjectNode call = calls.addObject().put("id", "call_" + (toolResults + 1)).put("type", "function");
            call.putObject("function").put("name", "list_dir").put("arguments", "{\"path\":\".\"}");
            finish = "tool_calls";
        } else {
            message.put("content", "done after " + toolResults + " steps");
            finish = "stop";
        }
        ObjectNode root = JSON.createObjectNode().put("id", "fake").put("object", "chat.completion")
                .put("model", "fake");
        root.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
        root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        return root;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
