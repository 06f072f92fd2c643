package dev.talon.platform.telemetry;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * The Prometheus registry inside the global composite: Helidon's when the REST server made one (the same class
 * Helidon uses), else one added here with the JVM's meters, for a worker-only process.
 */
@SuppressWarnings("deprecation") // the simpleclient registry: the one Helidon 4.2's /metrics prints
final class PrometheusText {

    private PrometheusText() {
    }

    static synchronized PrometheusMeterRegistry of(CompositeMeterRegistry global) {
        for (var registry : global.getRegistries()) {
            if (registry instanceof PrometheusMeterRegistry prometheus) {
                return prometheus;
            }
        }
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ClassLoaderMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        global.add(prometheus);
        return prometheus;
    }
}
