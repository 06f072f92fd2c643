package dev.talon.platform.telemetry;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * The process's Prometheus registry, inside Micrometer's global composite: Helidon's when the REST server made one
 * (the same class Helidon uses, so Helidon's {@code /metrics} prints what is in it), else one added here.
 */
@SuppressWarnings("deprecation") // the simpleclient registry: the one Helidon 4.2's /metrics prints
final class PrometheusText {

    private PrometheusText() {
    }

    /** The Prometheus registry in the global composite (Helidon's, in the REST server), if there is one yet. */
    static synchronized Optional<PrometheusMeterRegistry> existing(CompositeMeterRegistry global) {
        return global.getRegistries().stream().filter(PrometheusMeterRegistry.class::isInstance)
                .map(PrometheusMeterRegistry.class::cast).findFirst();
    }

    /** The Prometheus registry in the global composite; one without JVM meters is added if there is none. */
    static synchronized PrometheusMeterRegistry of(CompositeMeterRegistry global) {
        for (var registry : global.getRegistries()) {
            if (registry instanceof PrometheusMeterRegistry prometheus) {
                return prometheus;
            }
        }
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        global.add(prometheus);
        return prometheus;
    }

    /** For a process without Helidon's metrics: a Prometheus registry with the JVM's meters (memory, GC, threads, CPU). */
    static synchronized PrometheusMeterRegistry withJvmMeters(CompositeMeterRegistry global) {
        boolean existed = global.getRegistries().stream().anyMatch(PrometheusMeterRegistry.class::isInstance);
        PrometheusMeterRegistry prometheus = of(global);
        if (!existed) {
            new JvmMemoryMetrics().bindTo(prometheus);
            new JvmGcMetrics().bindTo(prometheus);
            new JvmThreadMetrics().bindTo(prometheus);
            new ClassLoaderMetrics().bindTo(prometheus);
            new ProcessorMetrics().bindTo(prometheus);
        }
        return prometheus;
    }
}
