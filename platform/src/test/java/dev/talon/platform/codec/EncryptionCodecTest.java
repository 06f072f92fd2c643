package dev.talon.platform.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.talon.platform.tenant.InMemoryTenantStore;
import dev.talon.platform.tenant.TenantConfig;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.payload.context.WorkflowSerializationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionCodecTest {

    private static final String SECRET_TEXT = "the launch code is 0000";

    @TempDir
    Path dir;

    private InMemoryTenantStore tenants;
    private FileKeySource files;
    private HistoryKeys keys;

    @BeforeEach
    void setUp() {
        tenants = new InMemoryTenantStore(List.of(tenant("acme", "ns-a"), tenant("globex", "shared"),
                tenant("initech", "shared")));
        files = new FileKeySource(dir.resolve("keys"));
        keys = new HistoryKeys(files, tenants, Duration.ofMinutes(10), Clock.systemUTC());
    }

    @Test
    void aPayloadRoundTripsAndItsTextIsNotInTheEncryptedBytes() throws Exception {
        EncryptionCodec codec = codecOf("acme");
        Payload plain = json(SECRET_TEXT);

        Payload sealed = codec.encode(List.of(plain)).getFirst();

        assertThat(sealed.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
        assertThat(sealed.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("acme:1");
        assertThat(new String(sealed.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("launch code")
                .doesNotContain("json/plain");
        assertThat(codec.decode(List.of(sealed))).containsExactly(plain);
        // a fresh nonce per payload: the same payload twice is two different ciphertexts
        assertThat(codec.encode(List.of(plain)).getFirst().getData()).isNotEqualTo(sealed.getData());
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys/acme.keys")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void theDataConverterWritesAndReadsObjectsThroughTheCodec() {
        CodecDataConverter converter = new CodecDataConverter(DefaultDataConverter.newDefaultInstance(),
                List.of(new EncryptionCodec(keys, "shared")));
        var inTurn = converter.withContext(new WorkflowSerializationContext("shared", "talon/initech/turn/t1"));

        Payload sealed = inTurn.toPayload(Map.of("message", SECRET_TEXT)).orElseThrow();

        assertThat(sealed.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("initech:1");
        assertThat(converter.fromPayload(sealed, Map.class, Map.class)).isEqualTo(Map.of("message", SECRET_TEXT));
    }

    @Test
    void aChangedByteIsAClearFailureNotGarbage() {
        EncryptionCodec codec = codecOf("acme");
        Payload sealed = codec.encode(List.of(json(SECRET_TEXT))).getFirst();
        byte[] data = sealed.getData().toByteArray();
        data[data.length - 20] ^= 1;
        Payload tampered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();
        Payload otherKeyId = sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("globex:1")).build();
        codecOf("globex").encode(List.of(json("make globex's key")));

        assertThatThrownBy(() -> codec.decode(List.of(tampered))).isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("failed authentication").hasMessageContaining("altered");
        assertThatThrownBy(() -> codec.decode(List.of(otherKeyId))).isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("failed authentication");
        Payload cut = sealed.toBuilder().setData(sealed.getData().substring(0, 10)).build();
        assertThatThrownBy(() -> codec.decode(List.of(cut))).hasMessageContaining("too short");
    }

    @Test
    void afterRotationNewPayloadsUseTheNewKeyAndOldOnesStillDecrypt() {
        EncryptionCodec codec = codecOf("acme");
        Payload before = codec.encode(List.of(json("before"))).getFirst();

        KeyRing ring = keys.rotate("acme");
        Payload after = codec.encode(List.of(json("after"))).getFirst();

        assertThat(ring.ids()).containsExactly("acme:1", "acme:2");
        assertThat(after.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("acme:2");
        // another process, reading the key file afresh, decrypts both
        HistoryKeys elsewhere = new HistoryKeys(new FileKeySource(dir.resolve("keys")), tenants, Duration.ZERO,
                Clock.systemUTC());
        assertThat(new EncryptionCodec(elsewhere, "ns-a").decode(List.of(before, after)))
                .containsExactly(json("before"), json("after"));
    }

    @Test
    void anUnknownKeyIdSaysWhichKeyAndWhatToDoWithoutShowingKeys() throws Exception {
        EncryptionCodec codec = codecOf("acme");
        Payload sealed = codec.encode(List.of(json(SECRET_TEXT))).getFirst();
        String keyFile = Files.readString(dir.resolve("keys/acme.keys"));
        Payload unknown = sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("acme:7")).build();

        assertThatThrownBy(() -> codec.decode(List.of(unknown))).isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("acme:7").hasMessageContaining(dir.resolve("keys/acme.keys").toString())
                .hasMessageContaining("restore that key")
                .hasMessageNotContaining(keyFile.strip().split(" ")[1]);
        Payload foreign = sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("../../etc/passwd")).build();
        assertThatThrownBy(() -> codec.decode(List.of(foreign))).hasMessageContaining("not a Talon history key id");
    }

    @Test
    void aShreddedTenantsHistoryCannotBeReadAndGetsNoNewKey() {
        EncryptionCodec codec = codecOf("acme");
        Payload sealed = codec.encode(List.of(json(SECRET_TEXT))).getFirst();

        assertThat(keys.shred("acme")).isTrue();
        tenants.delete("acme");

        assertThat(dir.resolve("keys/acme.keys")).doesNotExist();
        assertThatThrownBy(() -> codec.decode(List.of(sealed))).isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("acme:1").hasMessageContaining("unreadable by design");
        assertThatThrownBy(() -> codec.encode(List.of(json("late")))).hasMessageContaining("no such tenant");
        assertThat(dir.resolve("keys/acme.keys")).doesNotExist();
    }

    @Test
    void withoutAWorkflowIdOnlyANamespaceOfOneTenantTellsTheKey() {
        assertThat(new EncryptionCodec(keys, "ns-a").encode(List.of(json("x"))).getFirst()
                .getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("acme:1");
        assertThatThrownBy(() -> new EncryptionCodec(keys, "shared").encode(List.of(json("x"))))
                .isInstanceOf(PayloadCodecException.class).hasMessageContaining("namespace shared");
    }

    @Test
    void plainPayloadsFromBeforeEncryptionPassThrough() {
        assertThat(codecOf("acme").decode(List.of(json("old")))).containsExactly(json("old"));
    }

    @Test
    void keysFromTheEnvironmentDecryptAndCannotBeRotatedOrShreddedByTalon() {
        String material = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        EnvKeySource env = new EnvKeySource(Map.of("TALON_HISTORY_KEYS_ACME", "1:" + material + ", 2:" + material));
        HistoryKeys fromEnv = new HistoryKeys(env, tenants, Duration.ZERO, Clock.systemUTC());

        Payload sealed = new EncryptionCodec(fromEnv, "ns-a").encode(List.of(json("x"))).getFirst();

        assertThat(sealed.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("acme:2");
        assertThat(new EncryptionCodec(fromEnv, "ns-a").decode(List.of(sealed))).containsExactly(json("x"));
        assertThat(fromEnv.shred("acme")).isFalse();
        assertThatThrownBy(() -> fromEnv.rotate("acme")).hasMessageContaining("TALON_HISTORY_KEYS_ACME")
                .hasMessageNotContaining(material);
        assertThatThrownBy(() -> new EncryptionCodec(fromEnv, "shared").withContext(
                new WorkflowSerializationContext("shared", "talon/globex/turn/t")).encode(List.of(json("x"))))
                .hasMessageContaining("set TALON_HISTORY_KEYS_GLOBEX=");
        EnvKeySource broken = new EnvKeySource(Map.of("TALON_HISTORY_KEYS_ACME", "1:" + material.substring(4)));
        assertThatThrownBy(() -> broken.read("acme")).hasMessageNotContaining(material.substring(4));
    }

    private EncryptionCodec codecOf(String tenant) {
        return (EncryptionCodec) new EncryptionCodec(keys, "any")
                .withContext(new WorkflowSerializationContext("any", "talon/" + tenant + "/turn/t1"));
    }

    private static Payload json(String text) {
        return DefaultDataConverter.newDefaultInstance().toPayload(Map.of("text", text)).orElseThrow();
    }

    private static TenantConfig tenant(String id, String namespace) {
        return new TenantConfig(id, List.of(), namespace, "talon-" + id, List.of(), null, null, null, null);
    }
}
