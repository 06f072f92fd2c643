package dev.talon.platform.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Health for a worker-only process, which has no REST server: {@code GET /health/live} (the JVM answers) and
 * {@code GET /health/ready} (Temporal answers and workers poll), so Kubernetes can probe workers too; and
 * {@code GET /metrics} in Prometheus text when given one, unauthenticated like the REST server's (names, counts
 * and tenant ids, never content or keys).
 */
public final class WorkerHealth implements AutoCloseable {

    private final HttpServer server;

    private WorkerHealth(HttpServer server) {
        this.server = server;
    }

    /** Serves on {@code host:port}; port 0 picks a free one. */
    public static WorkerHealth start(String host, int port, BooleanSupplier ready) throws IOException {
        return start(host, port, ready, null);
    }

    /** @param metrics the process's metrics in Prometheus text, served on {@code /metrics}; null: no such route */
    public static WorkerHealth start(String host, int port, BooleanSupplier ready, Supplier<String> metrics)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        if (metrics != null) {
            server.createContext("/metrics", exchange -> metrics(exchange, metrics));
        }
        server.createContext("/health/live", exchange -> answer(exchange, true));
        server.createContext("/health/ready", exchange -> answer(exchange, ready.getAsBoolean()));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return new WorkerHealth(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, boolean up) throws IOException {
        byte[] body = ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(up ? 200 : 503, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void metrics(HttpExchange exchange, Supplier<String> metrics) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals("/metrics")) {
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("GET") ? 404 : 405, -1);
                return;
            }
            byte[] body;
            try {
                body = metrics.get().getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(500, -1); // a broken meter must not take the health port down
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
