package dev.talon.plugins.mcp;

import dev.talon.api.InteractiveProcess;
import dev.talon.api.InteractiveRequest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Opens one MCP session for one piece of work (a tool list, a call) and closes it: a call runs in whatever worker
 * process Temporal picks, so no session is kept between calls. A stdio server is started for the session in the
 * tenant's exec sandbox and killed with it: nothing of the tenant keeps running between calls, no reaper is needed,
 * and a server that hangs or leaks memory costs one call. The price is a start per call (and per listing, which
 * {@link McpToolLists} caches a minute).
 */
final class McpSessions {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** A server's answers are read up to this size: a hostile server cannot fill the worker's memory. */
    private static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private static final McpSchema.Implementation CLIENT = new McpSchema.Implementation("talon", "0.1.0");

    private McpSessions() {
    }

    /** A session with a streamable HTTP server. */
    static <T> T with(URI server, Function<McpSyncClient, T> work) {
        return withPluginLoader(() -> open(server, work));
    }

    /**
     * A session with a stdio server started at {@code place}; each request is answered within {@code timeout} (the
     * program lives at most twice that, and ten seconds more), or fails.
     */
    static <T> T with(McpEndpoint.Stdio server, SandboxPlace place, Duration timeout, Function<McpSyncClient, T> work) {
        return withPluginLoader(() -> open(server, place, timeout, work));
    }

    private static <T> T withPluginLoader(Supplier<T> work) {
        // the SDK finds its JSON mapper with ServiceLoader on the thread's context class loader: make that the
        // plugin's, where the SDK lives, not the platform's (which has no SDK, or in tests another copy of it)
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(McpSessions.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static <T> T open(McpEndpoint.Stdio server, SandboxPlace place, Duration timeout,
                              Function<McpSyncClient, T> work) {
        InteractiveRequest request = new InteractiveRequest(server.command(), place.workspace(),
                timeout.multipliedBy(2).plusSeconds(10), Map.of(), place.tenant(), place.session());
        InteractiveProcess process;
        try {
            process = place.backend().startInteractive(request);
        } catch (IOException e) {
            throw new UncheckedIOException("the server could not be started: " + e.getMessage(), e);
        }
        StdioProcessTransport transport = new StdioProcessTransport(process, McpJsonDefaults.getMapper());
        try (process; McpSyncClient client = McpClient.sync(transport)
                .clientInfo(CLIENT)
                .requestTimeout(timeout)
                .initializationTimeout(timeout)
                .build()) {
            client.initialize();
            return work.apply(client);
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
                .clientInfo(CLIENT)
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
