package dev.talon.platform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The health check readiness and the worker's health port rely on. */
class TemporalConnectionTest {

    @Test
    void aFrontendThatAcceptsButNeverAnswersIsNotServingAndTheCheckReturns() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> holdEveryConnection(silent, held));
            try (TemporalConnection connection = TemporalConnection.open("127.0.0.1:" + silent.getLocalPort())) {
                // "does not hang", not speed: the bound is far above the 300 ms asked for
                boolean serving = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> connection.isServing(Duration.ofMillis(300)));

                assertThat(serving).isFalse();
            } finally {
                silent.close();
                acceptor.join(Duration.ofSeconds(5));
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aFrontendThatStopsAnsweringIsNotServingAndTheCheckCarriesTheDeadlineAskedFor() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        CompletableFuture<Long> stuckCheckMillisLeft = new CompletableFuture<>();
        HealthGrpc.HealthImplBase answersOnceThenHangs = new HealthGrpc.HealthImplBase() {
            @Override
            public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
                if (checks.incrementAndGet() == 1) {
                    response.onNext(HealthCheckResponse.newBuilder()
                            .setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
                    response.onCompleted();
                } else {
                    Deadline deadline = Context.current().getDeadline(); // null when the client sent none
                    stuckCheckMillisLeft.complete(deadline == null ? Long.MAX_VALUE
                            : deadline.timeRemaining(TimeUnit.MILLISECONDS)); // and no answer, ever
                }
            }
        };
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(answersOnceThenHangs).build().start();
        try (TemporalConnection connection = TemporalConnection.open("127.0.0.1:" + server.getPort())) {
            assertThat(connection.isServing(Duration.ofSeconds(20))).as("the first check is answered").isTrue();

            boolean serving = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> connection.isServing(Duration.ofMillis(300)));

            assertThat(serving).isFalse();
            // the server is told to give up within the 300 ms asked for, not after the SDK's own default of seconds
            assertThat(stuckCheckMillisLeft.get(30, TimeUnit.SECONDS)).isLessThanOrEqualTo(300);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void theInMemoryServerOfTheTestClassPathIsServing() {
        try (TemporalConnection connection = TemporalConnection.open("in-memory")) {
            assertThat(connection.inMemory()).isTrue();
            assertThat(connection.isServing(Duration.ofSeconds(10))).isTrue();
        }
    }

    /** Accepts connections and never writes a byte: a frontend stuck before its first answer. */
    private static void holdEveryConnection(ServerSocket server, List<Socket> held) {
        while (!server.isClosed()) {
            try {
                held.add(server.accept());
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                return;
            }
        }
    }
}
