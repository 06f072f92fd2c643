package dev.talon.platform.rest;

import dev.talon.platform.events.ProgressEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Writes progress events to an SSE connection until the source ends or the client goes away. */
final class ProgressEvents {

    /** A source of events: fills the sink while the connection is open. */
    interface Source {
        void stream(Consumer<ProgressEvent> sink, BooleanSupplier open);
    }

    private ProgressEvents() {
    }

    static void send(SseEventSink connection, Sse sse, Source source) {
        AtomicLong ids = new AtomicLong();
        try (connection) {
            source.stream(event -> connection.send(sse.newEventBuilder()
                    .id(String.valueOf(ids.incrementAndGet()))
                    .name(event.type())
                    .data(event.data().toString())
                    .build()), () -> !connection.isClosed());
        }
    }
}
