package dev.talon.platform.client;

import com.google.protobuf.util.Durations;
import dev.talon.api.SecretResolver;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import dev.talon.platform.telemetry.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The links to the Temporal frontends, and one client per namespace. Each namespace is served by its
 * {@link TemporalEndpoint} (TLS, mTLS, API key; Temporal Cloud gives each namespace its own), one set of stubs per
 * distinct endpoint. With target {@code in-memory} it runs an {@link InMemoryTemporal} server instead, which only a
 * test class path provides. A namespace may have a payload codec (history encryption): its client, the workers
 * built on it and every history reader go through it.
 */
public final class TemporalConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TemporalConnection.class.getName());

    private final TemporalEndpoints endpoints;
    private final SecretResolver secrets;
    private final WorkflowServiceStubs service;
    private final InMemoryTemporal inMemoryServer;
    private final Map<TemporalEndpoint, WorkflowServiceStubs> namespaceServices = new ConcurrentHashMap<>();
    private final Map<String, WorkflowClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Optional<PayloadCodec>> codecs = new ConcurrentHashMap<>();
    private volatile Function<String, Optional<PayloadCodec>> codecOf = namespace -> Optional.empty();
    private final Telemetry telemetry;

    private TemporalConnection(TemporalEndpoints endpoints, SecretResolver secrets, WorkflowServiceStubs service,
                               InMemoryTemporal inMemoryServer, Telemetry telemetry) {
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.service = service;
        this.inMemoryServer = inMemoryServer;
        this.telemetry = telemetry;
    }

    /**
     * Connects lazily to each namespace's endpoint, reading API keys through {@code secrets}, with a payload codec
     * per namespace (empty: payloads as JSON), metrics (SDK metrics into the process's registry) and, when on,
     * traces through every client and worker.
     *
     * @throws IllegalStateException when the default endpoint's TLS files cannot be used, naming the setting
     */
    public static TemporalConnection open(TemporalEndpoints endpoints, SecretResolver secrets,
                                          Function<String, Optional<PayloadCodec>> codecOf, Telemetry telemetry) {
        TemporalConnection connection = open(endpoints, secrets, telemetry);
        connection.codecOf = codecOf;
        return connection;
    }

    /** The same without metrics or traces. */
    public static TemporalConnection open(TemporalEndpoints endpoints, SecretResolver secrets,
                                          Function<String, Optional<PayloadCodec>> codecOf) {
        return open(endpoints, secrets, codecOf, Telemetry.NONE);
    }

    /** Connects lazily: a server that is not up yet is retried by clients and workers. */
    public static TemporalConnection open(String target) {
        return open(TemporalEndpoints.plain(target), reference -> {
            throw new IllegalStateException("a plaintext endpoint has no secrets");
        }, Telemetry.NONE);
    }

    private static TemporalConnection open(TemporalEndpoints endpoints, SecretResolver secrets, Telemetry telemetry) {
        String target = endpoints.defaults().target();
        if ("in-memory".equals(target)) {
            LOG.log(System.Logger.Level.WARNING, "Temporal: using the IN-MEMORY test server. It does not survive "
                    + "a killed worker and loses everything on exit; use it for tests only.");
            InMemoryTemporal server = ServiceLoader.load(InMemoryTemporal.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("talon.temporal.target is in-memory, a server for "
                            + "tests that this build does not include; point it at a Temporal frontend (host:port)"));
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setChannel(server.start()).setMetricsScope(telemetry.temporalScope()).build());
            return new TemporalConnection(endpoints, secrets, stubs, server, telemetry);
        }
        return new TemporalConnection(endpoints, secrets, TemporalStubs.open(endpoints.defaults(), Optional.empty(),
                secrets, telemetry.temporalScope()), null, telemetry);
    }

    /** The default frontend, for logs and health data (a namespace may have its own: {@link #endpoint}). */
    public String target() {
        return endpoints.defaults().target();
    }

    /** Where the namespace's frontend is and how it is secured. */
    public TemporalEndpoint endpoint(String namespace) {
        return inMemory() ? endpoints.defaults() : endpoints.of(namespace);
    }

    public boolean inMemory() {
        return inMemoryServer != null;
    }

    /** The stubs of the namespace's frontend: every call about a namespace goes through these. */
    public WorkflowServiceStubs service(String namespace) {
        TemporalEndpoint endpoint = endpoint(namespace);
        if (endpoint.equals(endpoints.defaults())) {
            return service;
        }
        return namespaceServices.computeIfAbsent(endpoint,
                own -> TemporalStubs.open(own, Optional.of(namespace), secrets, telemetry.temporalScope()));
    }

    public WorkflowClient client(String namespace) {
        return clients.computeIfAbsent(namespace, ns -> WorkflowClient.newInstance(service(ns),
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

    /**
     * Registers the namespace if the server does not know it (the dev server only has {@code default}).
     *
     * @throws IllegalStateException saying what to fix when the frontend cannot be reached or refuses this platform
     */
    public void ensureNamespace(String namespace) {
        if (inMemory()) {
            return;
        }
        try {
            register(namespace);
        } catch (StatusRuntimeException e) {
            throw new IllegalStateException("namespace " + namespace + ": "
                    + TemporalProblems.explain(endpoint(namespace), e), e);
        }
    }

    private void register(String namespace) {
        WorkflowServiceStubs service = service(namespace);
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
            } catch (StatusRuntimeException refused) {
                Status.Code code = refused.getStatus().getCode();
                if (code == Status.Code.PERMISSION_DENIED || code == Status.Code.UNIMPLEMENTED) {
                    throw new IllegalStateException("namespace " + namespace + " does not exist at "
                            + endpoint(namespace).target() + " and clients may not create it there (Temporal Cloud:"
                            + " create it in the Cloud UI or with tcld, then name it in the tenant)", refused);
                }
                if (code != Status.Code.ALREADY_EXISTS) {
                    throw refused;
                }
            }
        }
    }

    /**
     * True when every configured frontend answers its health check with SERVING within the timeout; false on any
     * other answer, on an error, and when the deadline passes (a server that accepts but never answers included).
     */
    public boolean isServing(Duration timeout) {
        return problems(timeout).isEmpty();
    }

    /** Why each frontend that does not serve does not, in words that say what to fix; empty when all serve. */
    public List<String> problems(Duration timeout) {
        if (inMemory()) {
            return check(endpoints.defaults(), service, timeout).stream().toList();
        }
        List<String> problems = new ArrayList<>();
        check(endpoints.defaults(), service, timeout).ifPresent(problems::add);
        endpoints.namespaces().forEach((namespace, endpoint) -> {
            if (!endpoint.equals(endpoints.defaults())) {
                check(endpoint, service(namespace), timeout).ifPresent(p -> problems.add(namespace + ": " + p));
            }
        });
        return problems;
    }

    private Optional<String> check(TemporalEndpoint endpoint, WorkflowServiceStubs stubs, Duration timeout) {
        try {
            HealthCheckResponse answer = HealthGrpc.newBlockingStub(stubs.getRawChannel())
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                            TemporalStubs.authorization(endpoint, secrets)))
                    .withDeadlineAfter(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME).build());
            return answer.getStatus() == HealthCheckResponse.ServingStatus.SERVING ? Optional.empty()
                    : Optional.of("the Temporal frontend at " + endpoint.target() + " answers " + answer.getStatus());
        } catch (RuntimeException e) {
            return Optional.of(TemporalProblems.explain(endpoint, e));
        }
    }

    @Override
    public void close() {
        service.shutdown();
        namespaceServices.values().forEach(WorkflowServiceStubs::shutdown);
        service.awaitTermination(5, TimeUnit.SECONDS);
        namespaceServices.values().forEach(stubs -> stubs.awaitTermination(5, TimeUnit.SECONDS));
        if (inMemoryServer != null) {
            inMemoryServer.close();
        }
    }
}
