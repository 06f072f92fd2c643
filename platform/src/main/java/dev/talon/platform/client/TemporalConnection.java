package dev.talon.platform.client;

import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import dev.talon.platform.telemetry.Telemetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The link to the Temporal frontend, and one client per namespace. With target {@code in-memory} it runs an
 * {@link InMemoryTemporal} server instead, which only a test class path provides. A namespace may have a payload
 * codec (history encryption): its client, the workers built on it and every history reader go through it.
 */
public final class TemporalConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TemporalConnection.class.getName());

    private final String target;
    private final WorkflowServiceStubs service;
    private final InMemoryTemporal inMemoryServer;
    private final Map<String, WorkflowClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Optional<PayloadCodec>> codecs = new ConcurrentHashMap<>();
    private volatile Function<String, Optional<PayloadCodec>> codecOf = namespace -> Optional.empty();
    private final Telemetry telemetry;

    private TemporalConnection(String target, WorkflowServiceStubs service, InMemoryTemporal inMemoryServer,
                               Telemetry telemetry) {
        this.target = target;
        this.service = service;
        this.inMemoryServer = inMemoryServer;
        this.telemetry = telemetry;
    }

    /** With metrics (SDK metrics into the process's registry) and, when on, traces through every client and worker. */
    public static TemporalConnection open(String target, Function<String, Optional<PayloadCodec>> codecOf,
                                          Telemetry telemetry) {
        TemporalConnection connection = open(target, telemetry);
        connection.codecOf = codecOf;
        return connection;
    }

    /**
     * Connects lazily, with a payload codec per namespace (empty: payloads as JSON); set before the first client.
     */
    public static TemporalConnection open(String target, Function<String, Optional<PayloadCodec>> codecOf) {
        TemporalConnection connection = open(target);
        connection.codecOf = codecOf;
        return connection;
    }

    /** Connects lazily: a server that is not up yet is retried by clients and workers. */
    public static TemporalConnection open(String target) {
        return open(target, Telemetry.NONE);
    }

    private static TemporalConnection open(String target, Telemetry telemetry) {
        if ("in-memory".equals(target)) {
            LOG.log(System.Logger.Level.WARNING, "Temporal: using the IN-MEMORY test server. It does not survive "
                    + "a killed worker and loses everything on exit; use it for tests only.");
            InMemoryTemporal server = ServiceLoader.load(InMemoryTemporal.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("talon.temporal.target is in-memory, a server for "
                            + "tests that this build does not include; point it at a Temporal frontend (host:port)"));
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setChannel(server.start()).setMetricsScope(telemetry.temporalScope()).build());
            return new TemporalConnection(target, stubs, server, telemetry);
        }
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target).setMetricsScope(telemetry.temporalScope()).build());
        return new TemporalConnection(target, stubs, null, telemetry);
    }

    public String target() {
        return target;
    }

    public boolean inMemory() {
        return inMemoryServer != null;
    }

    public WorkflowServiceStubs service() {
        return service;
    }

    public WorkflowClient client(String namespace) {
        return clients.computeIfAbsent(namespace, ns -> WorkflowClient.newInstance(service,
                WorkflowClientOptions.newBuilder().setNamespace(ns).setDataConverter(converter(ns))
                        .setInterceptors(telemetry.clientInterceptors()).build()));
    }

    /** The metrics and traces its clients and workers report to. */
    public Telemetry telemetry() {
        return telemetry;
    }

    /** How the namespace's payloads are written and read: JSON, through its codec when it has one. */
    public DataConverter converter(String namespace) {
        return codec(namespace).<DataConverter>map(codec -> new CodecDataConverter(
                DefaultDataConverter.newDefaultInstance(), List.of(codec))).orElseGet(DefaultDataConverter::newDefaultInstance);
    }

    /**
     * Payloads read from the namespace's history as their writer gave them (decrypted).
     *
     * @throws io.temporal.payload.codec.PayloadCodecException when one cannot be decoded (its key is gone, it was altered)
     */
    public List<Payload> decode(String namespace, List<Payload> payloads) {
        return codec(namespace).map(codec -> codec.decode(payloads)).orElse(payloads);
    }

    private Optional<PayloadCodec> codec(String namespace) {
        return codecs.computeIfAbsent(namespace, codecOf);
    }

    /** Registers the namespace if the server does not know it (the dev server only has {@code default}). */
    public void ensureNamespace(String namespace) {
        if (inMemory()) {
            return;
        }
        try {
            service.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "Temporal: registering namespace {0}", namespace);
            try {
                service.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder()
                        .setNamespace(namespace)
                        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(3))
                        .build());
            } catch (StatusRuntimeException raced) {
                if (raced.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw raced;
                }
            }
        }
    }

    /**
     * True when the frontend answers its health check with SERVING within the timeout; false on any other
     * answer, on an error, and when the deadline passes (a server that accepts but never answers included).
     */
    public boolean isServing(Duration timeout) {
        try {
            HealthCheckResponse answer = HealthGrpc.newBlockingStub(service.getRawChannel())
                    .withDeadlineAfter(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME).build());
            return answer.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        service.shutdown();
        service.awaitTermination(5, TimeUnit.SECONDS);
        if (inMemoryServer != null) {
            inMemoryServer.close();
        }
    }
}
