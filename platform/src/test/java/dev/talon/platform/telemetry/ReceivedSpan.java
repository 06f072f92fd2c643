package dev.talon.platform.telemetry;

import java.util.Map;

/** A span as an OTLP receiver got it: ids in hex, its name and kind (OTLP numbers: 2 server, 3 client), attributes. */
record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
                    Map<String, Object> attributes) {

    Object attribute(String key) {
        return attributes.get(key);
    }
}
