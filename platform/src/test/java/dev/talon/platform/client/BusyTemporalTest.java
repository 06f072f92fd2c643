package dev.talon.platform.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.platform.tenant.TenantConfig;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A frontend that sheds load ("Workflow is busy", RESOURCE_EXHAUSTED) while a caller waits for a turn it started:
 * the turn is accepted and running, so the caller hears "running" (HTTP 202, poll later), never a 500.
 */
class BusyTemporalTest {

    @Test
    void waitingOnABusyFrontendAnswersRunningInsteadOfFailing() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        WorkflowServiceGrpc.WorkflowServiceImplBase busy = new WorkflowServiceGrpc.WorkflowServiceImplBase() {
            @Override
            public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
                response.onNext(GetSystemInfoResponse.getDefaultInstance());
                response.onCompleted();
            }

            @Override
            public void getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request,
                                                    StreamObserver<GetWorkflowExecutionHistoryResponse> response) {
                polls.incrementAndGet();
                response.onError(Status.RESOURCE_EXHAUSTED.withDescription("Workflow is busy").asRuntimeException());
            }
        };
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(busy).build().start();
        try (TemporalConnection connection = TemporalConnection.open("127.0.0.1:" + server.getPort())) {
            TenantConfig tenant = new TenantConfig("acme", List.of(), "default", "q", List.of(), null, null, null,
                    null);

            TurnStatus status = new TurnService(connection, null).await(tenant, "t1", Duration.ofSeconds(5));

            assertThat(status).isInstanceOf(TurnStatus.Running.class);
            assertThat(polls.get()).as("the frontend was asked").isPositive();
        } finally {
            server.shutdownNow();
        }
    }
}
