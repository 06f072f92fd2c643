package dev.talon.platform.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.platform.tenant.InMemoryTenantStore;
import dev.talon.platform.tenant.KubernetesApi;
import dev.talon.platform.tenant.TenantConfig;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.context.WorkflowSerializationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes key source under faults a real API server cannot produce on cue: a write conflict exactly once, and
 * a server gone mid-test. Everything else runs against a real kube-apiserver in {@code KubernetesSecretKeySourceIT}.
 */
class KubernetesSecretKeySourceTest {

    private FakeSecretsApi server;
    private KubernetesSecretKeySource source;
    private HistoryKeys keys;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeSecretsApi();
        source = new KubernetesSecretKeySource(new CoreV1Api(KubernetesApi.client(Optional.of(server.url()))),
                "talon", "talon-history-keys");
        keys = new HistoryKeys(source, new InMemoryTenantStore(List.of(
                new TenantConfig("acme", List.of(), "ns", "q-acme", List.of(), null, null, null, null),
                new TenantConfig("acme.eu", List.of(), "ns", "q-eu", List.of(), null, null, null, null))),
                Duration.ZERO, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void rotationSurvivesAConflictingWriterAndKeepsOldKeys() {
        Payload before = codec("acme").encode(List.of(json("before"))).getFirst();
        server.conflictOnce();

        KeyRing ring = keys.rotate("acme");

        assertThat(server.conflicts()).isEqualTo(1);
        assertThat(ring.ids()).containsExactly("acme:1", "acme:2");
        assertThat(codec("acme").encode(List.of(json("after"))).getFirst()
                .getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8()).isEqualTo("acme:2");
        assertThat(codec("acme").decode(List.of(before))).containsExactly(json("before"));
    }

    @Test
    void anUnreachableApiServerIsAClearErrorWithoutData() {
        server.close();

        assertThatThrownBy(() -> source.read("acme")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("talon/talon-history-keys").hasMessageContaining("no answer");
    }

    private EncryptionCodec codec(String tenant) {
        return (EncryptionCodec) new EncryptionCodec(keys, "ns")
                .withContext(new WorkflowSerializationContext("ns", "talon/" + tenant + "/turn/t"));
    }

    private static Payload json(String text) {
        return DefaultDataConverter.newDefaultInstance().toPayload(Map.of("text", text)).orElseThrow();
    }
}
