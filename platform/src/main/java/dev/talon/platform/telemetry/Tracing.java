package dev.talon.platform.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.temporal.opentracing.OpenTracingOptions;
import org.eclipse.microprofile.config.Config;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Traces, configured the standard way: the {@code OTEL_*} environment variables (or {@code otel.*} system
 * properties) read by OpenTelemetry's autoconfigure. Off unless an OTLP endpoint or a traces exporter is named,
 * so an unconfigured process builds no SDK, registers no Temporal tracing interceptor and exports nothing.
 */
public final class Tracing implements AutoCloseable {

    /** The instrumentation scope of Talon's own spans (LLM and tool calls, REST requests). */
    static final String SCOPE = "dev.talon.platform";

    /** What Talon changes from autoconfigure's defaults: metrics go to Prometheus (/metrics), logs to stdout. */
    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "talon",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    /** Tracing off: no SDK, no exporter, no interceptors. */
    public static Tracing off() {
        return new Tracing(OpenTelemetry.noop(), null);
    }

    /**
     * From the environment ({@code OTEL_*}), system properties ({@code otel.*}) and {@code otel.*} keys of the
     * MicroProfile config (its files; what the environment and system properties say wins).
     */
    public static Tracing from(Config config) {
        Function<String, Optional<String>> setting = name -> Optional.ofNullable(System.getProperty(name))
                .or(() -> Optional.ofNullable(System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_'))))
                .or(() -> config.getOptionalValue(name, String.class));
        if (!wanted(setting)) {
            return off();
        }
        Map<String, String> configured = new HashMap<>(DEFAULTS);
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("otel.")) {
                config.getOptionalValue(name, String.class).ifPresent(value -> configured.put(name, value));
            }
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> configured)
                .build()
                .getOpenTelemetrySdk();
        return new Tracing(sdk, sdk);
    }

    /** Wanted when an exporter is named or an OTLP endpoint is set, and the SDK is not disabled. */
    static boolean wanted(Function<String, Optional<String>> setting) {
        if (setting.apply("otel.sdk.disabled").map(Boolean::parseBoolean).orElse(false)) {
            return false;
        }
        Optional<String> exporter = setting.apply("otel.traces.exporter").map(String::trim);
        if (exporter.isPresent()) {
            return !exporter.get().isEmpty() && !exporter.get().equals("none");
        }
        return setting.apply("otel.exporter.otlp.endpoint").filter(s -> !s.isBlank()).isPresent()
                || setting.apply("otel.exporter.otlp.traces.endpoint").filter(s -> !s.isBlank()).isPresent();
    }

    public boolean enabled() {
        return sdk != null;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    Tracer tracer() {
        return openTelemetry.getTracer(SCOPE);
    }

    /** Options for Temporal's OpenTracing interceptors: their spans reach OpenTelemetry through the shim. */
    OpenTracingOptions temporalOptions() {
        return OpenTracingOptions.newBuilder().setTracer(OpenTracingShim.createTracerShim(openTelemetry)).build();
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
            sdk.close();
        }
    }
}
