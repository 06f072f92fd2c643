package dev.talon.platform.events;

/** One of a tenant's open SSE streams; closing it (once or more) gives the slot back. */
public interface StreamSlot extends AutoCloseable {

    @Override
    void close();
}
