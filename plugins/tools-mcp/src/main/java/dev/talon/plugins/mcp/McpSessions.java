package dev.talon.plugins.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * Opens one MCP session (streamable HTTP) for one piece of work and closes it: a call runs in whatever worker
 * process Temporal picks, so no session is kept between calls.
 */
final class McpSessions {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** A server's answers are read up to this size: a hostile server cannot fill the worker's memory. */
    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private McpSessions() {
    }

    static <T> T with(URI server, Function<McpSyncClient, T> work) {
        // the SDK finds its JSON mapper with ServiceLoader on the thread's context class loader: make that the
        // plugin's, where the SDK lives, not the platform's (which has no SDK, or in tests another copy of it)
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(McpSessions.class.getClassLoader());
        try {
            return open(server, work);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static <T> T open(URI server, Function<McpSyncClient, T> work) {
        ClosableClientBuilder clients = new ClosableClientBuilder();
        try {
            return session(server, clients, work);
        } finally {
            clients.shutdownAll();
        }
    }

    private static <T> T session(URI server, ClosableClientBuilder clients, Function<McpSyncClient, T> work) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base(server))
                .clientBuilder(clients)
                .endpoint(endpoint(server))
                .connectTimeout(CONNECT_TIMEOUT)
                .maxResponseSize(MAX_RESPONSE_BYTES)
                .build();
        try (McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("talon", "0.1.0"))
                .requestTimeout(REQUEST_TIMEOUT)
                .initializationTimeout(REQUEST_TIMEOUT)
                .build()) {
            client.initialize();
            return work.apply(client);
        }
    }

    private static String base(URI server) {
        return server.getScheme() + "://" + server.getRawAuthority();
    }

    private static String endpoint(URI server) {
        String path = server.getRawPath() == null || server.getRawPath().isEmpty() ? "/mcp" : server.getRawPath();
        return server.getRawQuery() == null ? path : path + "?" + server.getRawQuery();
    }
}
