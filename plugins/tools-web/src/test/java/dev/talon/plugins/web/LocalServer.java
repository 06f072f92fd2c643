package dev.talon.plugins.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on 127.0.0.1 and a free port, answering fixed responses by path. */
final class LocalServer implements AutoCloseable {

    /** A canned answer. */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Answer redirect(String location) {
            return new Answer(302, "text/plain", new byte[0], Map.of("Location", location));
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    LocalServer answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** At {@code path}, a body that never ends: a chunk, a pause, a chunk..., until the client hangs up. */
    LocalServer dripping(String path, String chunk, long pauseMillis) {
        server.createContext(path, exchange -> {
            requests.add(exchange.getRequestURI().toString());
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(pauseMillis);
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up, or the server stops
            }
        });
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI().toString());
        requestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
        Answer answer = answers.getOrDefault(exchange.getRequestURI().getPath(),
                Answer.of(404, "text/plain", "not found"));
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        } catch (IOException e) {
            // the client may hang up once it has read enough
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
