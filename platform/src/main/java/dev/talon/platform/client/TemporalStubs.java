package dev.talon.platform.client;

import dev.talon.api.SecretReference;
import dev.talon.api.SecretResolver;
import com.uber.m3.tally.Scope;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.TrustManagerFactory;

/** Builds the gRPC stubs for one {@link TemporalEndpoint}: TLS material, server name and API key. */
final class TemporalStubs {

    /** Temporal Cloud routes an API-key call by this header when the endpoint is regional, not per namespace. */
    static final Metadata.Key<String> NAMESPACE_HEADER = Metadata.Key.of("temporal-namespace",
            Metadata.ASCII_STRING_MARSHALLER);
    /** A rotated key file is picked up this soon, without reading the file on every call. */
    private static final Duration KEY_REREAD = Duration.ofSeconds(30);

    private TemporalStubs() {
    }

    /**
     * @param namespace the namespace the endpoint was configured for, sent as {@code temporal-namespace} with an API
     *                  key; empty for the default endpoint
     * @param metrics   where the SDK reports its metrics
     * @throws IllegalStateException when the TLS files cannot be read or parsed, naming the setting
     */
    static WorkflowServiceStubs open(TemporalEndpoint endpoint, Optional<String> namespace, SecretResolver secrets,
                                     Scope metrics) {
        WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
                .setTarget(endpoint.target()).setMetricsScope(metrics);
        endpoint.tls().ifPresent(tls -> {
            options.setSslContext(sslContext(tls, endpoint.settingsPrefix()));
            tls.serverName().ifPresent(name -> options.setChannelInitializer(channel -> channel.overrideAuthority(name)));
        });
        endpoint.apiKey().ifPresent(reference -> {
            Supplier<String> key = apiKey(reference, secrets, Clock.systemUTC());
            options.addApiKey(key::get);
            namespace.ifPresent(ns -> {
                Metadata headers = new Metadata();
                headers.put(NAMESPACE_HEADER, ns);
                options.setHeaders(headers);
            });
        });
        return WorkflowServiceStubs.newServiceStubs(options.build());
    }

    /** The {@code authorization} header of a call with this endpoint's key, for calls made outside the stubs. */
    static Metadata authorization(TemporalEndpoint endpoint, SecretResolver secrets) {
        Metadata headers = new Metadata();
        endpoint.apiKey().ifPresent(reference -> headers.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + secrets.resolve(reference)));
        return headers;
    }

    private static SslContext sslContext(TemporalTls tls, String prefix) {
        try {
            if (!tls.mutual()) {
                return trusting(SimpleSslContextBuilder.noKeyOrCertChain(), tls, prefix).build();
            }
            // the builder reads its streams when it builds: build before they close
            try (InputStream cert = Files.newInputStream(tls.clientCert().orElseThrow());
                 InputStream key = Files.newInputStream(tls.clientKey().orElseThrow())) {
                return trusting(SimpleSslContextBuilder.forPKCS8(cert, key), tls, prefix).build();
            }
        } catch (IOException | IllegalArgumentException e) {
            // the cause names the file and what failed (Netty's and the JDK's parsers never quote key bytes)
            throw new IllegalStateException("cannot use the TLS files of " + prefix + " (client-cert " + tls.clientCert()
                    .map(Path::toString).orElse("none") + ", client-key " + tls.clientKey().map(Path::toString)
                    .orElse("none") + "): give a PEM certificate chain and a PEM PKCS#8 private key ("
                    + "openssl pkcs8 -topk8 -nocrypt converts one)", e);
        }
    }

    private static SimpleSslContextBuilder trusting(SimpleSslContextBuilder builder, TemporalTls tls, String prefix) {
        tls.ca().ifPresent(ca -> builder.setTrustManager(trustOnly(ca, prefix + ".tls.ca")));
        return builder;
    }

    private static javax.net.ssl.TrustManager trustOnly(Path caFile, String setting) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, ca);
            }
            if (index == 0) {
                throw new IllegalStateException(setting + " (" + caFile + ") holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(setting + " (" + caFile + ") is not a PEM certificate file: "
                    + e.getMessage());
        }
    }

    /** Reads the key when first needed and again after {@link #KEY_REREAD}, so a rotated file takes effect. */
    private static Supplier<String> apiKey(SecretReference reference, SecretResolver secrets, Clock clock) {
        return new Supplier<>() {
            private String value;
            private Instant readAt = Instant.MIN;

            @Override
            public synchronized String get() {
                Instant now = clock.instant();
                if (value == null || now.isAfter(readAt.plus(KEY_REREAD))) {
                    value = secrets.resolve(reference);
                    readAt = now;
                }
                return value;
            }
        };
    }
}
