package dev.talon.platform.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Health for a worker-only process, which has no REST server: {@code GET /health/live} (the JVM answers) and
 * {@code GET /health/ready} (Temporal answers and workers poll), so Kubernetes can probe workers too.
 */
public final class WorkerHealth implements AutoCloseable {

    private final HttpServer server;

    private WorkerHealth(HttpServer server) {
        this.server = server;
    }

    /** Serves on {@code host:port}; port 0 picks a free one. */
    public static WorkerHealth start(String host, int port, BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
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

    @Override
    public void close() {
        server.stop(0);
    }
}
