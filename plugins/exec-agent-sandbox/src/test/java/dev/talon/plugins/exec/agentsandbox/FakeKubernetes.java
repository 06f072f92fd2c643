package dev.talon.plugins.exec.agentsandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server for SandboxClaims only, in memory: create, get, list, JSON merge patch, delete, and
 * {@code ?watch=true} streams of ADDED/MODIFIED/DELETED events (replaying the current object first, as the
 * real server does for a watch without resourceVersion). Plays the agent-sandbox controller too: a new claim
 * turns Ready after {@link #readyDelay}, with the sandbox's name (and pod IPs in v1beta1), or never.
 */
final class FakeKubernetes implements AutoCloseable {

    private static final Pattern CLAIMS = Pattern.compile(
            "/apis/extensions\\.agents\\.x-k8s\\.io/(v1alpha1|v1beta1)/namespaces/([^/]+)/sandboxclaims(?:/([^/]+))?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    /** One request, for assertions. */
    record Request(String method, String path, String query, String contentType) {
    }

    private record Event(String type, String namespace, String name, ObjectNode object) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, ObjectNode> claims = new LinkedHashMap<>();
    private final List<BlockingQueue<Event>> watchers = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> readyAt = new java.util.concurrent.ConcurrentHashMap<>();
    private long resourceVersion = 1000;

    volatile Duration readyDelay = Duration.ofMillis(300);
    volatile boolean neverReady;
    /** A Ready=False reason set at once instead of turning Ready, e.g. TemplateNotFound. */
    volatile String refusal;
    volatile boolean forbidden;
    /** The Sandbox's name for a claim: the claim's own in v1alpha1, a warm-pool pod's in v1beta1. */
    volatile Function<String, String> sandboxNameOf = claim -> claim;
    /** As an API server whose SandboxClaim CRD has no spec.env (agent-sandbox before v0.4.0): pruned on create. */
    volatile boolean prunesEnv;

    FakeKubernetes() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    long count(String method) {
        return requests.stream().filter(r -> r.method().equals(method)).count();
    }

    synchronized List<String> claimNames() {
        return claims.keySet().stream().map(key -> key.substring(key.indexOf('/') + 1)).toList();
    }

    synchronized Optional<JsonNode> claim(String namespace, String name) {
        return Optional.ofNullable(claims.get(namespace + "/" + name)).map(ObjectNode::deepCopy);
    }

    /**
     * What the controller puts in the environment of the claim's pod (its first container): the claim's
     * {@code spec.env}. Looked up by the sandbox's name, which is the claim's in v1alpha1.
     */
    synchronized Map<String, String> podEnv(String namespace, String sandbox) {
        Map<String, String> env = new LinkedHashMap<>();
        ObjectNode claim = claims.get(namespace + "/" + sandbox);
        if (claim != null) {
            claim.path("spec").path("env").forEach(variable ->
                    env.put(variable.path("name").asText(), variable.path("value").asText()));
        }
        return env;
    }

    Optional<Instant> readyAt(String name) {
        return Optional.ofNullable(readyAt.get(name));
    }

    /** Puts a claim in place as someone else would have. */
    synchronized void put(String namespace, ObjectNode claim) {
        String name = claim.path("metadata").path("name").asText();
        ((ObjectNode) claim.get("metadata")).put("resourceVersion", Long.toString(++resourceVersion));
        claims.put(namespace + "/" + name, claim);
        emit("ADDED", namespace, name, claim);
    }

    /** Deletes a claim as the controller does at shutdownTime, or an operator. */
    synchronized void remove(String namespace, String name) {
        ObjectNode gone = claims.remove(namespace + "/" + name);
        if (gone != null) {
            emit("DELETED", namespace, name, gone);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            requests.add(new Request(method, path, query == null ? "" : query,
                    String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))));
            Matcher m = CLAIMS.matcher(path);
            if (!m.matches()) {
                status(exchange, 404, "NotFound", "the server could not find the requested resource");
                return;
            }
            if (forbidden) {
                status(exchange, 403, "Forbidden", "sandboxclaims.extensions.agents.x-k8s.io is forbidden: User "
                        + "\"system:serviceaccount:talon:worker\" cannot " + method.toLowerCase() + " resource");
                return;
            }
            String version = m.group(1);
            String namespace = m.group(2);
            String name = m.group(3);
            Map<String, String> params = params(query);
            switch (method) {
                case "POST" -> create(exchange, version, namespace, exchange.getRequestBody().readAllBytes());
                case "GET" -> {
                    if (name != null) {
                        get(exchange, namespace, name);
                    } else if ("true".equals(params.get("watch"))) {
                        watch(exchange, namespace, params);
                    } else {
                        list(exchange, namespace, params);
                    }
                }
                case "PATCH" -> patch(exchange, namespace, name, exchange.getRequestBody().readAllBytes());
                case "DELETE" -> delete(exchange, namespace, name);
                default -> status(exchange, 405, "MethodNotAllowed", method);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void create(HttpExchange exchange, String version, String namespace, byte[] body) throws IOException {
        ObjectNode claim = (ObjectNode) json.readTree(body);
        String name = claim.path("metadata").path("name").asText("");
        String invalid = invalid(version, claim, name);
        if (invalid != null) {
            status(exchange, 422, "Invalid", "SandboxClaim.extensions.agents.x-k8s.io \"" + name + "\" is invalid: "
                    + invalid);
            return;
        }
        ObjectNode stored;
        synchronized (this) {
            if (claims.containsKey(namespace + "/" + name)) {
                status(exchange, 409, "AlreadyExists",
                        "sandboxclaims.extensions.agents.x-k8s.io \"" + name + "\" already exists");
                return;
            }
            if (prunesEnv && claim.get("spec") instanceof ObjectNode spec) {
                spec.remove("env");
            }
            ObjectNode metadata = (ObjectNode) claim.get("metadata");
            metadata.put("namespace", namespace);
            metadata.put("uid", java.util.UUID.randomUUID().toString());
            metadata.put("creationTimestamp", Instant.now().toString());
            metadata.put("resourceVersion", Long.toString(++resourceVersion));
            ObjectNode condition = json.createObjectNode().put("type", "Ready").put("status", "False")
                    .put("reason", refusal != null ? refusal : "SandboxNotReady")
                    .put("message", refusal != null ? "the " + refusal + " check failed" : "pod is pending");
            claim.putObject("status").putArray("conditions").add(condition);
            claims.put(namespace + "/" + name, claim);
            emit("ADDED", namespace, name, claim);
            stored = claim.deepCopy();
        }
        if (!neverReady && refusal == null) {
            controller.schedule(() -> markReady(version, namespace, name), readyDelay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        send(exchange, 201, stored);
    }

    private static String invalid(String version, ObjectNode claim, String name) {
        if (!claim.path("apiVersion").asText().equals("extensions.agents.x-k8s.io/" + version)
                || !claim.path("kind").asText().equals("SandboxClaim")) {
            return "apiVersion/kind: must be extensions.agents.x-k8s.io/" + version + " SandboxClaim";
        }
        if (name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
            return "metadata.name: must be a DNS-1035 label";
        }
        JsonNode spec = claim.path("spec");
        if (version.equals("v1alpha1") && spec.path("sandboxTemplateRef").path("name").asText("").isEmpty()) {
            return "spec.sandboxTemplateRef.name: Required value";
        }
        if (version.equals("v1beta1") && spec.path("warmPoolRef").path("name").asText("").isEmpty()) {
            return "spec.warmPoolRef.name: Required value";
        }
        return null;
    }

    private void markReady(String version, String namespace, String name) {
        synchronized (this) {
            ObjectNode claim = claims.get(namespace + "/" + name);
            if (claim == null) {
                return;
            }
            ObjectNode status = claim.putObject("status");
            status.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
                    .put("reason", "SandboxReady").put("message", "");
            ObjectNode sandbox = status.putObject("sandbox");
            if (version.equals("v1alpha1")) {
                sandbox.put("Name", sandboxNameOf.apply(name)); // the older controllers' spelling
            } else {
                sandbox.put("name", sandboxNameOf.apply(name));
                sandbox.putArray("podIPs").add("127.0.0.1");
            }
            ((ObjectNode) claim.get("metadata")).put("resourceVersion", Long.toString(++resourceVersion));
            readyAt.put(name, Instant.now());
            emit("MODIFIED", namespace, name, claim);
        }
    }

    private void get(HttpExchange exchange, String namespace, String name) throws IOException {
        Optional<JsonNode> claim = claim(namespace, name);
        if (claim.isEmpty()) {
            notFound(exchange, name);
        } else {
            send(exchange, 200, claim.get());
        }
    }

    private void list(HttpExchange exchange, String namespace, Map<String, String> params) throws IOException {
        ObjectNode list = json.createObjectNode().put("apiVersion", "extensions.agents.x-k8s.io/v1alpha1")
                .put("kind", "SandboxClaimList");
        ArrayNode items = list.putArray("items");
        synchronized (this) {
            list.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
            claims.forEach((key, claim) -> {
                if (matches(key, namespace, params.get("fieldSelector"))) {
                    items.add(claim.deepCopy());
                }
            });
        }
        send(exchange, 200, list);
    }

    private void watch(HttpExchange exchange, String namespace, Map<String, String> params) throws IOException {
        String selector = params.get("fieldSelector");
        long timeoutSeconds = Long.parseLong(params.getOrDefault("timeoutSeconds", "1800"));
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        synchronized (this) {
            claims.forEach((key, claim) -> {
                if (matches(key, namespace, selector)) {
                    events.add(new Event("ADDED", namespace, key.substring(key.indexOf('/') + 1), claim.deepCopy()));
                }
            });
            watchers.add(events);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        OutputStream out = exchange.getResponseBody();
        try {
            while (System.nanoTime() < deadline) {
                Event event = events.poll(50, TimeUnit.MILLISECONDS);
                if (event == null || !matches(event.namespace() + "/" + event.name(), namespace, selector)) {
                    continue;
                }
                ObjectNode line = json.createObjectNode().put("type", event.type());
                line.set("object", event.object());
                out.write(json.writeValueAsBytes(line));
                out.write('\n');
                out.flush();
            }
        } catch (IOException | InterruptedException clientLeft) {
            // the client closed the watch
        } finally {
            watchers.remove(events);
        }
    }

    private void patch(HttpExchange exchange, String namespace, String name, byte[] body) throws IOException {
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!type.startsWith("application/merge-patch+json")) {
            status(exchange, 415, "UnsupportedMediaType", "this fake takes JSON merge patches only, not " + type);
            return;
        }
        ObjectNode patched;
        synchronized (this) {
            ObjectNode claim = claims.get(namespace + "/" + name);
            if (claim == null) {
                notFound(exchange, name);
                return;
            }
            merge(claim, json.readTree(body));
            ((ObjectNode) claim.get("metadata")).put("resourceVersion", Long.toString(++resourceVersion));
            emit("MODIFIED", namespace, name, claim);
            patched = claim.deepCopy();
        }
        send(exchange, 200, patched);
    }

    // RFC 7386
    private static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode inner) {
                merge(inner, value);
            } else if (value.isObject()) {
                ObjectNode fresh = target.putObject(field.getKey());
                merge(fresh, value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private void delete(HttpExchange exchange, String namespace, String name) throws IOException {
        ObjectNode gone;
        synchronized (this) {
            gone = claims.remove(namespace + "/" + name);
            if (gone != null) {
                emit("DELETED", namespace, name, gone);
            }
        }
        if (gone == null) {
            notFound(exchange, name);
        } else {
            send(exchange, 200, gone);
        }
    }

    private void emit(String type, String namespace, String name, ObjectNode claim) {
        Event event = new Event(type, namespace, name, claim.deepCopy());
        watchers.forEach(queue -> queue.add(event));
    }

    private static boolean matches(String key, String namespace, String fieldSelector) {
        if (!key.startsWith(namespace + "/")) {
            return false;
        }
        if (fieldSelector == null || fieldSelector.isEmpty()) {
            return true;
        }
        if (!fieldSelector.startsWith("metadata.name=")) {
            throw new IllegalArgumentException("this fake selects by metadata.name only: " + fieldSelector);
        }
        return key.equals(namespace + "/" + fieldSelector.substring("metadata.name=".length()));
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
        }
        return params;
    }

    private void notFound(HttpExchange exchange, String name) throws IOException {
        status(exchange, 404, "NotFound", "sandboxclaims.extensions.agents.x-k8s.io \"" + name + "\" not found");
    }

    private void status(HttpExchange exchange, int code, String reason, String message) throws IOException {
        ObjectNode status = json.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                .put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        send(exchange, code, status);
    }

    private void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    List<String> watchQueries() {
        List<String> queries = new ArrayList<>();
        for (Request request : requests) {
            if (request.query().contains("watch=true")) {
                queries.add(request.query());
            }
        }
        return queries;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        controller.shutdownNow();
    }
}
