package dev.talon.testkit;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions server on loopback that streams one fixed answer slowly: each text
 * delta is its own {@code text/event-stream} chunk, flushed, {@code spacing} after the one before; then the
 * finish reason, the usage and {@code [DONE]}.
 */
final class SlowStreamingLlm implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> deltas;
    private final Duration spacing;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger cutNextAfter = new AtomicInteger(-1);

    private SlowStreamingLlm(List<String> deltas, Duration spacing) {
        this.deltas = List.copyOf(deltas);
        this.spacing = spacing;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/chat/completions", this::stream);
        server.setExecutor(executor);
        server.start();
    }

    static SlowStreamingLlm start(List<String> deltas, Duration spacing) {
        return new SlowStreamingLlm(deltas, spacing);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    String answer() {
        return String.join("", deltas);
    }

    int calls() {
        return calls.get();
    }

    /** The next call sends this many deltas, then drops the connection without finishing (a retryable failure). */
    void cutNextCallAfter(int deltasSent) {
        cutNextAfter.set(deltasSent);
    }

    private void stream(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0); // chunked: each event leaves when flushed
            OutputStream out = exchange.getResponseBody();
            send(out, chunk("{\"role\": \"assistant\", \"content\": \"\"}", "null"));
            int cutAfter = cutNextAfter.getAndSet(-1);
            for (int i = 0; i < deltas.size(); i++) {
                if (i == cutAfter) {
                    return; // closed mid-answer: no finish reason, no [DONE]
                }
                Thread.sleep(spacing);
                send(out, chunk("{\"content\": \"" + deltas.get(i) + "\"}", "null"));
            }
            send(out, chunk("{}", "\"stop\""));
            send(out, "{\"choices\": [], \"usage\": {\"prompt_tokens\": 12, \"completion_tokens\": " + deltas.size() + "}}");
            send(out, "[DONE]");
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"object\": \"chat.completion.chunk\", \"choices\": [{\"index\": 0, \"delta\": " + delta
                + ", \"finish_reason\": " + finishReason + "}]}";
    }

    private static void send(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
