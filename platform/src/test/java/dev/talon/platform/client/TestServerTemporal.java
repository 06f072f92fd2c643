package dev.talon.platform.client;

import io.grpc.ManagedChannel;
import io.temporal.testserver.TestServer;

/** The in-memory server the tests run on: Temporal's in-process test server, with its own (real) clock. */
public final class TestServerTemporal implements InMemoryTemporal {

    private TestServer.InProcessTestServer server;

    @Override
    public synchronized ManagedChannel start() {
        if (server == null) {
            server = TestServer.createServer(true);
        }
        return server.getChannel();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
