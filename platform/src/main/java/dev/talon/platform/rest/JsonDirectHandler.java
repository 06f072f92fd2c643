package dev.talon.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.util.Locale;

/**
 * The errors Helidon answers itself, before or outside JAX-RS — an unreadable request line or headers, a URI too
 * long, no route, HTTP/1.0, too many requests — in the API's JSON error shape instead of Helidon's plain text or
 * empty body. Helidon's own message is not passed on: it may quote the request or name internals.
 */
final class JsonDirectHandler implements DirectHandler {

    private JsonDirectHandler() {
    }

    /** This handler for every kind of event. */
    static DirectHandlers forAllEvents() {
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        JsonDirectHandler handler = new JsonDirectHandler();
        for (EventType type : EventType.values()) {
            handlers.addHandler(type, handler);
        }
        return handlers.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, Throwable thrown) {
        if (thrown instanceof RequestException e && e.getCause() instanceof ApiException refusal) {
            return json(Status.create(refusal.status()), responseHeaders, ApiError.of(refusal.code(), refusal.getMessage()));
        }
        return handle(request, eventType, defaultStatus, responseHeaders, (String) null);
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        return json(defaultStatus, responseHeaders, describe(defaultStatus));
    }

    private static ApiError describe(Status status) {
        return switch (status.code()) {
            case 400 -> ApiError.of("bad_request", "the request cannot be read: a malformed request line, header or "
                    + "body framing, or headers over the size limit");
            case 404 -> ApiError.of("not_found", "no such endpoint; the API is under /v1 (see /openapi)");
            case 405 -> ApiError.of("method_not_allowed", "this endpoint does not take that method");
            case 413 -> ApiError.of("body_too_large", "the body is larger than the server accepts");
            case 414 -> ApiError.of("uri_too_long", "the request line is longer than the server accepts");
            case 431 -> ApiError.of("headers_too_large", "the request headers are larger than the server accepts");
            case 503 -> ApiError.of("unavailable", "the server is busy; try again shortly");
            case 505 -> ApiError.of("http_version_not_supported", "use HTTP/1.1");
            default -> status.code() >= 500 ? ApiError.of("internal_error", "the server failed")
                    : ApiError.of(status.reasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"),
                    status.reasonPhrase());
        };
    }

    private static TransportResponse json(Status status, ServerResponseHeaders headers, ApiError error) {
        try {
            return TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .entity(Json.MAPPER.writeValueAsBytes(error))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
    }
}
