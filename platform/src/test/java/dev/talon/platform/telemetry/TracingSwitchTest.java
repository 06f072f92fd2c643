package dev.talon.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Traces are on only when the standard settings name somewhere to send them, and OTEL_SDK_DISABLED wins. */
class TracingSwitchTest {

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void unconfiguredMeansOff() {
        assertThat(Tracing.wanted(settings(Map.of()))).isFalse();
        assertThat(Tracing.wanted(settings(Map.of("otel.exporter.otlp.endpoint", " ")))).isFalse();
    }

    @Test
    void anEndpointOrANamedExporterTurnsItOn() {
        assertThat(Tracing.wanted(settings(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318")))).isTrue();
        assertThat(Tracing.wanted(settings(Map.of("otel.exporter.otlp.traces.endpoint", "http://c:4318/v1/traces"))))
                .isTrue();
        assertThat(Tracing.wanted(settings(Map.of("otel.traces.exporter", "otlp")))).isTrue();
    }

    @Test
    void exporterNoneOrSdkDisabledKeepsItOffEvenWithAnEndpoint() {
        assertThat(Tracing.wanted(settings(Map.of("otel.exporter.otlp.endpoint", "http://c:4318",
                "otel.traces.exporter", "none")))).isFalse();
        assertThat(Tracing.wanted(settings(Map.of("otel.exporter.otlp.endpoint", "http://c:4318",
                "otel.sdk.disabled", "true")))).isFalse();
    }

    @Test
    void offMeansNoTemporalTracingInterceptors() {
        Telemetry telemetry = Telemetry.NONE;
        assertThat(telemetry.tracing().enabled()).isFalse();
        assertThat(telemetry.clientInterceptors()).isEmpty();
    }
}
