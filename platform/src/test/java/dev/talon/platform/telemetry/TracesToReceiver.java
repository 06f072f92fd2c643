package dev.talon.platform.telemetry;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts an {@link OtlpReceiver} and points the standard OTel settings (as system properties, which autoconfigure
 * reads like OTEL_* variables) at it before the server starts; declared before {@code @HelidonTest}, so JUnit runs
 * it first. Afterwards the properties go, so later test classes run without traces.
 */
final class TracesToReceiver implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> PROPERTIES = List.of("otel.exporter.otlp.endpoint",
            "otel.exporter.otlp.protocol", "otel.bsp.schedule.delay");

    private static volatile OtlpReceiver receiver;

    static OtlpReceiver receiver() {
        return receiver;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        receiver = OtlpReceiver.start();
        System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
        System.setProperty("otel.exporter.otlp.protocol", "http/protobuf");
        System.setProperty("otel.bsp.schedule.delay", "100");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PROPERTIES.forEach(System::clearProperty);
        receiver.close();
    }
}
