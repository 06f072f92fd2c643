package dev.talon.platform.client;

import io.grpc.ManagedChannel;

/**
 * A Temporal server inside this JVM, for tests: what {@code talon.temporal.target=in-memory} connects to. The
 * product ships none (the server is in {@code temporal-testing}, a test dependency); a test class path names one
 * in {@code META-INF/services/dev.talon.platform.client.InMemoryTemporal}, found with {@link java.util.ServiceLoader}.
 * It never re-delivers a workflow task after a worker dies, so it gives none of the durability Talon is for.
 */
public interface InMemoryTemporal extends AutoCloseable {

    /** Starts the server (once) and answers the channel to it. */
    ManagedChannel start();

    /** Stops the server. */
    @Override
    void close();
}
