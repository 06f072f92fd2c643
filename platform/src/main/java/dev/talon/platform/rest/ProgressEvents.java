package dev.talon.platform.rest;

import dev.talon.platform.events.CursorStep;
import dev.talon.platform.events.ProgressStream;
import dev.talon.platform.events.ProgressCursor;
import dev.talon.platform.events.ProgressEvent;
import dev.talon.platform.events.ResumePoint;
import dev.talon.platform.events.StreamSettings;
import dev.talon.platform.events.StreamSlot;
import dev.talon.platform.tenant.TenantConfig;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes progress events to an SSE connection until the source ends, the client goes away or the stream
 * reaches its maximum lifetime. An idle stream writes a comment every heartbeat: a client that left makes
 * that write fail, and the stream (and its share of the history long poll) ends at once.
 */
final class ProgressEvents {

    static final String KEEP_ALIVE = "keep-alive";

    private ProgressEvents() {
    }

    /**
     * Answers an events request: the resume point from Last-Event-ID (400 if foreign), one of the tenant's
     * stream slots (429 if none is free), then the events from {@code open} until the stream ends.
     */
    static void stream(ProgressStream progress, TenantConfig tenant, String lastEventId,
                       Function<String, ResumePoint> parse, Function<ResumePoint, ProgressCursor> open,
                       SseEventSink connection, Sse sse) {
        ResumePoint resume = resume(parse, lastEventId);
        send(connection, sse, reserve(progress, tenant), () -> open.apply(resume), progress.settings());
    }

    /** Takes one of the tenant's stream slots, or refuses with 429 when it holds as many as allowed. */
    static StreamSlot reserve(ProgressStream progress, TenantConfig tenant) {
        int max = progress.settings().maxStreamsPerTenant();
        return progress.reserve(tenant.id()).orElseThrow(() -> new ApiException(429, "too_many_streams",
                "tenant '" + tenant.id() + "' already has " + max + " open event streams "
                        + "(talon.api.max-streams-per-tenant); close one or try again shortly"));
    }

    /** The client's resume point from its Last-Event-ID, or 400 when it is not an id this API sends. */
    static ResumePoint resume(Function<String, ResumePoint> parse, String lastEventId) {
        try {
            return parse.apply(lastEventId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_last_event_id", e.getMessage());
        }
    }

    /** Streams the cursor's events; closes the cursor, the connection and the slot when it ends. */
    static void send(SseEventSink connection, Sse sse, StreamSlot slot, Supplier<ProgressCursor> source,
                     StreamSettings settings) {
        // closed in reverse: the cursor, the slot, then the connection, so a client that saw the end may open anew
        try (connection; slot; ProgressCursor cursor = source.get()) {
            OutboundSseEvent keepAlive = sse.newEventBuilder().comment(KEEP_ALIVE).build();
            long end = System.nanoTime() + settings.maxLifetime().toNanos();
            long heartbeat = settings.heartbeat().toNanos();
            if (!write(connection, keepAlive)) { // sends the headers now, even when no event is due yet
                return;
            }
            long lastWrite = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                if (now - end >= 0) {
                    write(connection, sse.newEventBuilder()
                            .comment("stream lifetime reached; reconnect with Last-Event-ID to go on").build());
                    return;
                }
                if (now - lastWrite >= heartbeat) {
                    if (!write(connection, keepAlive)) {
                        return;
                    }
                    lastWrite = now;
                    continue;
                }
                long wait = Math.min(lastWrite + heartbeat - now, end - now);
                switch (cursor.next(Duration.ofNanos(wait))) {
                    case CursorStep.Event event -> {
                        if (!write(connection, outbound(sse, event.event()))) {
                            return;
                        }
                        lastWrite = System.nanoTime();
                    }
                    case CursorStep.Quiet quiet -> {
                    }
                    case CursorStep.End done -> {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OutboundSseEvent outbound(Sse sse, ProgressEvent event) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder().name(event.type()).data(event.data().toString());
        if (event.id() != null) {
            builder.id(event.id());
        }
        return builder.build();
    }

    /** False when the client is gone: the write failed or the connection was closed. */
    private static boolean write(SseEventSink connection, OutboundSseEvent event) {
        if (connection.isClosed()) {
            return false;
        }
        try {
            connection.send(event).toCompletableFuture().join();
            return true;
        } catch (CompletionException | IllegalStateException e) {
            return false;
        }
    }
}
