package dev.talon.platform.telemetry;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * A server span around each API request (not health, metrics or OpenAPI), continuing the caller's trace when it
 * sends {@code traceparent}: the turn a {@code POST .../turns} starts is a child of it, so one trace runs from the
 * request through the workflow to every activity. Attributes: method, path (ids, no query, no body) and status.
 */
public final class RequestSpans implements Filter {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final List<String> UNTRACED = List.of("/health", "/metrics", "/openapi");

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return headers.stream().map(header -> header.name()).toList();
        }

        @Override
        public String get(Headers headers, String key) {
            return headers == null ? null : headers.first(HeaderNames.create(key)).orElse(null);
        }
    };

    private final Tracing tracing;

    public RequestSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (UNTRACED.stream().anyMatch(path::startsWith)) {
            chain.proceed();
            return;
        }
        String method = request.prologue().method().text();
        Context parent = tracing.openTelemetry().getPropagators().getTextMapPropagator()
                .extract(Context.root(), request.headers(), HEADERS);
        Span span = tracing.tracer().spanBuilder(method).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method).setAttribute(PATH, path).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            chain.proceed();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            int status = response.status().code();
            span.setAttribute(STATUS, (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
