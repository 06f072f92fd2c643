package dev.talon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.SecretReference;
import dev.talon.platform.client.TemporalConnection;
import dev.talon.platform.client.TemporalEndpoint;
import dev.talon.platform.client.TemporalEndpoints;
import dev.talon.platform.client.TemporalTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Temporal over mutual TLS with an API key, as Temporal Cloud asks: the dev server behind a TLS-terminating proxy
 * that demands a client certificate from its CA and a bearer key. A turn runs through it end to end (worker and REST
 * server in their own processes); a wrong CA, a missing client certificate, a wrong key and plaintext against TLS
 * each fail with a message that names the setting to fix and never the key.
 */
class TemporalTlsIT {

    private static final String NAME = "temporal-tls";
    private static final String API_KEY = "fake-temporal-api-key-for-tls-test";
    private static final String SERVER_NAME = "temporal.test";

    private static LocalCluster cluster;
    private static TlsTemporalProxy proxy;
    private static Path certs;
    private static Path ca;
    private static Path clientCert;
    private static Path clientKey;
    private static Path keyFile;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalClusterExtension.newCluster(NAME);
        try {
            cluster.startTemporal();
            certs = cluster.workDir().resolve("certs");
            TestCertificates authority = TestCertificates.authority("talon test CA");
            ca = authority.writeCertificate(certs.resolve("ca.pem"));
            TestCertificates.Leaf server = authority.issue("temporal frontend", SERVER_NAME);
            TestCertificates.Leaf client = authority.issue("talon worker");
            clientCert = client.writeCertificate(certs.resolve("client.pem"));
            clientKey = client.writeKey(certs.resolve("client.key"));
            keyFile = Files.writeString(certs.resolve("temporal-api-key"), API_KEY + "\n");
            proxy = new TlsTemporalProxy(cluster.temporalTarget(),
                    server.writeCertificate(certs.resolve("server.pem")), server.writeKey(certs.resolve("server.key")),
                    Optional.of(ca), Optional.of(API_KEY));
            LocalClusterExtension.log("TLS proxy on " + proxy.target() + " in front of " + cluster.temporalTarget());
            cluster.addJvmFlags(List.of(
                    "-Dtalon.temporal.target=" + proxy.target(),
                    "-Dtalon.temporal.tls.ca=" + ca,
                    "-Dtalon.temporal.tls.client-cert=" + clientCert,
                    "-Dtalon.temporal.tls.client-key=" + clientKey,
                    "-Dtalon.temporal.tls.server-name=" + SERVER_NAME,
                    "-Dtalon.temporal.api-key.file=" + keyFile));
            cluster.startWorkersAndServer(1);
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aTurnRunsThroughMutualTlsWithAnApiKeyAndTheKeyIsInNoLog() throws Exception {
        int before = proxy.forwarded();
        int refusedBefore = proxy.refused(); // the wrong-key test may have run first

        TurnReply reply = cluster.turns().submit("tls", "hello over TLS", "tls-turn-1", true, 60);

        assertThat(reply.reply()).isEqualTo("echo: hello over TLS");
        assertThat(proxy.forwarded()).as("calls went through the proxy").isGreaterThan(before);
        assertThat(proxy.refused()).as("every call carried the key").isEqualTo(refusedBefore);
        try (Stream<Path> logs = Files.walk(cluster.logsDir())) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(API_KEY);
            }
        }
    }

    @Test
    void aWrongCaSaysToSetTheCaThatSignedTheServer() throws Exception {
        Path otherCa = TestCertificates.authority("some other CA").writeCertificate(certs.resolve("other-ca.pem"));

        String problem = problemWith(new TemporalTls(Optional.of(clientCert), Optional.of(clientKey),
                Optional.of(otherCa), Optional.of(SERVER_NAME)), Optional.of(API_KEY));

        assertThat(problem).contains("does not trust", "talon.temporal.tls.ca", "the one set does not sign it");
    }

    @Test
    void noClientCertificateSaysToSetOne() throws Exception {
        String problem = problemWith(new TemporalTls(Optional.empty(), Optional.empty(), Optional.of(ca),
                Optional.of(SERVER_NAME)), Optional.of(API_KEY));

        assertThat(problem).contains("talon.temporal.tls.client-cert", "talon.temporal.tls.client-key");
    }

    @Test
    void aWrongApiKeyIsRefusedAndTheMessageNeverRepeatsIt() throws Exception {
        String wrongKey = "fake-wrong-temporal-key";

        String problem = problemWith(new TemporalTls(Optional.of(clientCert), Optional.of(clientKey), Optional.of(ca),
                Optional.of(SERVER_NAME)), Optional.of(wrongKey));

        assertThat(problem).contains("refused the credentials", "check the API key in environment variable "
                + "TEMPORAL_TEST_KEY").doesNotContain(wrongKey);
    }

    @Test
    void aServerNameTheCertificateDoesNotCarrySaysToSetTheRightOne() throws Exception {
        String problem = problemWith(new TemporalTls(Optional.of(clientCert), Optional.of(clientKey), Optional.of(ca),
                Optional.of("elsewhere.test")), Optional.of(API_KEY));

        assertThat(problem).contains("talon.temporal.tls.server-name");
    }

    @Test
    void plaintextAgainstTheTlsFrontendSaysToTurnTlsOn() throws Exception {
        try (TemporalConnection connection = TemporalConnection.open(TemporalEndpoints.plain(proxy.target()),
                reference -> API_KEY, namespace -> Optional.empty())) {
            List<String> problems = connection.problems(Duration.ofSeconds(10));

            assertThat(problems).singleElement().asString().contains("talon.temporal.tls.enabled=true");
        }
    }

    /** The one problem an in-process connection to the proxy reports, the key given by an environment variable. */
    private static String problemWith(TemporalTls tls, Optional<String> key) throws IOException {
        TemporalEndpoint endpoint = new TemporalEndpoint("talon.temporal", proxy.target(), Optional.of(tls),
                key.map(k -> SecretReference.env("TEMPORAL_TEST_KEY")));
        Map<String, String> environment = key.map(k -> Map.of("TEMPORAL_TEST_KEY", k)).orElse(Map.of());
        try (TemporalConnection connection = TemporalConnection.open(new TemporalEndpoints(endpoint, Map.of()),
                reference -> environment.get(reference.env()), namespace -> Optional.empty())) {
            List<String> problems = connection.problems(Duration.ofSeconds(10));
            LocalClusterExtension.log("problem reported: " + problems);
            assertThat(problems).hasSize(1);
            return problems.getFirst();
        }
    }
}
