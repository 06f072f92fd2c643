package dev.talon.plugins.exec.agentsandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The agent-sandbox runtime's {@code POST /execute}, for real: the command string is split like
 * {@code shlex.split} and the words are run directly, with no shell and no time limit, each sandbox in its own
 * directory (its pod's {@code /app}) and with a container's environment, not this JVM's. Serves many
 * sandboxes at once: the sandbox is the path before {@code /execute} ({@code /sandboxes/<namespace>/<name>/execute})
 * or, behind a router, the X-Sandbox-ID header.
 */
final class FakeRuntime implements AutoCloseable {

    /** One command as the runtime received it. */
    record Call(String sandbox, String path, Map<String, String> headers, String command, Instant at) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Path root;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final Object oneAtATime = new Object();

    /** One command at a time, as the stock runtime, whose /execute blocks its event loop. */
    volatile boolean serial;
    /** The container's PATH. */
    volatile String path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** More of the container's environment, by sandbox: what the controller injected from the claim. */
    volatile Function<String, Map<String, String>> podEnv = sandbox -> Map.of();

    FakeRuntime(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    Path dirOf(String sandbox) {
        return root.resolve(sandbox.replace('/', '_'));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/execute")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String prefix = path.substring(0, path.length() - "/execute".length());
            String header = exchange.getRequestHeaders().getFirst("X-Sandbox-ID");
            String sandbox = prefix.isEmpty() ? String.valueOf(header) : prefix.substring(prefix.lastIndexOf('/') + 1);
            JsonNode request = json.readTree(exchange.getRequestBody());
            String command = request.path("command").asText();
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
            calls.add(new Call(sandbox, path, headers, command, Instant.now()));
            Map<String, Object> answer;
            if (serial) {
                synchronized (oneAtATime) {
                    answer = run(sandbox, command);
                }
            } else {
                answer = run(sandbox, command);
            }
            byte[] body = json.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Map<String, Object> run(String sandbox, String command) {
        try {
            List<String> args = Shlex.split(command);
            Path dir = Files.createDirectories(dirOf(sandbox));
            ProcessBuilder builder = new ProcessBuilder(args).directory(dir.toFile())
                    .redirectInput(new File("/dev/null"));
            builder.environment().clear();
            // a container's environment, and its own /tmp
            builder.environment().putAll(Map.of("PATH", path, "HOME", dir.toString(), "HOSTNAME", sandbox,
                    "LANG", "C.UTF-8", "TMPDIR", Files.createDirectories(dir.resolve(".tmp")).toString()));
            builder.environment().putAll(podEnv.apply(sandbox));
            Process process = builder.start();
            running.add(process);
            // like subprocess.run(capture_output=True): both pipes read to the end, then the exit status
            CompletableFuture<String> stdout = read(process.getInputStream());
            CompletableFuture<String> stderr = read(process.getErrorStream());
            int exitCode = process.waitFor();
            running.remove(process);
            return Map.of("stdout", stdout.join(), "stderr", stderr.join(),
                    "exit_code", exitCode);
        } catch (IOException | IllegalArgumentException e) {
            return Map.of("stdout", "", "stderr", "Failed to execute command: " + e.getMessage(), "exit_code", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of("stdout", "", "stderr", "interrupted", "exit_code", 1);
        }
    }

    private static CompletableFuture<String> read(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    @Override
    public void close() {
        for (Process process : running) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        server.stop(0);
        handlers.shutdownNow();
    }
}
