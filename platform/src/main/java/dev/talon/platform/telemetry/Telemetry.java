package dev.talon.platform.telemetry;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * A process's metrics and traces. Metrics: one Prometheus registry in Micrometer's global one: in the REST process
 * Helidon's (its {@code /metrics} prints it), in a worker-only process one added by
 * {@link #prometheusForThisProcess()} ({@link #prometheusText()}, served on the health port). Temporal's and
 * Talon's meters reach it through a composite of Talon's whose {@link ConsistentTagKeys} filter keeps each name's
 * tag keys the same. Temporal's SDK reports into it through its
 * Micrometer reporter, Talon's meters ({@link TalonMeters}, {@link TurnMetrics}) too. Traces: {@link Tracing},
 * Temporal's OpenTracing interceptors on clients and workers when it is on.
 */
public final class Telemetry implements AutoCloseable {

    /** No metrics and no traces: tests and tools that build a connection of their own. */
    public static final Telemetry NONE = new Telemetry(null, new NoopScope(), Tracing.off());

    private final CompositeMeterRegistry registry;
    private final Scope temporalScope;
    private final Tracing tracing;

    private Telemetry(CompositeMeterRegistry registry, Scope temporalScope, Tracing tracing) {
        this.registry = registry;
        this.temporalScope = temporalScope;
        this.tracing = tracing;
    }

    /**
     * Metrics always; traces when the {@code OTEL_*} settings ask for them ({@link Tracing#from}). Temporal's
     * metrics are buffered and reach the registry every {@code talon.metrics.temporal-report-seconds} (10).
     */
    public static Telemetry start(Config config) {
        if (!config.getOptionalValue("talon.metrics.enabled", Boolean.class).orElse(true)) {
            return new Telemetry(null, new NoopScope(), Tracing.from(config)); // tests that restart servers in one JVM
        }
        double seconds = config.getOptionalValue("talon.metrics.temporal-report-seconds", Double.class).orElse(10.0);
        return start(Duration.ofMillis((long) (seconds * 1000)), Tracing.from(config));
    }

    /**
     * @param temporalReportInterval how often Temporal's buffered metrics reach the registry
     * @param tracing                traces, on or off
     */
    public static Telemetry start(Duration temporalReportInterval, Tracing tracing) {
        // Straight into the Prometheus registry, not through the global composite: Helidon's MicroProfile layer
        // listens there, refuses Temporal's varying tag sets by throwing and, in tests that restart the server,
        // leaves its own gauges behind when it meets meters it did not make. The filter keeps Prometheus happy.
        CompositeMeterRegistry registry = new CompositeMeterRegistry();
        registry.config().meterFilter(new ConsistentTagKeys());
        PrometheusText.existing(Metrics.globalRegistry).ifPresent(registry::add); // else: attachToPrometheus()
        Scope scope = new RootScopeBuilder()
                .reporter(new MicrometerClientStatsReporter(registry))
                .reportEvery(com.uber.m3.util.Duration.ofMillis(Math.max(100, temporalReportInterval.toMillis())));
        return new Telemetry(registry, scope, tracing);
    }

    /** Temporal's metrics scope, for the service stubs (the workers built on them report through it too). */
    public Scope temporalScope() {
        return temporalScope;
    }

    public Tracing tracing() {
        return tracing;
    }

    /** Temporal's tracing interceptor for clients when tracing is on; none otherwise. */
    public WorkflowClientInterceptor[] clientInterceptors() {
        return tracing.enabled()
                ? new WorkflowClientInterceptor[] {new OpenTracingClientInterceptor(tracing.temporalOptions())}
                : new WorkflowClientInterceptor[0];
    }

    /** The options of a tenant's worker factory: Talon's observers, and Temporal's tracing when it is on. */
    public WorkerFactoryOptions workerFactoryOptions(TenantVocabulary vocabulary) {
        List<WorkerInterceptor> interceptors = new ArrayList<>();
        if (registry != null || tracing.enabled()) {
            interceptors.add(new ObservedWorker(tracing, meters(), vocabulary));
        }
        if (tracing.enabled()) {
            // last: the SDK wraps in list order, so the last is outermost and its activity span is the parent of ours
            interceptors.add(new OpenTracingWorkerInterceptor(tracing.temporalOptions()));
        }
        return WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(interceptors.toArray(WorkerInterceptor[]::new)).build();
    }

    private TalonMeters meters() {
        return new TalonMeters(registry != null ? registry : new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /**
     * For a process without Helidon's {@code /metrics} (a worker-only one), before anything is measured: adds a
     * Prometheus registry, with the JVM's meters, to the global one. Meters count only while a registry is there.
     */
    public static void prometheusForThisProcess() {
        PrometheusText.withJvmMeters(Metrics.globalRegistry);
    }

    /**
     * Sends Talon's and Temporal's meters to the process's Prometheus registry if {@link #start} found none yet
     * (the REST server's, made by Helidon as it starts); never makes one. What was counted before is not carried.
     */
    public synchronized void attachToPrometheus() {
        if (registry != null && registry.getRegistries().isEmpty()) {
            PrometheusText.existing(Metrics.globalRegistry).ifPresent(registry::add);
        }
    }

    /** Everything in the process's Prometheus registry as Prometheus text (a worker's {@code /metrics}). */
    public String prometheusText() {
        return PrometheusText.of(Metrics.globalRegistry).scrape();
    }

    @Override
    public void close() {
        try {
            temporalScope.close(); // reports what is buffered
        } catch (ScopeCloseException e) {
            // nothing left to report to: the process is stopping
        }
        tracing.close(); // exports what is buffered
    }
}
