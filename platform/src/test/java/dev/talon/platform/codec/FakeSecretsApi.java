package dev.talon.platform.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of the Kubernetes API for Secrets, on 127.0.0.1: get, create (409 when it exists), replace (409 on a
 * stale resourceVersion); {@link #conflictOnce()} makes the next replace lose a race, as with another replica.
 */
final class FakeSecretsApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/api/v1/namespaces/";

    private final HttpServer server;
    private final Map<String, ObjectNode> secrets = new HashMap<>();
    private final AtomicInteger conflicts = new AtomicInteger();
    private long revision = 1;
    private volatile boolean conflictNext;

    FakeSecretsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void conflictOnce() {
        conflictNext = true;
    }

    int conflicts() {
        return conflicts.get();
    }

    /** The stored Secret as the API server holds it (data in base64). */
    synchronized ObjectNode stored(String namespace, String name) {
        return secrets.get(namespace + "/" + name);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().substring(PREFIX.length()).split("/");
            if (parts.length < 2 || !parts[1].equals("secrets")) {
                send(exchange, 404, status(404, "NotFound"));
                return;
            }
            String namespace = parts[0];
            switch (exchange.getRequestMethod()) {
                case "GET" -> get(exchange, namespace + "/" + parts[2]);
                case "POST" -> create(exchange, namespace);
                case "PUT" -> replace(exchange, namespace + "/" + parts[2]);
                default -> send(exchange, 405, status(405, "MethodNotAllowed"));
            }
        }
    }

    private synchronized void get(HttpExchange exchange, String key) throws IOException {
        ObjectNode found = secrets.get(key);
        send(exchange, found == null ? 404 : 200, found == null ? status(404, "NotFound") : found);
    }

    private synchronized void create(HttpExchange exchange, String namespace) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(exchange.getRequestBody());
        String key = namespace + "/" + body.path("metadata").path("name").asText();
        if (secrets.containsKey(key)) {
            conflicts.incrementAndGet();
            send(exchange, 409, status(409, "AlreadyExists"));
            return;
        }
        body.withObjectProperty("metadata").put("resourceVersion", String.valueOf(++revision));
        secrets.put(key, body);
        send(exchange, 201, body);
    }

    private synchronized void replace(HttpExchange exchange, String key) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(exchange.getRequestBody());
        ObjectNode current = secrets.get(key);
        if (current == null) {
            send(exchange, 404, status(404, "NotFound"));
            return;
        }
        String expected = body.path("metadata").path("resourceVersion").asText();
        if (conflictNext || !expected.equals(current.path("metadata").path("resourceVersion").asText())) {
            conflictNext = false;
            conflicts.incrementAndGet();
            // what another replica would have written meanwhile: the same Secret, a newer version
            current.withObjectProperty("metadata").put("resourceVersion", String.valueOf(++revision));
            send(exchange, 409, status(409, "Conflict"));
            return;
        }
        body.withObjectProperty("metadata").put("resourceVersion", String.valueOf(++revision));
        secrets.put(key, body);
        send(exchange, 200, body);
    }

    private static ObjectNode status(int code, String reason) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                .put("status", "Failure").put("reason", reason).put("code", code);
        status.putObject("metadata");
        return status;
    }

    private static void send(HttpExchange exchange, int code, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
