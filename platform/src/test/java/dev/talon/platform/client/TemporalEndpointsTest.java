package dev.talon.platform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.api.SecretReference;
import io.helidon.config.yaml.mp.YamlMpConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code talon.temporal} read from YAML as application.yaml is: a default frontend and Cloud-style namespaces. */
class TemporalEndpointsTest {

    @TempDir
    Path dir;

    @Test
    void withNothingSetEveryNamespaceIsOnTheLocalPlaintextServer() throws Exception {
        TemporalEndpoints endpoints = TemporalEndpoints.from(yaml("talon: {data-dir: x}\n"));

        assertThat(endpoints.of("anything").target()).isEqualTo("127.0.0.1:7233");
        assertThat(endpoints.of("anything").tls()).isEmpty();
        assertThat(endpoints.all()).hasSize(1);
    }

    @Test
    void aCloudNamespaceWithDotsInItsNameGetsItsOwnEndpointAndInheritsNothing() throws Exception {
        Path cert = Files.writeString(dir.resolve("a.crt"), "pem");
        Path key = Files.writeString(dir.resolve("a.key"), "pem");
        TemporalEndpoints endpoints = TemporalEndpoints.from(yaml("""
                talon:
                  temporal:
                    target: temporal-frontend:7233
                    tls: {ca: %s}
                    namespaces:
                      orders.a1b2c:
                        target: orders.a1b2c.tmprl.cloud:7233
                        tls: {client-cert: %s, client-key: %s}
                      billing.a1b2c:
                        target: eu-west-1.aws.api.temporal.io:7233
                        api-key: {env: BILLING_TEMPORAL_KEY}
                """.formatted(cert, cert, key)));

        TemporalEndpoint orders = endpoints.of("orders.a1b2c");
        assertThat(orders.target()).isEqualTo("orders.a1b2c.tmprl.cloud:7233");
        assertThat(orders.tls()).get().satisfies(tls -> {
            assertThat(tls.mutual()).isTrue();
            assertThat(tls.ca()).as("not inherited from the default").isEmpty();
        });
        TemporalEndpoint billing = endpoints.of("billing.a1b2c");
        assertThat(billing.apiKey()).contains(SecretReference.env("BILLING_TEMPORAL_KEY"));
        assertThat(billing.tls()).as("an API key turns TLS on").isPresent();
        assertThat(billing.describe()).contains("TLS", "environment variable BILLING_TEMPORAL_KEY");
        assertThat(endpoints.of("default").target()).isEqualTo("temporal-frontend:7233");
        assertThat(endpoints.of("default").tls().flatMap(TemporalTls::ca)).contains(cert);
        assertThat(endpoints.all()).hasSize(3);
    }

    @Test
    void anApiKeyIsNeverSentInPlaintext() {
        assertThatThrownBy(() -> TemporalEndpoints.from(yaml("""
                talon:
                  temporal:
                    tls: {enabled: false}
                    api-key: {file: /run/secrets/temporal-key}
                """)))
                .hasMessageContaining("talon.temporal.api-key").hasMessageContaining("never sent in plaintext");
    }

    @Test
    void aMissingTlsFileIsNamedWithItsSettingAtStartUp() {
        assertThatThrownBy(() -> TemporalEndpoints.from(yaml("""
                talon:
                  temporal:
                    tls: {ca: /nonexistent/ca.pem}
                """)))
                .hasMessageContaining("talon.temporal.tls.ca").hasMessageContaining("/nonexistent/ca.pem");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() throws Exception {
        Path cert = Files.writeString(dir.resolve("a.crt"), "pem");
        assertThatThrownBy(() -> TemporalEndpoints.from(yaml("talon: {temporal: {tls: {client-cert: " + cert + "}}}")))
                .hasMessageContaining("client-cert and client-key");
    }

    @Test
    void aNamespaceEntryWithoutATargetSaysWhatItNeeds() {
        assertThatThrownBy(() -> TemporalEndpoints.from(yaml("""
                talon:
                  temporal:
                    namespaces:
                      orders.a1b2c:
                        api-key: {env: ORDERS_KEY}
                """)))
                .hasMessageContaining("talon.temporal.namespaces.orders.a1b2c.target");
    }

    @Test
    void aKeyNamedTwiceIsRefusedWithoutGuessing() {
        assertThatThrownBy(() -> TemporalEndpoints.from(yaml("""
                talon:
                  temporal:
                    api-key: {env: A, file: /b}
                """)))
                .hasMessageContaining("both env and file");
    }

    @Test
    void aServerNameAloneTurnsTlsOnWithTheJvmsCas() throws Exception {
        TemporalEndpoint endpoint = TemporalEndpoints.from(yaml("talon: {temporal: {tls: {server-name: temporal.internal}}}"))
                .defaults();

        assertThat(endpoint.tls()).get().satisfies(tls -> {
            assertThat(tls.serverName()).isEqualTo(Optional.of("temporal.internal"));
            assertThat(tls.ca()).isEmpty();
        });
    }

    private Config yaml(String text) throws Exception {
        Path file = dir.resolve("application.yaml");
        Files.writeString(file, text);
        return ConfigProviderResolver.instance().getBuilder().withSources(YamlMpConfigSource.create(file)).build();
    }
}
