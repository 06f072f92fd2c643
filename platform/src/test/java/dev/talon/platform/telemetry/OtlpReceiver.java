package dev.talon.platform.telemetry;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1 for tests: takes {@code POST /v1/traces} (protobuf) and keeps the spans.
 * The request is read with protobuf's generic parser by field number (the OTLP trace proto: ResourceSpans 1 →
 * ScopeSpans 2 → Span 2; Span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, attributes 9), which needs
 * no generated classes and so no second protobuf runtime next to Temporal's.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> rawRequests = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/v1/traces", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                receiver.rawRequests.add(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
                receiver.spans.addAll(parse(bytes));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return receiver;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Every request body as it came (Latin-1, so every byte is one char): for "this text never left" checks. */
    List<String> rawRequests() {
        return List.copyOf(rawRequests);
    }

    /** Waits (60 s at most) until the spans received pass {@code done}. */
    List<ReceivedSpan> await(Predicate<List<ReceivedSpan>> done) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            List<ReceivedSpan> now = spans();
            if (done.test(now)) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("spans never arrived as expected; received: "
                + spans().stream().map(ReceivedSpan::name).toList());
    }

    static List<ReceivedSpan> parse(byte[] request) throws InvalidProtocolBufferException {
        List<ReceivedSpan> parsed = new CopyOnWriteArrayList<>();
        for (ByteString resourceSpans : fields(UnknownFieldSet.parseFrom(request), 1)) {
            for (ByteString scopeSpans : fields(UnknownFieldSet.parseFrom(resourceSpans), 2)) {
                for (ByteString span : fields(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
                    parsed.add(span(UnknownFieldSet.parseFrom(span)));
                }
            }
        }
        return parsed;
    }

    private static ReceivedSpan span(UnknownFieldSet span) throws InvalidProtocolBufferException {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (ByteString keyValue : fields(span, 9)) {
            UnknownFieldSet kv = UnknownFieldSet.parseFrom(keyValue);
            String key = fields(kv, 1).getFirst().toStringUtf8();
            UnknownFieldSet value = UnknownFieldSet.parseFrom(fields(kv, 2).getFirst());
            attributes.put(key, anyValue(value));
        }
        long kind = span.hasField(6) && !span.getField(6).getVarintList().isEmpty()
                ? span.getField(6).getVarintList().getFirst() : 0;
        return new ReceivedSpan(hex(span, 1), hex(span, 2), hex(span, 4), fields(span, 5).getFirst().toStringUtf8(),
                (int) kind, attributes);
    }

    private static Object anyValue(UnknownFieldSet value) {
        if (value.hasField(1)) {
            return value.getField(1).getLengthDelimitedList().getFirst().toStringUtf8();
        }
        if (value.hasField(2)) {
            return value.getField(2).getVarintList().getFirst() != 0;
        }
        if (value.hasField(3)) {
            return value.getField(3).getVarintList().getFirst();
        }
        if (value.hasField(4)) {
            return Double.longBitsToDouble(value.getField(4).getFixed64List().getFirst());
        }
        return value.toString();
    }

    private static String hex(UnknownFieldSet message, int field) {
        List<ByteString> values = fields(message, field);
        return values.isEmpty() ? "" : HexFormat.of().formatHex(values.getFirst().toByteArray());
    }

    private static List<ByteString> fields(UnknownFieldSet message, int field) {
        return message.hasField(field) ? message.getField(field).getLengthDelimitedList() : List.of();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
