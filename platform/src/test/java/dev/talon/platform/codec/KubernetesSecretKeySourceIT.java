package dev.talon.platform.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.kubetest.KubeControlPlaneExtension;
import dev.talon.platform.tenant.InMemoryTenantStore;
import dev.talon.platform.tenant.KubernetesApi;
import dev.talon.platform.tenant.TenantConfig;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.context.WorkflowSerializationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * History keys in a real Kubernetes Secret (kube-apiserver on 127.0.0.1): the first key is made in the Secret,
 * two platform replicas rotating at once both land (resourceVersion conflicts resolved, no key lost), shredding
 * removes only that tenant's entries. The conflict-on-cue and unreachable cases stay on the fake
 * ({@code KubernetesSecretKeySourceTest}): a real server cannot be told to conflict once or to vanish mid-test.
 */
class KubernetesSecretKeySourceIT {

    @RegisterExtension
    static final KubeControlPlaneExtension KUBE = KubeControlPlaneExtension.apiOnly();
    private static final ObjectMapper JSON = new ObjectMapper();

    private String secret;

    @BeforeAll
    static void namespace() {
        KUBE.plane().kubectl("create", "namespace", "talon");
    }

    @BeforeEach
    void freshSecret() {
        secret = "talon-history-keys-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aFirstKeyIsMadeInTheSecretAndEncryptsAndDecrypts() throws Exception {
        HistoryKeys keys = replica();
        Payload sealed = codec(keys, "acme").encode(List.of(json("hello"))).getFirst();

        assertThat(sealed.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8()).isEqualTo("acme:1");
        JsonNode data = stored().path("data");
        assertThat(Base64.getDecoder().decode(data.path("acme.1").asText())).hasSize(32);
        assertThat(codec(replica(), "acme").decode(List.of(sealed))).as("another replica reads the same key")
                .containsExactly(json("hello"));
    }

    @Test
    void twoReplicasRotatingAtOnceKeepEveryKey() throws Exception {
        HistoryKeys first = replica();
        HistoryKeys second = replica();
        Payload before = codec(first, "acme").encode(List.of(json("before"))).getFirst();

        Thread other = Thread.ofVirtual().start(() -> second.rotate("acme"));
        first.rotate("acme");
        other.join(Duration.ofSeconds(60));

        assertThat(stored().path("data").fieldNames()).toIterable().contains("acme.1", "acme.2", "acme.3");
        assertThat(codec(replica(), "acme").decode(List.of(before))).containsExactly(json("before"));
    }

    @Test
    void shreddingRemovesOnlyThatTenantsEntries() throws Exception {
        HistoryKeys keys = replica();
        Payload acme = codec(keys, "acme").encode(List.of(json("a"))).getFirst();
        Payload eu = codec(keys, "acme.eu").encode(List.of(json("b"))).getFirst();

        assertThat(keys.shred("acme")).isTrue();

        assertThat(stored().path("data").fieldNames()).toIterable().containsExactly("acme.eu.1");
        assertThatThrownBy(() -> codec(replica(), "acme").decode(List.of(acme))).hasMessageContaining("acme:1");
        assertThat(codec(replica(), "acme.eu").decode(List.of(eu))).containsExactly(json("b"));
    }

    /** One platform replica's view of the keys: its own client, no cache. */
    private HistoryKeys replica() {
        KubernetesSecretKeySource source = new KubernetesSecretKeySource(
                new CoreV1Api(KubernetesApi.client(Optional.of(KUBE.plane().proxyUrl()))), "talon", secret);
        return new HistoryKeys(source, new InMemoryTenantStore(List.of(
                new TenantConfig("acme", List.of(), "ns", "q-acme", List.of(), null, null, null, null),
                new TenantConfig("acme.eu", List.of(), "ns", "q-eu", List.of(), null, null, null, null))),
                Duration.ZERO, Clock.systemUTC());
    }

    private JsonNode stored() throws Exception {
        return JSON.readTree(KUBE.plane().kubectl("get", "secret", "-n", "talon", secret, "-o", "json"));
    }

    private static EncryptionCodec codec(HistoryKeys keys, String tenant) {
        return (EncryptionCodec) new EncryptionCodec(keys, "ns")
                .withContext(new WorkflowSerializationContext("ns", "talon/" + tenant + "/turn/t"));
    }

    private static Payload json(String text) {
        return DefaultDataConverter.newDefaultInstance().toPayload(Map.of("text", text)).orElseThrow();
    }
}
