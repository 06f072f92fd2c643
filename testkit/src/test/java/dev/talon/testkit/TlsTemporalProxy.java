package dev.talon.testkit;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TLS-terminating gRPC proxy on 127.0.0.1 in front of a plaintext Temporal dev server (whose CLI has no TLS
 * options): requires a client certificate signed by a CA when given one, requires {@code authorization: Bearer
 * <key>} when given a key, and forwards every call — Temporal's API is unary throughout — byte for byte.
 */
final class TlsTemporalProxy implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final ManagedChannel backend;
    private final Server server;
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /**
     * @param clientCa the CA client certificates must be signed by, or empty for server-only TLS
     * @param apiKey   the key every call must carry, or empty
     */
    TlsTemporalProxy(String backendTarget, Path serverCert, Path serverKey, Optional<Path> clientCa,
                     Optional<String> apiKey) throws IOException {
        backend = Grpc.newChannelBuilder(backendTarget, InsecureChannelCredentials.create()).build();
        SslContextBuilder tls = GrpcSslContexts.forServer(serverCert.toFile(), serverKey.toFile());
        clientCa.ifPresent(ca -> tls.trustManager(ca.toFile()).clientAuth(ClientAuth.REQUIRE));
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(tls.build())
                .fallbackHandlerRegistry(new Forwarding(apiKey))
                .build()
                .start();
    }

    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Calls that reached the dev server. */
    int forwarded() {
        return forwarded.get();
    }

    /** Calls turned away for a missing or wrong key. */
    int refused() {
        return refused.get();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        backend.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Every method name becomes a unary byte-forwarding method, behind the key check. */
    private final class Forwarding extends HandlerRegistry {

        private final Optional<String> apiKey;

        Forwarding(Optional<String> apiKey) {
            this.apiKey = apiKey;
        }

        @Override
        public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
            MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(methodName)
                    .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
            ServerCallHandler<byte[], byte[]> forward = ServerCalls.asyncUnaryCall((request, response) -> {
                forwarded.incrementAndGet();
                CallOptions options = Optional.ofNullable(Context.current().getDeadline())
                        .map(CallOptions.DEFAULT::withDeadline).orElse(CallOptions.DEFAULT);
                ClientCalls.asyncUnaryCall(backend.newCall(method, options), request, response);
            });
            ServerServiceDefinition service = ServerServiceDefinition.builder(
                            MethodDescriptor.extractFullServiceName(methodName))
                    .addMethod(method, forward).build();
            return ServerInterceptors.intercept(service, new KeyCheck()).getMethod(methodName);
        }

        private final class KeyCheck implements ServerInterceptor {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                if (apiKey.isPresent() && !("Bearer " + apiKey.get()).equals(headers.get(AUTHORIZATION))) {
                    refused.incrementAndGet();
                    call.close(Status.UNAUTHENTICATED.withDescription("invalid API key"), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        }
    }
}
