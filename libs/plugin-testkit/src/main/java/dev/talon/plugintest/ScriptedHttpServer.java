package dev.talon.plugintest;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An HTTP API on 127.0.0.1 (a free port) that answers scripted JSON replies in order and records every request it
 * got, so a provider test can count HTTP attempts and read the wire JSON. A request with no reply left gets a 500.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    public record Reply(int status, String body, Duration delay, Map<String, String> headers) {
    }

    public record Received(String method, String path, Headers headers, String body) {
    }

    private final HttpServer server;
    private final String basePath;
    private final String unscriptedBody;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> everyReply = new ConcurrentHashMap<>();

    /**
     * @param basePath       what {@link #baseUrl()} ends with, e.g. {@code /v1}; empty for none
     * @param unscriptedBody the 500's body when a request comes with no reply left, in the API's error shape
     */
    public ScriptedHttpServer(String basePath, String unscriptedBody) {
        this.basePath = basePath;
        this.unscriptedBody = unscriptedBody;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        // a handler that sleeps must not stop the others, nor close()
        server.setExecutor(executor);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    /** A header every reply carries (a reply's own headers win), e.g. the request id an API always sends. */
    public ScriptedHttpServer alwaysSending(String header, String value) {
        everyReply.put(header, value);
        return this;
    }

    public ScriptedHttpServer reply(int status, String body) {
        return reply(status, body, Duration.ZERO);
    }

    public ScriptedHttpServer reply(int status, String body, Duration delay) {
        replies.add(new Reply(status, body, delay, Map.of()));
        return this;
    }

    public ScriptedHttpServer reply(int status, String body, Map<String, String> headers) {
        replies.add(new Reply(status, body, Duration.ZERO, headers));
        return this;
    }

    public List<Received> received() {
        return received;
    }

    public Received last() {
        return received.getLast();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    new Headers(exchange.getRequestHeaders()), body));
            Reply reply = replies.poll();
            if (reply == null) {
                reply = new Reply(500, unscriptedBody, Duration.ZERO, Map.of());
            }
            Thread.sleep(reply.delay());
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            everyReply.forEach(exchange.getResponseHeaders()::set);
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
