package dev.talon.platform.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of the Kubernetes API for ConfigMaps, on 127.0.0.1: get, list, create, replace (409 on a stale
 * resourceVersion), merge patch, delete, and watch — chunked JSON lines streamed to every open watcher, replayed
 * from a resourceVersion, 410 Gone once that version is forgotten. Resource versions are one increasing counter,
 * as etcd's revision is. Hooks let a test drop watches, forget history and force conflicts.
 */
final class FakeKubernetesApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/api/v1/namespaces/";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(); // each watch holds one
    private final Object lock = new Object();
    /** Guarded by lock, like everything the API stores. */
    private long revision = 100;
    private long forgottenUpTo;
    private final Map<String, ObjectNode> configMaps = new HashMap<>();
    private final List<StoredEvent> history = new ArrayList<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final AtomicInteger watchesOpened = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger expiredWatches = new AtomicInteger();
    private volatile boolean refuseWatches;
    private volatile CountDownLatch readBarrier = new CountDownLatch(0);
    private volatile boolean conflictOnEveryReplace;

    /** One change, as a watch reports it. */
    private record StoredEvent(long revision, String namespace, String name, String type, ObjectNode object) {
    }

    /** An open watch; an empty line means hang up. */
    private record Watcher(String namespace, Optional<String> name, BlockingQueue<Optional<String>> lines) {
        boolean sees(String eventNamespace, String eventName) {
            return namespace.equals(eventNamespace) && name.map(eventName::equals).orElse(true);
        }
    }

    FakeKubernetesApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- hooks for tests

    /** Hangs up every open watch, as an API server restart or a broken connection would. */
    void dropWatches() {
        watchers.forEach(watcher -> watcher.lines().add(Optional.empty()));
    }

    /** Forgets every event so far: a watch resuming from an earlier version gets 410 Gone. */
    void forgetHistory() {
        synchronized (lock) {
            forgottenUpTo = revision;
            history.clear();
        }
    }

    /** The next {@code readers} GETs of a ConfigMap wait for each other, so they all read the same version. */
    void holdReadsUntil(int readers) {
        readBarrier = new CountDownLatch(readers);
    }

    /** While on, new watches are answered 503, as by an API server that is restarting. */
    void refuseWatches(boolean on) {
        refuseWatches = on;
    }

    void conflictOnEveryReplace(boolean on) {
        conflictOnEveryReplace = on;
    }

    int watchesOpened() {
        return watchesOpened.get();
    }

    int openWatches() {
        return watchers.size();
    }

    /** Watches refused with 410 Gone because they asked for a forgotten version. */
    int expiredWatches() {
        return expiredWatches.get();
    }

    int conflicts() {
        return conflicts.get();
    }

    @Override
    public void close() {
        dropWatches();
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- the API

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.startsWith(PREFIX)) {
                status(exchange, 404, "NotFound", "no route " + path);
                return;
            }
            String[] parts = path.substring(PREFIX.length()).split("/");
            if (parts.length < 2 || !parts[1].equals("configmaps") || parts.length > 3) {
                status(exchange, 404, "NotFound", "no route " + path);
                return;
            }
            String namespace = parts[0];
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            if (parts.length == 2) {
                switch (method) {
                    case "GET" -> {
                        if ("true".equals(query.get("watch"))) {
                            watch(exchange, namespace, query);
                        } else {
                            list(exchange, namespace, query);
                        }
                    }
                    case "POST" -> create(exchange, namespace);
                    default -> status(exchange, 405, "MethodNotAllowed", method);
                }
                return;
            }
            String name = parts[2];
            switch (method) {
                case "GET" -> get(exchange, namespace, name);
                case "PUT" -> replace(exchange, namespace, name);
                case "PATCH" -> patch(exchange, namespace, name);
                case "DELETE" -> delete(exchange, namespace, name);
                default -> status(exchange, 405, "MethodNotAllowed", method);
            }
        } catch (RuntimeException e) {
            status(exchange, 500, "InternalError", String.valueOf(e));
        }
    }

    private void get(HttpExchange exchange, String namespace, String name) throws IOException {
        CountDownLatch barrier = readBarrier;
        barrier.countDown();
        await(barrier);
        ObjectNode found;
        synchronized (lock) {
            found = configMaps.get(namespace + "/" + name);
        }
        if (found == null) {
            status(exchange, 404, "NotFound", "configmaps \"" + name + "\" not found");
        } else {
            send(exchange, 200, found);
        }
    }

    private void list(HttpExchange exchange, String namespace, Map<String, String> query) throws IOException {
        Optional<String> name = nameSelected(query);
        ObjectNode list = JSON.createObjectNode().put("kind", "ConfigMapList").put("apiVersion", "v1");
        synchronized (lock) {
            list.putObject("metadata").put("resourceVersion", String.valueOf(revision));
            var items = list.putArray("items");
            configMaps.values().stream()
                    .filter(map -> namespace.equals(map.path("metadata").path("namespace").asText()))
                    .filter(map -> name.map(map.path("metadata").path("name").asText()::equals).orElse(true))
                    .forEach(items::add);
        }
        send(exchange, 200, list);
    }

    private void create(HttpExchange exchange, String namespace) throws IOException {
        ObjectNode body = body(exchange);
        String name = body.path("metadata").path("name").asText();
        ObjectNode stored;
        synchronized (lock) {
            if (configMaps.containsKey(namespace + "/" + name)) {
                conflicts.incrementAndGet();
                status(exchange, 409, "AlreadyExists", "configmaps \"" + name + "\" already exists");
                return;
            }
            body.withObjectProperty("metadata").put("uid", UUID.randomUUID().toString());
            stored = record("ADDED", namespace, name, body);
        }
        send(exchange, 201, stored);
    }

    private void replace(HttpExchange exchange, String namespace, String name) throws IOException {
        ObjectNode body = body(exchange);
        ObjectNode stored;
        synchronized (lock) {
            ObjectNode current = configMaps.get(namespace + "/" + name);
            if (current == null) {
                status(exchange, 404, "NotFound", "configmaps \"" + name + "\" not found");
                return;
            }
            String expected = body.path("metadata").path("resourceVersion").asText("");
            String actual = current.path("metadata").path("resourceVersion").asText();
            if (conflictOnEveryReplace || !expected.isEmpty() && !expected.equals(actual)) {
                conflicts.incrementAndGet();
                status(exchange, 409, "Conflict", "Operation cannot be fulfilled on configmaps \"" + name
                        + "\": the object has been modified; please apply your changes to the latest version and"
                        + " try again");
                return;
            }
            body.withObjectProperty("metadata").put("uid", current.path("metadata").path("uid").asText());
            stored = record("MODIFIED", namespace, name, body);
        }
        send(exchange, 200, stored);
    }

    /** A JSON merge patch (RFC 7386); for a ConfigMap's data a strategic merge patch does the same. */
    private void patch(HttpExchange exchange, String namespace, String name) throws IOException {
        ObjectNode patch = body(exchange);
        ObjectNode stored;
        synchronized (lock) {
            ObjectNode current = configMaps.get(namespace + "/" + name);
            if (current == null) {
                status(exchange, 404, "NotFound", "configmaps \"" + name + "\" not found");
                return;
            }
            stored = record("MODIFIED", namespace, name, (ObjectNode) merge(current.deepCopy(), patch));
        }
        send(exchange, 200, stored);
    }

    private void delete(HttpExchange exchange, String namespace, String name) throws IOException {
        synchronized (lock) {
            ObjectNode current = configMaps.get(namespace + "/" + name);
            if (current == null) {
                status(exchange, 404, "NotFound", "configmaps \"" + name + "\" not found");
                return;
            }
            record("DELETED", namespace, name, current.deepCopy());
        }
        status(exchange, 200, null, "deleted");
    }

    /** Streams events until the watcher is dropped or the client goes away. */
    private void watch(HttpExchange exchange, String namespace, Map<String, String> query) throws IOException {
        if (refuseWatches) {
            status(exchange, 503, "ServiceUnavailable", "the API server is restarting");
            return;
        }
        Watcher watcher = new Watcher(namespace, nameSelected(query), new LinkedBlockingQueue<>());
        String from = query.get("resourceVersion");
        synchronized (lock) { // replay and join under the lock: no change falls between the two
            if (from != null && !from.isEmpty() && !from.equals("0")) {
                long version = Long.parseLong(from);
                if (version < forgottenUpTo) {
                    expiredWatches.incrementAndGet();
                    watcher.lines().add(Optional.of(errorEvent(version)));
                    watcher.lines().add(Optional.empty());
                } else {
                    history.stream()
                            .filter(event -> event.revision() > version)
                            .filter(event -> watcher.sees(event.namespace(), event.name()))
                            .map(event -> eventLine(event.type(), event.object()))
                            .forEach(line -> watcher.lines().add(Optional.of(line)));
                }
            } else {
                configMaps.values().stream()
                        .filter(map -> watcher.sees(map.path("metadata").path("namespace").asText(),
                                map.path("metadata").path("name").asText()))
                        .forEach(map -> watcher.lines().add(Optional.of(eventLine("ADDED", map))));
            }
            watchers.add(watcher);
        }
        watchesOpened.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0); // 0: chunked, open ended
        try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
                Optional<String> line = watcher.lines().take();
                if (line.isEmpty()) {
                    break;
                }
                out.write((line.get() + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException clientGoneOrServerStopping) {
            // the watch ends either way
        } finally {
            watchers.remove(watcher);
        }
    }

    /** Stores a change under the next version and tells the watchers; call holding the lock. */
    private ObjectNode record(String type, String namespace, String name, ObjectNode object) {
        revision++;
        object.put("kind", "ConfigMap").put("apiVersion", "v1");
        object.withObjectProperty("metadata").put("name", name).put("namespace", namespace)
                .put("resourceVersion", String.valueOf(revision));
        if (type.equals("DELETED")) {
            configMaps.remove(namespace + "/" + name);
        } else {
            configMaps.put(namespace + "/" + name, object);
        }
        ObjectNode snapshot = object.deepCopy();
        history.add(new StoredEvent(revision, namespace, name, type, snapshot));
        String line = eventLine(type, snapshot);
        watchers.stream().filter(watcher -> watcher.sees(namespace, name))
                .forEach(watcher -> watcher.lines().add(Optional.of(line)));
        return snapshot;
    }

    // ---- JSON and HTTP details

    private static String eventLine(String type, ObjectNode object) {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        event.set("object", object);
        return event.toString();
    }

    private static String errorEvent(long version) {
        ObjectNode event = JSON.createObjectNode().put("type", "ERROR");
        event.set("object", statusNode(410, "Expired", "too old resource version: " + version));
        return event.toString();
    }

    private static ObjectNode statusNode(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                .put("status", code < 400 ? "Success" : "Failure").put("message", message).put("code", code);
        if (reason != null) {
            status.put("reason", reason);
        }
        return status;
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
        patch.properties().forEach(entry -> {
            if (entry.getValue().isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), merge(result.get(entry.getKey()), entry.getValue()));
            }
        });
        return result;
    }

    private static Optional<String> nameSelected(Map<String, String> query) {
        return Optional.ofNullable(query.get("fieldSelector"))
                .filter(selector -> selector.startsWith("metadata.name="))
                .map(selector -> selector.substring("metadata.name=".length()));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            Arrays.stream(raw.split("&")).map(pair -> pair.split("=", 2)).forEach(pair -> query.put(
                    URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                    pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : ""));
        }
        return query;
    }

    private static ObjectNode body(HttpExchange exchange) throws IOException {
        return (ObjectNode) JSON.readTree(exchange.getRequestBody());
    }

    private static void status(HttpExchange exchange, int code, String reason, String message) throws IOException {
        send(exchange, code, statusNode(code, reason, message));
    }

    private static void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void await(CountDownLatch barrier) {
        try {
            if (!barrier.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("readers never met at the barrier");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
